// The sbatch script's text for given options, and the helpers around it.
#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/slurm.hpp>

#include <gtest/gtest.h>

#include <functional>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace coscan::jobs {
namespace {

SlurmOptions options() {
  SlurmOptions o;
  o.study = "/data/studies/big.toml";
  o.coscan = "/opt/coscan/bin/coscan";
  o.nodes = 2;
  o.ntasks_per_node = 4;
  o.time = "02:00:00";
  o.checkpoint = "/data/out/big.h5.ckpt";
  o.out = "/data/out/big.h5";
  o.summary = "/data/out/big.json";
  o.job_name = "coscan-big";
  return o;
}

bool has(const std::string &text, const std::string &line) {
  return text.find(line) != std::string::npos;
}

TEST(SlurmScript, MpiJobHasTheSbatchLinesAndTheSrunCommand) {
  const std::string s = sbatch_script(options());
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  for (const char *line :
       {"#SBATCH --job-name=coscan-big\n", "#SBATCH --nodes=2\n", "#SBATCH --ntasks-per-node=4\n",
        "#SBATCH --time=02:00:00\n", "#SBATCH --requeue\n", "#SBATCH --signal=TERM@120\n",
        "#SBATCH --open-mode=append\n", "#SBATCH --output=/data/out/coscan-%j.log\n",
        "COSCAN='/opt/coscan/bin/coscan'\n", "STUDY='/data/studies/big.toml'\n",
        "CK='/data/out/big.h5.ckpt'\n"})
    EXPECT_TRUE(has(s, line)) << line << "\n" << s;
  EXPECT_TRUE(has(s, "srun --mpi=pmix \"$COSCAN\" run \"$STUDY\" --checkpoint \"$CK\" "
                     "\"${RESUME[@]}\" --out '/data/out/big.h5' --summary '/data/out/big.json'"))
      << s;
  // Resume only when rank 0's checkpoint file of the 8 ranks exists, or the run finished (a
  // requeue of a finished job then ends at once: "already complete").
  EXPECT_TRUE(has(s, "if [ -e '/data/out/big.h5.ckpt.rank0of8' ] || [ -e "
                     "'/data/out/big.h5.ckpt.rank0of8.complete' ]; then RESUME=(--resume \"$CK\")"))
      << s;
  EXPECT_TRUE(has(s, "echo \"coscan: resuming from the checkpoint $CK\"")) << s;
  EXPECT_TRUE(has(s, "if [ \"$status\" -eq 75 ]; then")) << s;
  EXPECT_TRUE(has(s, "scontrol requeue \"$SLURM_JOB_ID\"")) << s;
  for (const char *absent : {"--partition", "--account", "--mem", "--array", "--shard"})
    EXPECT_FALSE(has(s, absent)) << absent;
}

TEST(SlurmScript, OptionalSbatchLines) {
  SlurmOptions o = options();
  o.partition = "gpu";
  o.account = "proj42";
  o.mem = "16G";
  const std::string s = sbatch_script(o);
  EXPECT_TRUE(has(s, "#SBATCH --partition=gpu\n"));
  EXPECT_TRUE(has(s, "#SBATCH --account=proj42\n"));
  EXPECT_TRUE(has(s, "#SBATCH --mem=16G\n"));
}

TEST(SlurmScript, CpusPerTaskAreEachRunsThreads) {
  SlurmOptions o = options();
  EXPECT_FALSE(has(sbatch_script(o), "cpus-per-task"));
  EXPECT_FALSE(has(sbatch_script(o), "--threads"));
  o.cpus_per_task = 16;
  const std::string mpi = sbatch_script(o);
  EXPECT_TRUE(has(mpi, "#SBATCH --cpus-per-task=16\n")) << mpi;
  EXPECT_TRUE(
      has(mpi, "srun --mpi=pmix --cpus-per-task=16 \"$COSCAN\" run \"$STUDY\" --threads 16 "))
      << mpi;
  o.array = 2;
  const std::string array = sbatch_script(o);
  EXPECT_TRUE(has(array, "#SBATCH --cpus-per-task=16\n")) << array;
  EXPECT_TRUE(has(array, "--shard \"$I/2\" --threads 16 --checkpoint")) << array;
}

TEST(SlurmScript, OneRankResumesFromThePlainCheckpointFile) {
  SlurmOptions o = options();
  o.nodes = 1;
  o.ntasks_per_node = 1;
  EXPECT_TRUE(has(sbatch_script(o), "if [ -e '/data/out/big.h5.ckpt' ]"));
}

TEST(SlurmScript, ArrayRunsOneShardPerTaskAndPrintsTheMerge) {
  SlurmOptions o = options();
  o.array = 4;
  const std::string s = sbatch_script(o);
  for (const char *line : {"#SBATCH --array=0-3\n", "#SBATCH --ntasks=1\n",
                           "#SBATCH --output=/data/out/coscan-%A_%a.log\n",
                           "CK_FILE=\"$CK.rank${I}of4\"\n", "I=$SLURM_ARRAY_TASK_ID\n"})
    EXPECT_TRUE(has(s, line)) << line << "\n" << s;
  EXPECT_TRUE(has(s, "\"$COSCAN\" run \"$STUDY\" --shard \"$I/4\" --checkpoint \"$CK\" "
                     "\"${RESUME[@]}\" --out '/data/out'/shard-\"$I\".h5"))
      << s;
  EXPECT_FALSE(has(s, "srun")) << s;
  EXPECT_FALSE(has(s, "--ntasks-per-node")) << s;
  const std::string merge = merge_command(o);
  EXPECT_EQ(merge, "'/opt/coscan/bin/coscan' merge '/data/out/shard-0.h5' '/data/out/shard-1.h5' "
                   "'/data/out/shard-2.h5' '/data/out/shard-3.h5' --out '/data/out/big.h5' "
                   "--summary '/data/out/big.json'");
  EXPECT_TRUE(has(s, "merge them with")) << s;
}

TEST(SlurmScript, RecordsTheCheckpointForStatus) {
  const auto mpi = script_checkpoint(sbatch_script(options()));
  ASSERT_TRUE(mpi);
  EXPECT_EQ(mpi->ranks, 8);
  EXPECT_EQ(mpi->base, "/data/out/big.h5.ckpt");
  SlurmOptions o = options();
  o.array = 3;
  const auto array = script_checkpoint(sbatch_script(o));
  ASSERT_TRUE(array);
  EXPECT_EQ(array->ranks, 3);
  EXPECT_FALSE(script_checkpoint("#!/bin/bash\necho hi\n"));
}

TEST(SlurmScript, PathsWithQuotesAreQuotedForTheShell) {
  SlurmOptions o = options();
  o.study = "/data/it's/big.toml";
  EXPECT_TRUE(has(sbatch_script(o), "STUDY='/data/it'\\''s/big.toml'\n"));
}

TEST(SlurmScript, BadTimeIsAnInputError) {
  for (const char *good : {"00:10:00", "48:00:00", "2-12:00:00"})
    EXPECT_NO_THROW(check_time(good)) << good;
  for (const char *bad : {"", "10", "10:00", "1:2:3", "aa:bb:cc", "00:61:00"})
    EXPECT_THROW(check_time(bad), InputError) << bad;
  SlurmOptions o = options();
  o.time = "soon";
  EXPECT_THROW(sbatch_script(o), InputError);
}

TEST(FindProgram, SearchesThePathList) {
  EXPECT_TRUE(find_program("sh", "/nonexistent:/bin:/usr/bin"));
  EXPECT_FALSE(find_program("sh", "/nonexistent"));
  EXPECT_FALSE(find_program("sh", ""));
}

TEST(RunProgram, CapturesOutputAndExitCode) {
  const auto sh = find_program("sh", "/bin:/usr/bin");
  ASSERT_TRUE(sh);
  const ProgramResult r = run_program({sh->string(), "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(SlurmScript, ControlCharactersAndOddNamesAreRefused) {
  const auto refused = [](const std::function<void(SlurmOptions &)> &edit,
                          const std::string &option) {
    SlurmOptions o = options();
    edit(o);
    try {
      sbatch_script(o);
      ADD_FAILURE() << option << ": accepted";
    } catch (const InputError &e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(option, 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    }
  };
  refused([](SlurmOptions &o) { o.partition = "x\ntouch PWNED"; }, "--partition");
  refused([](SlurmOptions &o) { o.partition = "a b"; }, "--partition");
  refused([](SlurmOptions &o) { o.account = "acct\n#SBATCH --time=99:00:00"; }, "--account");
  refused([](SlurmOptions &o) { o.mem = "8G\ntouch PWNED"; }, "--mem");
  refused([](SlurmOptions &o) { o.mem = "lots"; }, "--mem");
  refused([](SlurmOptions &o) { o.out = "/data/out\ntouch PWNED/big.h5"; }, "--out");
  refused([](SlurmOptions &o) { o.out = "/data/a\"b/big.h5"; }, "--out");
  refused([](SlurmOptions &o) { o.checkpoint = "/data/ck\r"; }, "--checkpoint");
  refused([](SlurmOptions &o) { o.summary = "/data/s\x7f.json"; }, "--summary");
  refused([](SlurmOptions &o) { o.study = "/data/s\ntouch PWNED.toml"; }, "the study file");
  refused([](SlurmOptions &o) { o.coscan = "/opt/co\tscan"; }, "--coscan");
  refused([](SlurmOptions &o) { o.job_name = "coscan-a\nb"; }, "the job name");
}

/// Runs a generated script under bash with stub srun and scontrol that record their arguments
/// one per line (SLURM_* set as a job would have them).
std::string run_with_stubs(const std::filesystem::path &dir, const std::string &script) {
  std::filesystem::create_directories(dir / "bin");
  for (const char *stub : {"srun", "scontrol"}) {
    std::ofstream(dir / "bin" / stub) << "#!/bin/bash\nprintf '%s\\n' \"" << stub
                                      << "\" \"$@\" >> '" << (dir / "calls.txt").string() << "'\n";
    std::filesystem::permissions(dir / "bin" / stub, std::filesystem::perms::owner_all);
  }
  std::ofstream(dir / "job.sbatch") << script;
  const std::string command = "cd '" + dir.string() + "' && PATH='" + (dir / "bin").string() +
                              ":'\"$PATH\" SLURM_JOB_ID=7 SLURM_ARRAY_TASK_ID=1 bash job.sbatch " +
                              "> job.out 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(dir / "job.out");
  std::stringstream output;
  output << log.rdbuf();
  EXPECT_EQ(status, 0) << script << "\n" << output.str();
  std::ifstream in(dir / "calls.txt");
  std::stringstream calls;
  calls << in.rdbuf();
  return calls.str();
}

TEST(SlurmScript, HostilePathsReachTheCommandsAsData) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("coscan-hostile-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string odd = "it's $(touch PWNED1) `touch PWNED2`; touch PWNED3 & \"x\"";
  SlurmOptions o = options();
  o.study = dir / (odd + ".toml");
  o.coscan = dir / "co scan";
  o.checkpoint = dir / (odd + ".ckpt");
  o.out = dir / "out dir" / "r.h5";
  o.summary = dir / (odd + ".json");
  o.partition = "gpu-a100";
  o.mem = "8G";
  const std::string calls = run_with_stubs(dir, sbatch_script(o));
  for (const char *file : {"PWNED1", "PWNED2", "PWNED3"})
    EXPECT_FALSE(std::filesystem::exists(dir / file)) << file << " ran:\n" << calls;
  // srun got every path as one argument, unchanged.
  for (const std::string &argument : {o.coscan.string(), o.study.string(), o.checkpoint.string(),
                                      o.out.string(), o.summary.string()})
    EXPECT_NE(calls.find("\n" + argument + "\n"), std::string::npos) << argument << "\n" << calls;
  EXPECT_NE(sbatch_script(o).find("#SBATCH --output=\"" + (dir / "out dir").string() +
                                  "/coscan-%j.log\"\n"),
            std::string::npos);

  // The array script too: it runs coscan itself (here a stub recording its arguments).
  o.array = 3;
  std::filesystem::remove(dir / "calls.txt");
  std::ofstream(o.coscan) << "#!/bin/bash\nprintf '%s\\n' coscan \"$@\" >> '"
                          << (dir / "calls.txt").string() << "'\n";
  std::filesystem::permissions(o.coscan, std::filesystem::perms::owner_all);
  const std::string array_calls = run_with_stubs(dir, sbatch_script(o));
  EXPECT_NE(array_calls.find("\n" + o.study.string() + "\n"), std::string::npos) << array_calls;
  EXPECT_NE(array_calls.find("\n" + (dir / "out dir" / "shard-1.h5").string() + "\n"),
            std::string::npos)
      << array_calls;
  for (const char *file : {"PWNED1", "PWNED2", "PWNED3"})
    EXPECT_FALSE(std::filesystem::exists(dir / file)) << file;
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace coscan::jobs
