// `[output] dataset = true` with `run --shard I/K` and `coscan merge`: 1, 2, 4 and 5 shards of a
// cross product (with [ranking]) and of an independent-pair sample merge into a file identical in
// every dataset and attribute (but the timings and the rank count) to a single run's; a shard
// without tiles, a shard stopped by SIGTERM and resumed, and damaged shard tables.
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include "study_text.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <csignal>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

/// NAS-Bench-201 x 12 accelerators, every pair in the dataset.
StudyText spaces() {
  StudyText study;
  study.accel_space = accel_grid(kThreeDataflows, "[64, 256]", "[64, 256]");
  study.objectives = kAccuracyLatencyEnergy;
  study.output = kDatasetOutput;
  return study;
}

/// NAS-Bench-201 x 12 accelerators in 16 x 3 tiles that do not divide the spaces, so that the
/// shards' tile ranges start and end inside accelerator blocks; with [ranking].
std::string cross_study() {
  StudyText study = spaces();
  study.engine = "arch_block = 1000\naccel_block = 5\n";
  study.ranking = "metric = \"latency\"\nproxy_accel = 1\n";
  return study.str();
}

/// 30,000 independent pairs in tiles of 700.
std::string pair_study() {
  StudyText study = spaces();
  study.engine = "arch_block = 100\naccel_block = 7\n";
  study.enumeration = "mode = \"sample\"\npairs = 30000\nseed = 8\n";
  return study.str();
}

bool timing_or_ranks(const std::string &attribute) {
  return is_timing(attribute) || attribute == "ranks";
}

/// The merged file equals the single run's in every dataset and attribute, dimension scales
/// included, but the timings and the rank count.
void expect_same_content(const std::filesystem::path &reference, const std::filesystem::path &b) {
  const H5Content x = h5_content(reference, timing_or_ranks);
  ASSERT_TRUE(x.contains("/dataset/arch") || x.contains("/dataset/pair"))
      << reference << ": the dimension scales";
  testing::expect_same_content(reference, b, timing_or_ranks);
}

/// Runs the K shards of study.toml into s0.h5 .. and merges them into merged-K.h5.
void run_and_merge(const TempDir &dir, int count) {
  std::string shards;
  for (int i = 0; i < count; ++i) {
    const CommandResult r = run_coscan(
        fmt::format("run study.toml --shard {}/{} --out s{}.h5 --quiet", i, count, i), dir.path());
    ASSERT_EQ(r.exit_code, 0) << i << "/" << count << ": " << r.err;
    shards = fmt::format("s{}.h5 {}", i, shards); // any order
  }
  const CommandResult m =
      run_coscan(fmt::format("merge {}--out merged-{}.h5 --quiet", shards, count), dir.path());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  for (int i = 0; i < count; ++i)
    std::filesystem::remove(dir / fmt::format("s{}.h5", i));
}

void shards_equal_a_single_run(const std::string &name, const std::string &study) {
  TempDir dir(name);
  dir.write("study.toml", study);
  const CommandResult plain = run_coscan("run study.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (int count : {1, 2, 4, 5}) {
    run_and_merge(dir, count);
    expect_same_content(dir / "plain.h5", dir / fmt::format("merged-{}.h5", count));
  }
}

TEST(DatasetShards, MergedCrossProductShardsEqualASingleRun) {
  shards_equal_a_single_run("dataset-shards", cross_study());
}

TEST(DatasetShards, MergedPairSampleShardsEqualASingleRun) {
  shards_equal_a_single_run("dataset-shards-pairs", pair_study());
}

