// Constrained accelerator spaces and their random / Latin-hypercube subsets: the constraint
// filter against a brute-force check of every grid point, and the subsets' determinism,
// validity and (for LHS) per-axis stratification.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/search/accel_selection.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace {

using coscan::costmodel::AccelParams;
using coscan::costmodel::AnalyticalModel;
using coscan::costmodel::Dataflow;
using namespace coscan::search;

// 3 x 7 x 4 x 3 x 2 x 2 x 2 x 2 = 8,064 points: primes and non-squares among the PE counts.
AccelGrid grid() {
  AccelGrid g;
  g.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary, Dataflow::row_stationary};
  g.num_pes = {2, 13, 64, 128, 168, 512, 1024};
  g.l1_bytes = {2, 8, 64, 512};
  g.l2_kib = {16, 128, 512};
  g.noc_bw = {32, 128};
  g.offchip_bw = {8, 32};
  g.data_bits = {8, 16};
  g.clock_mhz = {200, 800};
  return g;
}

AccelConstraints all_rules() {
  AccelConstraints c;
  c.area_max_mm2 = 4.0;
  c.onchip_max_kib = 300;
  c.max_aspect_ratio = 2.0;
  c.max_array_side = 24;
  c.dataflow_rules = true;
  c.filter_size = 3;
  return c;
}

/// The constraints as docs/spaces.md states them, written out independently.
bool brute_force_valid(const AccelParams &a, const AccelConstraints &c, const AnalyticalModel &m) {
  const double rows = static_cast<double>(a.array_rows), cols = static_cast<double>(a.array_cols);
  const double word = static_cast<double>(a.data_bits) / 8.0;
  if (c.max_aspect_ratio && std::max(rows, cols) / std::min(rows, cols) > *c.max_aspect_ratio)
    return false;
  if (c.max_array_side && std::max(rows, cols) > static_cast<double>(*c.max_array_side))
    return false;
  if (c.dataflow_rules) {
    const double s = static_cast<double>(c.filter_size);
    const double need = a.dataflow == Dataflow::weight_stationary   ? 2 * word
                        : a.dataflow == Dataflow::output_stationary ? 3 * word
                                                                    : (2 * s + 1) * word;
    if (a.l1_bytes < need)
      return false;
    if (a.dataflow == Dataflow::row_stationary && rows < s)
      return false;
  }
  if (c.onchip_max_kib &&
      a.l2_kib + static_cast<double>(a.num_pes) * a.l1_bytes / 1024 > *c.onchip_max_kib)
    return false;
  if (c.area_max_mm2 && m.area_mm2(a) > *c.area_max_mm2)
    return false;
  return true;
}

IndexSubset constrained(const AccelSpace &space, const AccelConstraints &c,
                        const AnalyticalModel &model,
                        std::array<std::uint64_t, kNumAccelRules> &removed) {
  const AccelConstraintCheck check(c, [&](const AccelParams &a) { return model.area_mm2(a); });
  return valid_points(space, check, removed);
}

TEST(AccelConstraints, EveryRuleMatchesBruteForceOverTheGrid) {
  const AccelSpace space(grid());
  const AnalyticalModel model;
  // Each rule alone, then all together.
  std::vector<AccelConstraints> cases(6);
  cases[0].area_max_mm2 = 3.0;
  cases[1].onchip_max_kib = 300;
  cases[2].max_aspect_ratio = 2.0;
  cases[3].max_array_side = 24;
  cases[4].dataflow_rules = true;
  cases[4].filter_size = 5;
  cases[5] = all_rules();
  for (std::size_t k = 0; k < cases.size(); ++k) {
    std::array<std::uint64_t, kNumAccelRules> removed{};
    const IndexSubset valid = constrained(space, cases[k], model, removed);
    std::vector<std::uint64_t> expected;
    for (std::uint64_t g = 0; g < space.grid_size(); ++g)
      if (brute_force_valid(space.grid_at(g), cases[k], model))
        expected.push_back(g);
    ASSERT_EQ(valid.size(), expected.size()) << "case " << k;
    for (std::uint64_t i = 0; i < expected.size(); ++i)
      ASSERT_EQ(valid.at(i), expected[i]) << "case " << k;
    std::uint64_t total_removed = 0;
    for (auto r : removed)
      total_removed += r;
    EXPECT_EQ(total_removed, space.grid_size() - valid.size()) << "case " << k;
    EXPECT_GT(total_removed, 0u) << "case " << k << " removes nothing: a weak test";
    EXPECT_GT(valid.size(), 0u) << "case " << k;
  }
}

