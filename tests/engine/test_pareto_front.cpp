// ParetoFront pinned to the O(n^2) reference brute_force_front: random data with heavy ties,
// every batching, insertion order and merge tree must give the same set, on every kernel target.
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace coscan::engine {
namespace {

struct Points {
  std::size_t k = 0;
  std::vector<double> values; // row-major n x k
  std::vector<PairId> ids;
  std::size_t size() const { return ids.size(); }
};

PairId id_of_row(std::size_t row) { return {row / 3, (row * 7919) % 1000}; }

// Values from {0, .., levels - 1}: few levels mean many ties and duplicate vectors.
Points random_points(std::mt19937_64 &rng, std::size_t n, std::size_t k, int levels) {
  Points p{k, std::vector<double>(n * k), std::vector<PairId>(n)};
  std::uniform_int_distribution<int> level(0, levels - 1);
  for (double &v : p.values)
    v = level(rng);
  for (std::size_t row = 0; row < n; ++row)
    p.ids[row] = id_of_row(row);
  return p;
}

Points rows(const Points &all, const std::vector<std::size_t> &which) {
  Points p{all.k, {}, {}};
  for (const std::size_t row : which) {
    p.ids.push_back(all.ids[row]);
    p.values.insert(p.values.end(), all.values.begin() + row * all.k,
                    all.values.begin() + (row + 1) * all.k);
  }
  return p;
}

// The reference front of `all`, in ascending-id order (ids are unique in these tests).
Points reference_front(const Points &all) {
  Points front = rows(all, brute_force_front(all.values, all.k));
  std::vector<std::size_t> order(front.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return front.ids[a] < front.ids[b]; });
  return rows(front, order);
}

void expect_front(ParetoFront &front, const Points &expected) {
  front.sort_by_id();
  ASSERT_EQ(front.size(), expected.size());
  EXPECT_TRUE(std::equal(front.ids().begin(), front.ids().end(), expected.ids.begin()));
  EXPECT_TRUE(std::equal(front.values().begin(), front.values().end(), expected.values.begin()));
}

// Inserts rows in a random order, in batches of random sizes.
void insert_shuffled(ParetoFront &front, const Points &all, std::mt19937_64 &rng) {
  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), rng);
  const Points shuffled = rows(all, order);
  std::uniform_int_distribution<std::size_t> batch_size(0, std::max<std::size_t>(1, all.size()));
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t n = std::min(batch_size(rng) / (1 + rng() % 8), all.size() - at);
    front.insert(std::span(shuffled.values).subspan(at * all.k, n * all.k),
                 std::span(shuffled.ids).subspan(at, n));
    at += n;
  }
}

TEST(BruteForceFront, HandExample) {
  // (1,3) (2,2) (3,1) non-dominated; (2,3) dominated by (1,3) and (2,2); (2,2) twice.
  const std::vector<double> v{1, 3, 2, 2, 3, 1, 2, 3, 2, 2};
  EXPECT_EQ(brute_force_front(v, 2), (std::vector<std::size_t>{0, 1, 2, 4}));
}

/// Runs `body` on every kernel target this CPU has (the dominance scan is vectorised per target),
/// then goes back to the widest.
template <class Body> void on_every_kernel_target(const Body &body) {
  for (const KernelTarget target : supported_kernel_targets()) {
    set_kernel_target(target);
    SCOPED_TRACE(::testing::Message() << "kernel " << to_string(target));
    body();
  }
  set_kernel_target(supported_kernel_targets().back());
}

TEST(ParetoFront, RandomBatchesMatchReference) {
  on_every_kernel_target([] {
    std::mt19937_64 rng(20240601);
    for (int trial = 0; trial < 120; ++trial) {
      const std::size_t k = 1 + trial % 6;
      const int levels = 2 + trial % 5;
      const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 1500)(rng);
      const Points all = random_points(rng, n, k, levels);
      const Points expected = reference_front(all);
      ParetoFront front(k);
      insert_shuffled(front, all, rng);
      SCOPED_TRACE(::testing::Message() << "trial " << trial << " k " << k << " n " << n);
      expect_front(front, expected);
    }
  });
}

// offer() in pieces of random sizes, closing each batch after a random number of pieces: the
// same front as the reference, whatever the batching.
TEST(ParetoFront, BatchesOfferedInPiecesMatchReference) {
  on_every_kernel_target([] {
    std::mt19937_64 rng(20261207);
    for (int trial = 0; trial < 80; ++trial) {
      const std::size_t k = 1 + trial % 6;
      const Points all = random_points(
          rng, std::uniform_int_distribution<std::size_t>(0, 3000)(rng), k, 2 + trial % 7);
      ParetoFront front(k);
      std::size_t at = 0;
      while (at < all.size()) {
        const std::size_t n = std::min<std::size_t>(rng() % 97, all.size() - at);
        front.offer(std::span(all.values).subspan(at * k, n * k),
                    std::span(all.ids).subspan(at, n));
        at += n;
        if (rng() % 8 == 0)
          front.close_batch();
      }
      front.close_batch();
      SCOPED_TRACE(::testing::Message() << "trial " << trial << " k " << k);
      expect_front(front, reference_front(all));
    }
  });
}

