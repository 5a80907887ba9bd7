// Checkpoint and resume: a run killed at a random moment (SIGTERM: checkpoint and exit 75;
// SIGKILL: the last periodic checkpoint survives) and resumed gives the same results as an
// uninterrupted run; checkpoints of another study, or corrupt ones, are refused.
#include "apps/run_coscan.hpp"
#include <coscan/h5/reader.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <random>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::string kRun = "run --default --threads 1 --quiet";

void expect_same_pareto(const std::filesystem::path &a, const std::filesystem::path &b) {
  const h5::Reader x(a), y(b);
  EXPECT_EQ(x.read<std::uint64_t>("/pareto/arch_index"),
            y.read<std::uint64_t>("/pareto/arch_index"));
  EXPECT_EQ(x.read<std::uint64_t>("/pareto/accel_index"),
            y.read<std::uint64_t>("/pareto/accel_index"));
  EXPECT_EQ(x.read<double>("/pareto/latency_s"), y.read<double>("/pareto/latency_s"));
  EXPECT_EQ(x.read<double>("/pareto/energy_j"), y.read<double>("/pareto/energy_j"));
  EXPECT_EQ(x.attribute<std::uint64_t>("/", "pairs_evaluated"),
            y.attribute<std::uint64_t>("/", "pairs_evaluated"));
}

TEST(Checkpoint, KilledRunsResumeToTheUninterruptedResults) {
  TempDir dir("checkpoint");
  const CommandResult reference = run_coscan(kRun + " --out reference.h5", dir.path());
  ASSERT_EQ(reference.exit_code, 0) << reference.err;

  const unsigned seed = test_seed();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> moment(0.1, 0.9);
  for (int signal : {SIGTERM, SIGKILL}) {
    std::filesystem::remove(dir / "ck.bin");
    const double delay = moment(rng);
    SCOPED_TRACE("signal " + std::to_string(signal) + " after " + std::to_string(delay) + " s (" +
                 seed_note(seed) + ")");
    dir.write("kill.sh",
              fmt::format("'{}' {} --out killed.h5 --checkpoint ck.bin --checkpoint-every 0.02 "
                          "2> /dev/null &\npid=$!\nsleep {}\nkill -{} $pid\nwait $pid\n"
                          "echo $? > code.txt\n",
                          COSCAN_BINARY, kRun, delay, signal));
    ASSERT_EQ(std::system(("cd '" + dir.path().string() + "' && sh kill.sh").c_str()), 0);
    const int code = std::stoi(read_text(dir / "code.txt"));
    // Finished before the signal, or killed after its results were renamed into place (while
    // exiting: LeakSanitizer's exit check makes that window wide): complete results, nothing
    // to resume.
    if (std::filesystem::exists(dir / "killed.h5")) {
      EXPECT_NE(code, 75) << "a stopped run left results";
      expect_same_pareto(dir / "reference.h5", dir / "killed.h5");
      std::filesystem::remove(dir / "killed.h5");
      continue;
    }
    EXPECT_EQ(code, signal == SIGTERM ? 75 : 128 + SIGKILL);
    if (signal == SIGTERM) {
      EXPECT_TRUE(std::filesystem::exists(dir / "ck.bin"));
    }
    const std::string resume =
        std::filesystem::exists(dir / "ck.bin") ? " --resume ck.bin" : ""; // killed very early
    const CommandResult resumed = run_coscan(kRun + " --out killed.h5" + resume, dir.path());
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    expect_same_pareto(dir / "reference.h5", dir / "killed.h5");
    std::filesystem::remove(dir / "killed.h5");
  }
}

