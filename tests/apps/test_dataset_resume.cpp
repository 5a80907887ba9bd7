// `[output] dataset = true` with --checkpoint and --resume: a run killed at a random moment
// (SIGTERM: checkpoint and exit 75; SIGKILL: the last periodic checkpoint survives), on one
// process and on two MPI ranks, resumes to a results file identical in every value but the
// timings to an uninterrupted run's; tables of another study or of another run, or killed while
// being completed after the sweep, are refused.
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include "study_text.hpp"

#include <coscan/h5/checkpoint.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <csignal>
#include <random>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

/// NAS-Bench-201 x 144 accelerators (2.25 M pairs, 36 MB of tables): about half a second of
/// sweep in small accelerator blocks, so that there are many waves to be killed in.
std::string study_text() {
  StudyText study;
  study.accel_space = accel_grid(kThreeDataflows, "[64, 128, 256, 512]", "[64, 128, 256]",
                                 "[128, 256]", "[64]", "[16, 32]");
  study.objectives = kAccuracyLatencyEnergy;
  study.engine = "arch_block = 1000\naccel_block = 4\n";
  study.output = kDatasetOutput;
  return study.str();
}

const std::string kRun = "run study.toml --threads 1 --quiet";

void expect_same_content(const std::filesystem::path &reference, const std::filesystem::path &b) {
  ASSERT_GT(h5_content(reference, is_timing).size(), 50u) << reference;
  testing::expect_same_content(reference, b, is_timing);
}

bool checkpoints_exist(const TempDir &dir, int ranks) {
  for (int r = 0; r < ranks; ++r)
    if (!std::filesystem::exists(dir / h5::checkpoint_path("ck", r, ranks).string()))
      return false;
  return true;
}

/// Starts `launcher coscan run ... --checkpoint ck` (under `timeout`, so that a hang fails),
/// sends `signal` after `delay` seconds to coscan itself, or with a launcher to each rank as
/// Slurm does (or to rank 0 only: a signal that reaches the ranks at different moments),
/// resumes, and checks the results against `reference`.
void kill_and_resume(const TempDir &dir, const std::string &launcher, int ranks, int signal,
                     double delay, bool one_rank, const std::filesystem::path &reference) {
  for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
    if (entry.path().filename().string().rfind("ck", 0) == 0)
      std::filesystem::remove(entry.path());
  // $pid is timeout's; its child is coscan, or the launcher whose children are the ranks.
  const std::string targets =
      std::string(launcher.empty() ? "pgrep -P $pid" : "pgrep -P $(pgrep -P $pid)") +
      (one_rank ? " | head -n 1" : "");
  // Under mpiexec the signal waits until rank 0 wrote its first checkpoint (so every rank is
  // past MPI_Init and has its handlers): Open MPI 4.1's mpiexec (PMIx 4.2) can deadlock in
  // pmix_rte_finalize when ranks die of a signal during MPI startup, leaving no rank alive and
  // the launcher waiting forever (reproduced with mpiexec alone; Slurm's srun is not affected).
  const std::string started =
      launcher.empty()
          ? ""
          : fmt::format("i=0; while [ ! -e '{}' ] && kill -0 $pid 2>/dev/null && [ $i -lt 3000 ]; "
                        "do sleep 0.01; i=$((i+1)); done\n",
                        h5::checkpoint_path("ck", 0, ranks).string());
  dir.write("kill.sh",
            fmt::format("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 timeout -k 5 "
                        "120 {} '{}' {} --out killed.h5 --checkpoint ck --checkpoint-every 0.01 "
                        "2> /dev/null &\npid=$!\n{}sleep {}\nfor p in $({}); do kill -{} $p; "
                        "done\nwait $pid\necho $? > code.txt\n",
                        launcher, COSCAN_BINARY, kRun, started, delay, targets, signal));
  ASSERT_EQ(std::system(("cd '" + dir.path().string() + "' && sh kill.sh").c_str()), 0);
  const int code = std::stoi(read_text(dir / "code.txt"));
  ASSERT_NE(code, 124) << "the run hung";
  // 75: checkpointed and stopped; 128 + signal: killed (SIGTERM too, before the handlers).
  EXPECT_TRUE(code == 0 || code == 75 || code == 128 + signal) << code;
  // Finished before the signal, or killed after rank 0 renamed the results into place (while
  // the ranks were exiting): the results are complete, there is nothing to resume.
  if (std::filesystem::exists(dir / "killed.h5")) {
    EXPECT_NE(code, 75) << "a stopped run left results";
    expect_same_content(reference, dir / "killed.h5");
    std::filesystem::remove(dir / "killed.h5");
    return;
  }
  ASSERT_NE(code, 0) << "a finished run left no results";
  if (signal == SIGTERM && code == 75) {
    EXPECT_TRUE(checkpoints_exist(dir, ranks));
    EXPECT_TRUE(std::filesystem::exists(dir / "ck.dataset.h5"));
  }
  // Killed before every rank had a checkpoint: start again (the tables are written afresh).
  const bool killed_while_completing = std::filesystem::exists(dir / "ck.dataset.h5.finishing");
  const std::string resume = checkpoints_exist(dir, ranks) ? " --resume ck" : "";
  CommandResult resumed =
      run_launched(launcher, kRun + " --out killed.h5 --checkpoint ck" + resume, dir.path());
  if (killed_while_completing) { // refused (docs/cli.md): run again, as the error says
    EXPECT_NE(resumed.exit_code, 0);
    EXPECT_NE(resumed.err.find("killed while rank 0 was completing"), std::string::npos)
        << resumed.err;
    resumed = run_launched(launcher, kRun + " --out killed.h5 --checkpoint ck", dir.path());
  }
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_same_content(reference, dir / "killed.h5");
  EXPECT_FALSE(std::filesystem::exists(dir / "ck.dataset.h5")) << "moved into place";
  std::filesystem::remove(dir / "killed.h5");
}

