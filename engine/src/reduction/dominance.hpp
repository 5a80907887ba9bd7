#pragma once
// Dominance tests and the skyline sort order used by ParetoFront (private to coscan::engine).
#include <algorithm>
#include <cstddef>
#include <limits>

namespace coscan::engine {

/// p dominates q: p <= q in every objective and p < q in one (all minimised). K = 0 means the
/// count is the runtime k; K > 0 lets the compiler unroll and drop the branches.
template <std::size_t K> inline bool dominates(const double *p, const double *q, std::size_t k) {
  const std::size_t n = K ? K : k;
  bool all_le = true, any_lt = false;
  for (std::size_t i = 0; i < n; ++i) {
    all_le &= p[i] <= q[i];
    any_lt |= p[i] < q[i];
  }
  return all_le && any_lt;
}

inline bool lex_less(const double *p, const double *q, std::size_t k) {
  for (std::size_t i = 0; i < k; ++i) {
    if (p[i] < q[i])
      return true;
    if (q[i] < p[i])
      return false;
  }
  return false;
}

/// The skyline sort key: the floating sum of the objectives, each clamped to the finite range.
/// Ordering points by (key, lexicographic) puts every dominator strictly before what it
/// dominates:
/// - p dominates q => key(p) <= key(q): clamping is non-decreasing and so is each rounded
///   partial sum fl(s + x) in both s and x (round-to-nearest is monotone);
/// - clamping keeps the key NaN-free with infinite objectives (+inf + -inf cannot occur: once a
///   partial sum overflows to +-inf, adding finite numbers leaves it there);
/// - on equal keys, p dominates q => p <= q everywhere and p < q somewhere => p lex-before q;
/// - identical vectors (including -0.0 vs 0.0) tie in both and dominate nothing.
inline double skyline_key(const double *p, std::size_t k) {
  constexpr double big = std::numeric_limits<double>::max();
  double sum = 0.0;
  for (std::size_t i = 0; i < k; ++i)
    sum += std::clamp(p[i], -big, big);
  return sum;
}

} // namespace coscan::engine
