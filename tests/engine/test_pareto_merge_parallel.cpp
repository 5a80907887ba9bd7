// ParetoFront::merge_parallel gives the same set as merge() and as a brute force of the union,
// with ties and repeated points, for 1 and 2 threads.
#include <coscan/engine/pareto_front.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>

namespace coscan::engine {
namespace {

/// n points on a coarse grid (so ties and repeats happen) near a trade-off surface (the last
/// objective falls as the others rise, so fronts are large), ids from `first`.
void random_points(std::size_t n, std::size_t k, std::uint64_t first, unsigned seed,
                   std::vector<double> &values, std::vector<PairId> &ids) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> coarse(0, 40), noise(0, 2);
  for (std::size_t i = 0; i < n; ++i) {
    int sum = 0;
    for (std::size_t o = 0; o + 1 < k; ++o) {
      const int v = coarse(rng);
      sum += v;
      values.push_back(v * 0.25);
    }
    values.push_back((40 * static_cast<int>(k - 1) - sum + noise(rng)) * 0.25);
    ids.push_back({first + i, i % 7});
  }
}

TEST(ParetoMergeParallel, SameSetAsMergeAndBruteForce) {
  for (std::size_t k : {2u, 3u, 4u}) {
    for (int threads : {1, 2}) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
      std::vector<double> va, vb;
      std::vector<PairId> ia, ib;
      random_points(3000, k, 0, 1 + static_cast<unsigned>(k), va, ia);
      random_points(2500, k, 100000, 7 + static_cast<unsigned>(k), vb, ib);
      ParetoFront a(k), b(k);
      a.insert(va, ia);
      b.insert(vb, ib);
      ParetoFront sequential = a, parallel = a;
      sequential.merge(b);
      parallel.merge_parallel(b);
      sequential.sort_by_id();
      parallel.sort_by_id();
      ASSERT_GT(parallel.size(), 20u);
      EXPECT_EQ(std::vector<PairId>(parallel.ids().begin(), parallel.ids().end()),
                std::vector<PairId>(sequential.ids().begin(), sequential.ids().end()))
          << k << " objectives, " << threads << " threads";
      EXPECT_EQ(std::vector<double>(parallel.values().begin(), parallel.values().end()),
                std::vector<double>(sequential.values().begin(), sequential.values().end()));

      std::vector<double> all = va;
      all.insert(all.end(), vb.begin(), vb.end());
      std::vector<PairId> all_ids = ia;
      all_ids.insert(all_ids.end(), ib.begin(), ib.end());
      std::vector<PairId> expected;
      for (std::size_t i : brute_force_front(all, k))
        expected.push_back(all_ids[i]);
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(std::vector<PairId>(parallel.ids().begin(), parallel.ids().end()), expected);

      ParetoFront empty(k); // into an empty front: a copy
      empty.merge_parallel(a);
      EXPECT_EQ(empty.size(), a.size());
    }
  }
}

} // namespace
} // namespace coscan::engine
