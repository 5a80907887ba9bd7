// [accuracy] join = "columns" / sweep = "table": AlphaNet's paper table joined by its
// architecture columns, and small hand-written tables for the error paths.
#include <coscan/costmodel/error.hpp>
#include <coscan/search/alphanet.hpp>
#include <coscan/study/problem_builder.hpp>

#include "shared_data.hpp"
#include "study_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

using coscan::InputError;
using coscan::study::build_problem;
using coscan::study::parse_study;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string study(const std::string &kind, const std::string &accuracy,
                  const std::string &extra = "") {
  coscan::testing::StudyText spec;
  spec.arch_space = "kind = \"" + kind + "\"\n";
  spec.accuracy = "kind = \"table\"\n" + accuracy;
  spec.tail = extra;
  return spec.str();
}

template <class F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

class TempTable {
public:
  TempTable(const std::string &name, const std::string &text)
      : path_(fs::temp_directory_path() /
              ("coscan-rowacc-" + std::to_string(::getpid()) + "-" + name + ".csv")) {
    std::ofstream(path_) << text;
  }
  ~TempTable() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

private:
  fs::path path_;
};

TEST(RowAccuracy, AlphaNetTableByColumnsSweepsItsArchitectures) {
  COSCAN_REQUIRE_SHARED("data/codesign_alphanet_models.csv");
  const std::string table = coscan::testing::shared_file("data/codesign_alphanet_models.csv");
  const auto problem = build_problem(
      parse_study(study("alphanet", "path = \"" + table +
                                        "\"\njoin = \"columns\"\ncolumn = \"predicted_top1_acc\"\n"
                                        "sweep = \"table\"\n"),
                  "s.toml"));
  ASSERT_EQ(problem.num_archs(), 9999u);
  EXPECT_FALSE(problem.accuracy->is_proxy());
  EXPECT_THAT(problem.accuracy->source(), HasSubstr("#predicted_top1_acc"));
  // Row 1 of the table: r288, kernels 5 3 5 7 5, expands 5 5 5 5 6, depths 3 6 3 4 3,
  // predicted accuracy 70.93566...
  const auto index = problem.archs->parse("r288_k5-3-5-7-5_e5-5-5-5-6_d3-6-3-4-3");
  ASSERT_TRUE(index);
  EXPECT_NEAR(problem.accuracy->at(*index), 70.9356612, 1e-6);
  for (std::uint64_t p = 1; p < problem.num_archs(); ++p)
    ASSERT_LT(problem.arch_at(p - 1), problem.arch_at(p)); // sorted, distinct
}

TEST(RowAccuracy, SweepSpaceNeedsEveryArchitectureInTheTable) {
  COSCAN_REQUIRE_SHARED("data/codesign_alphanet_models.csv");
  const std::string table = coscan::testing::shared_file("data/codesign_alphanet_models.csv");
  const std::string error = error_of([&] {
    build_problem(parse_study(study("alphanet", "path = \"" + table +
                                                    "\"\njoin = \"columns\"\ncolumn = "
                                                    "\"predicted_top1_acc\"\n"),
                              "s.toml"));
  });
  EXPECT_THAT(error, HasSubstr("no row for architecture 'r192_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3'"));
  EXPECT_THAT(error, HasSubstr("sweep = \"table\""));
}

TEST(RowAccuracy, FbnetTableListsItsArchitectures) {
  std::string row = "k5_e6";
  for (int l = 1; l < 22; ++l)
    row += "-skip";
  const TempTable table("fbnet", "arch_str,acc\n" + row + ",71.5\n");
  const auto problem = build_problem(parse_study(
      study("fbnet", "path = \"" + table.path() + "\"\ncolumn = \"acc\"\nsweep = \"table\"\n"),
      "s.toml"));
  ASSERT_EQ(problem.num_archs(), 1u);
  EXPECT_EQ(problem.archs->arch_str(problem.arch_at(0)), row);
  EXPECT_EQ(problem.accuracy->at(problem.arch_at(0)), 71.5);
}