/// Kills runs at random moments of an uninterrupted run's duration (measured here, so that the
/// moments fall in the sweep however loaded the machine is).
void kill_at_random_moments(const std::string &name, const std::string &launcher, int ranks) {
  TempDir dir(name);
  dir.write("study.toml", study_text());
  const auto start = std::chrono::steady_clock::now();
  const CommandResult reference = run_launched(launcher, kRun + " --out reference.h5", dir.path());
  const double duration =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> moment(0.2 * duration, 0.95 * duration);
  for (int signal : {SIGTERM, SIGKILL, SIGTERM, SIGKILL}) {
    const double delay = moment(rng);
    SCOPED_TRACE(fmt::format("{} ranks, signal {} after {:.3f} s of {:.3f} s ({})", ranks, signal,
                             delay, duration, seed_note(seed)));
    kill_and_resume(dir, launcher, ranks, signal, delay, false, dir / "reference.h5");
  }
  if (ranks > 1) { // SIGTERM to rank 0 only: the other ranks stop (and checkpoint) with it
    const double delay = moment(rng);
    SCOPED_TRACE(fmt::format("rank 0 of {} only, SIGTERM after {:.3f} s of {:.3f} s ({})", ranks,
                             delay, duration, seed_note(seed)));
    kill_and_resume(dir, launcher, ranks, SIGTERM, delay, true, dir / "reference.h5");
  }
}

TEST(DatasetResume, KilledRunsResumeToTheUninterruptedFile) {
  kill_at_random_moments("dataset-resume", "", 1);
}

TEST(DatasetResume, KilledTwoRankRunsResumeToTheUninterruptedFile) {
  kill_at_random_moments("dataset-resume-mpi",
                         fmt::format("{} -n 2 --oversubscribe", COSCAN_MPIEXEC), 2);
}

