#pragma once
// Internal: the body of the dominance scan, included by each kernels_<target>.cpp and compiled
// there with that target's instruction set (internal linkage, no inline library function: see
// row_kernel_body.hpp). Lanes members are tested at once, one objective at a time; LaneBits
// (the file's own, from its intrinsics) turns a mask into one bit per lane.
#include "evaluation/kernels.hpp"

namespace coscan::engine::detail {
namespace {

template <std::size_t Lanes, class LaneBits, std::size_t K>
inline std::size_t dominance_scan_k(const double *columns, std::size_t stride, std::size_t count,
                                    std::size_t k_rt, const double *point) {
  using Vec = typename SimdTypes<Lanes>::Vec;
  using Mask = typename SimdTypes<Lanes>::Mask;
  const std::size_t k = K ? K : k_rt;
  for (std::size_t m = 0; m < count; m += Lanes) {
    Mask all_le = ~Mask{}, any_lt = Mask{};
    for (std::size_t o = 0; o < k; ++o) {
      Vec member;
      __builtin_memcpy(&member, columns + o * stride + m, sizeof(Vec));
      const Vec p = point[o] + Vec{}; // broadcast
      all_le &= member <= p;
      any_lt |= member < p;
    }
    if (const unsigned bits = LaneBits::of(all_le & any_lt)) {
      const std::size_t first = m + static_cast<std::size_t>(__builtin_ctz(bits));
      return first < count ? first : count; // past count: none of the members asked about
    }
  }
  return count;
}

/// The scan with the objective count unrolled for the usual counts.
template <std::size_t Lanes, class LaneBits>
inline std::size_t dominance_scan_body(const double *columns, std::size_t stride, std::size_t count,
                                       std::size_t k, const double *point) {
  switch (k) {
  case 2:
    return dominance_scan_k<Lanes, LaneBits, 2>(columns, stride, count, k, point);
  case 3:
    return dominance_scan_k<Lanes, LaneBits, 3>(columns, stride, count, k, point);
  case 4:
    return dominance_scan_k<Lanes, LaneBits, 4>(columns, stride, count, k, point);
  default:
    return dominance_scan_k<Lanes, LaneBits, 0>(columns, stride, count, k, point);
  }
}

} // namespace
} // namespace coscan::engine::detail
