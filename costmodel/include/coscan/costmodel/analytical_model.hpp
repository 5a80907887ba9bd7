#pragma once
// coscan's analytical cost model (first version): per-layer latency from compute and data
// movement, energy from access counts, area from component counts. docs/costmodel.md gives
// the equations and where the default constants come from.
#include <coscan/costmodel/cost_model.hpp>

namespace coscan::costmodel {

/// Energy per action, in picojoules.
struct EnergyTable {
  double mac_pj = 0.2;           ///< one 8-bit MAC
  double l1_pj_per_byte = 0.03;  ///< PE register file / scratchpad access
  double noc_pj_per_byte = 0.1;  ///< one transfer over the array NoC (multicast counted once)
  double l2_pj_per_byte = 0.6;   ///< global buffer access
  double dram_pj_per_byte = 20.0; ///< off-chip access
};

/// Area per component, in mm^2.
struct AreaTable {
  double pe_mm2 = 0.0015;          ///< one PE (MAC unit and control), without its L1
  double sram_mm2_per_kib = 0.005; ///< on-chip SRAM (L1 and L2)
  double noc_mm2_per_pe = 0.0002;  ///< array interconnect, per PE
  double noc_mm2_per_byte_bw = 0.0005; ///< global buffer ports, per byte/cycle of NoC bandwidth
  double fixed_mm2 = 0.5;          ///< controller, DMA, off-chip interface
};

struct AnalyticalParams {
  EnergyTable energy;
  AreaTable area;
};

class AnalyticalModel final : public CostModel {
public:
  explicit AnalyticalModel(AnalyticalParams params = {});

  std::string_view name() const override { return "analytical"; }
  LayerCost layer_cost(const LayerShape &layer, const AccelParams &accel) const override;
  void layer_cost_batch(const LayerShape &layer, const AccelBlock &accels,
                        std::span<double> cycles, std::span<double> energy_j) const override;
  double area_mm2(const AccelParams &accel) const override;

  const AnalyticalParams &params() const { return params_; }

private:
  AnalyticalParams params_;
};

} // namespace coscan::costmodel
