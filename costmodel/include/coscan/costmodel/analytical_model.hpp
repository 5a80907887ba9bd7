#pragma once
// coscan's analytical cost model (first version): per-layer latency from compute and data
// movement, energy from access counts, area from component counts. docs/costmodel.md gives
// the equations and where the default constants come from.
#include <coscan/costmodel/cost_model.hpp>

namespace coscan::costmodel {

/// Energy per action, in picojoules, for 8-bit data at 45 nm. Defaults: Eyeriss's normalised
/// access costs (Chen et al., ISCA 2016: MAC 1x, RF 1x, NoC 2x, global buffer 6x, DRAM 200x, per
/// 16-bit word) with 1x = Horowitz's 45 nm 8-bit multiply + add (ISSCC 2014: 0.2 + 0.03 pJ),
/// halved per byte. MAC energy scales with (data_bits / 8)^2, ALU and access energy per byte.
struct EnergyTable {
  double mac_pj = 0.23;           ///< one 8-bit MAC
  double alu_op_pj = 0.03;        ///< one 8-bit add or compare (pool and add layers)
  double l1_pj_per_byte = 0.115;  ///< PE register file / scratchpad access
  double noc_pj_per_byte = 0.23;  ///< one transfer over the array NoC (multicast counted once)
  double l2_pj_per_byte = 0.69;   ///< global buffer access
  double dram_pj_per_byte = 23.0; ///< off-chip access
  // In-memory crossbars (ISAAC, Shafiee et al., ISCA 2016, 32 nm; docs/costmodel.md).
  double adc_pj = 1.5625;     ///< one 8-bit ADC conversion (2 mW at 1.28 GS/s); x2 per extra bit
  double xbar_read_pj = 80.0; ///< one read of a full 128 x 128 crossbar with its 128 1-bit DACs
                              ///< (0.3 + 0.5 mW over a 100 ns read); scales with cells driven
};

/// Area per component, in mm^2, at 45 nm (rough; docs/costmodel.md gives the derivations).
struct AreaTable {
  double pe_mm2 = 0.001;                  ///< one 8-bit PE (MAC, pipeline, control) without its L1;
                                          ///< scales with (data_bits / 8)^2
  double sram_mm2_per_kib = 0.006;        ///< global buffer (L2) SRAM
  double l1_mm2_per_kib = 0.018;          ///< per-PE register file / scratchpad (less dense)
  double noc_mm2_per_pe = 0.0002;         ///< array interconnect, per PE
  double noc_mm2_per_byte_bw = 0.0005;    ///< global buffer ports, per byte/cycle of NoC bandwidth
  double noc_mm2_per_pe_byte_bw = 0.0001; ///< the buses that carry the NoC bandwidth to every PE:
                                          ///< per PE and byte/cycle (wire tracks and taps)
  double offchip_mm2_per_byte_bw = 0.01;  ///< DRAM interface, per byte/cycle of off-chip bandwidth
  double fixed_mm2 = 0.5;                 ///< controller, DMA
  // In-memory crossbars (ISAAC's IMA, 32 nm; docs/costmodel.md).
  double adc_mm2 = 0.0012;   ///< one 8-bit ADC; x2 per extra bit
  double xbar_mm2 = 0.00005; ///< one 128 x 128 crossbar with DACs and sample-and-hold; scales
                             ///< with its cells
};

/// One layer's cost on one accelerator, term by term. cycles = max(compute, NoC, DRAM) +
/// prologue and energy_j = (((mac + l1) + noc) + l2) + dram, evaluated in that order, so they
/// equal layer_cost() exactly.
struct LayerBreakdown {
  double cycles = 0;          ///< = layer_cost().cycles
  double compute_cycles = 0;  ///< the spatial mapping's compute time
  double noc_cycles = 0;      ///< NoC bytes / noc_bw
  double dram_cycles = 0;     ///< DRAM bytes / offchip_bw
  double prologue_cycles = 0; ///< the first tile's load, not overlapped
  double utilisation = 0;     ///< ops / (compute_cycles * rows * cols): the mapping's PE use
  double l1_bytes = 0, noc_bytes = 0, l2_bytes = 0, dram_bytes = 0; ///< traffic per level
  double energy_j = 0;                                              ///< = layer_cost().energy_j
  double mac_j = 0; ///< MACs (and the ALU ops of pool and add layers)
  double l1_j = 0, noc_j = 0, l2_j = 0, dram_j = 0;
  // imc_crossbar only (zero otherwise); its energy_j sum goes on with + adc_j) + xbar_j.
  double adc_j = 0, xbar_j = 0;
  double xbars_used = 0;      ///< crossbars the layer's weights occupy
  double adc_conversions = 0; ///< ADC conversions
};

/// How pooling layers are costed. `native`: no weights, one ALU op per window element (what a
/// pooling unit or PE does). `dense_conv`: as the dense convolution of the same shape (C x C x R x
/// S weights), the convention of HW-NAS-Bench's Eyeriss figures (docs/costmodel-validation.md),
/// for reproducing that benchmark.
enum class PoolingCost : std::uint8_t { native, dense_conv };

struct AnalyticalParams {
  EnergyTable energy;
  AreaTable area;
  PoolingCost pooling = PoolingCost::native;
};

/// The analytical model. Spatial mapping uses array_rows x array_cols (num_pes is expected to be
/// their product; for imc_crossbar it is the digital unit that runs pool and add layers); every
/// accelerator field must be positive and the crossbar fields within crossbar_field_error()'s
/// ranges. layer_cost_batch() evaluates runs
/// of equal dataflow in one SIMD loop and equals layer_cost() bit for bit.
class AnalyticalModel final : public CostModel {
public:
  explicit AnalyticalModel(AnalyticalParams params = {});

  std::string_view name() const override { return "analytical"; }
  LayerCost layer_cost(const LayerShape &layer, const AccelParams &accel) const override;
  void layer_cost_batch(const LayerShape &layer, const AccelBlock &accels, std::span<double> cycles,
                        std::span<double> energy_j) const override;
  double area_mm2(const AccelParams &accel) const override;
  /// Additive over layers (plus the per-network term below); cycles are nonnegative traffic and
  /// work over positive rates, and energy is nonnegative counts times the energy table's constants:
  /// true iff those constants are all >= 0 (a study cannot set them otherwise; code can).
  bool additive_nonnegative() const override;
  /// Crossbar accelerators reload the weights that do not fit their cells from DRAM on every
  /// inference (nondecreasing in params); the other dataflows have no per-network term.
  NetworkTermKind network_term_kind() const override {
    return NetworkTermKind::nondecreasing_in_params;
  }
  NetworkTerm network_term(const AccelParams &accel) const override;
  bool has_network_term(Dataflow dataflow) const override {
    return dataflow == Dataflow::imc_crossbar;
  }
  /// layer_cost() term by term, from the same equations.
  LayerBreakdown layer_breakdown(const LayerShape &layer, const AccelParams &accel) const;

  const AnalyticalParams &params() const { return params_; }

private:
  /// The shape the equations cost: `layer`, or its dense convolution under PoolingCost::dense_conv.
  LayerShape costed(const LayerShape &layer) const;

  AnalyticalParams params_;
};

} // namespace coscan::costmodel
