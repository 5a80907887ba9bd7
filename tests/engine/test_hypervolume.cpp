// Exact hypervolume (2-D, 3-D and slicing in 4-D/5-D) against a grid-counting reference.
#include <coscan/engine/analyses/hypervolume.hpp>

#include <gtest/gtest.h>

#include <random>

namespace coscan::engine {
namespace {

std::vector<double> random_points(std::size_t n, std::size_t d, unsigned seed, int levels) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> level(0, levels - 1);
  std::vector<double> points(n * d);
  for (double &v : points)
    v = level(rng) / static_cast<double>(levels); // few levels: many ties
  return points;
}

TEST(Hypervolume, SimpleShapes) {
  const std::vector<double> ref2{1, 1};
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{0, 0}, ref2), 1.0);
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{0.5, 0, 0, 0.5}, ref2), 0.75);
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{1.5, 0}, ref2), 0.0); // beyond the reference
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{}, ref2), 0.0);
  const std::vector<double> ref3{1, 1, 1};
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{0.5, 0.5, 0.5}, ref3), 0.125);
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{0, 0.5, 0.5, 0.5, 0, 0.5}, ref3), 0.375);
  EXPECT_DOUBLE_EQ(hypervolume(std::vector<double>{0.25}, std::vector<double>{1}), 0.75);
  EXPECT_THROW(hypervolume(std::vector<double>{0, 0, 0}, ref2), std::invalid_argument);
}

TEST(Hypervolume, MatchesGridReference) {
  for (std::size_t d = 2; d <= 5; ++d)
    for (unsigned seed = 1; seed <= 6; ++seed) {
      const std::size_t n = d >= 4 ? 7 : 20;
      const std::vector<double> points =
          random_points(n, d, seed * 31 + static_cast<unsigned>(d), seed % 2 ? 5 : 50);
      std::vector<double> reference(d, 0.9); // some points fall outside
      const double fast = hypervolume(points, reference);
      const double slow = hypervolume_grid_reference(points, reference);
      EXPECT_NEAR(fast, slow, 1e-12) << "d=" << d << " seed=" << seed;
      EXPECT_GT(slow, 0.0);
    }
}

TEST(Hypervolume, IndependentOfPointOrder) {
  std::vector<double> points = random_points(200, 3, 7, 1000);
  const std::vector<double> reference(3, 1.0);
  const double a = hypervolume(points, reference);
  // Reverse the rows.
  std::vector<double> reversed;
  for (std::size_t i = 200; i-- > 0;)
    reversed.insert(reversed.end(), points.begin() + 3 * i, points.begin() + 3 * i + 3);
  EXPECT_EQ(a, hypervolume(reversed, reference));
}

} // namespace
} // namespace coscan::engine
