#pragma once
// The metrics of one tile (an architecture block x an accelerator block), structure-of-arrays,
// pair (a, j) at a * accel_count + j; a and j are positions in the tile, arch_index[a] and
// accel_index[j] the indices in the spaces.
#include <coscan/engine/objective.hpp>

#include <cstddef>
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

  /// The value of `metric` for pair (a, j) of the tile.
  double value(Metric metric, std::size_t a, std::size_t j) const {
    const std::size_t p = a * accel_count + j;
    switch (metric) {
    case Metric::accuracy:
      return accuracy[a];
    case Metric::latency:
      return latency_s[p];
    case Metric::energy:
      return energy_j[p];
    case Metric::edp:
      return energy_j[p] * latency_s[p];
    case Metric::area:
      return area_mm2[j];
    }
    return 0;
  }
};

} // namespace coscan::engine
