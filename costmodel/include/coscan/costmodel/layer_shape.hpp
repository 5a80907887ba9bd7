#pragma once
// One layer of a network, in MAESTRO's convention, as the cost models see it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace coscan::costmodel {

enum class LayerType : std::uint8_t {
  conv,      ///< convolution (grouped when groups > 1)
  depthwise, ///< depthwise convolution: groups == c == k
  fc,        ///< fully connected / GEMM: r == s == y == x == 1
  pool,      ///< average or max pooling: k == c, no weights
  add,       ///< element-wise add of two tensors of c x y x x: r == s == stride == 1, k == c
};

std::string_view to_string(LayerType type);

/// A layer shape. Y and X are the input height and width *including padding*, so the output
/// is (Y - R) / stride + 1 (MAESTRO's convention: a "same" 3x3 convolution on 32x32 has
/// Y = X = 34). C and K are the total input and output channels; a grouped convolution maps
/// C / groups inputs to K / groups outputs per group.
struct LayerShape {
  LayerType type = LayerType::conv;
  std::int64_t n = 1; ///< batch
  std::int64_t k = 1; ///< output channels
  std::int64_t c = 1; ///< input channels
  std::int64_t r = 1; ///< filter height
  std::int64_t s = 1; ///< filter width
  std::int64_t y = 1; ///< input height, padding included
  std::int64_t x = 1; ///< input width, padding included
  std::int64_t stride = 1;
  std::int64_t groups = 1;

  std::int64_t out_y() const { return (y - r) / stride + 1; }
  std::int64_t out_x() const { return (x - s) / stride + 1; }
  /// Multiply-accumulates: N * K * (C / groups) * R * S * Y' * X' for conv, depthwise and fc;
  /// zero for pool and add.
  std::int64_t macs() const;
  /// Arithmetic operations the layer needs: its MACs, or one op per window element (pool) or
  /// per output element (add).
  std::int64_t ops() const;
  std::int64_t weight_elems() const; ///< K * (C / groups) * R * S; zero for pool and add
  std::int64_t input_elems() const;  ///< N * C * Y * X (padded input), twice that for add
  std::int64_t output_elems() const; ///< N * K * Y' * X'

  /// Throws coscan::InputError when the shape is inconsistent (non-positive sizes, a filter
  /// larger than the input, channels not divisible by groups, type constraints above).
  void validate() const;
  /// A compact readable form, e.g. "conv N1 K16 C16 R3 S3 Y34 X34 s1 g1".
  std::string to_string() const;

  friend bool operator==(const LayerShape &, const LayerShape &) = default;
};

struct LayerShapeHash {
  std::size_t operator()(const LayerShape &shape) const noexcept;
};

} // namespace coscan::costmodel
