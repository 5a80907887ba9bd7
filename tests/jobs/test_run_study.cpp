// The run driver and the shard merge in process (jobs::run_study, jobs::merge_shards): what
// `coscan run` and `coscan merge` do, without launching the program.
#include "apps/same_results.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/jobs/merge_shards.hpp>
#include <coscan/jobs/run_study.hpp>
#include <coscan/jobs/verify_study.hpp>
#include <coscan/study/study.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

namespace coscan::jobs {
namespace {
namespace fs = std::filesystem;

/// A process-wide session: these tests are not launched by MPI, so it stays inactive.
const engine::MpiSession &session() {
  static int argc = 1;
  static char name[] = "test_run_study";
  static char *args[] = {name, nullptr};
  static char **argv = args;
  static const engine::MpiSession mpi(argc, argv);
  return mpi;
}

class RunStudy : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("coscan-run-study-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The embedded default study (25.3 M pairs, a ~0.05 s sweep), results into `out`.
  RunRequest request(const std::string &out) const {
    RunRequest r;
    r.load_study = [] { return study::default_study(); };
    r.out = (dir_ / out).string();
    r.threads = 2;
    return r;
  }
  fs::path path(const std::string &name) const { return dir_ / name; }

  RunObserver quiet_;

private:
  fs::path dir_;
};

/// Records what the run showed.
class Recorder : public RunObserver {
public:
  void planned(const study::Study &, const engine::Problem &problem,
               const study::PruneReport &) override {
    ++planned_calls;
    pairs = problem.num_pairs();
  }
  void progress_begin(std::uint64_t n) override { total = n; }
  void progress(std::uint64_t n) override { done = n; }
  void progress_end() override { ++ends; }
  int planned_calls = 0, ends = 0;
  std::uint64_t pairs = 0, total = 0, done = 0;
};

TEST_F(RunStudy, CompletesAndReportsItsFigures) {
  Recorder seen;
  const RunOutcome run = run_study(request("one.h5"), session(), seen);
  EXPECT_EQ(run.status, RunStatus::completed);
  EXPECT_EQ(run.results, path("one.h5"));
  EXPECT_TRUE(fs::is_regular_file(path("one.h5")));
  EXPECT_EQ(seen.planned_calls, 1);
  EXPECT_EQ(seen.ends, 1);
  EXPECT_EQ(seen.total, seen.pairs);
  EXPECT_EQ(run.pairs_evaluated, seen.pairs);
  EXPECT_GT(run.pareto_pairs, 0u);
  EXPECT_LE(run.pairs_computed, run.pairs_evaluated);
  EXPECT_EQ(run.ranks, 1);
  EXPECT_GE(run.threads, 1);
  EXPECT_LE(run.threads, 2);
  EXPECT_FALSE(run.objectives.empty());
}

TEST_F(RunStudy, ShardsMergedInProcessEqualOneRun) {
  ASSERT_EQ(run_study(request("one.h5"), session(), quiet_).status, RunStatus::completed);
  MergeRequest merge;
  for (int i = 0; i < 3; ++i) {
    RunRequest shard = request("shard" + std::to_string(i) + ".h5");
    shard.shard = std::to_string(i) + "/3";
    ASSERT_EQ(run_study(shard, session(), quiet_).status, RunStatus::completed);
    merge.shards.insert(merge.shards.begin(), shard.out); // any order
  }
  merge.out = path("merged.h5").string();
  const MergeOutcome merged = merge_shards(merge, session());
  EXPECT_EQ(merged.shards, 3);
  testing::expect_same_results(path("one.h5"), path("merged.h5"));
}

TEST_F(RunStudy, AStopRequestCheckpointsAndTheResumeFinishesTheSameRun) {
  ASSERT_EQ(run_study(request("one.h5"), session(), quiet_).status, RunStatus::completed);
  RunRequest stopped = request("resumed.h5");
  stopped.checkpoint = path("run.ckpt").string();
  stopped.stop_requested = [] { return true; };
  EXPECT_EQ(run_study(stopped, session(), quiet_).status, RunStatus::stopped);
  EXPECT_TRUE(fs::is_regular_file(path("run.ckpt")));
  EXPECT_FALSE(fs::exists(path("resumed.h5"))) << "a stopped run writes no results";

  RunRequest resumed = request("resumed.h5");
  resumed.checkpoint = resumed.resume = path("run.ckpt").string();
  resumed.stop_requested = [] { return false; };
  EXPECT_EQ(run_study(resumed, session(), quiet_).status, RunStatus::completed);
  testing::expect_same_results(path("one.h5"), path("resumed.h5"));

  // A requeue of the finished job: nothing to do, and it says where the results are.
  const RunOutcome again = run_study(resumed, session(), quiet_);
  EXPECT_EQ(again.status, RunStatus::already_complete);
  EXPECT_EQ(again.results, path("resumed.h5"));
}

TEST_F(RunStudy, AnUnwritableOutputIsAnInputErrorBeforeAnyWork) {
  Recorder seen;
  RunRequest bad = request("no-such-folder/out.h5");
  EXPECT_THROW(run_study(bad, session(), seen), InputError);
  EXPECT_EQ(seen.planned_calls, 0);
}

TEST_F(RunStudy, AMergeMissingAShardIsRefusedAndWritesNothing) {
  RunRequest shard = request("shard0.h5");
  shard.shard = "0/2";
  ASSERT_EQ(run_study(shard, session(), quiet_).status, RunStatus::completed);
  MergeRequest merge{{shard.out}, path("merged.h5").string(), ""};
  try {
    merge_shards(merge, session());
    ADD_FAILURE() << "a merge of 1 of 2 shards succeeded";
  } catch (const InputError &e) {
    EXPECT_NE(std::string(e.what()).find("shard 1/2 is missing"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(path("merged.h5")));
}

TEST_F(RunStudy, VerifyWritesTheGroundTruthAndItsTable) {
  VerifyRequest request;
  request.load_study = [] {
    return study::load_study(std::string(COSCAN_SOURCE_DIR) + "/examples/default_verify.toml");
  };
  request.out = path("verify.h5").string();
  request.threads = 2;
  Recorder seen;
  const VerifyOutcome v = verify_study(request, session(), seen);
  EXPECT_EQ(seen.planned_calls, 1);
  EXPECT_EQ(v.pairs_evaluated, seen.pairs);
  EXPECT_EQ(seen.total, seen.pairs);
  EXPECT_GT(v.pareto_pairs, 0u);
  EXPECT_FALSE(v.ranking_lines.empty()) << "the study has [ranking]";
  EXPECT_GE(v.table_lines.size(), 4u) << "a line per target at least";
  const h5::Reader results(path("verify.h5"));
  EXPECT_TRUE(results.exists("/verify"));
  EXPECT_TRUE(results.exists("/ranking"));
}

TEST_F(RunStudy, VerifyRefusesAStudyWithoutVerifyBeforeAnyWork) {
  VerifyRequest request;
  request.load_study = [] { return study::default_study(); }; // no [verify]
  request.out = path("verify.h5").string();
  Recorder seen;
  EXPECT_THROW(verify_study(request, session(), seen), InputError);
  EXPECT_EQ(seen.planned_calls, 0);
  EXPECT_FALSE(fs::exists(path("verify.h5")));
}

} // namespace
} // namespace coscan::jobs
