#pragma once
// An accelerator space: the cross product of per-parameter value lists (a grid), indexed by a
// mixed-radix code. Digits, most significant first: dataflow, num_pes, l1_bytes, l2_kib, noc_bw,
// offchip_bw, data_bits, clock_mhz (so each dataflow is one contiguous index range and
// neighbouring indices differ in the clock). array_rows x array_cols is
// costmodel::default_array_shape(num_pes).
//
// A constrained or subset space keeps only some grid points: its index i is the i-th kept grid
// point in ascending grid order (an IndexSubset), so sweeps never see the others.
#include <coscan/costmodel/accel.hpp>
#include <coscan/search/accel_constraints.hpp>
#include <coscan/search/index_subset.hpp>

#include <array>
#include <cstdint>
#include <string>
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

/// How a space's points were selected from its grid (for reports and results).
struct AccelSelection {
  std::uint64_t valid = 0;                             ///< grid points that satisfy the constraints
  std::array<std::uint64_t, kNumAccelRules> removed{}; ///< per rule of kAccelRuleNames
  std::string subset = "none";                         ///< "none", "random" or "lhs"
  std::uint64_t subset_seed = 0;
};

class AccelSpace {
public:
  /// The whole grid. Throws coscan::InputError on an empty list (the grid is validated by the
  /// study parser first, which names the key; this is the last line of defence).
  explicit AccelSpace(AccelGrid grid);
  /// The grid points in `points` (a subset of [0, grid size)).
  AccelSpace(AccelGrid grid, IndexSubset points, AccelSelection selection);

  std::uint64_t size() const { return points_.size(); }
  costmodel::AccelParams at(std::uint64_t index) const { return grid_at(grid_index(index)); }
  /// Accelerators [first, first + count) as a structure-of-arrays block (overwrites `out`).
  void block(std::uint64_t first, std::uint64_t count, costmodel::AccelBlock &out) const;
  const AccelGrid &grid() const { return grid_; }

  /// The grid behind the space: its size, the grid index of space index i, any grid point.
  std::uint64_t grid_size() const { return grid_size_; }
  std::uint64_t grid_index(std::uint64_t index) const;
  costmodel::AccelParams grid_at(std::uint64_t grid_index) const;
  /// List sizes in digit order, most significant (dataflow) first.
  const std::vector<std::uint64_t> &radices() const { return radices_; }
  const IndexSubset &points() const { return points_; }
  /// For an unconstrained space without subset: valid = grid size, nothing removed.
  const AccelSelection &selection() const { return selection_; }

private:
  AccelGrid grid_;
  std::uint64_t grid_size_ = 0;
  std::vector<std::uint64_t> radices_;
  IndexSubset points_;
  AccelSelection selection_;
};

} // namespace coscan::search
