// Counter-based sampling: the keyed permutation is a bijection, draws depend only on
// (seed, i), and samples are sorted, sized and in range.
#include <coscan/search/sampling.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace coscan::search {
namespace {

TEST(Sampling, PermutationIsABijectionOnEveryRangeSize) {
  for (std::uint64_t n : {1u, 2u, 3u, 5u, 64u, 1000u, 15625u, 65537u}) {
    const IndexPermutation permutation(n, 7);
    std::vector<std::uint8_t> seen(n, 0);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t v = permutation(i);
      ASSERT_LT(v, n);
      ASSERT_EQ(seen[v], 0) << "n = " << n << ": " << v << " twice";
      seen[v] = 1;
    }
  }
}

TEST(Sampling, PermutationDependsOnTheSeedAndShuffles) {
  const IndexPermutation a(15625, 1), b(15625, 2);
  int same = 0, fixed = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    same += a(i) == b(i);
    fixed += a(i) == i;
  }
  EXPECT_LT(same, 10);
  EXPECT_LT(fixed, 10);
}

TEST(Sampling, LargeRangesWork) {
  const std::uint64_t n = 984770902183611232ull; // ~9.8e17
  const IndexPermutation permutation(n, 3);
  std::set<std::uint64_t> values;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const std::uint64_t v = permutation(i);
    EXPECT_LT(v, n);
    values.insert(v);
  }
  EXPECT_EQ(values.size(), 1000u);
}

TEST(Sampling, DrawsWithReplacementAreUniformEnough) {
  const std::uint64_t n = 10, draws = 100000;
  std::vector<int> histogram(n, 0);
  for (std::uint64_t i = 0; i < draws; ++i)
    ++histogram[draw_with_replacement(n, 42, i)];
  for (int count : histogram) // expected 10,000 each; 5 sigma is about +-475
    EXPECT_NEAR(count, 10000, 500);
  EXPECT_EQ(draw_with_replacement(n, 42, 17), draw_with_replacement(n, 42, 17));
}

TEST(Sampling, SampleIndicesAreSortedSizedAndDeterministic) {
  const auto without = sample_indices(15625, 500, 9, false);
  ASSERT_EQ(without.size(), 500u);
  EXPECT_TRUE(std::is_sorted(without.begin(), without.end()));
  EXPECT_EQ(std::set<std::uint64_t>(without.begin(), without.end()).size(), 500u);
  EXPECT_EQ(without, sample_indices(15625, 500, 9, false));
  EXPECT_NE(without, sample_indices(15625, 500, 10, false));
  const auto with = sample_indices(20, 100, 9, true);
  ASSERT_EQ(with.size(), 100u);
  EXPECT_TRUE(std::is_sorted(with.begin(), with.end()));
  EXPECT_LT(with.back(), 20u);
  EXPECT_EQ(sample_indices(7, 7, 1, false), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_THROW(sample_indices(7, 8, 1, false), std::invalid_argument);
}

} // namespace
} // namespace coscan::search
