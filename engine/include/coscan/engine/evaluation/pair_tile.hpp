#pragma once
// The metrics of one tile of an independent-pair sample (`[enumeration] pairs`): a run of the
// sorted pair list, one entry per pair, structure-of-arrays.
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace coscan::engine {

struct PairTile {
  std::vector<PairId> ids;
  std::vector<double> latency_s, energy_j, accuracy, area_mm2;
  std::vector<std::uint8_t> pareto_candidate; ///< the pair's architecture (ParetoCandidates)

  std::size_t num_pairs() const { return ids.size(); }

  double value(Metric metric, std::size_t p) const {
    switch (metric) {
    case Metric::accuracy:
      return accuracy[p];
    case Metric::latency:
      return latency_s[p];
    case Metric::energy:
      return energy_j[p];
    case Metric::edp:
      return energy_j[p] * latency_s[p];
    case Metric::area:
      return area_mm2[p];
    }
    return 0;
  }
};

} // namespace coscan::engine
