// The accelerator grid's index: each dataflow owns a contiguous range (in the dataflow list's
// order) whose size is the product of the lists that apply to it; inside a range the index is a
// mixed-radix number whose digits, most significant first, are AccelSpace::radix_names() after
// the dataflow: num_pes, array_rows, array_cols, l1_bytes, l2_kib, noc_bw, offchip_bw, data_bits,
// [the crossbar lists, imc_crossbar only], clock_mhz: consecutive indices differ in the clock
// first. A constrained or subset space maps its index i to the i-th kept grid point (points_).
#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/search/accel_space.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace coscan::search {

namespace {

/// Takes the least significant digit (radix `list.size()`) off `index` and returns its value.
template <typename T> T take_digit(std::uint64_t &index, const std::vector<T> &list) {
  const std::uint64_t radix = list.size();
  const T value = list[index % radix];
  index /= radix;
  return value;
}

/// An optional list (empty: not given, one digit of radix 1, value 0).
std::int64_t take_optional_digit(std::uint64_t &index, const std::vector<std::int64_t> &list) {
  return list.empty() ? 0 : take_digit(index, list);
}

/// Calls f(field) for the accelerator field called `name` (costmodel/accel_fields.hpp).
template <class F> void visit_field(std::string_view name, F &&f) {
  costmodel::for_each_accel_field([&](const auto &field) {
    if (field.name == name)
      f(field);
  });
}

/// Whether a field of `kind` is a digit of `dataflow`'s index range: the crossbar lists are
/// imc_crossbar's only (the others take their first value).
bool is_digit_of(costmodel::AccelFieldKind kind, costmodel::Dataflow dataflow) {
  return kind != costmodel::AccelFieldKind::crossbar ||
         dataflow == costmodel::Dataflow::imc_crossbar;
}

std::uint64_t checked_product(std::uint64_t a, std::uint64_t b) {
  if (b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b)
    throw InputError("accelerator grid: more than 2^64 accelerators");
  return a * b;
}

} // namespace

std::string_view to_string(AccelSubset subset) {
  switch (subset) {
  case AccelSubset::none:
    return "none";
  case AccelSubset::random:
    return "random";
  case AccelSubset::lhs:
    return "lhs";
  }
  return "unknown";
}

std::optional<AccelSubset> parse_accel_subset(std::string_view name) {
  for (const AccelSubset subset : {AccelSubset::none, AccelSubset::random, AccelSubset::lhs})
    if (name == to_string(subset))
      return subset;
  return std::nullopt;
}

std::optional<std::pair<std::int64_t, std::int64_t>>
array_shape(std::int64_t num_pes, std::int64_t rows, std::int64_t cols) {
  if (rows == 0 && cols == 0)
    return costmodel::default_array_shape(num_pes);
  if (rows == 0) {
    if (num_pes % cols != 0)
      return std::nullopt;
    rows = num_pes / cols;
  } else if (cols == 0) {
    if (num_pes % rows != 0)
      return std::nullopt;
    cols = num_pes / rows;
  }
  if (rows * cols != num_pes)
    return std::nullopt;
  return std::pair{rows, cols};
}

AccelSpace::AccelSpace(AccelGrid grid) : grid_(std::move(grid)) {
  if (!grid_.devices.empty()) {
    grid_size_ = grid_.devices.size();
    points_ = IndexSubset::all(grid_size_);
    selection_.valid = grid_size_;
    return;
  }
  if (grid_.dataflow.empty())
    throw InputError("accelerator grid: the list 'dataflow' is empty");
  std::uint64_t per_dataflow = 1, crossbar_size = 1;
  costmodel::for_each_accel_field([&](const auto &field) {
    const std::size_t count = grid_values(grid_, field.member).size();
    if (field.kind == costmodel::AccelFieldKind::array_side) { // optional: empty is one value
      per_dataflow = checked_product(per_dataflow, std::max<std::size_t>(1, count));
      return;
    }
    if (count == 0)
      throw InputError(fmt::format("accelerator grid: the list '{}' is empty", field.name));
    if (field.kind == costmodel::AccelFieldKind::crossbar)
      crossbar_size = checked_product(crossbar_size, count);
    else
      per_dataflow = checked_product(per_dataflow, count);
  });
  grid_size_ = 0;
  for (costmodel::Dataflow d : grid_.dataflow) {
    const std::uint64_t size = d == costmodel::Dataflow::imc_crossbar
                                   ? checked_product(per_dataflow, crossbar_size)
                                   : per_dataflow;
    if (grid_size_ > std::numeric_limits<std::uint64_t>::max() - size)
      throw InputError("accelerator grid: more than 2^64 accelerators");
    grid_size_ += size;
    dataflow_size_.push_back(size);
  }
  // Uniform grids (every dataflow has the same range) are one mixed-radix number: the radices,
  // most significant first, for Latin hypercubes over the axes.
  const bool uniform = crossbar_size == 1 ||
                       std::all_of(grid_.dataflow.begin(), grid_.dataflow.end(),
                                   [](auto d) { return d == costmodel::Dataflow::imc_crossbar; });
  if (uniform) {
    const auto optional = [](std::size_t n) -> std::uint64_t { return n ? n : 1; };
    for (std::string_view name : radix_names()) {
      std::uint64_t radix = grid_.dataflow.size();
      visit_field(name, [&](const auto &field) {
        radix = grid_values(grid_, field.member).size();
        if (field.kind == costmodel::AccelFieldKind::array_side)
          radix = optional(radix); // not given: one digit of value 0
      });
      radices_.push_back(radix);
    }
  }
  points_ = IndexSubset::all(grid_size_);
  selection_.valid = grid_size_;
}