TEST(ParetoFront, OpenBatchRefusesOtherCalls) {
  ParetoFront front(2), other(2);
  const std::vector<double> v{1, 2, 2, 1};
  const std::vector<PairId> ids{{1, 1}, {2, 2}};
  front.close_batch(); // nothing open: nothing happens
  front.offer(v, ids);
  EXPECT_EQ(front.size(), 0u); // offered rows join at close_batch()
  EXPECT_THROW(front.insert(v, ids), std::logic_error);
  EXPECT_THROW(front.merge(other), std::logic_error);
  EXPECT_THROW(other.merge(front), std::logic_error);
  EXPECT_THROW(front.sort_by_id(), std::logic_error);
  EXPECT_THROW((void)front.save(), std::logic_error);
  front.close_batch();
  EXPECT_EQ(front.size(), 2u);
  front.merge(other);
  EXPECT_EQ(ParetoFront::load(front.save()).size(), 2u);
}

TEST(ParetoFront, ContinuousValuesMatchReference) {
  on_every_kernel_target([] {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    for (std::size_t k = 1; k <= 7; ++k) {
      Points all = random_points(rng, 4000, k, 2);
      for (double &v : all.values)
        v = normal(rng);
      // Some infinite objectives: +infinity is also the scan's padding, which must dominate
      // nothing, not even an all-infinite point.
      for (std::size_t i = 0; i < all.values.size(); i += 37)
        all.values[i] = i % 2 ? std::numeric_limits<double>::infinity()
                              : -std::numeric_limits<double>::infinity();
      for (std::size_t o = 0; o < k; ++o)
        all.values[o] = std::numeric_limits<double>::infinity();
      ParetoFront front(k);
      insert_shuffled(front, all, rng);
      SCOPED_TRACE(::testing::Message() << "k " << k);
      expect_front(front, reference_front(all));
    }
  });
}

TEST(ParetoFront, MergesOfRandomPartitionsEqualOneShot) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t k = 1 + trial % 6;
    const Points all = random_points(rng, 2000, k, 3 + trial % 4);
    const Points expected = reference_front(all);
    const std::size_t parts = 1 + rng() % 9;
    std::vector<std::vector<std::size_t>> part_rows(parts);
    for (std::size_t row = 0; row < all.size(); ++row)
      part_rows[rng() % parts].push_back(row);
    std::vector<ParetoFront> fronts;
    for (const auto &part : part_rows) {
      fronts.emplace_back(k);
      insert_shuffled(fronts.back(), rows(all, part), rng);
    }
    // Merge in a random tree: repeatedly fold a random front into another.
    while (fronts.size() > 1) {
      const std::size_t from = rng() % fronts.size();
      std::size_t into = rng() % fronts.size();
      if (into == from)
        into = (into + 1) % fronts.size();
      if (rng() % 2)
        fronts[from].sort_by_id(); // merging must not care about the member order
      fronts[into].merge(fronts[from]);
      fronts.erase(fronts.begin() + static_cast<std::ptrdiff_t>(from));
    }
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " parts " << parts);
    expect_front(fronts.front(), expected);
  }
}

TEST(ParetoFront, InsertAfterSortByIdStaysExact) {
  std::mt19937_64 rng(3);
  const Points all = random_points(rng, 3000, 4, 4);
  ParetoFront front(4);
  for (std::size_t at = 0; at < all.size(); at += 250) {
    front.insert(std::span(all.values).subspan(at * 4, 250 * 4),
                 std::span(all.ids).subspan(at, 250));
    front.sort_by_id();
  }
  expect_front(front, reference_front(all));
}

