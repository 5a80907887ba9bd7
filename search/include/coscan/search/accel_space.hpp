#pragma once
// An accelerator space: per dataflow, the cross product of the per-parameter value lists that
// apply to it (a grid), indexed by a mixed-radix code. Each dataflow owns one contiguous index
// range, in the order of the dataflow list; inside it the digits, most significant first, are
// num_pes, array_rows, array_cols, l1_bytes, l2_kib, noc_bw, offchip_bw, data_bits, then for
// imc_crossbar only xbar_rows, xbar_cols, xbars, cell_bits, weight_bits, adc_bits,
// adcs_per_xbar, and last clock_mhz (neighbouring indices differ in the clock). The crossbar
// lists do not multiply the other dataflows' ranges (their accelerators take each list's first
// value, which they do not read). array_rows x array_cols is costmodel::default_array_shape(
// num_pes) unless given; a given side fixes the other (num_pes / it).
//
// A constrained or subset space keeps only some grid points: its index i is the i-th kept grid
// point in ascending grid order (an IndexSubset), so sweeps never see the others.
#include <coscan/costmodel/accel.hpp>
#include <coscan/search/accel_constraints.hpp>
#include <coscan/search/index_subset.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  /// Optional (empty: the default shape for num_pes). Every combination with num_pes must
  /// divide it / multiply to it; the study parser checks and names the key.
  std::vector<std::int64_t> array_rows, array_cols;
  // imc_crossbar only; defaults: costmodel::AccelParams's (ISAAC).
  std::vector<std::int64_t> xbar_rows{128}, xbar_cols{128}, xbars{1024}, cell_bits{2},
      weight_bits{8}, adc_bits{8}, adcs_per_xbar{1};
  /// Named devices instead of a grid (a pair table's device columns): when not empty, the space
  /// is these devices in this order and every other list is ignored; their parameters are
  /// unknown (at() gives AccelParams's defaults).
  std::vector<std::string> devices;
};

/// The grid's list of values of an accelerator field (costmodel/accel_fields.hpp), by the
/// field's AccelParams member; array_rows and array_cols give their optional lists (empty: the
/// default shape). Throws std::invalid_argument for a member with no list.
const std::vector<std::int64_t> &grid_values(const AccelGrid &grid,
                                             std::int64_t costmodel::AccelParams::*member);
const std::vector<double> &grid_values(const AccelGrid &grid,
                                       double costmodel::AccelParams::*member);
/// The same lists, to fill (the study parser).
std::vector<std::int64_t> &grid_values(AccelGrid &grid,
                                       std::int64_t costmodel::AccelParams::*member);
std::vector<double> &grid_values(AccelGrid &grid, double costmodel::AccelParams::*member);

/// `[accel_space] subset`: none, a seeded random subset or a Latin hypercube of the valid points.
enum class AccelSubset { none, random, lhs };
std::string_view to_string(AccelSubset subset); ///< the study's name: "none", "random", "lhs"
std::optional<AccelSubset> parse_accel_subset(std::string_view name);

/// How a space's points were selected from its grid (for reports and results).
struct AccelSelection {
  std::uint64_t valid = 0;                             ///< grid points that satisfy the constraints
  std::array<std::uint64_t, kNumAccelRules> removed{}; ///< per rule of kAccelRuleNames
  AccelSubset subset = AccelSubset::none;
  std::uint64_t subset_seed = 0;
};

/// The array shape of `num_pes` PEs with optional given sides (0: not given); nullopt when the
/// sides do not divide or multiply to num_pes.
std::optional<std::pair<std::int64_t, std::int64_t>>
array_shape(std::int64_t num_pes, std::int64_t rows, std::int64_t cols);

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
  /// The index of the accelerator with exactly these parameters (every field, the derived array
  /// shape included), or nullopt when the space does not hold it (or is a device space).
  std::optional<std::uint64_t> index_of(const costmodel::AccelParams &params) const;
  /// The index of device `name` of a device space, or nullopt.
  std::optional<std::uint64_t> index_of_device(std::string_view name) const;
  /// What to call accelerator `index` in reports: the device name of a device space, else the
  /// dataflow.
  std::string label(std::uint64_t index) const;
  /// Where the space was defined, for messages about its accelerators (the study file), or "".
  const std::string &origin() const { return origin_; }
  void set_origin(std::string origin) { origin_ = std::move(origin); }

  /// The grid behind the space: its size, the grid index of space index i, any grid point.
  std::uint64_t grid_size() const { return grid_size_; }
  std::uint64_t grid_index(std::uint64_t index) const;
  costmodel::AccelParams grid_at(std::uint64_t grid_index) const;
  /// List sizes in digit order, most significant (dataflow) first, when the grid is uniform
  /// (every dataflow has the same lists: no crossbar list with more than one value beside other
  /// dataflows); empty otherwise (a Latin hypercube needs a uniform grid).
  const std::vector<std::uint64_t> &radices() const { return radices_; }
  /// The digits' names in that order: "dataflow", then accelerator fields (accel_fields.hpp).
  static const std::vector<std::string_view> &radix_names();
  const IndexSubset &points() const { return points_; }
  /// For an unconstrained space without subset: valid = grid size, nothing removed.
  const AccelSelection &selection() const { return selection_; }

private:
  AccelGrid grid_;
  std::uint64_t grid_size_ = 0;
  std::vector<std::uint64_t> radices_;
  IndexSubset points_;
  AccelSelection selection_;
  std::vector<std::uint64_t> dataflow_size_; ///< index-range size of each dataflow (grid order)
  std::string origin_;
};

} // namespace coscan::search
