// The tree merge of the ranks' Pareto fronts, run under mpirun at fixed rank counts: every rank
// fronts its share of one random data set, and rank 0's merged front must equal the front of
// the whole data set, whatever the rank count.
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/engine/mpi/rank_merge.hpp>

#include <gtest/gtest.h>
#include <mpi.h>

#include <random>

namespace coscan::engine {
namespace {

TEST(RankMerge, MergedFrontEqualsTheFrontOfAllPoints) {
  int argc = 0;
  char **argv = nullptr;
  const MpiSession session(argc, argv); // MPI is already up: reports rank and size
  ASSERT_TRUE(session.active());
  const int rank = session.rank(), size = session.size();

  // The same data on every rank (fixed seed), heavy ties, 3 objectives.
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> level(0, 6);
  const std::size_t n = 20000, k = 3;
  std::vector<double> values(n * k);
  std::vector<PairId> ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    ids[i] = {i / 100, i % 100};
    for (std::size_t o = 0; o < k; ++o)
      values[i * k + o] = level(rng);
  }
  const TileRange share = tiles_of_rank(n, rank, size);
  SweepResult result(ParetoReducer({{Metric::latency, Sense::minimize},
                                    {Metric::energy, Sense::minimize},
                                    {Metric::area, Sense::minimize}}));
  result.pairs_evaluated = share.last - share.first;
  result.tiles = 1;
  result.pairs_computed = share.last - share.first;
  result.pareto.front().insert(
      std::span(values).subspan(share.first * k, (share.last - share.first) * k),
      std::span(ids).subspan(share.first, share.last - share.first));
  merge_to_root(result, session);

  if (rank == 0) {
    EXPECT_EQ(result.pairs_evaluated, n);
    std::vector<PairId> expected;
    for (std::size_t i : brute_force_front(values, k))
      expected.push_back(ids[i]);
    const auto got = result.pareto.front().ids();
    EXPECT_EQ(std::vector<PairId>(got.begin(), got.end()), expected) << size << " ranks";
  }
  (void)argc;
}

} // namespace
} // namespace coscan::engine