const std::vector<std::string_view> &AccelSpace::radix_names() {
  // The order of the mixed-radix accelerator index: changing it renumbers every accelerator.
  static const std::vector<std::string_view> kNames = {
      "dataflow",  "num_pes",     "array_rows", "array_cols",    "l1_bytes",  "l2_kib",
      "noc_bw",    "offchip_bw",  "data_bits",  "xbar_rows",     "xbar_cols", "xbars",
      "cell_bits", "weight_bits", "adc_bits",   "adcs_per_xbar", "clock_mhz"};
  return kNames;
}

AccelSpace::AccelSpace(AccelGrid grid, IndexSubset points, AccelSelection selection)
    : AccelSpace(std::move(grid)) {
  if (points.range() != grid_size_)
    throw std::invalid_argument(fmt::format("AccelSpace: a subset of {} points for a grid of {}",
                                            points.range(), grid_size_));
  points_ = std::move(points);
  selection_ = std::move(selection);
}

std::uint64_t AccelSpace::grid_index(std::uint64_t index) const {
  if (index >= size())
    throw std::out_of_range(
        fmt::format("accelerator index {} is out of range (the space has {})", index, size()));
  return points_.at(index);
}

costmodel::AccelParams AccelSpace::grid_at(std::uint64_t index) const {
  if (index >= grid_size_)
    throw std::out_of_range(
        fmt::format("accelerator index {} is out of range (the grid has {})", index, grid_size_));
  costmodel::AccelParams a;
  if (!grid_.devices.empty())
    return a;
  std::size_t d = 0;
  while (index >= dataflow_size_[d])
    index -= dataflow_size_[d++];
  a.dataflow = grid_.dataflow[d];
  // Least significant digit first: radix_names() backwards, written out (this runs for every
  // accelerator of every cost table).
  a.clock_mhz = take_digit(index, grid_.clock_mhz);
  if (a.dataflow == costmodel::Dataflow::imc_crossbar) {
    a.adcs_per_xbar = take_digit(index, grid_.adcs_per_xbar);
    a.adc_bits = take_digit(index, grid_.adc_bits);
    a.weight_bits = take_digit(index, grid_.weight_bits);
    a.cell_bits = take_digit(index, grid_.cell_bits);
    a.xbars = take_digit(index, grid_.xbars);
    a.xbar_cols = take_digit(index, grid_.xbar_cols);
    a.xbar_rows = take_digit(index, grid_.xbar_rows);
  } else {
    a.adcs_per_xbar = grid_.adcs_per_xbar.front();
    a.adc_bits = grid_.adc_bits.front();
    a.weight_bits = grid_.weight_bits.front();
    a.cell_bits = grid_.cell_bits.front();
    a.xbars = grid_.xbars.front();
    a.xbar_cols = grid_.xbar_cols.front();
    a.xbar_rows = grid_.xbar_rows.front();
  }
  a.data_bits = take_digit(index, grid_.data_bits);
  a.offchip_bw = take_digit(index, grid_.offchip_bw);
  a.noc_bw = take_digit(index, grid_.noc_bw);
  a.l2_kib = take_digit(index, grid_.l2_kib);
  a.l1_bytes = take_digit(index, grid_.l1_bytes);
  const std::int64_t cols = take_optional_digit(index, grid_.array_cols);
  const std::int64_t rows = take_optional_digit(index, grid_.array_rows);
  a.num_pes = take_digit(index, grid_.num_pes);
  const auto shape = array_shape(a.num_pes, rows, cols);
  if (!shape) // the study parser rejects such grids first, naming the key
    throw InputError(fmt::format("accelerator grid: array_rows {} x array_cols {} does not fit "
                                 "num_pes = {}",
                                 rows, cols, a.num_pes));
  std::tie(a.array_rows, a.array_cols) = *shape;
  return a;
}

namespace {

/// Appends the digit of `value` in `list` (radix list.size()) to `index`; false when the list
/// does not hold it.
template <typename T>
bool put_digit(std::uint64_t &index, const std::vector<T> &list, const T &value) {
  const auto found = std::find(list.begin(), list.end(), value);
  if (found == list.end())
    return false;
  index = index * list.size() + static_cast<std::uint64_t>(found - list.begin());
  return true;
}

bool same_params(const costmodel::AccelParams &a, const costmodel::AccelParams &b) {
  bool same = a.dataflow == b.dataflow;
  costmodel::for_each_accel_field(
      [&](const auto &field) { same = same && a.*field.member == b.*field.member; });
  return same;
}

} // namespace

