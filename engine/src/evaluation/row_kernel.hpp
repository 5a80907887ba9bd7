#pragma once
// The evaluation kernel, in one place: one architecture's latency and energy on a run of a cost
// table's accelerator columns. Every sweep path calls it (the cross-product tile, independent
// pairs, ranking, verify, datasets, `coscan cost`), so every path computes the same bits for the
// same (arch, accel): H[a, :] . T summed in vocabulary order, plus the cost model's per-network
// term, divided by the clock (row_kernel_body.hpp, on the instruction set kernel_target() names);
// or, for a pair-table study, the table's whole-network values.
#include "evaluation/kernels.hpp"

#include <coscan/costmodel/pair_table.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>

#include <algorithm>
#include <cstddef>

namespace coscan::engine::detail {

/// Row `a` of `archs` on columns [first, first + n) of `table`: seconds[k] and energy[k] for
/// column first + k. The sums' order does not depend on `first` or `n`, so a column gives the
/// same bits whether it is evaluated alone or in a block.
inline void evaluate_row(const ArchBlock &archs, std::size_t a, const CostTable &table,
                         std::size_t first, std::size_t n, double *seconds, double *energy) {
  if (const costmodel::PairTable *pairs = table.pair_table()) {
    const auto devices = table.accel_indices().subspan(first, n);
    for (std::size_t k = 0; k < n; ++k) {
      seconds[k] = pairs->latency_s(archs.index[a], devices[k]);
      energy[k] = pairs->energy_j(archs.index[a], devices[k]);
    }
    return;
  }
  const bool network = table.has_network_term();
  const bool shapes = table.num_shapes() > 0 && table.num_accels() > 0;
  const RowTerms row{archs.shape.data() + archs.row_start[a],
                     archs.count_value.data() + archs.row_start[a],
                     archs.row_start[a + 1] - archs.row_start[a],
                     shapes ? table.cycles(0) : nullptr,
                     shapes ? table.energy_j(0) : nullptr,
                     table.num_accels(),
                     archs.params[a],
                     network ? table.free_params().data() : nullptr,
                     network ? table.cycles_per_param().data() : nullptr,
                     network ? table.joules_per_param().data() : nullptr,
                     table.clock_hz().data()};
  row_kernel()(row, first, n, seconds, energy);
}

} // namespace coscan::engine::detail
