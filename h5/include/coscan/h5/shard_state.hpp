#pragma once
// Shards of a sweep (`coscan run --shard I/K`) and their merge (`coscan merge`): a shard's
// results file carries a /state group with what a merge needs (docs/results-format.md).
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/h5/run_report.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::h5 {

/// Shard `index` of `count`: tiles_of_rank(num_tiles, index, count).
struct ShardId {
  int index = 0;
  int count = 1;
};

/// Parses "I/K" (0 <= I < K); throws coscan::InputError otherwise.
ShardId parse_shard(std::string_view text);

/// Writes a shard's results file: write_results' content plus /state, whole or not at all.
/// `ranking` is the shard's engine::RankingReducer::save() (empty: the study has no [ranking]).
void write_shard_results(const RunReport &report, const ShardId &shard,
                         const std::filesystem::path &file, std::span<const std::byte> ranking);

/// What a shard's results file holds for a merge.
struct ShardState {
  ShardId shard;
  std::uint64_t study_hash = 0;
  std::string study_text;           ///< root attribute `study`
  std::filesystem::path study_file; ///< root attribute `study_file`
  std::vector<std::byte> front;     ///< ParetoFront::save()
  std::vector<std::byte> ranking;   ///< RankingReducer::save() of its accelerators, or empty
  std::uint64_t pairs_evaluated = 0;
  std::uint64_t pairs_computed = 0;
  std::uint64_t tiles = 0;
  std::uint64_t pareto_candidate_archs = 0;
  std::uint64_t pareto_candidate_accels = 0;
  std::int64_t threads = 1;
  double wall_s = 0;
  engine::SweepTimings timings;
};

/// Reads a shard's /state; throws coscan::InputError ("FILE: reason") when the file is
/// missing, not HDF5, or not a coscan shard.
ShardState read_shard_state(const std::filesystem::path &file);

} // namespace coscan::h5