TEST(Checkpoint, AnotherStudysOrACorruptCheckpointIsRefused) {
  TempDir dir("checkpoint-refused");
  const std::string study =
      read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml");
  // Small accelerator blocks make many waves, so a checkpoint is due after the first one.
  dir.write("a.toml", study + "\n[engine]\naccel_block = 2\n");
  dir.write("b.toml", study + "\n[engine]\naccel_block = 4\n");
  const CommandResult a = run_coscan(
      "run a.toml --out a.h5 --checkpoint ck.bin --checkpoint-every 0 --threads 1 --quiet",
      dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_TRUE(std::filesystem::exists(dir / "ck.bin"));

  const CommandResult other = run_coscan("run b.toml --out b.h5 --resume ck.bin", dir.path());
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("ck.bin"));
  EXPECT_THAT(other.err, HasSubstr("another study"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b.h5"));

  std::string bytes = read_text(dir / "ck.bin");
  bytes[bytes.size() / 2] ^= 0x5a;
  dir.write("bad.bin", bytes);
  const CommandResult corrupt = run_coscan("run a.toml --out c.h5 --resume bad.bin", dir.path());
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_THAT(corrupt.err, HasSubstr("corrupt"));

  const CommandResult missing = run_coscan("run a.toml --out c.h5 --resume none.bin", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("none.bin"));
  EXPECT_FALSE(std::filesystem::exists(dir / "c.h5"));
}

} // namespace
} // namespace coscan::testing

namespace coscan::testing {
namespace {

TEST(Checkpoint, ResumingAFinishedRunIsAlreadyComplete) {
  // A Slurm requeue of a job that finished: its --resume ends at once, exit 0, results kept.
  TempDir dir("checkpoint-complete");
  dir.write("s.toml",
            read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml"));
  ASSERT_EQ(run_coscan("run s.toml --out r.h5 --checkpoint ck --quiet", dir.path()).exit_code, 0);
  ASSERT_TRUE(std::filesystem::exists(dir / "ck.complete"));
  const std::string results = read_text(dir / "r.h5");
  const CommandResult again =
      run_coscan("run s.toml --out r.h5 --checkpoint ck --resume ck", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already complete: the run of checkpoint ck finished; results in r.h5"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(read_text(dir / "r.h5"), results) << "the results were rewritten";
  // Another study's resume of that mark is not "complete" (here: no checkpoint to resume).
  dir.write("t.toml", read_text(dir / "s.toml") + "\n# another study text\n");
  const CommandResult other = run_coscan("run t.toml --out t.h5 --resume ck", dir.path());
  EXPECT_NE(other.exit_code, 0);
  EXPECT_EQ(other.out.find("already complete"), std::string::npos) << other.out;
  // A new checkpointed run of the same checkpoint is unfinished until it ends.
  const CommandResult fresh =
      run_coscan("run s.toml --out r.h5 --checkpoint ck --quiet", dir.path());
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "ck.complete"));
}

} // namespace
} // namespace coscan::testing

namespace coscan::testing {
namespace {

TEST(Checkpoint, ACheckpointInUseByAnotherRunIsRefused) {
  // Another run holds ck's lock (here flock(1) holds it): this run, given the same checkpoint,
  // stops with exit 2 before it touches the other's checkpoint, dataset tables or results.
  TempDir dir("checkpoint-locked");
  std::string study =
      read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml");
  study.replace(study.find("[output]\n"), 9, "[output]\ndataset = true\n");
  dir.write("s.toml", study);
  dir.write("ck", "the other run's checkpoint");
  dir.write("ck.dataset.h5", "the other run's tables");
  dir.write("held.sh", fmt::format("flock ck.lock '{}' run s.toml --out r.h5 --checkpoint ck "
                                   "--resume ck 2> err.txt\necho $? > code.txt\n",
                                   COSCAN_BINARY));
  ASSERT_EQ(std::system(("cd '" + dir.path().string() + "' && sh held.sh").c_str()), 0);
  EXPECT_EQ(read_text(dir / "code.txt"), "2\n");
  EXPECT_EQ(read_text(dir / "err.txt"),
            "coscan: error: --checkpoint ck: in use by another coscan run (ck.lock is locked); "
            "wait for it to end or choose another checkpoint\n");
  EXPECT_EQ(read_text(dir / "ck"), "the other run's checkpoint");
  EXPECT_EQ(read_text(dir / "ck.dataset.h5"), "the other run's tables");
  EXPECT_FALSE(std::filesystem::exists(dir / "r.h5"));

  // Unheld, the lock is taken and removed when the run ends (here: a fresh checkpointed run).
  std::filesystem::remove(dir / "ck");
  std::filesystem::remove(dir / "ck.dataset.h5");
  const CommandResult run = run_coscan("run s.toml --out r.h5 --checkpoint ck --quiet", dir.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "ck.lock"));
}

} // namespace
} // namespace coscan::testing
