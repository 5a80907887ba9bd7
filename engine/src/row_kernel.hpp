#pragma once
// The evaluation kernel, in one place: one architecture's latency and energy on a run of a cost
// table's accelerator columns. Every sweep path calls it (the cross-product tile, independent
// pairs, ranking, verify, datasets, `coscan cost`), so every path computes the same bits for the
// same (arch, accel): H[a, :] . T summed in vocabulary order, plus the cost model's per-network
// term, divided by the clock; or, for a pair-table study, the table's whole-network values.
#include <coscan/costmodel/pair_table.hpp>
#include <coscan/engine/cost_table.hpp>
#include <coscan/engine/factorised_evaluator.hpp>

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
  double *cycles = seconds; // accumulates cycles, then becomes seconds
  std::fill(cycles, cycles + n, 0.0);
  std::fill(energy, energy + n, 0.0);
  // The sparse dot product H[a, :] . T, vectorised over the accelerators.
  for (std::uint32_t e = archs.row_start[a]; e < archs.row_start[a + 1]; ++e) {
    const double count = archs.count_value[e];
    const double *t_cycles = table.cycles(archs.shape[e]) + first;
    const double *t_energy = table.energy_j(archs.shape[e]) + first;
#pragma omp simd
    for (std::size_t k = 0; k < n; ++k) {
      cycles[k] += count * t_cycles[k];
      energy[k] += count * t_energy[k];
    }
  }
  // The per-network (non-additive) term: weights beyond what the accelerator holds are
  // reloaded. The same arithmetic as costmodel::NetworkTerm::at(), which the direct path calls.
  if (table.has_network_term()) {
    const double params = archs.params[a];
    const double *free = table.free_params().data() + first;
    const double *cycles_per = table.cycles_per_param().data() + first;
    const double *joules_per = table.joules_per_param().data() + first;
#pragma omp simd
    for (std::size_t k = 0; k < n; ++k) {
      const double excess = std::max(0.0, params - free[k]);
      cycles[k] += excess * cycles_per[k];
      energy[k] += excess * joules_per[k];
    }
  }
  const double *clock_hz = table.clock_hz().data() + first;
#pragma omp simd
  for (std::size_t k = 0; k < n; ++k)
    cycles[k] = cycles[k] / clock_hz[k];
}

} // namespace coscan::engine::detail
