// `coscan slurm script|submit|status` end to end, with stand-in sbatch/squeue programs (no
// Slurm needed).
#include "apps/run_coscan.hpp"

#include <coscan/h5/checkpoint.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

namespace coscan::testing {
namespace {

const std::filesystem::path kStudyPath =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

/// Writes an executable shell script `bin/NAME`.
void fake_program(const TempDir &dir, const std::string &name, const std::string &body) {
  std::filesystem::create_directories(dir / "bin");
  dir.write("bin/" + name, "#!/bin/sh\n" + body);
  std::filesystem::permissions(dir / ("bin/" + name), std::filesystem::perms::owner_all);
}

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST(SlurmCommand, ScriptPrintsAReadySbatchScriptWithAbsolutePaths) {
  TempDir dir("slurm-script");
  std::filesystem::copy_file(kStudyPath, dir / "study.toml");
  const CommandResult r = run_coscan(
      "slurm script study.toml --nodes 2 --ntasks-per-node 3 --time 01:30:00 --partition debug",
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string study = (dir / "study.toml").string();
  for (const std::string &line :
       {std::string("#SBATCH --nodes=2\n"), std::string("#SBATCH --ntasks-per-node=3\n"),
        std::string("#SBATCH --time=01:30:00\n"), std::string("#SBATCH --partition=debug\n"),
        std::string("#SBATCH --job-name=coscan-study\n"), std::string("#SBATCH --requeue\n"),
        std::string("#SBATCH --signal=TERM@120\n"), "STUDY='" + study + "'\n",
        "COSCAN='" + std::string(COSCAN_BINARY) + "'\n", std::string("srun --mpi=pmix"),
        "--out '" + (dir / "nb201_small.h5").string() + "'"})
    EXPECT_TRUE(has(r.out, line)) << line << "\n" << r.out;

  const CommandResult a =
      run_coscan("slurm script study.toml --array 3 --time 00:10:00", dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_TRUE(has(a.out, "#SBATCH --array=0-2\n")) << a.out;
  EXPECT_TRUE(has(a.out, "--shard \"$I/3\"")) << a.out;
  EXPECT_TRUE(has(a.out, " merge ")) << a.out;
}

TEST(SlurmCommand, ScriptRefusesBadInput) {
  TempDir dir("slurm-script-bad");
  const CommandResult missing = run_coscan("slurm script nothing.toml --time 00:10:00", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(has(missing.err, "nothing.toml")) << missing.err;
  const std::string study = fmt::format("'{}'", kStudyPath.string());
  const CommandResult time = run_coscan("slurm script " + study + " --time soon", dir.path());
  EXPECT_EQ(time.exit_code, 2);
  EXPECT_TRUE(has(time.err, "--time")) << time.err;
  const CommandResult no_time = run_coscan("slurm script " + study, dir.path());
  EXPECT_EQ(no_time.exit_code, 2);
}

TEST(SlurmCommand, SubmitFailsCleanlyWithoutSbatch) {
  TempDir dir("slurm-nosbatch");
  std::filesystem::copy_file(kStudyPath, dir / "study.toml");
  const CommandResult r =
      run_launched("PATH=/nonexistent", "slurm submit study.toml --time 00:10:00", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "coscan: error: sbatch not found on PATH (is Slurm installed on this "
                   "machine?)\n");
}

TEST(SlurmCommand, SubmitReportsSbatchRefusalsOnOneLine) {
  TempDir dir("slurm-refused");
  std::filesystem::copy_file(kStudyPath, dir / "study.toml");
  fake_program(dir, "sbatch",
               "echo 'sbatch: error: invalid partition specified: nope' >&2\n"
               "echo 'sbatch: error: Batch job submission failed' >&2\nexit 1\n");
  const CommandResult r =
      run_launched("PATH='" + (dir / "bin").string() + "'",
                   "slurm submit study.toml --time 00:10:00 --partition nope", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(has(r.err, "invalid partition specified: nope")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(SlurmCommand, SubmitWritesTheScriptAndPrintsTheJobIdAndStatusReadsTheCheckpoint) {
  TempDir dir("slurm-submit");
  std::filesystem::copy_file(kStudyPath, dir / "study.toml");
  // The stand-in sbatch records its arguments and the script.
  fake_program(dir, "sbatch",
               "echo \"$@\" > '" + (dir / "args.txt").string() + "'\necho '4242;ci'\n");
  fake_program(dir, "squeue", "echo '4242 RUNNING'\n");
  const std::string path = "PATH='" + (dir / "bin").string() + "'";
  const CommandResult r =
      run_launched(path, "slurm submit study.toml --time 00:10:00 --checkpoint ck", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "4242\n");
  const std::filesystem::path script = dir / "study.sbatch";
  ASSERT_TRUE(std::filesystem::exists(script));
  EXPECT_EQ(read_text(dir / "args.txt"), "--parsable " + script.string() + "\n");
  EXPECT_TRUE(has(read_text(script), "CK='" + (dir / "ck").string() + "'"));

  const CommandResult none =
      run_launched(path, "slurm status 4242 --script study.sbatch", dir.path());
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(has(none.out, "job 4242: 4242 RUNNING\n")) << none.out;
  EXPECT_TRUE(has(none.out, "none yet")) << none.out;

  // A checkpoint of a run as the job would write it. Checkpoints fall between waves of tiles,
  // so the run gets small accelerator blocks (many waves); the flag overrides nothing else.
  std::filesystem::copy_file(dir / "study.toml", dir / "waves.toml");
  std::ofstream(dir / "waves.toml", std::ios::app) << "\n[engine]\naccel_block = 2\n";
  const CommandResult run = run_coscan(
      "run waves.toml --out x.h5 --checkpoint ck --checkpoint-every 0 --threads 1 --quiet",
      dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const CommandResult some =
      run_launched(path, "slurm status 4242 --script study.sbatch", dir.path());
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_TRUE(has(some.out, " pairs done (1 of 1 checkpoint files)")) << some.out;
  EXPECT_FALSE(has(some.out, " 0 pairs done")) << some.out;
}

TEST(SlurmCommand, SubmitOfAnArrayQueuesItsMergeAfterIt) {
  TempDir dir("slurm-submit-array");
  std::filesystem::copy_file(kStudyPath, dir / "study.toml");
  // The stand-in sbatch appends its arguments and gives job ids 100, 101, ...
  const std::string log = (dir / "args.txt").string();
  fake_program(dir, "sbatch",
               "echo \"$@\" >> '" + log + "'\necho $((100 + $(/usr/bin/wc -l < '" + log +
                   "') - 1))\n");
  const CommandResult r = run_launched("PATH='" + (dir / "bin").string() + "'",
                                       "slurm submit study.toml --array 3 --time 00:10:00 "
                                       "--partition debug --out 'out dir/r.h5'",
                                       dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "100\n");
  EXPECT_TRUE(has(r.err, "job 101 merges the shards once the 3 tasks of job 100 finished"))
      << r.err;
  const std::filesystem::path merge = dir / "study.merge.sbatch";
  EXPECT_EQ(read_text(dir / "args.txt"),
            fmt::format("--parsable {}\n--parsable --dependency=afterok:100 {}\n",
                        (dir / "study.sbatch").string(), merge.string()));
  const std::string text = read_text(merge);
  const std::string out = (dir / "out dir").string();
  for (const std::string &line :
       {std::string("#SBATCH --job-name=coscan-study-merge\n"), std::string("#SBATCH --ntasks=1\n"),
        std::string("#SBATCH --time=00:10:00\n"), std::string("#SBATCH --partition=debug\n"),
        std::string("#SBATCH --kill-on-invalid-dep=yes\n"),
        "#SBATCH --output=\"" + out + "/coscan-merge-%j.log\"\n",
        fmt::format("' merge '{0}/shard-0.h5' '{0}/shard-1.h5' '{0}/shard-2.h5' --out '{0}/r.h5'",
                    out)})
    EXPECT_TRUE(has(text, line)) << line << "\n" << text;
  // The script runs the merge as written (bash -n: it parses).
  EXPECT_EQ(std::system(("bash -n '" + merge.string() + "'").c_str()), 0);
}

} // namespace
} // namespace coscan::testing
