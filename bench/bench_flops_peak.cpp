// The machine's floating-point peak for code built like coscan's (same flags: -O3, no -march,
// -ffp-contract=off, so SSE2: 2 doubles per vector, separate multiply and add): many independent
// multiply-add chains, so the loop is bound by the FP units, not by latency or memory. The
// per-pair work of the factorised kernel is compared with it in bench/README.md.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>

namespace {

void BM_MultiplyAddPeak(benchmark::State &state) {
  constexpr std::size_t kChains = 32; // enough independent accumulators to hide latency
  constexpr std::size_t kSteps = 4096;
  alignas(64) std::array<double, kChains> acc{};
  alignas(64) std::array<double, kChains> mul{};
  for (std::size_t c = 0; c < kChains; ++c) {
    acc[c] = 1.0 + 1e-9 * static_cast<double>(c);
    mul[c] = 0.999999999;
  }
  const double add = 1e-12;
  for (auto _ : state) {
    for (std::size_t s = 0; s < kSteps; ++s) {
#pragma omp simd
      for (std::size_t c = 0; c < kChains; ++c)
        acc[c] = acc[c] * mul[c] + add; // 2 flops
    }
    benchmark::DoNotOptimize(acc.data());
    benchmark::ClobberMemory();
  }
  state.counters["flops"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kSteps * kChains * 2, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MultiplyAddPeak);

} // namespace
