// `coscan slurm` against a real single-node Slurm cluster (scripts/slurm-start, run by the CTest
// fixture `slurm_cluster`): a 2-rank MPI job, a 3-shard job array merged, a running job
// requeued, and refusals by the cluster. Every result is compared bit for bit with an in-process
// `coscan run` of the same study. Skipped when Slurm or root is missing.
#include "apps/run_coscan.hpp"
#include "apps/same_results.hpp"
#include <coscan/h5/reader.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

namespace coscan::testing {
namespace {

const std::filesystem::path kCluster = COSCAN_SLURM_CLUSTER_DIR;
const std::filesystem::path kConf = kCluster / "slurm.conf";
const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

/// The standard output of a shell command, run against the test cluster.
std::string shell(const std::string &command) {
  const std::string line = "export SLURM_CONF='" + kConf.string() + "'; " + command + " 2>&1";
  std::string out;
  if (FILE *pipe = ::popen(line.c_str(), "r")) {
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
      out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

/// `coscan ARGS` with the cluster's SLURM_CONF.
CommandResult run_on_cluster(const std::string &args, const std::filesystem::path &workdir) {
  return run_launched("SLURM_CONF='" + kConf.string() + "'", args, workdir);
}

/// The states of a job's tasks (one per array task), e.g. {"RUNNING"}.
std::vector<std::string> job_states(const std::string &job) {
  static const std::regex state(R"(JobState=(\S+))");
  const std::string out = shell("timeout 10 scontrol show job -o " + job);
  std::vector<std::string> states;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), state); it != std::sregex_iterator();
       ++it)
    states.push_back((*it)[1].str());
  return states;
}

bool finished(const std::vector<std::string> &states) {
  if (states.empty())
    return false;
  for (const auto &s : states)
    if (s == "PENDING" || s == "RUNNING" || s == "COMPLETING" || s == "CONFIGURING" ||
        s == "REQUEUED" || s == "SUSPENDED" || s == "RESIZING")
      return false;
  return true;
}

/// The last lines of slurmd's log (slurm-start keeps the logs under the cluster folder).
std::string slurmd_log_tail() {
  return shell("tail -n 8 '" + (kCluster / "log" / "slurmd.log").string() + "'");
}

/// Why the cluster cannot run the job, if it cannot: the job held after a failed launch, or the
/// node drained or down. Empty while the job may still run. Such a job would otherwise wait out
/// the test's timeout.
std::string launch_failure(const std::string &job) {
  static const std::regex reason(R"(Reason=(\S+))");
  const std::string out = shell("timeout 10 scontrol show job -o " + job);
  for (auto it = std::sregex_iterator(out.begin(), out.end(), reason); it != std::sregex_iterator();
       ++it) {
    const std::string r = (*it)[1].str();
    if (has(r, "launch_failed") || has(r, "held") || r == "JobHeldAdmin" || r == "JobHeldUser")
      return "job " + job + " cannot be launched (Reason=" + r + ")";
  }
  std::string node = shell("timeout 10 sinfo -h -N -o '%T %E' | head -1");
  while (!node.empty() && node.back() == '\n')
    node.pop_back();
  if (has(node, "drain") || has(node, "down") || has(node, "fail"))
    return "the node is " + node;
  return "";
}

/// Fails the test at once with slurmd's reason if the job cannot be launched.
bool check_launchable(const std::string &job) {
  const std::string why = launch_failure(job);
  if (why.empty())
    return true;
  ADD_FAILURE() << why << "; slurmd.log ends:\n" << slurmd_log_tail();
  shell("timeout 10 scancel " + job); // so that it does not hold up the next test
  return false;
}

/// Waits (at most `limit`) until every task of the job has ended; returns their states.
/// `release` lets a requeued job start at once rather than after Slurm's requeue delay.
std::vector<std::string> wait_for_job(const std::string &job, std::chrono::seconds limit,
                                      bool release = false) {
  const auto end = std::chrono::steady_clock::now() + limit;
  std::vector<std::string> states;
  while (std::chrono::steady_clock::now() < end) {
    states = job_states(job);
    if (finished(states) || !check_launchable(job))
      return states;
    if (release && has(shell("timeout 10 scontrol show job -o " + job), "Reason=BeginTime"))
      shell("timeout 10 scontrol update jobid=" + job + " starttime=now");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  ADD_FAILURE() << "job " << job << " did not finish in " << limit.count() << " s:\n"
                << shell("timeout 10 scontrol show job " + job);
  shell("timeout 10 scancel " + job); // so that it does not hold up the next test
  return states;
}

/// Waits until the job runs; false after `limit`.
bool wait_until_running(const std::string &job, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    const auto states = job_states(job);
    if (states.size() == 1 && states[0] == "RUNNING")
      return true;
    if (!check_launchable(job))
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

/// What scripts/slurm-start needs (else it skips, exit 77).
bool slurm_installed_and_root() {
  if (::geteuid() != 0)
    return false;
  for (const char *daemon : {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd"})
    if (!std::filesystem::exists(daemon))
      return false;
  return shell("for p in sbatch srun squeue scontrol sinfo; do command -v $p; done | wc -l") ==
         "5\n";
}

/// Skips the test unless the fixture started the cluster; fails if it should have.
#define REQUIRE_CLUSTER()                                                                          \
  do {                                                                                             \
    if (!std::filesystem::exists(kCluster / "ready")) {                                            \
      if (!slurm_installed_and_root())                                                             \
        GTEST_SKIP() << "needs root and Slurm (slurmctld slurmd slurm-client munge): "             \
                     << "scripts/slurm-start skipped the test cluster";                            \
      FAIL() << "no test cluster in " << kCluster                                                  \
             << " (run through ctest, whose fixture runs scripts/slurm-start, or run it)";         \
    }                                                                                              \
  } while (0)

/// The job id `coscan slurm submit` printed.
std::string submitted_job(const CommandResult &r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string id = r.out.substr(0, r.out.find('\n'));
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9]+"))) << r.out << r.err;
  return id;
}

TEST(SlurmCluster, MpiJobOfTwoRanksMatchesAnInProcessRun) {
  REQUIRE_CLUSTER();
  TempDir dir("slurm-mpi");
  std::filesystem::copy_file(kSmallStudy, dir / "study.toml");
  const CommandResult local = run_coscan("run study.toml --out local.h5 --quiet", dir.path());
  ASSERT_EQ(local.exit_code, 0) << local.err;

  const std::string job = submitted_job(run_on_cluster(
      "slurm submit study.toml --ntasks-per-node 2 --time 00:05:00 --out job/results.h5",
      dir.path()));
  ASSERT_FALSE(job.empty());
  const CommandResult status = run_on_cluster("slurm status " + job, dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(has(status.out, "job " + job + ": ")) << status.out;
  EXPECT_TRUE(has(status.out, "checkpoint " + (dir / "job/results.h5.ckpt").string()))
      << status.out;

  const auto states = wait_for_job(job, std::chrono::seconds(90));
  EXPECT_EQ(states, std::vector<std::string>{"COMPLETED"})
      << read_text(dir / ("job/coscan-" + job + ".log"));
  expect_same_results(dir / "local.h5", dir / "job/results.h5");
  // Two MPI ranks (srun --mpi=pmix), not two independent runs.
  EXPECT_EQ(h5::Reader(dir / "job/results.h5").attribute<std::int64_t>("/", "ranks"), 2);
  EXPECT_TRUE(std::filesystem::exists(dir / "job/results.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "study.sbatch"));
  // After the end, status reports the final state slurmctld keeps.
  const CommandResult done = run_on_cluster("slurm status " + job, dir.path());
  EXPECT_TRUE(has(done.out, "job " + job + ": " + job + " COMPLETED\n")) << done.out;
}

TEST(SlurmCluster, ArrayOfThreeShardsMergedByItsJobMatchesAnInProcessRun) {
  REQUIRE_CLUSTER();
  TempDir dir("slurm-array");
  // With every pair's metrics: the shards' parts of the tables are merged too.
  dir.write("study.toml", read_text(kSmallStudy) + "dataset = true\n"); // [output] is last
  const CommandResult local = run_coscan("run study.toml --out local.h5 --quiet", dir.path());
  ASSERT_EQ(local.exit_code, 0) << local.err;

  const CommandResult submit = run_on_cluster(
      "slurm submit study.toml --array 3 --time 00:05:00 --out array/merged.h5", dir.path());
  const std::string job = submitted_job(submit);
  ASSERT_FALSE(job.empty());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(submit.err, m, std::regex("job ([0-9]+) merges the shards")))
      << submit.err;
  const std::string merge_job = m[1].str();
  EXPECT_TRUE(std::filesystem::exists(dir / "study.merge.sbatch"));

  const auto states = wait_for_job(job, std::chrono::seconds(90));
  EXPECT_EQ(states, std::vector<std::string>(3, "COMPLETED"));
  EXPECT_EQ(wait_for_job(merge_job, std::chrono::seconds(60)),
            std::vector<std::string>{"COMPLETED"})
      << read_text(dir / ("array/coscan-merge-" + merge_job + ".log"));
  expect_same_results(dir / "local.h5", dir / "array/merged.h5");
  const h5::Reader a(dir / "local.h5"), b(dir / "array/merged.h5");
  EXPECT_EQ(a.read<double>("/dataset/latency_s"), b.read<double>("/dataset/latency_s"));
  EXPECT_EQ(a.read<double>("/dataset/energy_j"), b.read<double>("/dataset/energy_j"));
  for (int i = 0; i < 3; ++i) {
    const std::string log = "array/coscan-" + job + "_" + std::to_string(i) + ".log";
    EXPECT_TRUE(has(read_text(dir / log), "shard " + std::to_string(i) + " done")) << log;
  }
}

// A study long enough (1.2 billion pairs, several seconds) to be mid-sweep when requeued.
// Without accuracy among the objectives every architecture is computed (no Pareto candidates),
// and without area or latency every accelerator (no candidate accelerators).
const char *kLongStudy = R"(
[study]
name = "slurm-requeue"
[arch_space]
kind = "nasbench201"
[accuracy]
kind = "proxy"
[accel_space]
dataflow   = ["weight_stationary", "output_stationary", "row_stationary"]
num_pes    = [64, 128, 256, 512, 1024]
l1_bytes   = [64, 256, 1024]
l2_kib     = [64, 128, 256, 512]
noc_bw     = [32, 64, 128]
offchip_bw = [8, 16, 32]
clock_mhz  = [400, 425, 450, 475, 500, 525, 550, 575, 600, 625, 650, 675, 700, 725, 750, 775,
              800, 825, 850, 875, 900, 925, 950, 975]
data_bits  = [8, 16]
[objectives]
minimize = ["energy", "edp"]
)";

TEST(SlurmCluster, RequeuedRunningJobResumesFromItsCheckpointAndMatches) {
  REQUIRE_CLUSTER();
  TempDir dir("slurm-requeue");
  dir.write("long.toml", kLongStudy);
  const std::string job = submitted_job(run_on_cluster(
      "slurm submit long.toml --ntasks-per-node 2 --time 00:05:00 --out job/results.h5",
      dir.path()));
  ASSERT_FALSE(job.empty());
  ASSERT_TRUE(wait_until_running(job, std::chrono::seconds(60)))
      << shell("timeout 10 scontrol show job " + job);
  // Let the ranks get into the sweep, then requeue: Slurm sends SIGTERM, each rank writes
  // its checkpoint and exits (75); the job goes back to the queue.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::string requeue = shell("timeout 10 scontrol requeue " + job);
  ASSERT_TRUE(requeue.empty()) << requeue;

  // The in-process reference meanwhile (the cluster is between the job's two runs).
  const CommandResult local = run_coscan("run long.toml --out local.h5 --quiet", dir.path());
  ASSERT_EQ(local.exit_code, 0) << local.err;

  const auto states = wait_for_job(job, std::chrono::seconds(120), /*release=*/true);
  const std::string log = read_text(dir / ("job/coscan-" + job + ".log"));
  EXPECT_EQ(states, std::vector<std::string>{"COMPLETED"}) << log;
  EXPECT_TRUE(has(shell("timeout 10 scontrol show job " + job), "Restarts=1"));
  // The first run checkpointed on SIGTERM, the second resumed from there.
  EXPECT_TRUE(has(log, "checkpoint written to " + (dir / "job/results.h5.ckpt").string())) << log;
  EXPECT_TRUE(has(log, "coscan: resuming from the checkpoint")) << log;
  expect_same_results(dir / "local.h5", dir / "job/results.h5");

  // status reads the checkpoint the job left (both ranks' files).
  const CommandResult status = run_on_cluster("slurm status " + job, dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(has(status.out, "(2 of 2 checkpoint files)")) << status.out;
}

TEST(SlurmCluster, JobsTheClusterRefusesAreOneLineErrors) {
  REQUIRE_CLUSTER();
  TempDir dir("slurm-refused");
  std::filesystem::copy_file(kSmallStudy, dir / "study.toml");
  const auto expect_refused = [&](const std::string &options, const std::string &why) {
    const CommandResult r =
        run_on_cluster("slurm submit study.toml --time 00:05:00 " + options, dir.path());
    EXPECT_EQ(r.exit_code, 2) << options << ": " << r.err;
    EXPECT_EQ(r.out, "") << options;
    EXPECT_TRUE(has(r.err, "coscan: error: sbatch refused ")) << r.err;
    EXPECT_TRUE(has(r.err, why)) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  };
  expect_refused("--partition nope", "invalid partition specified: nope");
  // More CPUs than the cluster has (EnforcePartLimits=ALL refuses rather than waits).
  expect_refused("--ntasks-per-node 4096", "More processors requested than permitted");
  EXPECT_TRUE(shell("timeout 10 squeue -h").empty());
}

} // namespace
} // namespace coscan::testing
