// Latin-hypercube subsets of a (constrained) mixed-radix grid. Samples are placed in order;
// a sample whose point is invalid or already taken swaps its level on one axis with another
// sample (a swap keeps every axis' level counts), tried at keyed random partners; when no
// swap works, it takes the next free valid point of a keyed permutation instead.
#include <coscan/search/accel_selection.hpp>
#include <coscan/search/sampling.hpp>

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

namespace coscan::search {

namespace {

constexpr std::uint64_t kSwapTries = 512;
__extension__ typedef unsigned __int128 Wide; // perm(j) * k_d may pass 2^64

class Hypercube {
public:
  Hypercube(const std::vector<std::uint64_t> &radices, const IndexSubset &valid,
            std::uint64_t count, std::uint64_t seed)
      : radices_(radices), valid_(valid), n_(count), dims_(radices.size()),
        levels_(count * radices.size()) {
    const std::vector<std::vector<std::uint64_t>> live = live_levels();
    for (std::size_t d = 0; d < dims_; ++d) {
      if (live[d].size() > 1)
        varying_.push_back(d);
      const IndexPermutation perm(n_, mix64(seed ^ mix64(d + 1)));
      const std::uint64_t k = live[d].size();
      for (std::uint64_t j = 0; j < n_; ++j)
        level(j, d) = live[d][static_cast<std::uint64_t>(static_cast<Wide>(perm(j)) * k / n_)];
    }
  }

  LatinHypercube run(std::uint64_t seed) {
    LatinHypercube out;
    point_.assign(n_, 0);
    replaced_.assign(n_, false);
    taken_.reserve(n_);
    const IndexPermutation fallback_order(valid_.size(), mix64(seed ^ 0x66616c6c));
    std::uint64_t fallback_next = 0;
    for (std::uint64_t j = 0; j < n_; ++j) {
      const std::uint64_t g = encode(j);
      if (free_valid(g) || repair(j, seed)) {
        point_[j] = encode(j);
        taken_.insert(point_[j]);
        continue;
      }
      // count <= valid.size() guarantees a free valid point. The walk wraps around: a point
      // it skipped as taken may have been freed since by a swap.
      ++out.fallbacks;
      std::uint64_t candidate;
      do
        candidate = valid_.at(fallback_order(fallback_next++ % valid_.size()));
      while (taken_.count(candidate));
      point_[j] = candidate;
      replaced_[j] = true;
      taken_.insert(candidate);
    }
    out.points = point_;
    std::sort(out.points.begin(), out.points.end());
    return out;
  }

private:
  /// Per axis, the levels (value positions) that some valid point has: strata are drawn over
  /// these only, so a value the constraints rule out everywhere takes no samples.
  std::vector<std::vector<std::uint64_t>> live_levels() const {
    std::vector<std::vector<std::uint64_t>> live(dims_);
    if (valid_.is_all()) {
      for (std::size_t d = 0; d < dims_; ++d)
        for (std::uint64_t v = 0; v < radices_[d]; ++v)
          live[d].push_back(v);
      return live;
    }
    std::vector<std::vector<bool>> seen(dims_);
    for (std::size_t d = 0; d < dims_; ++d)
      seen[d].assign(radices_[d], false);
    valid_.for_each([&](std::uint64_t g) {
      for (std::size_t d = dims_; d-- > 0;) {
        seen[d][g % radices_[d]] = true;
        g /= radices_[d];
      }
    });
    for (std::size_t d = 0; d < dims_; ++d)
      for (std::uint64_t v = 0; v < radices_[d]; ++v)
        if (seen[d][v])
          live[d].push_back(v);
    return live;
  }

  std::uint64_t &level(std::uint64_t j, std::size_t d) { return levels_[j * dims_ + d]; }

  /// The grid index of sample j's levels, with axis `d` replaced by `value` when d < dims.
  std::uint64_t encode(std::uint64_t j, std::size_t d = SIZE_MAX, std::uint64_t value = 0) {
    std::uint64_t g = 0;
    for (std::size_t a = 0; a < dims_; ++a)
      g = g * radices_[a] + (a == d ? value : level(j, a));
    return g;
  }

  bool free_valid(std::uint64_t g) const { return valid_.contains(g) && !taken_.count(g); }

  /// Swaps one axis' level of sample j with a partner so that j's point is free and valid
  /// (and a placed partner's new point too). False when no tried swap works.
  bool repair(std::uint64_t j, std::uint64_t seed) {
    if (varying_.empty() || n_ < 2)
      return false;
    for (std::uint64_t attempt = 0; attempt < kSwapTries; ++attempt) {
      const std::uint64_t r = mix64(mix64(seed ^ mix64(j)) + attempt);
      const std::size_t d = varying_[r % varying_.size()];
      const std::uint64_t partner = (r >> 16) % n_;
      const std::uint64_t mine = level(j, d), theirs = level(partner, d);
      if (partner == j || mine == theirs || (partner < j && replaced_[partner]))
        continue;
      const std::uint64_t g = encode(j, d, theirs);
      if (!free_valid(g))
        continue;
      if (partner < j) { // placed: its new point must be free and valid too
        const std::uint64_t moved = encode(partner, d, mine);
        if (moved == g || !free_valid(moved))
          continue;
        taken_.erase(point_[partner]);
        point_[partner] = moved;
        taken_.insert(moved);
      }
      level(j, d) = theirs;
      level(partner, d) = mine;
      return true;
    }
    return false;
  }

  const std::vector<std::uint64_t> &radices_;
  const IndexSubset &valid_;
  std::uint64_t n_;
  std::size_t dims_;
  std::vector<std::uint64_t> levels_; ///< n x dims, row-major
  std::vector<std::size_t> varying_;  ///< axes with more than one value
  std::vector<std::uint64_t> point_;  ///< placed samples' grid indices
  std::vector<bool> replaced_;        ///< placed by the fallback: its levels are not its point
  std::unordered_set<std::uint64_t> taken_;
};

} // namespace

LatinHypercube latin_hypercube_subset(const std::vector<std::uint64_t> &radices,
                                      const IndexSubset &valid, std::uint64_t count,
                                      std::uint64_t seed) {
  if (count > valid.size())
    throw std::invalid_argument("latin_hypercube_subset: more points than the valid ones");
  if (count == 0)
    return {};
  return Hypercube(radices, valid, count, seed).run(seed);
}

} // namespace coscan::search