TEST(ParetoFront, IdenticalVectorsAreAllKept) {
  ParetoFront front(3);
  const std::vector<double> v{1, 2, 3, 1, 2, 3, 3, 2, 1, 1, 2, 3, 2, 2, 3};
  const std::vector<PairId> ids{{4, 0}, {2, 0}, {3, 0}, {1, 0}, {0, 0}};
  front.insert(v, ids);
  front.insert(std::span(v).first(3), std::span(ids).subspan(3, 1)); // same id, same values
  front.sort_by_id();
  EXPECT_EQ(front.size(), 5u); // (2,2,3) is dominated by (1,2,3)
  const std::vector<PairId> expected{{1, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
  ASSERT_EQ(front.size(), expected.size());
  EXPECT_TRUE(std::equal(front.ids().begin(), front.ids().end(), expected.begin()));
}

TEST(ParetoFront, SinglePointAndEmptyInserts) {
  ParetoFront front(2);
  front.insert({}, {});
  EXPECT_EQ(front.size(), 0u);
  const std::vector<double> v{5, -1};
  const std::vector<PairId> id{{7, 8}};
  front.insert(v, id);
  front.insert({}, {});
  ASSERT_EQ(front.size(), 1u);
  EXPECT_EQ(front.ids()[0], (PairId{7, 8}));
  EXPECT_EQ(front.values()[1], -1.0);
  ParetoFront empty(2);
  front.merge(empty);
  empty.merge(front);
  EXPECT_EQ(front.size(), 1u);
  EXPECT_EQ(empty.size(), 1u);
}

TEST(ParetoFront, BadInputThrowsAndLeavesFrontUnchanged) {
  EXPECT_THROW(ParetoFront(0), std::invalid_argument);
  ParetoFront front(2);
  const std::vector<double> good{1, 2};
  const std::vector<PairId> one{{1, 1}};
  front.insert(good, one);
  const std::vector<double> nan{0, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_THROW(front.insert(nan, one), std::invalid_argument);
  const std::vector<double> short_row{0};
  EXPECT_THROW(front.insert(short_row, one), std::invalid_argument);
  ParetoFront other(3);
  EXPECT_THROW(front.merge(other), std::invalid_argument);
  EXPECT_THROW(brute_force_front(nan, 2), std::invalid_argument);
  ASSERT_EQ(front.size(), 1u);
  EXPECT_EQ(front.values()[0], 1.0);
}

TEST(ParetoFront, NegativeZeroEqualsZero) {
  ParetoFront front(2);
  const std::vector<double> v{0.0, 1.0, -0.0, 1.0};
  const std::vector<PairId> ids{{1, 0}, {2, 0}};
  front.insert(v, ids);
  EXPECT_EQ(front.size(), 2u); // equal vectors: neither dominates
  const std::vector<double> better{-0.0, 0.0};
  const std::vector<PairId> id3{{3, 0}};
  front.insert(better, id3);
  ASSERT_EQ(front.size(), 1u);
  EXPECT_EQ(front.ids()[0], (PairId{3, 0}));
}

TEST(ParetoFront, InfiniteValuesMatchReference) {
  std::mt19937_64 rng(11);
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double pool[] = {-inf,
                         -1.0,
                         0.0,
                         1.0,
                         inf,
                         std::numeric_limits<double>::max(),
                         -std::numeric_limits<double>::max()};
  for (std::size_t k = 1; k <= 5; ++k) {
    Points all = random_points(rng, 1500, k, 2);
    for (double &v : all.values)
      v = pool[rng() % std::size(pool)];
    ParetoFront front(k);
    insert_shuffled(front, all, rng);
    SCOPED_TRACE(::testing::Message() << "k " << k);
    expect_front(front, reference_front(all));
  }
}

TEST(ParetoFront, SortByIdIsDeterministic) {
  std::mt19937_64 rng(5);
  Points all = random_points(rng, 3000, 3, 3);
  for (std::size_t row = 0; row < all.size(); ++row)
    all.ids[row] = {row % 10, 0}; // many equal ids: the values break the ties
  all.values[0] = -0.0;           // and bitwise-different equal values get a fixed order
  all.values[3] = 0.0;
  std::copy_n(all.values.begin() + 1, 2, all.values.begin() + 4);
  ParetoFront a(3), b(3);
  insert_shuffled(a, all, rng);
  insert_shuffled(b, all, rng);
  a.sort_by_id();
  b.sort_by_id();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_TRUE(std::equal(a.ids().begin(), a.ids().end(), b.ids().begin()));
  EXPECT_EQ(std::memcmp(a.values().data(), b.values().data(), a.values().size_bytes()), 0);
  EXPECT_TRUE(std::is_sorted(a.ids().begin(), a.ids().end()));
}

TEST(ParetoFront, SelfMergeAndSelfInsertDuplicateEveryMember) {
  std::mt19937_64 rng(8);
  const Points all = random_points(rng, 500, 2, 50);
  ParetoFront front(2);
  front.insert(all.values, all.ids);
  const std::size_t size = front.size();
  front.merge(front);
  EXPECT_EQ(front.size(), 2 * size);
  front.insert(front.values(), front.ids());
  EXPECT_EQ(front.size(), 4 * size);
}

TEST(ParetoFront, MemoryStaysBoundedByTheFront) {
  constexpr std::size_t k = 4, batch = 65536;
  ParetoFront front(k);
  std::vector<double> best;
  std::vector<PairId> best_ids;
  for (std::size_t i = 0; i < 100; ++i) { // 100 mutually non-dominated points on a plane
    const double x = static_cast<double>(i);
    best.insert(best.end(), {x, 99.0 - x, 0.0, 0.0});
    best_ids.push_back({i, 0});
  }
  front.insert(best, best_ids);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 100.0);
  std::vector<double> values(batch * k);
  std::vector<PairId> ids(batch);
  for (std::size_t offered = 0; offered < 1'000'000; offered += batch) {
    for (std::size_t row = 0; row < batch; ++row) {
      const double x = std::floor(u(rng));
      values[row * k + 0] = x;
      values[row * k + 1] = 99.0 - x;
      values[row * k + 2] = u(rng) + 1e-9; // worse than the plane's 0 in objectives 2 and 3
      values[row * k + 3] = u(rng);
      ids[row] = {1000 + offered + row, 1};
    }
    front.insert(values, ids);
    ASSERT_EQ(front.size(), 100u);
  }
}

} // namespace
} // namespace coscan::engine
