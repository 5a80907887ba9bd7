#pragma once
// What every dataflow's equations share: the accelerator fields as doubles and the L1 refetch
// interpolation.
#include <algorithm>

namespace coscan::costmodel::detail {

/// The accelerator fields the per-layer equations read, as doubles (AccelBlock's layout).
struct AccelScalars {
  double rows, cols, l1_bytes, l2_kib, noc_bw, offchip_bw, data_bits;
};

/// How often an operand is re-sent to a PE: `full` times when L1 cannot hold the `need` bytes of
/// in-PE reuse, once when it can, linearly in between (more L1 never means more traffic).
inline double l1_refetch(double full, double l1_bytes, double need_bytes) {
  return 1.0 + (full - 1.0) * std::max(0.0, 1.0 - l1_bytes / need_bytes);
}

} // namespace coscan::costmodel::detail
