#include <coscan/costmodel/error.hpp>
#include <coscan/study/problem_builder.hpp>

#include "shared_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>

namespace {

using coscan::InputError;
using coscan::study::build_problem;
using coscan::study::load_study;
using coscan::study::parse_study;
using ::testing::HasSubstr;
namespace fs = std::filesystem;
namespace engine = coscan::engine;

constexpr std::string_view kSpaceAndObjectives = R"(
[arch_space]
kind = "nasbench201"
[accel_space]
dataflow = ["weight_stationary", "output_stationary", "row_stationary"]
num_pes = [64, 256]
l1_bytes = [64]
l2_kib = [128, 256]
noc_bw = [64]
offchip_bw = [16]
[objectives]
maximize = ["accuracy"]
minimize = ["latency"]
)";

template <class F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(ProblemBuilder, ProxyProblem) {
  auto problem = build_problem(parse_study(kSpaceAndObjectives, "s.toml"));
  EXPECT_EQ(problem.archs->kind(), "nasbench201");
  EXPECT_EQ(problem.archs->size(), 15625u);
  EXPECT_EQ(problem.accels->size(), 12u);
  EXPECT_EQ(problem.num_pairs(), 15625u * 12u);
  EXPECT_EQ(problem.cost_model->name(), "analytical");
  ASSERT_TRUE(problem.accuracy);
  EXPECT_TRUE(problem.accuracy->is_proxy());
  EXPECT_EQ(problem.accuracy->at(7), problem.archs->proxy_accuracy(7));
  EXPECT_EQ(problem.objectives,
            (std::vector<engine::Objective>{{engine::Metric::accuracy, engine::Sense::maximize},
                                            {engine::Metric::latency, engine::Sense::minimize}}));
  EXPECT_TRUE(problem.table_index.empty());
}

TEST(ProblemBuilder, DefaultStudyBuilds) {
  auto problem = build_problem(coscan::study::default_study());
  EXPECT_EQ(problem.accels->size(), 1620u);
}

TEST(ProblemBuilder, SharedNasBench201Table) {
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv");
  auto csv = coscan::testing::shared_file("data/nb201_nats_tss_accuracy.csv");
  auto study =
      parse_study(std::string(kSpaceAndObjectives) + "[accuracy]\nkind = \"table\"\n" + "path = '" +
                      csv.string() + "'\n" + "column = \"cifar10_test_acc_200ep\"\n" +
                      "index_column = \"arch_index\"\n",
                  "s.toml");
  auto start = std::chrono::steady_clock::now();
  auto problem = build_problem(study);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0); // well under a second in Release; generous for Debug and sanitizers
  auto arch = problem.archs->parse("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+"
                                   "|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");
  ASSERT_TRUE(arch);
  EXPECT_FALSE(problem.accuracy->is_proxy());
  EXPECT_DOUBLE_EQ(problem.accuracy->at(*arch), 85.86333333);
  EXPECT_EQ(problem.accuracy->source(), "table:" + csv.string() + "#cifar10_test_acc_200ep");
  ASSERT_EQ(problem.table_index.size(), 15625u);
  EXPECT_EQ(problem.table_index[*arch], 0);
  EXPECT_EQ(problem.table_index_name, "arch_index");
  // The table's index is a permutation of 0..15624.
  auto sorted = problem.table_index;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i)
    ASSERT_EQ(sorted[i], static_cast<std::int64_t>(i));
}

