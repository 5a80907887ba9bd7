// Saving and loading a Pareto front (checkpoints, messages between ranks).
#include <coscan/engine/reduction/pareto_front.hpp>

#include <gtest/gtest.h>

#include <random>

namespace coscan::engine {
namespace {

ParetoFront random_front(std::size_t n, std::size_t k, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> level(0, 9);
  std::vector<double> values(n * k);
  std::vector<PairId> ids(n);
  // Conflicting objectives (the last is minus the sum of the others) make a large front; the
  // few levels make ties and duplicates.
  for (std::size_t i = 0; i < n; ++i) {
    ids[i] = {i, 7 * i};
    double sum = 0;
    for (std::size_t o = 0; o + 1 < k; ++o)
      sum += values[i * k + o] = level(rng) - 0.5;
    values[i * k + k - 1] = -sum;
  }
  ParetoFront front(k);
  front.insert(values, ids);
  front.sort_by_id();
  return front;
}

TEST(ParetoState, RoundTripIsExact) {
  const ParetoFront front = random_front(5000, 4, 1);
  ASSERT_GT(front.size(), 10u);
  ParetoFront loaded = ParetoFront::load(front.save());
  loaded.sort_by_id();
  ASSERT_EQ(loaded.num_objectives(), 4u);
  ASSERT_EQ(loaded.size(), front.size());
  for (std::size_t i = 0; i < front.size(); ++i)
    EXPECT_EQ(loaded.ids()[i], front.ids()[i]);
  for (std::size_t i = 0; i < front.values().size(); ++i)
    EXPECT_EQ(loaded.values()[i], front.values()[i]);
}

TEST(ParetoState, EmptyFrontRoundTrips) {
  const ParetoFront loaded = ParetoFront::load(ParetoFront(3).save());
  EXPECT_EQ(loaded.size(), 0u);
  EXPECT_EQ(loaded.num_objectives(), 3u);
}

TEST(ParetoState, LoadedFrontKeepsFiltering) {
  ParetoFront loaded = ParetoFront::load(random_front(2000, 2, 2).save());
  const std::vector<double> dominating = {-100.0, -100.0};
  const std::vector<PairId> id = {{99999, 0}};
  loaded.insert(dominating, id);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded.ids()[0], id[0]);
}

TEST(ParetoState, CorruptStatesAreRefused) {
  std::vector<std::byte> state = random_front(100, 3, 3).save();
  EXPECT_THROW(ParetoFront::load(std::span(state).first(10)), std::invalid_argument);
  EXPECT_THROW(ParetoFront::load(std::span(state).first(state.size() - 1)), std::invalid_argument);
  std::vector<std::byte> bad_magic = state;
  bad_magic[0] = std::byte{0};
  EXPECT_THROW(ParetoFront::load(bad_magic), std::invalid_argument);
}

} // namespace
} // namespace coscan::engine
