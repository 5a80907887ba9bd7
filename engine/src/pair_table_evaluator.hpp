#pragma once
// A pair-table study's tile: every pair's latency and energy read from the table (whole-network
// values per architecture and device) instead of H . T.
#include <coscan/costmodel/pair_table.hpp>
#include <coscan/engine/cost_table.hpp>
#include <coscan/engine/factorised_evaluator.hpp>
#include <coscan/engine/tile_metrics.hpp>

namespace coscan::engine {

/// Fills out.latency_s and out.energy_j (already sized archs.count x table.num_accels()).
inline void fill_from_pair_table(const ArchBlock &archs, const CostTable &table, TileMetrics &out) {
  const costmodel::PairTable &pairs = *table.pair_table();
  const std::size_t nj = table.num_accels();
  const auto devices = table.accel_indices();
  for (std::uint64_t a = 0; a < archs.count; ++a)
    for (std::size_t j = 0; j < nj; ++j) {
      out.latency_s[a * nj + j] = pairs.latency_s(archs.index[a], devices[j]);
      out.energy_j[a * nj + j] = pairs.energy_j(archs.index[a], devices[j]);
    }
}

} // namespace coscan::engine