TEST(DatasetShards, AShardHoldsOnlyTheAcceleratorBlocksOfItsTiles) {
  TempDir dir("dataset-shards-part");
  dir.write("study.toml", cross_study());
  // 48 tiles: shard 1/2 runs tiles 24..47, accelerator blocks 1 (from architecture block 8) and
  // 2, that is accelerators 5..11.
  const CommandResult r = run_coscan("run study.toml --shard 1/2 --out s1.h5 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const H5Content c = h5_content(dir / "s1.h5", timing_or_ranks);
  ASSERT_TRUE(c.contains("/dataset/latency_s"));
  EXPECT_EQ(c.at("/dataset/latency_s").size(), 15625u * 7u * 8u);
  EXPECT_TRUE(c.contains("/dataset@shard_first_accel"));
  EXPECT_TRUE(c.contains("/state/front")) << "what a merge needs";
  EXPECT_FALSE(c.contains("/dataset/arch")) << "no dimension scales: a shard is not a dataset";
}

TEST(DatasetShards, AShardWithoutTilesMerges) {
  TempDir dir("dataset-shards-empty");
  // One tile: shard 1/2 sweeps nothing and holds empty tables.
  std::string study = cross_study();
  study.replace(study.find("arch_block = 1000\naccel_block = 5"), 33,
                "arch_block = 20000\naccel_block = 12");
  dir.write("study.toml", study);
  const CommandResult plain = run_coscan("run study.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  run_and_merge(dir, 2);
  expect_same_content(dir / "plain.h5", dir / "merged-2.h5");
}

TEST(DatasetShards, AStoppedShardResumesAndMerges) {
  TempDir dir("dataset-shards-resume");
  // 144 accelerators in blocks of one: many waves, so that a stop falls in the sweep.
  std::string study = cross_study();
  for (const auto &[from, to] :
       {std::pair{"num_pes = [64, 256]\nl1_bytes = [64, 256]\nl2_kib = [128]\nnoc_bw = [64]\n"
                  "offchip_bw = [16]",
                  "num_pes = [64, 128, 256, 512]\nl1_bytes = [64, 128, 256]\nl2_kib = [128, 256]\n"
                  "noc_bw = [64]\noffchip_bw = [16, 32]"},
        std::pair{"accel_block = 5", "accel_block = 1"}})
    study.replace(study.find(from), std::string(from).size(), to);
  dir.write("study.toml", study);
  const CommandResult plain = run_coscan("run study.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const CommandResult s0 = run_coscan("run study.toml --shard 0/2 --out s0.h5 --quiet", dir.path());
  ASSERT_EQ(s0.exit_code, 0) << s0.err;
  // SIGTERM as soon as shard 1 wrote its first checkpoint: it stops with exit 75 at its next
  // wave (or, on a fast machine, has finished).
  const std::string run = "run study.toml --shard 1/2 --threads 1 --out s1.h5 --checkpoint ck "
                          "--checkpoint-every 0 --quiet";
  dir.write(
      "stop.sh",
      fmt::format("timeout -k 5 120 '{}' {} 2> /dev/null &\npid=$!\ni=0\n"
                  "while [ ! -e ck.rank1of2 ] && kill -0 $pid 2> /dev/null && [ $i -lt 3000 ]; "
                  "do sleep 0.01; "
                  "i=$((i+1)); done\nkill -TERM $(pgrep -P $pid) 2> /dev/null\nwait $pid\n"
                  "echo $? > code.txt\n",
                  COSCAN_BINARY, run));
  ASSERT_EQ(std::system(("cd '" + dir.path().string() + "' && sh stop.sh").c_str()), 0);
  const int code = std::stoi(read_text(dir / "code.txt"));
  ASSERT_TRUE(code == 75 || code == 0) << code;
  if (code == 0)
    GTEST_LOG_(WARNING) << "shard 1 finished before the stop; only the merge is checked";
  if (code == 75) {
    EXPECT_FALSE(std::filesystem::exists(dir / "s1.h5"));
    EXPECT_TRUE(std::filesystem::exists(dir / "ck.rank1of2.dataset.h5")) << "the shard's own";
    const CommandResult resumed = run_coscan(run + " --resume ck", dir.path());
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "ck.rank1of2.dataset.h5")) << "moved into place";
  const CommandResult m = run_coscan("merge s0.h5 s1.h5 --out merged.h5 --quiet", dir.path());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  expect_same_content(dir / "plain.h5", dir / "merged.h5");
}

/// Removes `object` from `file`.
void remove_object(const std::filesystem::path &file, const char *object) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0) << file;
  EXPECT_GE(H5Ldelete(f, object, H5P_DEFAULT), 0) << object;
  H5Fclose(f);
}

TEST(DatasetShards, DamagedShardTablesAreRefused) {
  TempDir dir("dataset-shards-bad");
  dir.write("study.toml", cross_study());
  for (int i = 0; i < 2; ++i) {
    const CommandResult r = run_coscan(
        fmt::format("run study.toml --shard {}/2 --out s{}.h5 --quiet", i, i), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::filesystem::copy_file(dir / "s1.h5", dir / "no-table.h5");
  remove_object(dir / "no-table.h5", "/dataset/energy_j");
  std::filesystem::copy_file(dir / "s1.h5", dir / "no-tables.h5");
  remove_object(dir / "no-tables.h5", "/dataset");
  for (const auto &[file, why] : {std::pair{"no-table.h5", "no table /dataset/energy_j"},
                                  std::pair{"no-tables.h5", "no dataset tables (/dataset)"}}) {
    const CommandResult r =
        run_coscan(fmt::format("merge s0.h5 {} --out merged.h5", file), dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr(fmt::format("{}: {}", file, why)));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "merged.h5"));
  }
  // Nothing but the inputs: no temporary file left by the refused merges.
  EXPECT_EQ(dir.num_files(), 5u);
}

} // namespace
} // namespace coscan::testing
