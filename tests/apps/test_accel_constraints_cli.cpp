// Constrained and subset accelerator spaces end to end: validate and run report valid / total,
// the results file and JSON summary record the selection, and an impossible constraint is one
// line naming the key with exit code 2 and no output file.
#include "apps/run_coscan.hpp"
#include <coscan/h5/reader.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

std::string constrained_study() {
  return read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" /
                   "nb201_constrained.toml");
}

std::string replace(std::string text, const std::string &from, const std::string &to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(AccelConstraintsCli, ValidatePrintsValidOverTotalAndWhatWasRemoved) {
  TempDir dir("accel-validate");
  dir.write("study.toml", constrained_study());
  const CommandResult r = run_coscan("validate study.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("accelerators                 48  (valid "));
  EXPECT_THAT(r.out, HasSubstr(" / total 2,592 grid points; removed: "));
  EXPECT_THAT(r.out, HasSubstr("area_max_mm2"));
  EXPECT_THAT(r.out, HasSubstr("lhs subset of 48 (seed 7)"));
  EXPECT_THAT(r.out, HasSubstr("750,000")); // 15,625 x 48 pairs
}

TEST(AccelConstraintsCli, ResultsRecordTheSelection) {
  TempDir dir("accel-run");
  dir.write("study.toml", constrained_study());
  const CommandResult r = run_coscan("run study.toml --out r.h5 --summary s.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("/ total 2,592 grid points"));
  const h5::Reader h5(dir / "r.h5");
  const auto valid = h5.attribute<std::uint64_t>("/", "accel_valid");
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "accel_grid_size"), 2592u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "num_accels"), 48u);
  EXPECT_EQ(h5.attribute<std::string>("/", "accel_subset"), "lhs");
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "accel_subset_seed"), 7u);
  std::uint64_t removed = 0;
  for (const char *rule :
       {"max_aspect_ratio", "max_array_side", "dataflow_rules", "onchip_max_kib", "area_max_mm2"})
    removed += h5.attribute<std::uint64_t>("/", std::string("accel_removed_") + rule);
  EXPECT_EQ(removed + valid, 2592u);
  // Every swept accelerator is listed with its grid index, within the budgets.
  const auto index = h5.read<std::uint64_t>("/accels/accel_index");
  const auto grid = h5.read<std::uint64_t>("/accels/grid_index");
  const auto area = h5.read<double>("/accels/area_mm2");
  ASSERT_EQ(index.size(), 48u);
  ASSERT_EQ(grid.size(), 48u);
  EXPECT_TRUE(std::is_sorted(grid.begin(), grid.end()));
  EXPECT_LT(grid.back(), 2592u);
  for (double a : area)
    EXPECT_LE(a, 3.0);
  const auto summary = nlohmann::json::parse(read_text(dir / "s.json"));
  EXPECT_EQ(summary["accel_space"]["grid_size"], 2592u);
  EXPECT_EQ(summary["accel_space"]["valid"], valid);
  EXPECT_EQ(summary["accel_space"]["subset"], "lhs");
  EXPECT_EQ(summary["accel_space"]["removed"]["area_max_mm2"],
            h5.attribute<std::uint64_t>("/", "accel_removed_area_max_mm2"));
  EXPECT_EQ(summary["num_accels"], 48u);
}

void expect_exit_two(const std::string &name, const std::string &text, const std::string &key,
                     const std::string &reason) {
  TempDir dir(name);
  dir.write("study.toml", text);
  for (const char *command : {"validate study.toml", "run study.toml --summary s.json"}) {
    const CommandResult r = run_coscan(command, dir.path());
    EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << name << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("study.toml: key '" + key + "'")) << name;
    EXPECT_THAT(r.err, HasSubstr(reason)) << name;
    EXPECT_EQ(dir.num_files(), 1u) << name << ": an output file was left behind";
  }
}

TEST(AccelConstraintsCli, ImpossibleConstraintIsExitCodeTwo) {
  expect_exit_two("accel-impossible",
                  replace(constrained_study(), "area_max_mm2     = 3.0", "area_max_mm2 = 0.2"),
                  "accel_space.constraints",
                  "no accelerator of the grid's 2592 satisfies the constraints");
}

TEST(AccelConstraintsCli, SubsetLargerThanTheValidPointsIsExitCodeTwo) {
  expect_exit_two("accel-subset-too-big",
                  replace(constrained_study(), "subset_size = 48", "subset_size = 2000"),
                  "accel_space.subset_size", "2000 exceeds the");
}

TEST(AccelConstraintsCli, UnknownConstraintKeyIsExitCodeTwo) {
  expect_exit_two("accel-unknown-key",
                  replace(constrained_study(), "max_array_side   = 32", "max_side = 32"),
                  "accel_space.constraints.max_side", "unknown key");
}

} // namespace
} // namespace coscan::testing
