#pragma once
// Ceil and floor for nonnegative doubles written as plain arithmetic, so that the batched path
// vectorises them on every x86-64 target (std::ceil needs SSE4.1 to vectorise) while the scalar
// path computes exactly the same bits.

namespace coscan::costmodel::detail {

/// 2^52: adding and subtracting it rounds a double in [0, 2^52) to the nearest integer.
inline constexpr double kTwoPow52 = 4503599627370496.0;

/// ceil(v) for v >= 0 (exact; values >= 2^52 are already integers).
inline double ceil_nonneg(double v) {
  const double nearest = (v + kTwoPow52) - kTwoPow52;
  const double up = nearest + (nearest < v ? 1.0 : 0.0);
  return v >= kTwoPow52 ? v : up;
}

/// floor(v) for v >= 0 (exact; values >= 2^52 are already integers).
inline double floor_nonneg(double v) {
  const double nearest = (v + kTwoPow52) - kTwoPow52;
  const double down = nearest - (nearest > v ? 1.0 : 0.0);
  return v >= kTwoPow52 ? v : down;
}

} // namespace coscan::costmodel::detail
