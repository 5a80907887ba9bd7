#pragma once
// Internal: the engine's kernels (kernels.hpp) for one instruction set, included once by each
// kernels_<target>.cpp after it defines COSCAN_KERNEL_TARGET (sse2, avx2 or avx512) and
// COSCAN_KERNEL_LANES (doubles per vector register: 2, 4 or 8); the compile options that enable
// the instruction set are in engine/CMakeLists.txt.
#include "evaluation/dominance_scan_body.hpp"
#include "evaluation/row_kernel_body.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define COSCAN_KERNEL_PASTE2(name, target) name##_##target
#define COSCAN_KERNEL_PASTE(name, target) COSCAN_KERNEL_PASTE2(name, target)
#define COSCAN_KERNEL_NAME(name) COSCAN_KERNEL_PASTE(name, COSCAN_KERNEL_TARGET)

namespace coscan::engine::detail {
namespace {

constexpr std::size_t kLanes = COSCAN_KERNEL_LANES;

/// One bit per lane of a comparison mask, with this instruction set's own instruction.
struct LaneBits {
  static unsigned of(typename SimdTypes<kLanes>::Mask mask) {
#if !defined(__x86_64__) // the portable body elsewhere (engine/CMakeLists.txt builds sse2 only)
    unsigned bits = 0;
    for (std::size_t l = 0; l < kLanes; ++l)
      bits |= mask[l] ? 1u << l : 0u;
    return bits;
#elif COSCAN_KERNEL_LANES == 8
    const __m512i m = reinterpret_cast<__m512i>(mask);
    return _mm512_test_epi64_mask(m, m);
#elif COSCAN_KERNEL_LANES == 4
    return static_cast<unsigned>(_mm256_movemask_pd(reinterpret_cast<__m256d>(mask)));
#else
    return static_cast<unsigned>(_mm_movemask_pd(reinterpret_cast<__m128d>(mask)));
#endif
  }
};

} // namespace

void COSCAN_KERNEL_NAME(row_kernel)(const RowTerms &row, std::size_t first, std::size_t n,
                                    double *seconds, double *energy) {
  row_kernel_body<kLanes, 4>(row, first, n, seconds, energy);
}

std::size_t COSCAN_KERNEL_NAME(dominance_scan)(const double *columns, std::size_t stride,
                                               std::size_t count, std::size_t k,
                                               const double *point) {
  return dominance_scan_body<kLanes, LaneBits>(columns, stride, count, k, point);
}

} // namespace coscan::engine::detail
