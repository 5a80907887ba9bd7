// Which kernels run (kernels.hpp): the widest this CPU supports, or the one set_kernel_target
// chose.
#include "kernels.hpp"

#include <coscan/engine/kernel_target.hpp>

#include <atomic>
#include <stdexcept>
#include <string>

namespace coscan::engine {
namespace {

bool supported(KernelTarget target) {
#ifdef COSCAN_KERNEL_X86
  // GCC's and clang's CPU checks also ask the OS whether it saves the wide registers. The
  // explicit init makes them safe even from another file's static initialiser.
  __builtin_cpu_init();
  switch (target) {
  case KernelTarget::sse2:
    return true;
  case KernelTarget::avx2:
    return __builtin_cpu_supports("avx2");
  case KernelTarget::avx512:
    return __builtin_cpu_supports("avx512f");
  }
  return false;
#else
  return target == KernelTarget::sse2; // the portable C++ body, whatever the CPU
#endif
}

struct Kernels {
  detail::RowKernel row;
  detail::DominanceScan scan;
};

Kernels kernels_of(KernelTarget target) {
#ifdef COSCAN_KERNEL_X86
  switch (target) {
  case KernelTarget::sse2:
    return {detail::row_kernel_sse2, detail::dominance_scan_sse2};
  case KernelTarget::avx2:
    return {detail::row_kernel_avx2, detail::dominance_scan_avx2};
  case KernelTarget::avx512:
    return {detail::row_kernel_avx512, detail::dominance_scan_avx512};
  }
#endif
  (void)target;
  return {detail::row_kernel_sse2, detail::dominance_scan_sse2};
}

KernelTarget widest() { return supported_kernel_targets().back(); }

struct Selection {
  std::atomic<KernelTarget> target{widest()};
  std::atomic<detail::RowKernel> row{kernels_of(target.load()).row};
  std::atomic<detail::DominanceScan> scan{kernels_of(target.load()).scan};
};

Selection &selection() {
  static Selection s;
  return s;
}

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
  for (const KernelTarget target : {KernelTarget::sse2, KernelTarget::avx2, KernelTarget::avx512})
    if (supported(target))
      out.push_back(target);
  return out;
}

KernelTarget kernel_target() { return selection().target.load(std::memory_order_relaxed); }

void set_kernel_target(KernelTarget target) {
  if (!supported(target))
    throw std::invalid_argument("this CPU does not support the " + std::string(to_string(target)) +
                                " kernel");
  const Kernels kernels = kernels_of(target);
  selection().row.store(kernels.row);
  selection().scan.store(kernels.scan);
  selection().target.store(target);
}

detail::RowKernel detail::row_kernel() { return selection().row.load(std::memory_order_relaxed); }

detail::DominanceScan detail::dominance_scan() {
  return selection().scan.load(std::memory_order_relaxed);
}

} // namespace coscan::engine
