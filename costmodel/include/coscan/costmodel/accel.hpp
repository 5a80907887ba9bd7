#pragma once
// Accelerator parameters, one at a time (AccelParams) or a block in structure-of-arrays form
// (AccelBlock) for the batched cost-model path.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coscan::costmodel {

enum class Dataflow : std::uint8_t {
  weight_stationary, ///< NVDLA-like: weights held in the PEs, K x C across the array
  output_stationary, ///< ShiDianNao-like: partial sums held in the PEs, output pixels spread
  row_stationary,    ///< Eyeriss-like: filter rows x output rows across the array
  imc_crossbar,      ///< ISAAC/PUMA-like in-memory computing: weights held in crossbars
};
inline constexpr std::size_t kNumDataflows = 4;

std::string_view to_string(Dataflow dataflow);
std::optional<Dataflow> parse_dataflow(std::string_view name);

struct AccelParams {
  Dataflow dataflow = Dataflow::weight_stationary;
  std::int64_t num_pes = 256;
  std::int64_t array_rows = 16;
  std::int64_t array_cols = 16;
  double l1_bytes = 256;  ///< per-PE register file / scratchpad
  double l2_kib = 256;    ///< global buffer
  double noc_bw = 64;     ///< bytes per cycle between the global buffer and the PEs
  double offchip_bw = 16; ///< bytes per cycle between DRAM and the global buffer
  double clock_mhz = 500;
  std::int64_t data_bits = 8; ///< width of weights and activations (inputs, for imc_crossbar)

  // In-memory computing (read by the imc_crossbar dataflow only; defaults: ISAAC's IMA,
  // Shafiee et al., ISCA 2016). The PE array above is then the digital unit (pool, add).
  std::int64_t xbar_rows = 128;   ///< crossbar word lines (inputs)
  std::int64_t xbar_cols = 128;   ///< crossbar bit lines (outputs)
  std::int64_t xbars = 1024;      ///< crossbars on the chip (tiles x crossbars per tile)
  std::int64_t cell_bits = 2;     ///< bits stored per cell; a weight takes weight_bits/cell_bits
  std::int64_t weight_bits = 8;   ///< weight precision, bit-sliced over cells
  std::int64_t adc_bits = 8;      ///< ADC resolution
  std::int64_t adcs_per_xbar = 1; ///< ADCs shared by a crossbar's bit lines
};

/// The default array shape for a PE count: rows is the largest divisor of num_pes that is at
/// most sqrt(num_pes), cols = num_pes / rows (64 -> 8x8, 128 -> 8x16, 168 -> 12x14).
std::pair<std::int64_t, std::int64_t> default_array_shape(std::int64_t num_pes);

/// The valid range of each crossbar field (the study and the accelerator tables check them):
/// xbar_rows, xbar_cols 1..65536; xbars 1..2^40; cell_bits 1..8; weight_bits 1..32;
/// adc_bits 1..16; adcs_per_xbar 1..xbar_cols. Returns the first field out of range and the
/// reason, or nullopt.
std::optional<std::pair<std::string_view, std::string>> crossbar_field_error(const AccelParams &a);

/// A block of accelerators as structure-of-arrays (all doubles, for SIMD evaluation).
struct AccelBlock {
  std::vector<Dataflow> dataflow;
  // The fields of AccelParams, unconverted, so that at(i) gives back the same AccelParams.
  std::vector<double> num_pes, rows, cols, l1_bytes, l2_kib, noc_bw, offchip_bw, clock_mhz,
      data_bits;
  std::vector<double> xbar_rows, xbar_cols, xbars, cell_bits, weight_bits, adc_bits, adcs_per_xbar;
  std::vector<double> adc_levels, cell_levels; ///< derived: 2^adc_bits, 2^cell_bits

  std::size_t size() const { return dataflow.size(); }
  void clear();
  void push_back(const AccelParams &accel);
  AccelParams at(std::size_t i) const;
};

} // namespace coscan::costmodel
