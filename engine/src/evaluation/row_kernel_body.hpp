#pragma once
// Internal: the body of the row kernel, included (through kernels_target.hpp) by each
// kernels_<target>.cpp and compiled there with that target's instruction set. Everything here
// has internal linkage and calls no inline library function: a function shared between those
// files would be linked once, from any of them, and could run wide instructions on a CPU
// without them.
#include "evaluation/kernels.hpp"

namespace coscan::engine::detail {
namespace {

/// Adds the per-network term and divides by the clock: columns [k0, k0 + width) from the
/// accumulated cycles and joules.
inline void row_finish(const RowTerms &row, std::size_t k0, std::size_t width, double *cycles,
                       double *joules, double *seconds, double *energy) {
  if (row.free_params) { // weights beyond what the accelerator holds are reloaded
#pragma omp simd
    for (std::size_t k = 0; k < width; ++k) {
      const double over = row.params - row.free_params[k0 + k];
      const double excess = over > 0.0 ? over : 0.0; // std::max(0.0, over), NaN included
      cycles[k] += excess * row.cycles_per_param[k0 + k];
      joules[k] += excess * row.joules_per_param[k0 + k];
    }
  }
#pragma omp simd
  for (std::size_t k = 0; k < width; ++k) {
    seconds[k] = cycles[k] / row.clock_hz[k0 + k];
    energy[k] = joules[k];
  }
}

/// Lanes * Vectors columns from k0, the accumulators in Vectors vector registers per metric
/// (GCC vector extensions, as wide as the file's instruction set): every column sums the terms
/// in vocabulary order, one multiply and one add each, as the scalar remainder below does.
template <std::size_t Lanes, std::size_t Vectors>
inline void row_block(const RowTerms &row, std::size_t k0, double *seconds, double *energy) {
  using Vec = typename SimdTypes<Lanes>::Vec;
  Vec cycles[Vectors], joules[Vectors];
  for (std::size_t v = 0; v < Vectors; ++v) {
    cycles[v] = Vec{};
    joules[v] = Vec{};
  }
  for (std::size_t t = 0; t < row.num_terms; ++t) {
    const Vec h = row.count[t] + Vec{}; // broadcast
    const double *tc = row.cycles + row.shape[t] * row.stride + k0;
    const double *te = row.energy + row.shape[t] * row.stride + k0;
    for (std::size_t v = 0; v < Vectors; ++v) {
      Vec c, e;
      __builtin_memcpy(&c, tc + v * Lanes, sizeof(Vec)); // unaligned loads
      __builtin_memcpy(&e, te + v * Lanes, sizeof(Vec));
      cycles[v] += h * c;
      joules[v] += h * e;
    }
  }
  double c[Lanes * Vectors], e[Lanes * Vectors];
  __builtin_memcpy(c, cycles, sizeof(c));
  __builtin_memcpy(e, joules, sizeof(e));
  row_finish(row, k0, Lanes * Vectors, c, e, seconds, energy);
}

/// Fewer columns than a block: the same sums, one column at a time.
inline void row_remainder(const RowTerms &row, std::size_t k0, std::size_t width, double *seconds,
                          double *energy) {
  constexpr std::size_t kMax = 64;
  double cycles[kMax], joules[kMax];
  for (std::size_t done = 0; done < width; done += kMax) {
    const std::size_t w = width - done < kMax ? width - done : kMax;
    for (std::size_t k = 0; k < w; ++k) {
      cycles[k] = 0.0;
      joules[k] = 0.0;
    }
    for (std::size_t t = 0; t < row.num_terms; ++t) {
      const double h = row.count[t];
      const double *tc = row.cycles + row.shape[t] * row.stride + k0 + done;
      const double *te = row.energy + row.shape[t] * row.stride + k0 + done;
      for (std::size_t k = 0; k < w; ++k) {
        cycles[k] += h * tc[k];
        joules[k] += h * te[k];
      }
    }
    row_finish(row, k0 + done, w, cycles, joules, seconds + done, energy + done);
  }
}

/// Columns [first, first + n): whole blocks of Lanes * Vectors, then the rest in blocks of half
/// as many vectors, down to one, then one column at a time.
template <std::size_t Lanes, std::size_t Vectors>
inline void row_kernel_body(const RowTerms &row, std::size_t first, std::size_t n, double *seconds,
                            double *energy) {
  static_assert(Vectors > 0 && (Vectors & (Vectors - 1)) == 0, "a power of two");
  constexpr std::size_t kBlock = Lanes * Vectors;
  std::size_t done = 0;
  for (; done + kBlock <= n; done += kBlock)
    row_block<Lanes, Vectors>(row, first + done, seconds + done, energy + done);
  if (done == n)
    return;
  if constexpr (Vectors > 1)
    row_kernel_body<Lanes, Vectors / 2>(row, first + done, n - done, seconds + done, energy + done);
  else
    row_remainder(row, first + done, n - done, seconds + done, energy + done);
}

} // namespace
} // namespace coscan::engine::detail
