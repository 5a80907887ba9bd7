#pragma once
// The instruction sets the engine's hot kernels (the evaluation's H . T and the Pareto front's
// dominance scan) are compiled for, and the one in use. The portable binary carries every variant
// and runs the widest this CPU supports, so it is as fast as a -march=native build without
// faulting on an older node. All of them compute the same bits: each is the same sequence of IEEE
// operations per value (no fused multiply-add, -ffp-contract=off), only wider, and comparisons
// are exact.
#include <optional>
#include <string_view>
#include <vector>

namespace coscan::engine {

enum class KernelTarget { sse2, avx2, avx512 };

std::string_view to_string(KernelTarget target);

/// "sse2", "avx2" or "avx512"; nullopt for another name.
std::optional<KernelTarget> parse_kernel_target(std::string_view name);

/// The targets this CPU runs, from the baseline (sse2, every x86-64) to the widest.
std::vector<KernelTarget> supported_kernel_targets();

/// The target in use: the widest supported one unless set_kernel_target chose another.
KernelTarget kernel_target();

/// Uses `target` from now on (benchmarks, tests, `COSCAN_KERNEL`); throws std::invalid_argument
/// when this CPU does not support it. Not to be called while a sweep runs.
void set_kernel_target(KernelTarget target);

} // namespace coscan::engine
