// Constraint filtering and the random subset of an accelerator grid.
#include <coscan/search/accel_selection.hpp>
#include <coscan/search/sampling.hpp>

#include <stdexcept>

namespace coscan::search {

IndexSubset valid_points(const AccelSpace &grid, const AccelConstraintCheck &check,
                         std::array<std::uint64_t, kNumAccelRules> &removed) {
  removed.fill(0);
  return IndexSubset::filter(grid.grid_size(), [&](std::uint64_t g) {
    const auto rule = check.first_violation(grid.grid_at(g));
    if (rule)
      ++removed[*rule];
    return !rule;
  });
}

std::vector<std::uint64_t> random_subset(const IndexSubset &valid, std::uint64_t count,
                                         std::uint64_t seed) {
  if (count > valid.size())
    throw std::invalid_argument("random_subset: more points than the valid ones");
  // Positions come back sorted, and at() is increasing, so grid indices are sorted too.
  std::vector<std::uint64_t> points = sample_indices(valid.size(), count, seed, false);
  for (std::uint64_t &p : points)
    p = valid.at(p);
  return points;
}

} // namespace coscan::search
