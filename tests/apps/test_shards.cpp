// `coscan run --shard I/K` and `coscan merge`: three shards merged give a plain run's /pareto
// and /accels bit for bit; missing, duplicate and foreign shards are refused.
#include "apps/run_coscan.hpp"
#include "apps/same_results.hpp"
#include <coscan/h5/reader.hpp>

#include <gtest/gtest.h>

namespace coscan::testing {
namespace {

const std::filesystem::path kStudyPath =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";
const std::string kStudy = "'" + kStudyPath.string() + "'";

/// Runs the three shards of nb201_small into dir/s0.h5 .. s2.h5 (and a plain run).
void run_shards(const TempDir &dir) {
  const CommandResult plain = run_coscan("run " + kStudy + " --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (int i = 0; i < 3; ++i) {
    const CommandResult r = run_coscan("run " + kStudy + " --shard " + std::to_string(i) +
                                           "/3 --out s" + std::to_string(i) + ".h5 --quiet",
                                       dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
}

TEST(Shards, ThreeShardsMergedEqualAPlainRun) {
  TempDir dir("shards");
  run_shards(dir);
  // Shards in any order on the command line.
  const CommandResult m =
      run_coscan("merge s2.h5 s0.h5 s1.h5 --out merged.h5 --summary merged.json", dir.path());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  expect_same_results(dir / "plain.h5", dir / "merged.h5");
  EXPECT_TRUE(std::filesystem::exists(dir / "merged.json"));

  const h5::Reader shard(dir / "s1.h5");
  EXPECT_EQ(shard.attribute<std::int64_t>("/state", "shard_index"), 1);
  EXPECT_EQ(shard.attribute<std::int64_t>("/state", "shard_count"), 3);
  EXPECT_TRUE(shard.exists("/state/front"));
  EXPECT_GT(shard.attribute<std::uint64_t>("/state", "pairs_evaluated"), 0u);
  EXPECT_FALSE(h5::Reader(dir / "merged.h5").exists("/state"));
  EXPECT_FALSE(h5::Reader(dir / "plain.h5").exists("/state"));
  const h5::Reader merged(dir / "merged.h5");
  EXPECT_EQ(merged.attribute<std::int64_t>("/", "ranks"), 3);
}

TEST(Shards, MergeRefusesMissingDuplicateAndForeignShards) {
  TempDir dir("shards-bad");
  run_shards(dir);
  // A shard of another study (a different objective set).
  std::string other = read_text(kStudyPath);
  other.replace(other.find("minimize = [\"latency\", \"energy\"]"), 32, "minimize = [\"latency\"]");
  dir.write("other.toml", other);
  const CommandResult o =
      run_coscan("run other.toml --shard 2/3 --out foreign.h5 --quiet", dir.path());
  ASSERT_EQ(o.exit_code, 0) << o.err;

  const auto expect_refused = [&](const std::string &args, const std::string &file,
                                  const std::string &why) {
    const CommandResult r = run_coscan("merge " + args + " --out out.h5", dir.path());
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.h5")) << args;
  };
  expect_refused("s0.h5 s1.h5", "s0.h5", "shard 2/3 is missing");
  expect_refused("s0.h5 s1.h5 s1.h5 s2.h5", "s1.h5", "given twice");
  expect_refused("s0.h5 s1.h5 foreign.h5", "foreign.h5", "another study");
  expect_refused("s0.h5 s1.h5 plain.h5", "plain.h5", "not a coscan shard");
  // A shard of the same study split another way.
  const CommandResult half =
      run_coscan("run " + kStudy + " --shard 1/2 --out half.h5 --quiet", dir.path());
  ASSERT_EQ(half.exit_code, 0) << half.err;
  expect_refused("s0.h5 s1.h5 half.h5", "half.h5", "s0.h5 is one of 3 shards");
  expect_refused("s0.h5 s1.h5 nothing.h5", "nothing.h5", "no such file");
}

TEST(Shards, BadShardOptionsAreInputErrors) {
  TempDir dir("shards-opt");
  for (const char *shard : {"3/3", "-1/2", "1", "a/b", "0/0"}) {
    const CommandResult r =
        run_coscan("run " + kStudy + " --shard " + std::string(shard) + " --out x.h5", dir.path());
    EXPECT_EQ(r.exit_code, 2) << shard;
    EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
  }
  const CommandResult mpi = run_launched(std::string(COSCAN_MPIEXEC) + " -n 2 --oversubscribe",
                                         "run " + kStudy + " --shard 0/2 --out x.h5", dir.path());
  EXPECT_EQ(mpi.exit_code, 2) << mpi.err;
  EXPECT_NE(mpi.err.find("--shard"), std::string::npos) << mpi.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.h5"));
}

} // namespace
} // namespace coscan::testing