std::optional<std::uint64_t> AccelSpace::index_of(const costmodel::AccelParams &a) const {
  if (!grid_.devices.empty())
    return std::nullopt;
  // grid_at's digits, most significant first, within the dataflow's range.
  std::uint64_t offset = 0;
  std::size_t d = 0;
  while (d < grid_.dataflow.size() && grid_.dataflow[d] != a.dataflow)
    offset += dataflow_size_[d++];
  if (d == grid_.dataflow.size())
    return std::nullopt;
  std::uint64_t index = 0;
  bool found = true;
  const auto &names = radix_names();
  for (auto name = names.begin() + 1; found && name != names.end(); ++name)
    visit_field(*name, [&](const auto &field) {
      const auto &list = grid_values(grid_, field.member);
      if (field.kind == costmodel::AccelFieldKind::array_side)
        found = list.empty() || put_digit(index, list, a.*field.member);
      else if (is_digit_of(field.kind, a.dataflow))
        found = put_digit(index, list, a.*field.member);
    });
  if (!found)
    return std::nullopt;
  // The fields no digit names (the derived array side, a non-crossbar's crossbar fields) must
  // be the grid point's too.
  const std::uint64_t grid = offset + index;
  if (!same_params(grid_at(grid), a))
    return std::nullopt;
  return points_.position(grid);
}

std::optional<std::uint64_t> AccelSpace::index_of_device(std::string_view name) const {
  const auto found = std::find(grid_.devices.begin(), grid_.devices.end(), name);
  if (found == grid_.devices.end())
    return std::nullopt;
  return points_.position(static_cast<std::uint64_t>(found - grid_.devices.begin()));
}

std::string AccelSpace::label(std::uint64_t index) const {
  if (!grid_.devices.empty())
    return grid_.devices.at(grid_index(index));
  return std::string(costmodel::to_string(at(index).dataflow));
}

void AccelSpace::block(std::uint64_t first, std::uint64_t count, costmodel::AccelBlock &out) const {
  if (first > size() || count > size() - first)
    throw std::out_of_range(fmt::format("accelerator block [{}, {}) exceeds the space of {}", first,
                                        first + count, size()));
  out.clear();
  for (std::uint64_t i = first; i < first + count; ++i)
    out.push_back(at(i));
}

namespace {

/// The grid list paired with `member` in `lists`.
template <typename T, std::size_t N>
const std::vector<T> &
list_of(const AccelGrid &grid, T costmodel::AccelParams::*member,
        const std::pair<T costmodel::AccelParams::*, std::vector<T> AccelGrid::*> (&lists)[N]) {
  for (const auto &[field, list] : lists)
    if (field == member)
      return grid.*list;
  throw std::invalid_argument("grid_values: an accelerator field without a grid list");
}

} // namespace

const std::vector<std::int64_t> &grid_values(const AccelGrid &grid,
                                             std::int64_t costmodel::AccelParams::*member) {
  using P = costmodel::AccelParams;
  using G = AccelGrid;
  static constexpr std::pair<std::int64_t P::*, std::vector<std::int64_t> G::*> kLists[] = {
      {&P::num_pes, &G::num_pes},
      {&P::array_rows, &G::array_rows},
      {&P::array_cols, &G::array_cols},
      {&P::data_bits, &G::data_bits},
      {&P::xbar_rows, &G::xbar_rows},
      {&P::xbar_cols, &G::xbar_cols},
      {&P::xbars, &G::xbars},
      {&P::cell_bits, &G::cell_bits},
      {&P::weight_bits, &G::weight_bits},
      {&P::adc_bits, &G::adc_bits},
      {&P::adcs_per_xbar, &G::adcs_per_xbar}};
  return list_of(grid, member, kLists);
}

const std::vector<double> &grid_values(const AccelGrid &grid,
                                       double costmodel::AccelParams::*member) {
  using P = costmodel::AccelParams;
  using G = AccelGrid;
  static constexpr std::pair<double P::*, std::vector<double> G::*> kLists[] = {
      {&P::l1_bytes, &G::l1_bytes},
      {&P::l2_kib, &G::l2_kib},
      {&P::noc_bw, &G::noc_bw},
      {&P::offchip_bw, &G::offchip_bw},
      {&P::clock_mhz, &G::clock_mhz}};
  return list_of(grid, member, kLists);
}

std::vector<std::int64_t> &grid_values(AccelGrid &grid,
                                       std::int64_t costmodel::AccelParams::*member) {
  return const_cast<std::vector<std::int64_t> &>(grid_values(std::as_const(grid), member));
}

std::vector<double> &grid_values(AccelGrid &grid, double costmodel::AccelParams::*member) {
  return const_cast<std::vector<double> &>(grid_values(std::as_const(grid), member));
}

} // namespace coscan::search
