#pragma once
// `[output] dataset = true`: the full metric tables of a sweep (/dataset/latency_s and
// /dataset/energy_j, architectures x accelerators in swept order), written into the results
// file by every rank while it sweeps (parallel HDF5, independent writes of each rank's tiles),
// then completed by rank 0 with the usual results and the per-architecture and
// per-accelerator tables. docs/results-format.md describes the layout. A shard (`run --shard
// I/K`) writes the part of the tables its tiles cover into its own file; `coscan merge` copies
// the shards' parts into one file that equals a single run's.
#include <coscan/engine/evaluation/pair_tile.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/shard_state.hpp>
#include <coscan/study/study.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace coscan::h5 {

/// Bytes of the metric tables: two doubles per swept pair (and two indices per independent
/// pair).
std::uint64_t dataset_table_bytes(const engine::Problem &problem);

/// With `[output] dataset = true`, throws coscan::InputError when the tables would exceed
/// `[output] dataset_max_gib`; does nothing otherwise. Call it before the sweep, on every rank.
void check_dataset_size(const study::Study &study, const engine::Problem &problem);

/// Where a checkpointed run keeps its tables so that they outlive an interruption (SIGTERM,
/// SIGKILL): a file of its own (`<checkpoint>.dataset.h5`) instead of an anonymous temporary.
struct ResumableDataset {
  std::filesystem::path file;
  /// --resume: open `file` and keep the tiles already in it (the checkpoints say which);
  /// otherwise create it afresh.
  bool reopen = false;
};

/// The companion file of the checkpoint given on the command line.
std::filesystem::path resumable_dataset_path(const std::filesystem::path &checkpoint);

class DatasetFile {
public:
  /// Collective over the session's ranks (a plain process when MPI is not active): creates the
  /// results file under a temporary name beside `final_path` (chosen by rank 0), or the
  /// resumable file, with the two metric tables, chunked by the study's tiles
  /// ([engine] arch_block x accel_block). Every piece of metadata is written and flushed here,
  /// so the tiles' writes change raw data only and an interrupted file stays readable. (On one
  /// process, not resumable, with `[output] compression` and tiles that cover whole compressed
  /// chunks, the tables are created compressed and each tile's chunks are compressed and written
  /// as it comes: no resume needs that file.)
  /// Reopening throws coscan::InputError when the file is missing, of another study or has
  /// other tables. With `shard`, the tables span only the shard's part of the whole ones: the
  /// accelerator blocks its tiles touch (every architecture), or its run of the pair list.
  DatasetFile(const std::filesystem::path &final_path, const study::Study &study,
              const engine::Problem &problem, const engine::MpiSession &mpi,
              const ResumableDataset *resumable = nullptr, const ShardId *shard = nullptr);
  /// Removes the temporary file on rank 0 unless finish() ran; a resumable file is kept.
  ~DatasetFile();
  DatasetFile(const DatasetFile &) = delete;
  DatasetFile &operator=(const DatasetFile &) = delete;

  /// Writes one tile's metrics where the tile sits in the swept order. Thread-safe: HDF5 and MPI
  /// calls are serialised by MpiSession::call_mutex() (HDF5 is not thread-safe); compressing a
  /// tile's chunks runs before, on the calling thread.
  void write_tile(std::uint64_t arch_position, std::uint64_t accel_position,
                  const engine::TileMetrics &tile);

  /// The same for a tile of an independent-pair sample (1-D tables, one entry per pair).
  void write_pairs(std::uint64_t first_pair, const engine::PairTile &tile);

  /// A random number fixed when a resumable file is created (0 otherwise): the checkpoints
  /// record it, so that only checkpoints of the run that wrote these tables resume them.
  std::uint64_t resume_id() const;

  /// Before a checkpoint: every tile written so far is in the file. Not collective (ranks
  /// checkpoint at their own moments): a serial file is flushed; a parallel one has nothing to
  /// flush (parallel HDF5 writes raw data straight through MPI-IO, with no chunk cache).
  void flush();

  /// `coscan merge`: copies the tiles of the shard file `file` (shard `shard` of this study,
  /// finished by finish_shard) into these whole tables. Throws coscan::InputError naming `file`
  /// when it has no tables of this study and shard. Not with MPI ranks or a shard.
  void copy_shard(const std::filesystem::path &file, const ShardId &shard);

  /// Collective: closes the tables on every rank.
  void close();

  /// Rank 0, after close(): adds the usual results (docs/results-format.md), /archs and
  /// /accels in dataset order, and renames the file into place.
  void finish(const RunReport &report);

  /// A shard's finish, after close(): adds write_shard_results' content (the shard's results
  /// and its /state for `coscan merge`) and renames the file into place.
  void finish_shard(const RunReport &report, const ShardId &shard,
                    std::span<const std::byte> ranking);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace coscan::h5
