// The engine's kernels for avx2 (kernels.hpp); the compile options are in engine/CMakeLists.txt.
#include "dominance_scan_body.hpp"
#include "row_kernel_body.hpp"

#include <immintrin.h>

namespace coscan::engine::detail {
namespace {

/// One bit per lane of a comparison mask.
struct LaneBits {
  static unsigned of(SimdTypes<4>::Mask mask) {
    return static_cast<unsigned>(_mm256_movemask_pd(reinterpret_cast<__m256d>(mask)));
  }
};

} // namespace

void row_kernel_avx2(const RowTerms &row, std::size_t first, std::size_t n, double *seconds,
                     double *energy) {
  row_kernel_body<4, 4>(row, first, n, seconds, energy);
}

std::size_t dominance_scan_avx2(const double *columns, std::size_t stride, std::size_t count,
                                std::size_t k, const double *point) {
  return dominance_scan_body<4, LaneBits>(columns, stride, count, k, point);
}

} // namespace coscan::engine::detail