TEST(AccelConstraints, ConstrainedSpaceIndexIsTheIthValidGridPoint) {
  const AccelSpace grid_space(grid());
  const AnalyticalModel model;
  std::array<std::uint64_t, kNumAccelRules> removed{};
  IndexSubset valid = constrained(grid_space, all_rules(), model, removed);
  const std::uint64_t count = valid.size();
  const AccelSpace space(grid(), std::move(valid),
                         AccelSelection{count, removed, coscan::search::AccelSubset::none, 0});
  ASSERT_EQ(space.size(), count);
  std::uint64_t i = 0;
  for (std::uint64_t g = 0; g < grid_space.grid_size(); ++g)
    if (brute_force_valid(grid_space.grid_at(g), all_rules(), model)) {
      ASSERT_EQ(space.grid_index(i), g);
      const AccelParams a = space.at(i), b = grid_space.at(g);
      EXPECT_EQ(a.num_pes, b.num_pes);
      EXPECT_EQ(a.l1_bytes, b.l1_bytes);
      EXPECT_EQ(a.clock_mhz, b.clock_mhz);
      ++i;
    }
  EXPECT_THROW(space.at(count), std::out_of_range);
  coscan::costmodel::AccelBlock block;
  space.block(count - 3, 3, block);
  EXPECT_EQ(block.at(2).num_pes, space.at(count - 1).num_pes);
}

TEST(AccelConstraints, RowStationaryRules) {
  AccelParams a;
  a.dataflow = Dataflow::row_stationary;
  a.data_bits = 8;
  a.array_rows = 4;
  a.l1_bytes = 7; // 2*3+1 words of one byte
  EXPECT_FALSE(dataflow_violation(a, 3));
  a.l1_bytes = 6;
  EXPECT_TRUE(dataflow_violation(a, 3));
  a.l1_bytes = 64;
  a.array_rows = 2;
  EXPECT_TRUE(dataflow_violation(a, 3));
  EXPECT_FALSE(dataflow_violation(a, 1));
}

std::map<std::uint64_t, std::uint64_t> level_counts(const std::vector<std::uint64_t> &points,
                                                    const std::vector<std::uint64_t> &radices,
                                                    std::size_t axis) {
  std::map<std::uint64_t, std::uint64_t> counts;
  for (std::uint64_t g : points) {
    std::uint64_t place = 1;
    for (std::size_t d = radices.size(); d-- > axis + 1;)
      place *= radices[d];
    ++counts[(g / place) % radices[axis]];
  }
  return counts;
}

void expect_distinct_and_valid(const std::vector<std::uint64_t> &points, const IndexSubset &valid,
                               std::uint64_t count) {
  ASSERT_EQ(points.size(), count);
  EXPECT_TRUE(std::is_sorted(points.begin(), points.end()));
  EXPECT_EQ(std::set<std::uint64_t>(points.begin(), points.end()).size(), count);
  for (std::uint64_t g : points)
    EXPECT_TRUE(valid.contains(g)) << g;
}

