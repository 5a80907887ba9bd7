// IndexSubset against brute force, in each of its three representations.
#include <coscan/search/index_subset.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace {

using coscan::search::IndexSubset;

void expect_matches(const IndexSubset &subset, std::uint64_t n,
                    const std::vector<std::uint64_t> &members) {
  ASSERT_EQ(subset.range(), n);
  ASSERT_EQ(subset.size(), members.size());
  for (std::uint64_t i = 0; i < members.size(); ++i)
    ASSERT_EQ(subset.at(i), members[i]) << "position " << i;
  std::vector<bool> member(n, false);
  for (auto m : members)
    member[m] = true;
  for (std::uint64_t g = 0; g < n; ++g)
    ASSERT_EQ(subset.contains(g), member[g]) << "index " << g;
  EXPECT_FALSE(subset.contains(n));
  // position() inverts at() on members and rejects the rest.
  for (std::uint64_t i = 0; i < members.size(); ++i)
    ASSERT_EQ(subset.position(members[i]), i) << "member " << members[i];
  for (std::uint64_t g = 0; g < n; ++g) {
    if (!member[g]) {
      ASSERT_FALSE(subset.position(g).has_value()) << "index " << g;
    }
  }
  EXPECT_FALSE(subset.position(n).has_value());
  std::vector<std::uint64_t> scanned;
  subset.for_each([&](std::uint64_t g) { scanned.push_back(g); });
  EXPECT_EQ(scanned, members);
  EXPECT_THROW(subset.at(members.size()), std::out_of_range);
}

std::vector<std::uint64_t> brute_force(std::uint64_t n, bool (*keep)(std::uint64_t)) {
  std::vector<std::uint64_t> members;
  for (std::uint64_t g = 0; g < n; ++g)
    if (keep(g))
      members.push_back(g);
  return members;
}

TEST(IndexSubset, DenseFilterUsesTheBitmapAndMatchesBruteForce) {
  auto keep = [](std::uint64_t g) { return (g * 2654435761u) % 7 != 0; }; // ~6/7 kept
  const std::uint64_t n = 5000;                                           // not a multiple of 512
  const IndexSubset subset = IndexSubset::filter(n, keep);
  expect_matches(subset, n, brute_force(n, keep));
  // Bitmap: 79 words + 10 directory entries, far below 8 bytes per member.
  EXPECT_LT(subset.memory_bytes(), 8 * subset.size() / 10);
}

TEST(IndexSubset, SparseFilterUsesTheListAndMatchesBruteForce) {
  auto keep = [](std::uint64_t g) { return g % 1000 == 17; };
  const std::uint64_t n = 100000;
  const IndexSubset subset = IndexSubset::filter(n, keep);
  expect_matches(subset, n, brute_force(n, keep));
  EXPECT_EQ(subset.memory_bytes(), 8 * subset.size());
}

TEST(IndexSubset, EverythingKeptNeedsNoStorage) {
  const IndexSubset subset = IndexSubset::filter(777, [](std::uint64_t) { return true; });
  EXPECT_TRUE(subset.is_all());
  EXPECT_EQ(subset.memory_bytes(), 0u);
  std::vector<std::uint64_t> members(777);
  for (std::uint64_t i = 0; i < members.size(); ++i)
    members[i] = i;
  expect_matches(subset, 777, members);
}

TEST(IndexSubset, NothingKept) {
  const IndexSubset subset = IndexSubset::filter(300, [](std::uint64_t) { return false; });
  expect_matches(subset, 300, {});
}

TEST(IndexSubset, FromSortedChecksItsInput) {
  expect_matches(IndexSubset::from_sorted(10, {1, 4, 9}), 10, {1, 4, 9});
  EXPECT_THROW(IndexSubset::from_sorted(10, {4, 1}), std::invalid_argument);
  EXPECT_THROW(IndexSubset::from_sorted(10, {1, 1}), std::invalid_argument);
  EXPECT_THROW(IndexSubset::from_sorted(10, {10}), std::invalid_argument);
}

} // namespace
