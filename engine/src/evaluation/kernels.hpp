#pragma once
// Internal: the engine's hot kernels as raw-array functions, compiled once per instruction set
// (kernels_<target>.cpp through kernels_target.hpp; bodies in row_kernel_body.hpp and
// dominance_scan_body.hpp) and chosen at run time (kernel_target.hpp). They share no inline
// function with the rest of the engine.
#include <cstddef>
#include <cstdint>

namespace coscan::engine::detail {

/// GCC vector types of Lanes doubles (and of the comparison masks, lanes of all ones or zeros),
/// as wide as the instruction set of the file that uses them. (Sizes spelled out: GCC drops a
/// vector_size that depends on a template parameter in some contexts.)
template <std::size_t Lanes> struct SimdTypes;
template <> struct SimdTypes<2> {
  typedef double Vec __attribute__((vector_size(16)));
  typedef long Mask __attribute__((vector_size(16)));
};
template <> struct SimdTypes<4> {
  typedef double Vec __attribute__((vector_size(32)));
  typedef long Mask __attribute__((vector_size(32)));
};
template <> struct SimdTypes<8> {
  typedef double Vec __attribute__((vector_size(64)));
  typedef long Mask __attribute__((vector_size(64)));
};

// --- The row kernel: one architecture's row of H . T on a run of a cost table's columns.

struct RowTerms {
  // H[a, :]: the row's terms (shape, count), in vocabulary order.
  const std::uint32_t *shape;
  const double *count;
  std::size_t num_terms;
  // T: shape s's cycles and energy on column c at [s * stride + c].
  const double *cycles;
  const double *energy;
  std::size_t stride;
  // The per-network term (costmodel::NetworkTerm) per column, or nullptr without one.
  double params;
  const double *free_params;
  const double *cycles_per_param;
  const double *joules_per_param;
  const double *clock_hz;
};

/// seconds[k], energy[k] of column first + k, k < n.
using RowKernel = void (*)(const RowTerms &row, std::size_t first, std::size_t n, double *seconds,
                           double *energy);

void row_kernel_sse2(const RowTerms &, std::size_t, std::size_t, double *, double *);
void row_kernel_avx2(const RowTerms &, std::size_t, std::size_t, double *, double *);
void row_kernel_avx512(const RowTerms &, std::size_t, std::size_t, double *, double *);

/// The row kernel of the target in use (kernel_target()).
RowKernel row_kernel();

// --- The dominance scan: the first front member that dominates a point.

/// Members in columns: objective o of member m at columns[o * stride + m]; stride is a multiple
/// of kScanLanes, the members beyond the front padded with +infinity (which dominates nothing).
inline constexpr std::size_t kScanLanes = 8;

/// The first member m < count (in member order) that dominates `point` (k objectives, all
/// minimised: <= in every one, < in one), or count when none does. The members up to count
/// rounded up to a whole block of kScanLanes are read (padding beyond the last member).
using DominanceScan = std::size_t (*)(const double *columns, std::size_t stride, std::size_t count,
                                      std::size_t k, const double *point);

std::size_t dominance_scan_sse2(const double *, std::size_t, std::size_t, std::size_t,
                                const double *);
std::size_t dominance_scan_avx2(const double *, std::size_t, std::size_t, std::size_t,
                                const double *);
std::size_t dominance_scan_avx512(const double *, std::size_t, std::size_t, std::size_t,
                                  const double *);

/// The dominance scan of the target in use.
DominanceScan dominance_scan();

} // namespace coscan::engine::detail
