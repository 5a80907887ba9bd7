// The FBNet and networks spaces through the command line: study keys, coscan archs / validate /
// run, and bad input (exit code 2, one line naming file and line).
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kRest[] = R"(
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

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::string first_field(const std::string &line) { return line.substr(0, line.find(',')); }

bool one_line(const std::string &text) { return std::count(text.begin(), text.end(), '\n') == 1; }

TEST(FbnetCli, ExhaustiveStudyIsRefusedAndSampledStudyRuns) {
  TempDir dir("fbnet-cli");
  dir.write("study.toml", std::string("[arch_space]\nkind = \"fbnet\"\n") + kRest);
  const CommandResult refused = run_coscan("validate study.toml", dir.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("984770902183611232881"));
  EXPECT_THAT(refused.err, HasSubstr("enumeration.archs"));
  EXPECT_TRUE(one_line(refused.err)) << refused.err;

  dir.write("sampled.toml", std::string("[arch_space]\nkind = \"fbnet\"\n") + kRest +
                                "[enumeration]\nmode = \"sample\"\narchs = 300\nseed = 9\n");
  const CommandResult valid = run_coscan("validate sampled.toml", dir.path());
  ASSERT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_THAT(valid.out, HasSubstr("984770902183611232881"));
  EXPECT_THAT(valid.out, HasSubstr("126  (vocabulary)"));
  const CommandResult run = run_coscan("run sampled.toml", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // coscan archs lists the study's sample, sorted by the 128-bit index, the same every time.
  const CommandResult a = run_coscan("archs sampled.toml", dir.path());
  const CommandResult b = run_coscan("archs sampled.toml", dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto rows = lines(a.out);
  ASSERT_EQ(rows.size(), 301u);
  EXPECT_THAT(rows[1], HasSubstr("proxy:fbnet_block_capacity_v1"));
}

TEST(FbnetCli, ArchsFromReadsTheSharedTableInRowOrder) {
  COSCAN_REQUIRE_SHARED("data/fbnet_latency_help.csv");
  TempDir dir("fbnet-from");
  dir.write("study.toml", std::string("[arch_space]\nkind = \"fbnet\"\n") + kRest);
  const std::string table = shared_file("data/fbnet_latency_help.csv").string();
  const CommandResult r = run_coscan("archs study.toml --from '" + table + "'", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 5001u);
  // Row 1: k5_e6, skip, k3_e1_g2, ... (op_idx 7, 8, 1, ...): digits from layer 0 up.
  EXPECT_THAT(rows[1], HasSubstr(",k5_e6-skip-k3_e1_g2-skip-k5_e1-skip-skip-skip-k5_e6-"));

  // An unknown block names the file, line and column.
  const auto source = lines(read_text(shared_file("data/fbnet_latency_help.csv")));
  std::string bad_row = source[2];
  bad_row.replace(bad_row.find(",k5_e1_g2,"), 10, ",k7_e1_g2,");
  dir.write("bad.csv", source[0] + "\n" + source[1] + "\n" + bad_row + "\n");
  const CommandResult bad = run_coscan("archs study.toml --from bad.csv", dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.csv:3: column 'op_0': unknown block 'k7_e1_g2'"));
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
}

TEST(NetworksCli, LayerTablesAndModelFilesMakeASpace) {
  COSCAN_REQUIRE_SHARED("data/maestro_layers/vgg16_model.csv");
  TempDir dir("networks-cli");
  dir.write("tiny.m", "// hand-written\nNetwork tiny {\n  Layer C1 { Type: CONV Stride { X: 2, "
                      "Y: 2 } Dimensions { K: 8, C: 3, R: 3, S: 3, Y: 33, X: 33 } }\n}\n");
  const std::string vgg = shared_file("data/maestro_layers/vgg16_model.csv").string();
  dir.write("study.toml",
            "[arch_space]\nkind = \"networks\"\nfiles = [\"tiny.m\", \"" + vgg + "\"]\n" + kRest);
  const CommandResult archs = run_coscan("archs study.toml", dir.path());
  ASSERT_EQ(archs.exit_code, 0) << archs.err;
  const auto rows = lines(archs.out);
  ASSERT_EQ(rows.size(), 3u);
  // 8 x 3 x 3 x 3 weights on a 16x16 output ((33 - 3) / 2 + 1).
  EXPECT_THAT(rows[1], HasSubstr("0,tiny,55296,216,"));
  EXPECT_THAT(rows[1], HasSubstr(",proxy:networks_log_macs_v1,1"));
  EXPECT_EQ(first_field(rows[2]), "1");
  EXPECT_THAT(rows[2], HasSubstr(",vgg16,"));
  const CommandResult valid = run_coscan("validate study.toml", dir.path());
  ASSERT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_THAT(valid.out, HasSubstr("10  (vocabulary)"));
  EXPECT_EQ(run_coscan("run study.toml", dir.path()).exit_code, 0);
}

TEST(NetworksCli, AccuracyTableKeyedByNetworkName) {
  TempDir dir("networks-acc");
  dir.write("a.m", "Network small { Layer L { Type: CONV Dimensions { K: 8, C: 3, R: 3, S: 3, "
                   "Y: 34, X: 34 } } }\nNetwork big { Layer L { Type: CONV Dimensions { K: 64, "
                   "C: 3, R: 3, S: 3, Y: 34, X: 34 } } }\n");
  dir.write("acc.csv", "network,top1\nbig,75.5\nsmall,61.25\n");
  dir.write("study.toml", std::string("[arch_space]\nkind = \"networks\"\nfiles = [\"a.m\"]\n"
                                      "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\nkey = "
                                      "\"network\"\ncolumn = \"top1\"\n") +
                              kRest);
  const CommandResult r = run_coscan("archs study.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1], HasSubstr(",small,"));
  EXPECT_THAT(rows[1], HasSubstr(",61.25,table:"));
  EXPECT_THAT(rows[2], HasSubstr(",75.5,table:"));
  // A network the table lacks is an error naming it.
  dir.write("acc.csv", "network,top1\nbig,75.5\n");
  const CommandResult missing = run_coscan("archs study.toml", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("'small'"));
}

TEST(NetworksCli, BadFilesAndKeysExitTwoNamingFileAndLine) {
  TempDir dir("networks-bad");
  dir.write("bad.m", "Network n {\n  Layer L {\n    Type: CONV\n    Dimensions { K: 8, C: 3, "
                     "R: 3, S: 3, Y: 33 }\n  }\n}\n");
  dir.write("bad.toml",
            std::string("[arch_space]\nkind = \"networks\"\nfiles = [\"bad.m\"]\n") + kRest);
  const CommandResult bad = run_coscan("validate bad.toml", dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.m:2: layer 'L': Dimensions lacks X"));
  EXPECT_TRUE(one_line(bad.err)) << bad.err;

  dir.write("missing.toml",
            std::string("[arch_space]\nkind = \"networks\"\nfiles = [\"nope.m\"]\n") + kRest);
  const CommandResult missing = run_coscan("validate missing.toml", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("key 'arch_space.files': no such file"));

  dir.write("nofiles.toml", std::string("[arch_space]\nkind = \"networks\"\n") + kRest);
  EXPECT_EQ(run_coscan("validate nofiles.toml", dir.path()).exit_code, 2);
  dir.write("files.toml",
            std::string("[arch_space]\nkind = \"darts\"\nfiles = [\"bad.m\"]\n") + kRest);
  const CommandResult stray = run_coscan("validate files.toml", dir.path());
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_THAT(stray.err, HasSubstr("arch_space.files"));
}

} // namespace
} // namespace coscan::testing