TEST(RowAccuracy, FbnetSampleTakesItsRowsAndSkipsOthers) {
  const std::string sample = "[enumeration]\nmode = \"sample\"\narchs = 3\nseed = 5\n";
  std::string rows = "arch_str,acc\n";
  // The sampled architectures: the same draws whatever the accuracy source.
  std::string proxy = study("fbnet", "", sample);
  proxy.replace(proxy.find("kind = \"table\""), 14, "kind = \"proxy\"");
  const auto sampled = build_problem(parse_study(proxy, "s.toml"));
  ASSERT_EQ(sampled.num_archs(), 3u);
  for (std::uint64_t p = 0; p < 3; ++p)
    rows += sampled.archs->arch_str(p) + "," + std::to_string(60 + p) + "\n";
  std::string other = "k3_e1";
  for (int l = 1; l < 22; ++l)
    other += "-k3_e3";
  rows += other + ",50\n"; // valid, not sampled: not swept, no error
  const TempTable table("fbnet-sample", rows);
  const auto problem = build_problem(parse_study(
      study("fbnet", "path = \"" + table.path() + "\"\ncolumn = \"acc\"\n", sample), "s.toml"));
  ASSERT_EQ(problem.num_archs(), 3u);
  for (std::uint64_t p = 0; p < 3; ++p)
    EXPECT_EQ(problem.accuracy->at(p), 60.0 + static_cast<double>(p));
  // Without the sample's rows: an error naming the first architecture missing.
  const TempTable partial("fbnet-partial", "arch_str,acc\n" + other + ",50\n");
  EXPECT_THAT(error_of([&] {
                build_problem(parse_study(
                    study("fbnet", "path = \"" + partial.path() + "\"\ncolumn = \"acc\"\n", sample),
                    "s.toml"));
              }),
              HasSubstr("no row for architecture"));
}

TEST(RowAccuracy, BadTablesAndKeysAreInputErrors) {
  const TempTable bad_arch("bad-arch", "arch_str,acc\nr224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-9,70\n");
  EXPECT_THAT(error_of([&] {
                build_problem(parse_study(study("alphanet", "path = \"" + bad_arch.path() +
                                                                "\"\ncolumn = \"acc\"\nsweep = "
                                                                "\"table\"\n"),
                                          "s.toml"));
              }),
              HasSubstr(":2: arch_str: 'r224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-9' is not an "
                        "architecture of alphanet"));
  const TempTable repeat("repeat", "arch_str,acc\nr224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3,70\n"
                                   "r224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3,71\n");
  EXPECT_THAT(error_of([&] {
                build_problem(parse_study(study("alphanet", "path = \"" + repeat.path() +
                                                                "\"\ncolumn = \"acc\"\nsweep = "
                                                                "\"table\"\n"),
                                          "s.toml"));
              }),
              HasSubstr(":3: arch_str: architecture 'r224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3' "
                        "repeats line 2"));
  const TempTable nan("nan", "arch_str,acc\nr224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3,high\n");
  EXPECT_THAT(error_of([&] {
                build_problem(parse_study(study("alphanet", "path = \"" + nan.path() +
                                                                "\"\ncolumn = \"acc\"\nsweep = "
                                                                "\"table\"\n"),
                                          "s.toml"));
              }),
              HasSubstr(":2: column 'acc': 'high' is not a finite number"));
  // Study keys.
  EXPECT_THAT(error_of([&] {
                parse_study(study("alphanet", "path = \"t.csv\"\ncolumn = \"acc\"\njoin = "
                                              "\"rows\"\n"),
                            "s.toml");
              }),
              HasSubstr("key 'accuracy.join': unknown join 'rows'"));
  EXPECT_THAT(error_of([&] {
                parse_study(study("alphanet", "path = \"t.csv\"\ncolumn = \"acc\"\njoin = "
                                              "\"columns\"\nkey = \"arch\"\n"),
                            "s.toml");
              }),
              HasSubstr("key 'accuracy.key'"));
  EXPECT_THAT(error_of([&] {
                build_problem(parse_study(
                    study("alphanet",
                          "path = \"" + nan.path() + "\"\ncolumn = \"acc\"\nsweep = \"table\"\n",
                          "[enumeration]\nmode = \"sample\"\narchs = 5\n"),
                    "s.toml"));
              }),
              HasSubstr("key 'accuracy.sweep'"));
}

} // namespace