TEST(AccelSubset, RandomIsDeterministicDistinctAndValid) {
  const AccelSpace space(grid());
  const AnalyticalModel model;
  std::array<std::uint64_t, kNumAccelRules> removed{};
  const IndexSubset valid = constrained(space, all_rules(), model, removed);
  const auto a = random_subset(valid, 50, 9), b = random_subset(valid, 50, 9);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, random_subset(valid, 50, 10));
  expect_distinct_and_valid(a, valid, 50);
  EXPECT_EQ(random_subset(valid, valid.size(), 1).size(), valid.size());
}

TEST(AccelSubset, LatinHypercubeHitsEveryAxisValueEvenlyOnAFullGrid) {
  const AccelSpace space(grid());
  const IndexSubset all = IndexSubset::all(space.grid_size());
  for (std::uint64_t count : {7u, 12u, 84u, 100u, 1000u}) {
    const LatinHypercube lhs = latin_hypercube_subset(space.radices(), all, count, 5);
    expect_distinct_and_valid(lhs.points, all, count);
    EXPECT_EQ(lhs.fallbacks, 0u);
    for (std::size_t d = 0; d < space.radices().size(); ++d) {
      const std::uint64_t k = space.radices()[d];
      const auto counts = level_counts(lhs.points, space.radices(), d);
      if (count >= k) {
        EXPECT_EQ(counts.size(), k) << "axis " << d << ", " << count << " samples";
      }
      for (const auto &[level, hits] : counts) {
        EXPECT_GE(hits, count / k) << "axis " << d << " level " << level;
        EXPECT_LE(hits, (count + k - 1) / k) << "axis " << d << " level " << level;
      }
    }
  }
}

TEST(AccelSubset, LatinHypercubeIsDeterministicAndSeeded) {
  const AccelSpace space(grid());
  const IndexSubset all = IndexSubset::all(space.grid_size());
  const auto a = latin_hypercube_subset(space.radices(), all, 60, 3).points;
  EXPECT_EQ(a, latin_hypercube_subset(space.radices(), all, 60, 3).points);
  EXPECT_NE(a, latin_hypercube_subset(space.radices(), all, 60, 4).points);
}

TEST(AccelSubset, LatinHypercubeWithConstraintsStaysValidAndStratified) {
  const AccelSpace space(grid());
  const AnalyticalModel model;
  std::array<std::uint64_t, kNumAccelRules> removed{};
  const IndexSubset valid = constrained(space, all_rules(), model, removed);
  ASSERT_LT(valid.size(), space.grid_size() / 2); // the constraints bite
  const std::uint64_t count = 60;
  const LatinHypercube lhs = latin_hypercube_subset(space.radices(), valid, count, 11);
  expect_distinct_and_valid(lhs.points, valid, count);
  EXPECT_EQ(lhs.points, latin_hypercube_subset(space.radices(), valid, count, 11).points);
  EXPECT_LE(lhs.fallbacks, count / 10);
  // Strata span the values some valid point has (the "live" ones), and swaps keep the
  // marginals: even up to the fallbacks, each of which moves at most one hit per axis.
  std::vector<std::uint64_t> valid_list;
  for (std::uint64_t i = 0; i < valid.size(); ++i)
    valid_list.push_back(valid.at(i));
  for (std::size_t d = 0; d < space.radices().size(); ++d) {
    const auto live = level_counts(valid_list, space.radices(), d);
    const std::uint64_t k = live.size();
    const auto counts = level_counts(lhs.points, space.radices(), d);
    EXPECT_EQ(counts.size(), k) << "axis " << d;
    for (const auto &[level, hits] : counts) {
      EXPECT_GE(hits + lhs.fallbacks, count / k) << "axis " << d << " level " << level;
      EXPECT_LE(hits, (count + k - 1) / k + lhs.fallbacks) << "axis " << d << " level " << level;
    }
  }
  // All valid points: the subset is the valid set itself.
  const auto whole = latin_hypercube_subset(space.radices(), valid, valid.size(), 2);
  expect_distinct_and_valid(whole.points, valid, valid.size());
}

} // namespace
