#include "dataflow_equations.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <cstddef>

namespace coscan::costmodel {

namespace {

detail::AccelScalars scalars_of(const AccelParams &accel) {
  // The same conversions as AccelBlock::push_back, so both paths see the same doubles.
  return {static_cast<double>(accel.array_rows),
          static_cast<double>(accel.array_cols),
          accel.l1_bytes,
          accel.l2_kib,
          accel.noc_bw,
          accel.offchip_bw,
          static_cast<double>(accel.data_bits)};
}

/// One run [begin, end) of the block through one kernel, vectorised over accelerators.
template <detail::Kernel K>
void run_kernel(const detail::LayerTerms &terms, const EnergyTable &energy,
                const AccelBlock &accels, std::size_t begin, std::size_t end, double *cycles,
                double *energy_j) {
  const double *rows = accels.rows.data();
  const double *cols = accels.cols.data();
  const double *l1 = accels.l1_bytes.data();
  const double *l2 = accels.l2_kib.data();
  const double *noc = accels.noc_bw.data();
  const double *offchip = accels.offchip_bw.data();
  const double *bits = accels.data_bits.data();
#pragma omp simd
  for (std::size_t i = begin; i < end; ++i) {
    const detail::AccelScalars a{rows[i], cols[i], l1[i], l2[i], noc[i], offchip[i], bits[i]};
    const LayerCost cost = detail::kernel_cost<K>(terms, a, energy);
    cycles[i] = cost.cycles;
    energy_j[i] = cost.energy_j;
  }
}

} // namespace

AnalyticalModel::AnalyticalModel(AnalyticalParams params) : params_(params) {}

bool AnalyticalModel::additive_nonnegative() const {
  const EnergyTable &e = params_.energy;
  // Written as !(x < 0) chains would accept NaN; require x >= 0 explicitly.
  for (double pj : {e.mac_pj, e.alu_op_pj, e.l1_pj_per_byte, e.noc_pj_per_byte, e.l2_pj_per_byte,
                    e.dram_pj_per_byte})
    if (!(pj >= 0))
      return false;
  return true;
}

LayerCost AnalyticalModel::layer_cost(const LayerShape &layer, const AccelParams &accel) const {
  const detail::LayerTerms terms = detail::make_layer_terms(layer);
  const detail::AccelScalars a = scalars_of(accel);
  switch (detail::kernel_for(terms, accel.dataflow)) {
  case detail::Kernel::weight_stationary:
    return detail::kernel_cost<detail::Kernel::weight_stationary>(terms, a, params_.energy);
  case detail::Kernel::output_stationary:
    return detail::kernel_cost<detail::Kernel::output_stationary>(terms, a, params_.energy);
  case detail::Kernel::row_stationary:
    return detail::kernel_cost<detail::Kernel::row_stationary>(terms, a, params_.energy);
  case detail::Kernel::elementwise:
    return detail::kernel_cost<detail::Kernel::elementwise>(terms, a, params_.energy);
  }
  return {};
}

LayerBreakdown AnalyticalModel::layer_breakdown(const LayerShape &layer,
                                                const AccelParams &accel) const {
  const detail::LayerTerms terms = detail::make_layer_terms(layer);
  const detail::AccelScalars a = scalars_of(accel);
  switch (detail::kernel_for(terms, accel.dataflow)) {
  case detail::Kernel::weight_stationary:
    return detail::kernel_breakdown<detail::Kernel::weight_stationary>(terms, a, params_.energy);
  case detail::Kernel::output_stationary:
    return detail::kernel_breakdown<detail::Kernel::output_stationary>(terms, a, params_.energy);
  case detail::Kernel::row_stationary:
    return detail::kernel_breakdown<detail::Kernel::row_stationary>(terms, a, params_.energy);
  case detail::Kernel::elementwise:
    return detail::kernel_breakdown<detail::Kernel::elementwise>(terms, a, params_.energy);
  }
  return {};
}

void AnalyticalModel::layer_cost_batch(const LayerShape &layer, const AccelBlock &accels,
                                       std::span<double> cycles, std::span<double> energy_j) const {
  const detail::LayerTerms terms = detail::make_layer_terms(layer);
  const std::size_t size = accels.size();
  std::size_t begin = 0;
  while (begin < size) {
    // Element-wise layers ignore the dataflow: the whole block is one run.
    std::size_t end = begin + 1;
    if (terms.elementwise)
      end = size;
    else
      while (end < size && accels.dataflow[end] == accels.dataflow[begin])
        ++end;
    double *c = cycles.data();
    double *e = energy_j.data();
    switch (detail::kernel_for(terms, accels.dataflow[begin])) {
    case detail::Kernel::weight_stationary:
      run_kernel<detail::Kernel::weight_stationary>(terms, params_.energy, accels, begin, end, c,
                                                    e);
      break;
    case detail::Kernel::output_stationary:
      run_kernel<detail::Kernel::output_stationary>(terms, params_.energy, accels, begin, end, c,
                                                    e);
      break;
    case detail::Kernel::row_stationary:
      run_kernel<detail::Kernel::row_stationary>(terms, params_.energy, accels, begin, end, c, e);
      break;
    case detail::Kernel::elementwise:
      run_kernel<detail::Kernel::elementwise>(terms, params_.energy, accels, begin, end, c, e);
      break;
    }
    begin = end;
  }
}

double AnalyticalModel::area_mm2(const AccelParams &accel) const {
  const AreaTable &t = params_.area;
  const double pes = static_cast<double>(accel.array_rows * accel.array_cols);
  const double bytes = static_cast<double>(accel.data_bits) / 8.0;
  const double per_pe =
      t.pe_mm2 * (bytes * bytes) + accel.l1_bytes / 1024.0 * t.l1_mm2_per_kib + t.noc_mm2_per_pe;
  return pes * per_pe + accel.l2_kib * t.sram_mm2_per_kib + accel.noc_bw * t.noc_mm2_per_byte_bw +
         accel.offchip_bw * t.offchip_mm2_per_byte_bw + t.fixed_mm2;
}

} // namespace coscan::costmodel
