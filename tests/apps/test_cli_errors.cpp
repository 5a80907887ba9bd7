// Bad input on the command line: one clear line naming the file and key, exit code 2, and no
// output file.
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::string kGood = R"(
[arch_space]
kind = "nasbench201"
[accel_space]
dataflow   = ["weight_stationary"]
num_pes    = [64]
l1_bytes   = [256]
l2_kib     = [64]
noc_bw     = [64]
offchip_bw = [16]
[objectives]
maximize = ["accuracy"]
minimize = ["latency"]
[output]
path = "out.h5"
)";

std::string replace(std::string text, const std::string &from, const std::string &to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

/// Runs `coscan run study.toml` on a study text and checks the error contract.
void expect_bad_study(const std::string &name, const std::string &text,
                      const std::vector<std::string> &message_parts) {
  TempDir dir(name);
  dir.write("study.toml", text);
  const CommandResult r = run_coscan("run study.toml --summary s.json", dir.path());
  EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << name << ": " << r.err;
  EXPECT_THAT(r.err, HasSubstr("study.toml")) << name;
  for (const auto &part : message_parts)
    EXPECT_THAT(r.err, HasSubstr(part)) << name;
  EXPECT_EQ(dir.num_files(), 1u) << name << ": an output file was left behind";
}

TEST(CliErrors, TheGoodStudyRuns) {
  TempDir dir("good");
  dir.write("study.toml", kGood);
  const CommandResult r = run_coscan("run study.toml --quiet", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out.h5"));
}

TEST(CliErrors, MalformedToml) {
  expect_bad_study("malformed", replace(kGood, "kind = \"nasbench201\"", "kind = \"nasbench201"),
                   {});
}

TEST(CliErrors, UnknownKey) {
  expect_bad_study("unknown-key", replace(kGood, "noc_bw ", "noc_bandwidth = [1]\nnoc_bw "),
                   {"noc_bandwidth"});
}

TEST(CliErrors, UnknownSection) {
  expect_bad_study("unknown-section", kGood + "[outptu]\npath = \"x.h5\"\n", {"outptu"});
}

TEST(CliErrors, WrongType) {
  expect_bad_study("wrong-type", replace(kGood, "num_pes    = [64]", "num_pes = \"64\""),
                   {"num_pes"});
}

TEST(CliErrors, EmptyGrid) {
  expect_bad_study("empty-grid", replace(kGood, "l2_kib     = [64]", "l2_kib = []"), {"l2_kib"});
}

TEST(CliErrors, NegativeValue) {
  expect_bad_study("negative", replace(kGood, "offchip_bw = [16]", "offchip_bw = [16, -8]"),
                   {"offchip_bw"});
}

TEST(CliErrors, ExtremeButFiniteValues) {
  // Finite inputs whose costs overflow: refused, naming the accelerator, instead of inf (or NaN,
  // which breaks dominance) in the results.
  expect_bad_study("tiny-bandwidth", replace(kGood, "offchip_bw = [16]", "offchip_bw = [1e-308]"),
                   {"accelerator 0 (weight_stationary)", "outside the model's range"});
  expect_bad_study("huge-energy", kGood + "[costmodel.energy]\nmac_pj = 1e308\n",
                   {"accelerator 0", "energy", "outside the model's range"});
}

TEST(CliErrors, UnknownDataflow) {
  expect_bad_study("dataflow", replace(kGood, "\"weight_stationary\"", "\"weight_stationery\""),
                   {"dataflow", "weight_stationery"});
}

TEST(CliErrors, UnknownMetric) {
  expect_bad_study("metric", replace(kGood, "minimize = [\"latency\"]", "minimize = [\"speed\"]"),
                   {"speed"});
}

TEST(CliErrors, MissingAccuracyFile) {
  expect_bad_study("missing-table",
                   kGood +
                       "[accuracy]\nkind = \"table\"\npath = \"nowhere.csv\"\ncolumn = \"acc\"\n",
                   {"nowhere.csv"});
}

TEST(CliErrors, TableWithoutTheNamedColumn) {
  TempDir dir("no-column");
  dir.write("acc.csv", "arch_str,acc\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,10\n");
  dir.write("study.toml",
            kGood + "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\ncolumn = \"top1\"\n");
  const CommandResult r = run_coscan("run study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("acc.csv"));
  EXPECT_THAT(r.err, HasSubstr("top1"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out.h5"));
}

TEST(CliErrors, ArchitectureStringNotInTheSpace) {
  TempDir dir("bad-arch");
  dir.write("acc.csv", "arch_str,acc\n|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|,10\n");
  dir.write("study.toml",
            kGood + "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\ncolumn = \"acc\"\n");
  const CommandResult r = run_coscan("run study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("acc.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out.h5"));
}

TEST(CliErrors, ArchitectureMissingFromTheTable) {
  TempDir dir("short-table");
  dir.write("acc.csv", "arch_str,acc\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,10\n");
  dir.write("study.toml",
            kGood + "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\ncolumn = \"acc\"\n");
  const CommandResult r = run_coscan("run study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("acc.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out.h5"));
}

TEST(CliErrors, MissingStudyFile) {
  TempDir dir("missing-study");
  const CommandResult r = run_coscan("run nothing.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("nothing.toml"));
  EXPECT_EQ(dir.num_files(), 0u);
}

TEST(CliErrors, OutputFolderMissing) {
  TempDir dir("no-folder");
  dir.write("study.toml", kGood);
  const CommandResult r = run_coscan("run study.toml --out missing/r.h5", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing/r.h5"));
  EXPECT_EQ(dir.num_files(), 1u);
}

TEST(CliErrors, BadFlags) {
  TempDir dir("flags");
  EXPECT_EQ(run_coscan("run --default --threads 0", dir.path()).exit_code, 2);
  EXPECT_EQ(run_coscan("run --default --no-such-flag", dir.path()).exit_code, 2);
  EXPECT_EQ(run_coscan("frobnicate", dir.path()).exit_code, 2);
  EXPECT_EQ(run_coscan("run", dir.path()).exit_code, 2);
  EXPECT_EQ(dir.num_files(), 0u);
}

TEST(CliErrors, UnknownKernelTarget) {
  TempDir dir("kernel");
  dir.write("study.toml", kGood);
  const CommandResult r = run_launched("COSCAN_KERNEL=avx", "run study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("COSCAN_KERNEL=avx: expected sse2, avx2 or avx512"));
  EXPECT_EQ(dir.num_files(), 1u) << "an output file was left behind";
  const CommandResult sse2 = run_launched("COSCAN_KERNEL=sse2", "run study.toml", dir.path());
  EXPECT_EQ(sse2.exit_code, 0) << sse2.err;
  EXPECT_THAT(sse2.out, HasSubstr("sse2 kernel"));
}

TEST(CliErrors, HelpAndVersionSucceed) {
  TempDir dir("help");
  const CommandResult version = run_coscan("--version", dir.path());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("coscan 0."));
  EXPECT_EQ(run_coscan("--help", dir.path()).exit_code, 0);
  const CommandResult run_help = run_coscan("run --help", dir.path());
  EXPECT_EQ(run_help.exit_code, 0);
  EXPECT_THAT(run_help.out, HasSubstr("--summary"));
}

} // namespace
} // namespace coscan::testing

namespace coscan::testing {
namespace {

/// Bad command lines found by a hostile user (the reliability issue): each is one line, exit 2,
/// and leaves only the study behind. (case, arguments, message part)
struct BadCommand {
  const char *name, *args, *message;
};

class BadCommands : public ::testing::TestWithParam<BadCommand> {};

TEST_P(BadCommands, OneLineExitTwoNothingWritten) {
  const BadCommand &c = GetParam();
  TempDir dir(std::string("bad-command-") + c.name);
  dir.write("study.toml", kGood);
  std::filesystem::create_directories(dir / "folder");
  const CommandResult r = run_coscan(c.args, dir.path());
  EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args;
  EXPECT_EQ(dir.num_files(), 2u) << c.args << ": an output file was left behind";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadCommands,
    ::testing::Values(BadCommand{"checkpoint_every_nan",
                                 "run study.toml --checkpoint ck --checkpoint-every nan",
                                 "--checkpoint-every: expected seconds from 0 to 1e9, got nan"},
                      BadCommand{"checkpoint_every_inf",
                                 "run study.toml --checkpoint ck --checkpoint-every inf",
                                 "--checkpoint-every"},
                      BadCommand{"resume_folder", "run study.toml --resume folder",
                                 "folder: is a folder, not a checkpoint file"},
                      BadCommand{"resume_missing", "run study.toml --resume nothing",
                                 "nothing: no such checkpoint file"},
                      BadCommand{"archs_sample_huge", "archs study.toml --sample 1000000000000",
                                 "--sample: Value 1000000000000 not in range"},
                      // checked before the checkpoint is locked (the lock file would fail first)
                      BadCommand{"checkpoint_missing_folder", "run study.toml --checkpoint no/ck",
                                 "--checkpoint no/ck"}),
    [](const auto &test) { return std::string(test.param.name); });

} // namespace
} // namespace coscan::testing

namespace coscan::testing {
namespace {

TEST(CliErrors, ControlCharactersFromInputFilesAreShownEscaped) {
  TempDir dir("control-characters");
  dir.write("acc.csv", "arch_str,acc\nfoo\rbar,1\n");
  dir.write("study.toml", replace(kGood, "[accel_space]",
                                  "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\n"
                                  "column = \"acc\"\n[accel_space]"));
  const CommandResult r = run_coscan("run study.toml --out o.h5", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("'foo\\x0dbar'")) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliErrors, ANulByteInAnInputFileIsNamedNotEchoed) {
  TempDir dir("nul-byte");
  dir.write("acc.csv", std::string("arch_str,acc\nfoo\0bar,1\n", 23));
  dir.write("study.toml", replace(kGood, "[accel_space]",
                                  "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\n"
                                  "column = \"acc\"\n[accel_space]"));
  const CommandResult r = run_coscan("run study.toml --out o.h5", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "coscan: error: acc.csv:2: contains a NUL byte: not a text CSV file\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "o.h5"));
}

} // namespace
} // namespace coscan::testing
