// A failure on one MPI rank only stops every rank with that rank's message and exit code
// (2: bad input, 1: internal), instead of leaving the others waiting in a collective. The
// ranks are given different command lines (an MPMD launch), as when one node lacks a folder.
// Every run is under `timeout`: a hang fails the test instead of stalling it.
#include "apps/run_coscan.hpp"
#include "study_text.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

namespace coscan::testing {
namespace {

/// NAS-Bench-201 x 12 accelerators in 12 accelerator blocks: several waves per rank.
const std::string kStudy = [] {
  StudyText study;
  study.accel_space = accel_grid(kThreeDataflows, "[64, 256]", "[64, 256]");
  study.objectives = kAccuracyLatencyEnergy;
  study.engine = "arch_block = 1000\naccel_block = 1\n";
  study.output = kDatasetOutput;
  return study.str();
}();

constexpr int kHung = 124; // timeout's exit code

/// Rank 0 runs `coscan rank0_args`, rank 1 `coscan rank1_args`.
CommandResult run_two_ranks(const std::string &rank0_args, const std::string &rank1_args,
                            const std::filesystem::path &dir) {
  return run_launched(fmt::format("timeout -k 5 120 {} --oversubscribe -n 1 '{}' {} : -n 1",
                                  COSCAN_MPIEXEC, COSCAN_BINARY, rank0_args),
                      rank1_args, dir);
}

std::size_t count(const std::string &text, const std::string &part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

TEST(RankFailures, AnInputErrorOnOneRankStopsEveryRankWithItsMessage) {
  TempDir dir("rank-input-error");
  dir.write("study.toml", kStudy);
  // Rank 1's --out folder does not exist (a folder its node lacks): found while checking the
  // inputs, before the sweep, after which rank 0 would wait for rank 1 in the first collective.
  const CommandResult r = run_two_ranks("run study.toml --quiet --out out.h5",
                                        "run study.toml --quiet --out nodir/out.h5", dir.path());
  ASSERT_NE(r.exit_code, kHung) << "the ranks hung";
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(count(r.err, "coscan: error: --out nodir/out.h5: folder 'nodir' does not exist"), 1u)
      << r.err;
  EXPECT_EQ(dir.num_files(), 1u) << "nothing written";
}

TEST(RankFailures, AFailureInOneRanksSweepStopsEveryRankWithItsMessage) {
  TempDir dir("rank-sweep-error");
  dir.write("study.toml", kStudy);
  // Rank 1's checkpoint name is too long for the file system once the temporary's suffix is
  // added: its first checkpoint fails in the middle of its sweep, while rank 0 sweeps on.
  const std::string long_name(245, 'c');
  const std::string run = "run study.toml --quiet --threads 1 --checkpoint-every 0";
  const CommandResult r =
      run_two_ranks(run + " --checkpoint ck", run + " --checkpoint " + long_name, dir.path());
  ASSERT_NE(r.exit_code, kHung) << "the ranks hung";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(count(r.err, "coscan: error: cannot write " + long_name + ".rank1of2: "), 1u) << r.err;
  EXPECT_EQ(count(r.err, "File name too long (rank 1 of 2)\n"), 1u) << r.err;
  // No results; the dataset tables and rank 0's checkpoint stay for a resume, nothing else.
  EXPECT_FALSE(std::filesystem::exists(dir / "out.h5"));
  EXPECT_TRUE(std::filesystem::exists(dir / "ck.dataset.h5"));
  EXPECT_EQ(dir.num_files(), 3u) << "the study, ck.rank0of2 and ck.dataset.h5 only";
}

} // namespace
} // namespace coscan::testing
