#pragma once
// Accelerator parameters, one at a time (AccelParams) or a block in structure-of-arrays form
// (AccelBlock) for the batched cost-model path.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace coscan::costmodel {

enum class Dataflow : std::uint8_t {
  weight_stationary, ///< NVDLA-like: weights held in the PEs, K x C across the array
  output_stationary, ///< ShiDianNao-like: partial sums held in the PEs, output pixels spread
  row_stationary,    ///< Eyeriss-like: filter rows x output rows across the array
};
inline constexpr std::size_t kNumDataflows = 3;

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
  std::int64_t data_bits = 8; ///< width of weights and activations
};

/// The default array shape for a PE count: rows is the largest divisor of num_pes that is at
/// most sqrt(num_pes), cols = num_pes / rows (64 -> 8x8, 128 -> 8x16, 168 -> 12x14).
std::pair<std::int64_t, std::int64_t> default_array_shape(std::int64_t num_pes);

/// A block of accelerators as structure-of-arrays (all doubles, for SIMD evaluation).
struct AccelBlock {
  std::vector<Dataflow> dataflow;
  // The fields of AccelParams, unconverted, so that at(i) gives back the same AccelParams.
  std::vector<double> num_pes, rows, cols, l1_bytes, l2_kib, noc_bw, offchip_bw, clock_mhz,
      data_bits;

  std::size_t size() const { return dataflow.size(); }
  void clear();
  void push_back(const AccelParams &accel);
  AccelParams at(std::size_t i) const;
};

} // namespace coscan::costmodel
