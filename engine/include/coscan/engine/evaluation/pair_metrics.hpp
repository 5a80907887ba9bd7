#pragma once
// The metrics of one (architecture, accelerator) pair.

namespace coscan::engine {

struct PairMetrics {
  double accuracy = 0;  ///< %
  double latency_s = 0; ///< s
  double energy_j = 0;  ///< J
  double area_mm2 = 0;  ///< mm^2
  double edp() const { return energy_j * latency_s; }
};

} // namespace coscan::engine
