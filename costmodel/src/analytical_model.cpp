#include "dataflow_equations.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <cmath>
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

detail::CrossbarScalars crossbar_scalars_of(const AccelParams &accel) {
  return {static_cast<double>(accel.xbar_rows), static_cast<double>(accel.xbar_cols),
          static_cast<double>(accel.xbars), static_cast<double>(accel.cell_bits),
          static_cast<double>(accel.weight_bits), static_cast<double>(accel.adc_bits),
          static_cast<double>(accel.adcs_per_xbar),
          // As AccelBlock::push_back computes them (exact powers of two either way).
          std::ldexp(1.0, static_cast<int>(accel.adc_bits)),
          std::ldexp(1.0, static_cast<int>(accel.cell_bits))};
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
  const double *xr = accels.xbar_rows.data();
  const double *xc = accels.xbar_cols.data();
  const double *xn = accels.xbars.data();
  const double *cell = accels.cell_bits.data();
  const double *wbits = accels.weight_bits.data();
  const double *adc = accels.adc_bits.data();
  const double *adcs = accels.adcs_per_xbar.data();
  const double *adc_levels = accels.adc_levels.data();
  const double *cell_levels = accels.cell_levels.data();
#pragma omp simd
  for (std::size_t i = begin; i < end; ++i) {
    const detail::AccelScalars a{rows[i], cols[i], l1[i], l2[i], noc[i], offchip[i], bits[i]};
    const detail::CrossbarScalars x{xr[i],  xc[i],   xn[i],         cell[i],       wbits[i],
                                    adc[i], adcs[i], adc_levels[i], cell_levels[i]};
    const LayerCost cost = detail::kernel_cost<K>(terms, a, x, energy);
    cycles[i] = cost.cycles;
    energy_j[i] = cost.energy_j;
  }
}

/// Calls `f.template operator()<K>()` with the kernel K chosen at run time.
template <class F> auto dispatch(detail::Kernel kernel, F &&f) {
  switch (kernel) {
  case detail::Kernel::weight_stationary:
    return f.template operator()<detail::Kernel::weight_stationary>();
  case detail::Kernel::output_stationary:
    return f.template operator()<detail::Kernel::output_stationary>();
  case detail::Kernel::row_stationary:
    return f.template operator()<detail::Kernel::row_stationary>();
  case detail::Kernel::imc_crossbar:
    return f.template operator()<detail::Kernel::imc_crossbar>();
  case detail::Kernel::elementwise:
    break;
  }
  return f.template operator()<detail::Kernel::elementwise>();
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

LayerShape AnalyticalModel::costed(const LayerShape &layer) const {
  LayerShape shape = layer;
  if (params_.pooling == PoolingCost::dense_conv && shape.type == LayerType::pool)
    shape.type = LayerType::conv; // K == C and groups == 1 already (layer_shape.cpp checks)
  return shape;
}

LayerCost AnalyticalModel::layer_cost(const LayerShape &layer, const AccelParams &accel) const {
  const detail::LayerTerms terms = detail::make_layer_terms(costed(layer));
  const detail::AccelScalars a = scalars_of(accel);
  const detail::CrossbarScalars x = crossbar_scalars_of(accel);
  return dispatch(detail::kernel_for(terms, accel.dataflow), [&]<detail::Kernel K>() {
    return detail::kernel_cost<K>(terms, a, x, params_.energy);
  });
}

LayerBreakdown AnalyticalModel::layer_breakdown(const LayerShape &layer,
                                                const AccelParams &accel) const {
  const detail::LayerTerms terms = detail::make_layer_terms(costed(layer));
  const detail::AccelScalars a = scalars_of(accel);
  const detail::CrossbarScalars x = crossbar_scalars_of(accel);
  return dispatch(detail::kernel_for(terms, accel.dataflow), [&]<detail::Kernel K>() {
    return detail::kernel_breakdown<K>(terms, a, x, params_.energy);
  });
}

void AnalyticalModel::layer_cost_batch(const LayerShape &layer, const AccelBlock &accels,
                                       std::span<double> cycles, std::span<double> energy_j) const {
  const detail::LayerTerms terms = detail::make_layer_terms(costed(layer));
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
    dispatch(detail::kernel_for(terms, accels.dataflow[begin]), [&]<detail::Kernel K>() {
      run_kernel<K>(terms, params_.energy, accels, begin, end, cycles.data(), energy_j.data());
    });
    begin = end;
  }
}

double AnalyticalModel::area_mm2(const AccelParams &accel) const {
  const AreaTable &t = params_.area;
  const double pes = static_cast<double>(accel.array_rows * accel.array_cols);
  const double bytes = static_cast<double>(accel.data_bits) / 8.0;
  const double per_pe = t.pe_mm2 * (bytes * bytes) + accel.l1_bytes / 1024.0 * t.l1_mm2_per_kib +
                        t.noc_mm2_per_pe + accel.noc_bw * t.noc_mm2_per_pe_byte_bw;
  const double digital = pes * per_pe + accel.l2_kib * t.sram_mm2_per_kib +
                         accel.noc_bw * t.noc_mm2_per_byte_bw +
                         accel.offchip_bw * t.offchip_mm2_per_byte_bw + t.fixed_mm2;
  if (accel.dataflow != Dataflow::imc_crossbar)
    return digital;
  const detail::CrossbarScalars x = crossbar_scalars_of(accel);
  const double per_xbar = t.xbar_mm2 * (x.rows * x.cols / detail::kReferenceCells) +
                          x.adcs * (t.adc_mm2 * x.adc_levels / 256.0);
  return digital + x.xbars * per_xbar;
}

NetworkTerm AnalyticalModel::network_term(const AccelParams &accel) const {
  if (accel.dataflow != Dataflow::imc_crossbar)
    return {};
  return detail::crossbar_network_term(scalars_of(accel), crossbar_scalars_of(accel),
                                       params_.energy);
}

} // namespace coscan::costmodel
