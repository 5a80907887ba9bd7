// coscan archs: one CSV row per architecture, whole spaces, samples, or the rows of a CSV.
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include "study_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

std::string study(const std::string &kind) {
  StudyText spec;
  spec.arch_space = "kind = \"" + kind + "\"\n";
  spec.accel_space = accel_grid({"weight_stationary"}, "[64]", "[256]", "[64]");
  spec.output = "path = \"out.h5\"\n";
  return spec.str();
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string &line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');)
    out.push_back(field);
  return out;
}

constexpr char kHeader[] = "arch_index,arch_str,macs,params,accuracy,accuracy_source,num_layers";

TEST(ArchsCommand, ListsEveryNasBench201Architecture) {
  TempDir dir("archs-nb201");
  dir.write("study.toml", study("nasbench201"));
  const CommandResult r = run_coscan("archs study.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 15626u);
  EXPECT_EQ(rows[0], kHeader);
  EXPECT_EQ(rows[1], "0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,7783040,73306,10,"
                     "proxy:nb201_path_capacity_v1,13");
  EXPECT_EQ(fields(rows.back())[0], "15624");
}

TEST(ArchsCommand, NeedsNoAcceleratorsOrObjectives) {
  TempDir dir("archs-space-only");
  // Listing architectures needs the space (and its accuracy) alone; a sweep needs the rest.
  dir.write("study.toml", "[arch_space]\nkind = \"nasbench201\"\n");
  const CommandResult r = run_coscan("archs study.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 15626u);
  EXPECT_EQ(rows[0], kHeader);
  const CommandResult run = run_coscan("run study.toml", dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("accel_space"), std::string::npos) << run.err;
  // What it has is still checked.
  dir.write("bad.toml", "[arch_space]\nkind = \"nasbench201\"\n[objectives]\nmaximize = [\"x\"]\n");
  const CommandResult bad = run_coscan("archs bad.toml", dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown metric 'x'"), std::string::npos) << bad.err;
}

TEST(ArchsCommand, LargeSpaceNeedsSample) {
  TempDir dir("archs-large");
  dir.write("study.toml", study("alphanet"));
  const CommandResult r = run_coscan("archs study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("57,395,628"));
  EXPECT_THAT(r.err, HasSubstr("--sample"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ArchsCommand, SampleIsDeterministicPerSeedAndWritesAtomically) {
  TempDir dir("archs-sample");
  dir.write("study.toml", study("alphanet"));
  const CommandResult a = run_coscan("archs study.toml --sample 50 --seed 3", dir.path());
  const CommandResult b =
      run_coscan("archs study.toml --sample 50 --seed 3 --out s.csv", dir.path());
  const CommandResult c = run_coscan("archs study.toml --sample 50 --seed 4", dir.path());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_TRUE(b.out.empty());
  EXPECT_EQ(read_text(dir / "s.csv"), a.out);
  EXPECT_EQ(dir.num_files(), 2u); // study.toml and s.csv, no temporary left
  EXPECT_NE(a.out, c.out);
  const std::vector<std::string> rows = lines(a.out);
  ASSERT_EQ(rows.size(), 51u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::vector<std::string> f = fields(rows[i]);
    ASSERT_EQ(f.size(), 7u) << rows[i];
    EXPECT_EQ(f[1].front(), 'r') << rows[i];
    EXPECT_EQ(f[5], "proxy:alphanet_params_resolution_v1");
  }
}

TEST(ArchsCommand, FromKeepsRowOrder) {
  TempDir dir("archs-from");
  dir.write("study.toml", study("nasbench201"));
  dir.write("archs.csv", "name,arch_str\n"
                         "b,|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|"
                         "nor_conv_3x3~1|nor_conv_3x3~2|\n"
                         "a,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
  const CommandResult r = run_coscan("archs study.toml --from archs.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(fields(rows[1])[2], "220119680");
  EXPECT_EQ(fields(rows[2])[0], "0");
}

TEST(ArchsCommand, FromRejectsUnknownLayoutsAndForeignArchitectures) {
  TempDir dir("archs-from-bad");
  dir.write("study.toml", study("alphanet"));
  dir.write("odd.csv", "resolution,kernel_1\n224,3\n");
  CommandResult r = run_coscan("archs study.toml --from odd.csv", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("odd.csv"));
  EXPECT_THAT(r.err, HasSubstr("depth_1"));
  EXPECT_THAT(r.err, HasSubstr("expand_5"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  dir.write("nb.csv", "arch_str\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
  r = run_coscan("archs study.toml --from nb.csv", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("nb.csv line 2"));
}

TEST(ArchsCommand, FromTheAlphaNetModelsOfThePaper) {
  COSCAN_REQUIRE_SHARED("data/codesign_alphanet_models.csv");
  TempDir dir("archs-alphanet");
  dir.write("study.toml", study("alphanet"));
  const CommandResult r = run_coscan(
      "archs study.toml --from '" + shared_file("data/codesign_alphanet_models.csv").string() + "'",
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 10000u);
  // Row 0 of the table: r288, FLOPs 658.957824 M, params 9.847016 M.
  const std::vector<std::string> first = fields(rows[1]);
  EXPECT_EQ(first[1], "r288_k5-3-5-7-5_e5-5-5-5-6_d3-6-3-4-3");
  EXPECT_EQ(first[2], "658957792");
  EXPECT_EQ(first[3], "9847016");
}

TEST(ArchsCommand, FromTheDartsCellsOfThePaper) {
  COSCAN_REQUIRE_SHARED("data/codesign_nb301_darts_models.csv");
  TempDir dir("archs-darts");
  dir.write("study.toml", study("darts"));
  const CommandResult r =
      run_coscan("archs study.toml --from '" +
                     shared_file("data/codesign_nb301_darts_models.csv").string() + "'",
                 dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 10001u);
  EXPECT_EQ(fields(rows[1])[2], "491725440"); // row 0's flops_arr_depth_new
}

TEST(ArchsCommand, ValidatePrintsDistinctCountVectors) {
  TempDir dir("archs-validate");
  dir.write("nb.toml", study("nasbench201"));
  dir.write("an.toml", study("alphanet"));
  CommandResult r = run_coscan("validate nb.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("count vectors"));
  EXPECT_THAT(r.out, HasSubstr(" 195 "));
  r = run_coscan("validate an.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("n/a (space too large)"));
  EXPECT_THAT(r.out, HasSubstr("708"));
}

} // namespace
} // namespace coscan::testing
