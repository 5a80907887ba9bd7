#pragma once
// The metrics of one tile (an architecture block x an accelerator block), structure-of-arrays,
// pair (a, j) at a * accel_count + j; a and j are positions in the tile, arch_index[a] and
// accel_index[j] the indices in the spaces.
#include <cstdint>
#include <vector>

namespace coscan::engine {

struct TileMetrics {
  std::uint64_t arch_count = 0, accel_count = 0;
  std::vector<std::uint64_t> arch_index;      ///< per architecture
  std::vector<std::uint64_t> accel_index;     ///< per accelerator
  std::vector<double> latency_s;              ///< arch_count x accel_count
  std::vector<double> energy_j;               ///< arch_count x accel_count
  std::vector<double> accuracy;               ///< per architecture, %
  std::vector<std::uint8_t> pareto_candidate; ///< per architecture (ParetoCandidates)
  std::vector<double> area_mm2;               ///< per accelerator

  std::uint64_t num_pairs() const { return arch_count * accel_count; }
};

} // namespace coscan::engine
