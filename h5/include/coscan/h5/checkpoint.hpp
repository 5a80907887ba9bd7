#pragma once
// Checkpoints of a running sweep: the reducer state and how far the rank got, written
// atomically, refused when they belong to another study, another rank layout, another coscan
// version, or are corrupt. One file per rank: FILE with one rank, FILE.rank<R>of<N> with more.
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/study.hpp>

#include <cstdint>
#include <filesystem>

namespace coscan::h5 {

/// What a checkpoint must match to be resumed.
struct CheckpointIdentity {
  std::uint64_t study_hash = 0; ///< of the study text (study_hash)
  int rank = 0;
  int num_ranks = 1;
  /// The resume_id of the run's resumable dataset tables (DatasetFile), 0 without them: the
  /// tables hold the tiles of exactly the checkpoints that carry their id.
  std::uint64_t dataset_id = 0;
};

std::uint64_t study_hash(const study::Study &study);

/// This rank's checkpoint file for the path given on the command line.
std::filesystem::path checkpoint_path(const std::filesystem::path &base, int rank, int num_ranks);

void write_checkpoint(const std::filesystem::path &file, const CheckpointIdentity &identity,
                      const engine::SweepState &state);

/// Throws coscan::InputError ("FILE: reason") when the file is missing, corrupt, or belongs to
/// another study, rank layout or coscan version.
engine::SweepState read_checkpoint(const std::filesystem::path &file,
                                   const CheckpointIdentity &expected);

/// A checkpoint's identity and progress, read without the identity check (for status reports).
struct CheckpointHeader {
  std::uint64_t study_hash = 0;
  int rank = 0;
  int num_ranks = 1;
  std::uint64_t dataset_id = 0;
  std::uint64_t next_tile = 0;
  std::uint64_t pairs_evaluated = 0;
  double wall_s = 0;
};

/// Throws coscan::InputError ("FILE: reason") when the file is missing, corrupt, or of another
/// coscan version.
CheckpointHeader read_checkpoint_header(const std::filesystem::path &file);

} // namespace coscan::h5
