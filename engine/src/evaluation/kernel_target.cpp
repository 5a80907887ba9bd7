// Which kernels run (kernels.hpp): the widest this CPU supports, or the one set_kernel_target
// chose.
#include "evaluation/kernels.hpp"

#include <coscan/engine/evaluation/kernel_target.hpp>

#include <array>
#include <atomic>
#include <stdexcept>
#include <string>

namespace coscan::engine {
namespace {

// One row per target this build carries, narrowest first: the CPU feature it needs (none for the
// baseline) and its kernels.
struct TargetRow {
  KernelTarget target;
  const char *cpu_feature;
  detail::RowKernel row;
  detail::DominanceScan scan;
};

#ifdef COSCAN_KERNEL_X86
constexpr std::array<TargetRow, 3> kTargets{{
    {KernelTarget::sse2, nullptr, detail::row_kernel_sse2, detail::dominance_scan_sse2},
    {KernelTarget::avx2, "avx2", detail::row_kernel_avx2, detail::dominance_scan_avx2},
    {KernelTarget::avx512, "avx512f", detail::row_kernel_avx512, detail::dominance_scan_avx512},
}};
#else
// Elsewhere the baseline is the portable C++ body, whatever the CPU.
constexpr std::array<TargetRow, 1> kTargets{{
    {KernelTarget::sse2, nullptr, detail::row_kernel_sse2, detail::dominance_scan_sse2},
}};
#endif

const TargetRow *row_of(KernelTarget target) {
  for (const TargetRow &row : kTargets)
    if (row.target == target)
      return &row;
  return nullptr;
}

bool supported(const TargetRow &row) {
  if (row.cpu_feature == nullptr)
    return true;
#ifdef COSCAN_KERNEL_X86
  // GCC's and clang's CPU checks also ask the OS whether it saves the wide registers. The
  // explicit init makes them safe even from another file's static initialiser.
  __builtin_cpu_init();
  const std::string_view feature = row.cpu_feature;
  // __builtin_cpu_supports takes a string literal only.
  if (feature == "avx2")
    return __builtin_cpu_supports("avx2");
  if (feature == "avx512f")
    return __builtin_cpu_supports("avx512f");
#endif
  return false;
}

const TargetRow *widest() {
  const TargetRow *out = &kTargets.front();
  for (const TargetRow &row : kTargets)
    if (supported(row))
      out = &row;
  return out;
}

// The row in use; rows are constant, so one pointer swaps target and kernels together.
std::atomic<const TargetRow *> &selection() {
  static std::atomic<const TargetRow *> chosen{widest()};
  return chosen;
}

const TargetRow &chosen() { return *selection().load(std::memory_order_relaxed); }

} // namespace

std::string_view to_string(KernelTarget target) {
  switch (target) {
  case KernelTarget::sse2:
    return "sse2";
  case KernelTarget::avx2:
    return "avx2";
  case KernelTarget::avx512:
    return "avx512";
  }
  return "unknown";
}

std::optional<KernelTarget> parse_kernel_target(std::string_view name) {
  for (const KernelTarget target : {KernelTarget::sse2, KernelTarget::avx2, KernelTarget::avx512})
    if (name == to_string(target))
      return target;
  return std::nullopt;
}

std::vector<KernelTarget> supported_kernel_targets() {
  std::vector<KernelTarget> out;
  for (const TargetRow &row : kTargets)
    if (supported(row))
      out.push_back(row.target);
  return out;
}

KernelTarget kernel_target() { return chosen().target; }

void set_kernel_target(KernelTarget target) {
  const TargetRow *row = row_of(target);
  if (row == nullptr || !supported(*row))
    throw std::invalid_argument("this CPU does not support the " + std::string(to_string(target)) +
                                " kernel");
  selection().store(row);
}

detail::RowKernel detail::row_kernel() { return chosen().row; }

detail::DominanceScan detail::dominance_scan() { return chosen().scan; }

} // namespace coscan::engine
