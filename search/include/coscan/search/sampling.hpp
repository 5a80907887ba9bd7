#pragma once
// Counter-based sampling of indices in [0, n): sample i depends only on (seed, i), so any rank
// makes any part of a sample without talking to the others, and a sample never depends on the
// rank count.
#include <cstdint>
#include <vector>

namespace coscan::search {

/// splitmix64's finaliser: a bijective 64-bit mix.
std::uint64_t mix64(std::uint64_t x);

/// A keyed pseudorandom permutation of [0, n): a 4-round Feistel network on the smallest even
/// number of bits covering n, with cycle walking back into range. Draws without replacement are
/// its first values.
class IndexPermutation {
public:
  IndexPermutation(std::uint64_t n, std::uint64_t seed);
  std::uint64_t operator()(std::uint64_t i) const;

private:
  std::uint64_t n_, seed_;
  unsigned half_bits_;
  std::uint64_t half_mask_;
};

/// Draw i with replacement: uniform in [0, n) (rejection, no modulo bias).
std::uint64_t draw_with_replacement(std::uint64_t n, std::uint64_t seed, std::uint64_t i);

/// `count` indices of [0, n), sorted ascending (so sweeps and results stay in index order):
/// without replacement (count <= n) the first `count` values of IndexPermutation(n, seed),
/// with replacement `count` independent draws (repeats possible).
std::vector<std::uint64_t> sample_indices(std::uint64_t n, std::uint64_t count, std::uint64_t seed,
                                          bool with_replacement);

} // namespace coscan::search
