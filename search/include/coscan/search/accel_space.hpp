#pragma once
// An accelerator space: the cross product of per-parameter value lists (a grid), indexed by a
// mixed-radix code. Digits, most significant first: dataflow, num_pes, l1_bytes, l2_kib, noc_bw,
// offchip_bw, data_bits, clock_mhz (so each dataflow is one contiguous index range and
// neighbouring indices differ in the clock). array_rows x array_cols is
// costmodel::default_array_shape(num_pes).
#include <coscan/costmodel/accel.hpp>

#include <cstdint>
#include <vector>

namespace coscan::search {

struct AccelGrid {
  std::vector<costmodel::Dataflow> dataflow;
  std::vector<std::int64_t> num_pes;
  std::vector<double> l1_bytes;
  std::vector<double> l2_kib;
  std::vector<double> noc_bw;
  std::vector<double> offchip_bw;
  std::vector<double> clock_mhz;
  std::vector<std::int64_t> data_bits{8};
};

class AccelSpace {
public:
  /// Throws coscan::InputError on an empty list (the grid is validated by the study parser
  /// first, which names the key; this is the last line of defence).
  explicit AccelSpace(AccelGrid grid);

  std::uint64_t size() const { return size_; }
  costmodel::AccelParams at(std::uint64_t index) const;
  /// Accelerators [first, first + count) as a structure-of-arrays block (overwrites `out`).
  void block(std::uint64_t first, std::uint64_t count, costmodel::AccelBlock &out) const;
  const AccelGrid &grid() const { return grid_; }

private:
  AccelGrid grid_;
  std::uint64_t size_ = 0;
};

} // namespace coscan::search
