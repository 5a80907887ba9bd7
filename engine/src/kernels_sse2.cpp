// The engine's kernels for sse2 (kernels.hpp); the compile options are in engine/CMakeLists.txt.
#include "dominance_scan_body.hpp"
#include "row_kernel_body.hpp"

#include <immintrin.h>

namespace coscan::engine::detail {
namespace {

/// One bit per lane of a comparison mask.
struct LaneBits {
  static unsigned of(SimdTypes<2>::Mask mask) {
    return static_cast<unsigned>(_mm_movemask_pd(reinterpret_cast<__m128d>(mask)));
  }
};

} // namespace

void row_kernel_sse2(const RowTerms &row, std::size_t first, std::size_t n, double *seconds,
                     double *energy) {
  row_kernel_body<2, 4>(row, first, n, seconds, energy);
}

std::size_t dominance_scan_sse2(const double *columns, std::size_t stride, std::size_t count,
                                std::size_t k, const double *point) {
  return dominance_scan_body<2, LaneBits>(columns, stride, count, k, point);
}

} // namespace coscan::engine::detail
