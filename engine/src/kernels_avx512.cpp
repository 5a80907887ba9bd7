// The engine's kernels for avx512 (kernels.hpp); the compile options are in engine/CMakeLists.txt.
#include "dominance_scan_body.hpp"
#include "row_kernel_body.hpp"

#include <immintrin.h>

namespace coscan::engine::detail {
namespace {

/// One bit per lane of a comparison mask.
struct LaneBits {
  static unsigned of(SimdTypes<8>::Mask mask) {
    const __m512i m = reinterpret_cast<__m512i>(mask);
    return _mm512_test_epi64_mask(m, m);
  }
};

} // namespace

void row_kernel_avx512(const RowTerms &row, std::size_t first, std::size_t n, double *seconds,
                       double *energy) {
  row_kernel_body<8, 4>(row, first, n, seconds, energy);
}

std::size_t dominance_scan_avx512(const double *columns, std::size_t stride, std::size_t count,
                                  std::size_t k, const double *point) {
  return dominance_scan_body<8, LaneBits>(columns, stride, count, k, point);
}

} // namespace coscan::engine::detail
