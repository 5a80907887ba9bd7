// Progress over all ranks (run under mpirun with 2 and 4 ranks): rank 0 sees the sum of every
// rank's count, monotone, ending at the exact total, and the merge's messages are untouched.
#include <coscan/engine/mpi/rank_progress.hpp>

#include <gtest/gtest.h>
#include <mpi.h>

#include <thread>
#include <vector>

namespace coscan::engine {
namespace {

TEST(RankProgress, RankZeroSeesEveryRanksCountAndTheExactTotal) {
  int argc = 0;
  char **argv = nullptr;
  const MpiSession session(argc, argv); // adopts the test's MPI
  ASSERT_TRUE(session.active());
  const int rank = session.rank(), size = session.size();
  std::vector<std::uint64_t> seen;
  RankProgress progress(
      session, [&](std::uint64_t all) { seen.push_back(all); }, std::chrono::milliseconds(1));
  // Rank r finishes (r + 1) * 100 "pairs" in steps of r + 1, with pauses so that sends happen.
  MPI_Barrier(MPI_COMM_WORLD);
  const std::uint64_t mine = static_cast<std::uint64_t>(rank + 1) * 100;
  for (std::uint64_t done = 0; done <= mine; done += static_cast<std::uint64_t>(rank + 1)) {
    progress.update(done);
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  // Rank 0 keeps updating until the others' counts show (or 20 s pass): they arrive during
  // the sweep, not only at the end.
  bool others_seen = false;
  for (int i = 0; rank == 0 && i < 20000 && !others_seen; ++i) {
    progress.update(mine);
    others_seen = seen.back() > mine;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // A message on MPI_COMM_WORLD sent meanwhile is not taken by the progress.
  if (rank == 1)
    MPI_Send(&mine, 1, MPI_UINT64_T, 0, 7, MPI_COMM_WORLD);
  const std::uint64_t total = progress.finish(mine);
  if (rank == 0) {
    std::uint64_t other = 0;
    MPI_Recv(&other, 1, MPI_UINT64_T, 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    EXPECT_EQ(other, 200u);
    const std::uint64_t expected = 100u * static_cast<std::uint64_t>(size * (size + 1) / 2);
    EXPECT_EQ(total, expected);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), expected);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_TRUE(others_seen);
  } else {
    EXPECT_TRUE(seen.empty()); // only rank 0 reports
    EXPECT_EQ(total, mine);
  }
}

} // namespace
} // namespace coscan::engine
