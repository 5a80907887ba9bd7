// The sbatch script's text for given options, and the helpers around it.
#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/slurm.hpp>

#include <gtest/gtest.h>

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
  // Resume only when rank 0's checkpoint file of the 8 ranks exists.
  EXPECT_TRUE(has(s, "if [ -e '/data/out/big.h5.ckpt.rank0of8' ]; then RESUME=(--resume \"$CK\")"))
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

} // namespace
} // namespace coscan::jobs
