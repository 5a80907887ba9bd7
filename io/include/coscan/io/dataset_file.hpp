#pragma once
// `[output] dataset = true`: the full metric tables of a sweep (/dataset/latency_s and
// /dataset/energy_j, architectures x accelerators in swept order), written into the results
// file by every rank while it sweeps (parallel HDF5, independent writes of each rank's tiles),
// then completed by rank 0 with the usual results and the per-architecture and
// per-accelerator tables. docs/results-format.md describes the layout.
#include <coscan/engine/mpi_session.hpp>
#include <coscan/engine/pair_tile.hpp>
#include <coscan/engine/problem.hpp>
#include <coscan/engine/tile_metrics.hpp>
#include <coscan/io/run_report.hpp>
#include <coscan/io/study.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>

namespace coscan::io {

/// Bytes of the metric tables: two doubles per swept pair (and two indices per independent
/// pair).
std::uint64_t dataset_table_bytes(const engine::Problem &problem);

/// With `[output] dataset = true`, throws coscan::InputError when the tables would exceed
/// `[output] dataset_max_gib`; does nothing otherwise. Call it before the sweep, on every rank.
void check_dataset_size(const Study &study, const engine::Problem &problem);

class DatasetFile {
public:
  /// Collective over the session's ranks (a plain process when MPI is not active): creates the
  /// results file under a temporary name beside `final_path` (chosen by rank 0) with the two
  /// metric tables, chunked by tiles of `chunk_archs` x `chunk_accels`.
  DatasetFile(const std::filesystem::path &final_path, const engine::Problem &problem,
              std::uint64_t chunk_archs, std::uint64_t chunk_accels, const engine::MpiSession &mpi);
  ~DatasetFile(); ///< removes the temporary file on rank 0 unless finish() ran
  DatasetFile(const DatasetFile &) = delete;
  DatasetFile &operator=(const DatasetFile &) = delete;

  /// Writes one tile's metrics where the tile sits in the swept order. Thread-safe: calls are
  /// serialised by MpiSession::call_mutex() (HDF5 is not thread-safe; MPI is serialised).
  void write_tile(std::uint64_t arch_position, std::uint64_t accel_position,
                  const engine::TileMetrics &tile);

  /// The same for a tile of an independent-pair sample (1-D tables, one entry per pair).
  void write_pairs(std::uint64_t first_pair, const engine::PairTile &tile);

  /// Collective: closes the tables on every rank.
  void close();

  /// Rank 0, after close(): adds the usual results (docs/results-format.md), /archs and
  /// /accels in dataset order, and renames the file into place.
  void finish(const RunReport &report);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace coscan::io
