#pragma once
// The metrics of one tile (an architecture block x an accelerator block), structure-of-arrays,
// pair (a, j) at a * accel_count + j; a and j are positions in the tile, arch_index[a] and
// accel_index[j] the indices in the spaces.
#include <coscan/engine/evaluation/objective.hpp>

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

  /// Calls f with the accessor (a, j) -> value of `metric` for pair (a, j) of the tile, chosen
  /// once, so a loop over pairs inlines the metric's own read. The definition of every metric.
  template <class F> decltype(auto) with_metric(Metric metric, F &&f) const {
    const std::size_t stride = accel_count;
    switch (metric) {
    case Metric::accuracy:
      return f([this](std::size_t a, std::size_t) { return accuracy[a]; });
    case Metric::latency:
      return f([this, stride](std::size_t a, std::size_t j) { return latency_s[a * stride + j]; });
    case Metric::energy:
      return f([this, stride](std::size_t a, std::size_t j) { return energy_j[a * stride + j]; });
    case Metric::edp:
      return f([this, stride](std::size_t a, std::size_t j) {
        return energy_j[a * stride + j] * latency_s[a * stride + j];
      });
    case Metric::area:
      break;
    }
    return f([this](std::size_t, std::size_t j) { return area_mm2[j]; });
  }

  /// The value of `metric` for pair (a, j) of the tile.
  double value(Metric metric, std::size_t a, std::size_t j) const {
    return with_metric(metric, [a, j](const auto &value) { return value(a, j); });
  }
};

} // namespace coscan::engine
