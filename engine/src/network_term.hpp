#pragma once
// The cost model's per-network (non-additive) term, added to one architecture's layer sums over
// a cost table's accelerators. The same arithmetic as costmodel::NetworkTerm::at(), which the
// direct evaluator calls, so both paths add the same bits.
#include <coscan/engine/cost_table.hpp>

#include <algorithm>
#include <cstddef>

namespace coscan::engine {

inline void add_network_term(double params, const CostTable &table, double *cycles,
                             double *energy) {
  const double *free = table.free_params().data();
  const double *cycles_per = table.cycles_per_param().data();
  const double *joules_per = table.joules_per_param().data();
  const std::size_t n = table.num_accels();
#pragma omp simd
  for (std::size_t j = 0; j < n; ++j) {
    const double excess = std::max(0.0, params - free[j]);
    cycles[j] += excess * cycles_per[j];
    energy[j] += excess * joules_per[j];
  }
}

} // namespace coscan::engine