/// Sets (or replaces) the uint64 attribute `name` of /dataset.
void set_dataset_attribute(const std::filesystem::path &file, const char *name,
                           std::uint64_t value) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0) << file;
  if (H5Aexists_by_name(f, "dataset", name, H5P_DEFAULT) > 0)
    H5Adelete_by_name(f, "dataset", name, H5P_DEFAULT);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attribute = H5Acreate_by_name(f, "dataset", name, H5T_STD_U64LE, space, H5P_DEFAULT,
                                            H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(H5Awrite(attribute, H5T_NATIVE_UINT64, &value), 0);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Fclose(f);
}

class DatasetResumeRefusal : public ::testing::Test {
protected:
  /// A completed checkpointed run: ck lists its first waves (accel_block = 1, 144 blocks in
  /// waves of 4 per thread), and its tables, with the run's id put back, stand for the tables
  /// of an interrupted one.
  void SetUp() override {
    std::string study = study_text();
    study.replace(study.find("accel_block = 4"), 15, "accel_block = 1");
    dir.write("study.toml", study);
    const CommandResult done = run_coscan(
        "run study.toml --out done.h5 --checkpoint ck --checkpoint-every 0 --threads 1 --quiet",
        dir.path());
    ASSERT_EQ(done.exit_code, 0) << done.err;
    ASSERT_TRUE(std::filesystem::exists(dir / "ck"));
    ASSERT_FALSE(std::filesystem::exists(dir / "ck.dataset.h5")) << "moved into place";
    id = h5::read_checkpoint_header(dir / "ck").dataset_id;
    ASSERT_NE(id, 0u);
    std::filesystem::copy_file(dir / "done.h5", dir / "ck.dataset.h5");
    set_dataset_attribute(dir / "ck.dataset.h5", "resume_id", id);
    // As if the run had been stopped: a finished one's mark would make the resume end at once.
    ASSERT_TRUE(std::filesystem::remove(dir / "ck.complete"));
  }

  CommandResult resume() {
    return run_coscan("run study.toml --out resumed.h5 --resume ck --threads 1 --quiet",
                      dir.path());
  }

  TempDir dir{"dataset-resume-refusal"};
  std::uint64_t id = 0;
};

TEST_F(DatasetResumeRefusal, TablesKilledWhileBeingCompletedAreRefused) {
  // Rank 0 renames the tables before adding the results to them (HDF5 metadata that a SIGKILL
  // could leave half-written): found so, they are not trusted.
  std::filesystem::rename(dir / "ck.dataset.h5", dir / "ck.dataset.h5.finishing");
  const CommandResult r = resume();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ck.dataset.h5: the run was killed while rank 0 was completing "
                               "the results"));
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed.h5"));
  // Running again afresh clears it.
  const CommandResult again =
      run_coscan("run study.toml --out again.h5 --checkpoint ck --threads 1 --quiet", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  expect_same_content(dir / "done.h5", dir / "again.h5");
  EXPECT_FALSE(std::filesystem::exists(dir / "ck.dataset.h5.finishing"));
}

TEST_F(DatasetResumeRefusal, TablesOfAnotherRunAreRefused) {
  set_dataset_attribute(dir / "ck.dataset.h5", "resume_id", id + 1);
  const CommandResult r = resume();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ck: checkpoint of another run's dataset tables"));
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed.h5"));
}

TEST_F(DatasetResumeRefusal, TablesOfAnotherStudyAreRefused) {
  set_dataset_attribute(dir / "ck.dataset.h5", "study_hash", 42);
  const CommandResult r = resume();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ck.dataset.h5: dataset tables of another study"));
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed.h5"));
}

TEST_F(DatasetResumeRefusal, MissingTablesAreRefused) {
  std::filesystem::remove(dir / "ck.dataset.h5");
  const CommandResult r = resume();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ck.dataset.h5: the checkpoint's dataset tables are missing"));
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed.h5"));
}

TEST_F(DatasetResumeRefusal, ACorruptTablesFileIsRefused) {
  dir.write("ck.dataset.h5", "not HDF5");
  const CommandResult r = resume();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("ck.dataset.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed.h5"));
}

} // namespace
} // namespace coscan::testing
