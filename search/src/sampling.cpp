#include <coscan/search/sampling.hpp>

#include <algorithm>
#include <stdexcept>

namespace coscan::search {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

IndexPermutation::IndexPermutation(std::uint64_t n, std::uint64_t seed) : n_(n), seed_(seed) {
  if (n == 0)
    throw std::invalid_argument("IndexPermutation: empty range");
  unsigned bits = 2;
  while (bits < 64 && (std::uint64_t{1} << bits) < n)
    bits += 2;
  half_bits_ = bits / 2;
  half_mask_ = half_bits_ == 32 ? 0xffffffffull : (std::uint64_t{1} << half_bits_) - 1;
}

std::uint64_t IndexPermutation::operator()(std::uint64_t i) const {
  if (i >= n_)
    throw std::out_of_range("IndexPermutation: index past the range");
  std::uint64_t x = i;
  do { // cycle walking: the network permutes [0, 4^half_bits); walk until back in [0, n)
    std::uint64_t left = x >> half_bits_, right = x & half_mask_;
    for (std::uint64_t round = 0; round < 4; ++round) {
      const std::uint64_t f = mix64(seed_ ^ mix64(right + (round << 56))) & half_mask_;
      const std::uint64_t next = left ^ f;
      left = right;
      right = next;
    }
    x = (left << half_bits_) | right;
  } while (x >= n_);
  return x;
}

std::uint64_t draw_with_replacement(std::uint64_t n, std::uint64_t seed, std::uint64_t i) {
  if (n == 0)
    throw std::invalid_argument("draw_with_replacement: empty range");
  // Accept draws below the largest multiple of n; the attempt number keys the retries.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  for (std::uint64_t attempt = 0;; ++attempt) {
    const std::uint64_t r = mix64(mix64(seed ^ mix64(i)) + attempt);
    if (r < limit)
      return r % n;
  }
}

std::vector<std::uint64_t> sample_indices(std::uint64_t n, std::uint64_t count, std::uint64_t seed,
                                          bool with_replacement) {
  std::vector<std::uint64_t> out(count);
  if (with_replacement) {
    for (std::uint64_t i = 0; i < count; ++i)
      out[i] = draw_with_replacement(n, seed, i);
  } else {
    if (count > n)
      throw std::invalid_argument("sample_indices: more draws than values without replacement");
    const IndexPermutation permutation(n, seed);
    for (std::uint64_t i = 0; i < count; ++i)
      out[i] = permutation(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace coscan::search
