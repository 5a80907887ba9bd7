#pragma once
// Selecting the points of an accelerator grid before a sweep: the constraints first, then an
// optional random or Latin-hypercube subset of the valid points. Both are deterministic
// functions of the grid, the constraints and the seed (no rank or thread count involved).
#include <coscan/search/accel_constraints.hpp>
#include <coscan/search/accel_space.hpp>
#include <coscan/search/index_subset.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace coscan::search {

/// The grid points of `grid` (an unconstrained AccelSpace) that pass `check`; `removed[r]`
/// counts the points whose first broken rule is kAccelRuleNames[r]. One pass over the grid.
IndexSubset valid_points(const AccelSpace &grid, const AccelConstraintCheck &check,
                         std::array<std::uint64_t, kNumAccelRules> &removed);

/// `count` distinct members of `valid` drawn uniformly (the first `count` values of a keyed
/// Feistel permutation of the positions), as ascending grid indices. count <= valid.size().
std::vector<std::uint64_t> random_subset(const IndexSubset &valid, std::uint64_t count,
                                         std::uint64_t seed);

struct LatinHypercube {
  std::vector<std::uint64_t> points; ///< ascending grid indices, distinct, all in `valid`
  /// Samples whose stratified point could not be repaired by a level swap and were replaced
  /// by a uniform valid point (0 on an unconstrained grid unless count nears the grid size).
  std::uint64_t fallbacks = 0;
};

/// `count` distinct valid points whose values on every axis of the grid (radices, most
/// significant first) are as even as a Latin hypercube makes them: with live_d the k_d values
/// of axis d that some valid point has, sample j takes live_d[floor(perm_d(j) * k_d / count)]
/// for a keyed permutation perm_d of [0, count), so each is hit floor or ceil(count / k_d) times.
/// An invalid or repeated point is repaired by swapping one axis' level with another sample
/// (marginals unchanged); see docs/spaces.md. count <= valid.size().
LatinHypercube latin_hypercube_subset(const std::vector<std::uint64_t> &radices,
                                      const IndexSubset &valid, std::uint64_t count,
                                      std::uint64_t seed);

} // namespace coscan::search
