// The accelerator grid's index is a mixed-radix number whose digits, most significant first, are
// dataflow, num_pes, l1_bytes, l2_kib, noc_bw, offchip_bw, data_bits, clock_mhz: consecutive
// indices differ in the clock first, and each dataflow owns one contiguous range.
#include <coscan/costmodel/error.hpp>
#include <coscan/search/accel_space.hpp>

#include <fmt/format.h>

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

} // namespace

AccelSpace::AccelSpace(AccelGrid grid) : grid_(std::move(grid)) {
  const std::pair<const char *, std::size_t> lists[] = {
      {"dataflow", grid_.dataflow.size()},   {"num_pes", grid_.num_pes.size()},
      {"l1_bytes", grid_.l1_bytes.size()},   {"l2_kib", grid_.l2_kib.size()},
      {"noc_bw", grid_.noc_bw.size()},       {"offchip_bw", grid_.offchip_bw.size()},
      {"data_bits", grid_.data_bits.size()}, {"clock_mhz", grid_.clock_mhz.size()}};
  grid_size_ = 1;
  for (const auto &[name, count] : lists) {
    if (count == 0)
      throw InputError(fmt::format("accelerator grid: the list '{}' is empty", name));
    if (grid_size_ > std::numeric_limits<std::uint64_t>::max() / count)
      throw InputError("accelerator grid: more than 2^64 accelerators");
    grid_size_ *= count;
    radices_.push_back(count);
  }
  points_ = IndexSubset::all(grid_size_);
  selection_.valid = grid_size_;
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
  // Least significant digit first.
  a.clock_mhz = take_digit(index, grid_.clock_mhz);
  a.data_bits = take_digit(index, grid_.data_bits);
  a.offchip_bw = take_digit(index, grid_.offchip_bw);
  a.noc_bw = take_digit(index, grid_.noc_bw);
  a.l2_kib = take_digit(index, grid_.l2_kib);
  a.l1_bytes = take_digit(index, grid_.l1_bytes);
  a.num_pes = take_digit(index, grid_.num_pes);
  a.dataflow = take_digit(index, grid_.dataflow);
  std::tie(a.array_rows, a.array_cols) = costmodel::default_array_shape(a.num_pes);
  return a;
}

void AccelSpace::block(std::uint64_t first, std::uint64_t count, costmodel::AccelBlock &out) const {
  if (first > size() || count > size() - first)
    throw std::out_of_range(fmt::format("accelerator block [{}, {}) exceeds the space of {}", first,
                                        first + count, size()));
  out.clear();
  for (std::uint64_t i = first; i < first + count; ++i)
    out.push_back(at(i));
}

} // namespace coscan::search