/// A temporary folder with a study "s.toml" reading the table "acc.csv" (columns arch,
/// acc and idx; one row per architecture; the table can be edited before building).
class AccuracyTableTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("coscan_test_problem_builder_" + std::to_string(::getpid()) + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "s.toml") << kSpaceAndObjectives << "[accuracy]\nkind = \"table\"\n"
                                   << "path = \"acc.csv\"\nkey = \"arch\"\ncolumn = \"acc\"\n"
                                   << "index_column = \"idx\"\n";
    auto space = coscan::search::make_arch_space("nasbench201");
    rows_.push_back("idx,arch,acc");
    for (std::uint64_t i = 0; i < space->size(); ++i)
      rows_.push_back(std::to_string(1000 + i) + "," + space->arch_str(i) + "," +
                      std::to_string(50.0 + static_cast<double>(i % 100) / 4));
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes the table and builds the problem; the table's file line of rows_[i] is i + 1.
  engine::Problem build() {
    std::ofstream out(dir_ / "acc.csv");
    for (const auto &row : rows_)
      out << row << "\n";
    out.close();
    return build_problem(load_study(dir_ / "s.toml"));
  }
  std::string build_error() {
    return error_of([&] { build(); });
  }
  std::string table() const { return (dir_ / "acc.csv").string(); }

  fs::path dir_;
  std::vector<std::string> rows_;
};

TEST_F(AccuracyTableTest, JoinsByArchitectureString) {
  std::swap(rows_[1], rows_[200]); // row order is free
  auto problem = build();
  EXPECT_EQ(problem.accuracy->at(5), 50.0 + 5.0 / 4);
  EXPECT_EQ(problem.table_index[5], 1005);
  EXPECT_EQ(problem.accuracy->source(), "table:" + table() + "#acc");
}

TEST_F(AccuracyTableTest, MissingFileNamesStudyKey) {
  fs::remove(dir_ / "acc.csv");
  auto message = error_of([&] { build_problem(load_study(dir_ / "s.toml")); });
  EXPECT_THAT(message, HasSubstr((dir_ / "s.toml").string() + ": key 'accuracy.path': "));
  EXPECT_THAT(message, HasSubstr("acc.csv"));
}

TEST_F(AccuracyTableTest, MissingColumns) {
  rows_[0] = "idx,arch_str,acc";
  EXPECT_THAT(build_error(), HasSubstr(table() + ":1: column 'arch': not in the table's header"));
  EXPECT_THAT(build_error(), HasSubstr("accuracy.key"));
  rows_[0] = "idx,arch,accuracy";
  EXPECT_THAT(build_error(), HasSubstr(table() + ":1: column 'acc': not in"));
  rows_[0] = "index,arch,acc";
  EXPECT_THAT(build_error(), HasSubstr(table() + ":1: column 'idx': not in"));
}

TEST_F(AccuracyTableTest, NonNumericAccuracyNamesTheLine) {
  rows_[42] = rows_[42].substr(0, rows_[42].rfind(',')) + ",n/a";
  EXPECT_THAT(build_error(),
              HasSubstr(table() + ":43: column 'acc': 'n/a' is not a finite number"));
  rows_[42] = rows_[42].substr(0, rows_[42].rfind(',')) + ",inf";
  EXPECT_THAT(build_error(), HasSubstr(table() + ":43: column 'acc'"));
}

TEST_F(AccuracyTableTest, NonIntegerIndexNamesTheLine) {
  rows_[7] = "7.5" + rows_[7].substr(rows_[7].find(','));
  EXPECT_THAT(build_error(), HasSubstr(table() + ":8: column 'idx': '7.5' is not an integer"));
}

TEST_F(AccuracyTableTest, UnparsableArchitectureNamesTheLine) {
  rows_[10] = "9,|conv_5x5~0|,80";
  EXPECT_THAT(build_error(), HasSubstr(table() + ":11: column 'arch': '|conv_5x5~0|' is not an "
                                                 "architecture of nasbench201"));
}

TEST_F(AccuracyTableTest, MissingArchitectureIsNamed) {
  auto space = coscan::search::make_arch_space("nasbench201");
  rows_.erase(rows_.begin() + 1 + 123);
  EXPECT_THAT(build_error(), HasSubstr(table() + ": column 'arch': no row for architecture '" +
                                       space->arch_str(123) + "'"));
}

TEST_F(AccuracyTableTest, DuplicateArchitectureRow) {
  rows_.push_back(rows_[5]);
  EXPECT_THAT(build_error(),
              HasSubstr(table() + ":" + std::to_string(rows_.size()) + ": column 'arch': "));
  EXPECT_THAT(build_error(), HasSubstr("repeats line 6"));
}

} // namespace
