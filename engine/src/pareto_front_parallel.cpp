// ParetoFront::merge_parallel: two fronts' union front with the dominance tests on oneTBB.
#include <coscan/engine/pareto_front.hpp>

#include "dominance.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace coscan::engine {
namespace {

/// keep[r] = no row of `by` dominates row r of `rows` (row-major, k objectives). Only rows with
/// a skyline key <= the row's can dominate it (dominance.hpp): `by` is scanned in key order and
/// the scan stops at the first larger key.
std::vector<std::uint8_t> undominated(std::span<const double> rows, std::span<const double> by,
                                      std::size_t k) {
  const std::size_t n = rows.size() / k, m = by.size() / k;
  std::vector<std::pair<double, std::size_t>> order(m);
  for (std::size_t j = 0; j < m; ++j)
    order[j] = {skyline_key(by.data() + j * k, k), j};
  std::sort(order.begin(), order.end());
  std::vector<double> sorted_keys(m), sorted(m * k);
  for (std::size_t i = 0; i < m; ++i) {
    sorted_keys[i] = order[i].first;
    std::copy_n(by.data() + order[i].second * k, k, sorted.data() + i * k);
  }
  std::vector<std::uint8_t> keep(n, 1);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 64), [&](const auto &range) {
    for (std::size_t r = range.begin(); r != range.end(); ++r) {
      const double *point = rows.data() + r * k;
      const double key = skyline_key(point, k);
      for (std::size_t i = 0; i < m && sorted_keys[i] <= key; ++i)
        if (dominates<0>(sorted.data() + i * k, point, k)) {
          keep[r] = 0;
          break;
        }
    }
  });
  return keep;
}

} // namespace

void ParetoFront::merge_parallel(const ParetoFront &other) {
  if (other.k_ != k_)
    throw std::invalid_argument("ParetoFront::merge_parallel: fronts over different objectives");
  if (&other == this) {
    const ParetoFront copy = other;
    merge_parallel(copy);
    return;
  }
  if (other.ids_.empty())
    return;
  // Within a front no member dominates another, and dominance is transitive, so the union's
  // front is exactly the members the other front does not dominate (ties all kept).
  const std::vector<std::uint8_t> keep_mine = undominated(values_, other.values_, k_);
  const std::vector<std::uint8_t> keep_theirs = undominated(other.values_, values_, k_);
  std::size_t size = 0;
  for (std::size_t member = 0; member < ids_.size(); ++member) {
    if (!keep_mine[member])
      continue;
    ids_[size] = ids_[member];
    keys_[size] = keys_[member];
    hits_[size] = hits_[member];
    std::copy_n(values_.data() + member * k_, k_, values_.data() + size * k_);
    ++size;
  }
  ids_.resize(size);
  keys_.resize(size);
  hits_.resize(size);
  values_.resize(size * k_);
  for (std::size_t row = 0; row < other.ids_.size(); ++row) {
    if (!keep_theirs[row])
      continue;
    ids_.push_back(other.ids_[row]);
    keys_.push_back(other.keys_[row]);
    hits_.push_back(0);
    values_.insert(values_.end(), other.values_.begin() + static_cast<std::ptrdiff_t>(row * k_),
                   other.values_.begin() + static_cast<std::ptrdiff_t>((row + 1) * k_));
  }
  last_dominator_ = 0;
}

} // namespace coscan::engine
