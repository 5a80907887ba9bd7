#include <coscan/engine/sweep/pair_sample.hpp>
#include <coscan/search/sampling.hpp>

#include <coscan/engine/sweep/parallel.hpp>

#include <limits>
#include <stdexcept>

namespace coscan::engine {

std::vector<PairId> sample_pairs(std::uint64_t archs, std::uint64_t accels, std::uint64_t count,
                                 std::uint64_t seed, bool with_replacement) {
  if (archs == 0 || accels == 0)
    throw std::invalid_argument("sample_pairs: empty space");
  std::vector<PairId> pairs(count);
  // Independent streams of the seed for the permutation and the two draws.
  const std::uint64_t key = search::mix64(seed) ^ 0x7061697273; // "pairs"
  if (with_replacement) {
    const std::uint64_t arch_key = search::mix64(key ^ 1), accel_key = search::mix64(key ^ 2);
    engine::parallel_for(std::uint64_t{0}, count, [&](std::uint64_t i) {
      pairs[i] = {search::draw_with_replacement(archs, arch_key, i),
                  search::draw_with_replacement(accels, accel_key, i)};
    });
  } else {
    if (archs > std::numeric_limits<std::uint64_t>::max() / accels || count > archs * accels)
      throw std::invalid_argument("sample_pairs: more draws than pairs without replacement");
    const search::IndexPermutation permutation(archs * accels, key);
    engine::parallel_for(std::uint64_t{0}, count, [&](std::uint64_t i) {
      const std::uint64_t k = permutation(i);
      pairs[i] = {k / accels, k % accels};
    });
  }
  engine::parallel_sort(pairs.begin(), pairs.end(), [](const PairId &x, const PairId &y) {
    return x.accel != y.accel ? x.accel < y.accel : x.arch < y.arch;
  });
  return pairs;
}

} // namespace coscan::engine
