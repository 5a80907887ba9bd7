// [accel_space]'s crossbar lists (imc_crossbar only) and given array shapes.
#include "study_text.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace {

using coscan::InputError;
using coscan::study::parse_study;
using ::testing::HasSubstr;
using Dataflow = coscan::costmodel::Dataflow;

constexpr std::string_view kOrigin = "dir/s.toml";

/// A study whose [accel_space] is `dataflow` plus the common lists plus `extra` lines.
std::string study(std::string_view dataflow, std::string_view extra) {
  coscan::testing::StudyText spec;
  spec.accel_space = "dataflow = [" + std::string(dataflow) +
                     "]\nnum_pes = [64, 168]\nl1_bytes = [64]\nl2_kib = [128]\nnoc_bw = [64]\n"
                     "offchip_bw = [16]\n" +
                     std::string(extra) + "\n";
  spec.objectives = "minimize = [\"latency\"]\n";
  return spec.str();
}

std::string error_of(const std::string &text) {
  try {
    parse_study(text, kOrigin);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

void expect_bad(const std::string &text, std::string_view key, std::string_view reason) {
  const std::string message = error_of(text);
  EXPECT_THAT(message, HasSubstr("dir/s.toml: key '" + std::string(key) + "': "));
  EXPECT_THAT(message, HasSubstr(std::string(reason)));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(StudyAccelSpace, CrossbarListsReachTheSpace) {
  const auto s = parse_study(study("\"row_stationary\", \"imc_crossbar\"",
                                   "xbar_rows = [64, 128]\nxbars = [512]\ncell_bits = [1, 2]\n"
                                   "weight_bits = [8]\nadc_bits = [6, 8]\nadcs_per_xbar = [1, 4]\n"
                                   "xbar_cols = [256]"),
                             kOrigin);
  EXPECT_EQ(s.accel_grid.xbar_rows, (std::vector<std::int64_t>{64, 128}));
  EXPECT_EQ(s.accel_grid.xbar_cols, (std::vector<std::int64_t>{256}));
  EXPECT_EQ(s.accel_grid.adcs_per_xbar, (std::vector<std::int64_t>{1, 4}));
  const auto problem = coscan::study::build_problem(s);
  // row stationary: 2 PE counts; imc_crossbar: 2 x (2 x 2 x 2 x 2) crossbar combinations.
  EXPECT_EQ(problem.accels->size(), 2u + 2 * 16);
  EXPECT_EQ(problem.accels->at(2).dataflow, Dataflow::imc_crossbar);
  EXPECT_EQ(problem.accels->at(2).xbar_cols, 256);
  EXPECT_EQ(problem.accels->at(2).xbars, 512);
}

TEST(StudyAccelSpace, CrossbarKeysNeedTheCrossbarDataflow) {
  expect_bad(study("\"row_stationary\"", "xbars = [64]"), "accel_space.xbars",
             "only valid when accel_space.dataflow lists \"imc_crossbar\"");
  expect_bad(study("\"imc_crossbar\"", "adc_bits = [0]"), "accel_space.adc_bits",
             "out of range 1..16");
  expect_bad(study("\"imc_crossbar\"", "cell_bits = [9]"), "accel_space.cell_bits",
             "out of range 1..8");
  expect_bad(study("\"imc_crossbar\"", "xbar_cols = [64]\nadcs_per_xbar = [128]"),
             "accel_space.adcs_per_xbar", "128 ADCs per crossbar exceed its 64 bit lines");
  expect_bad(study("\"imc_crossbar\"", "xbars = [64, 64]"), "accel_space.xbars", "listed twice");
  expect_bad(study("\"in_memory\"", ""), "accel_space.dataflow", "imc_crossbar)");
}

TEST(StudyAccelSpace, GivenArrayShapes) {
  auto s = parse_study(study("\"row_stationary\"", "array_rows = [4, 8]"), kOrigin);
  EXPECT_EQ(s.accel_grid.array_rows, (std::vector<std::int64_t>{4, 8}));
  // 168 is not divisible by 8 (nor 64 by 12 below): the point is refused, naming the key.
  expect_bad(study("\"row_stationary\"", "array_rows = [4, 12]"), "accel_space.array_rows",
             "12 does not divide num_pes = 64");
  expect_bad(study("\"row_stationary\"", "array_cols = [5]"), "accel_space.array_cols",
             "5 does not divide num_pes = 64");
  expect_bad(study("\"row_stationary\"", "array_rows = [8]\narray_cols = [8]"),
             "accel_space.array_cols", "8 x 8 = 64 differs from num_pes = 168");
  expect_bad(study("\"row_stationary\"", "array_rows = [0]"), "accel_space.array_rows",
             "out of range");
  s = parse_study(study("\"row_stationary\"", "array_rows = [2]"), kOrigin);
  const auto problem = coscan::study::build_problem(s);
  EXPECT_EQ(problem.accels->at(1).num_pes, 168);
  EXPECT_EQ(problem.accels->at(1).array_rows, 2);
  EXPECT_EQ(problem.accels->at(1).array_cols, 84);
}

TEST(StudyAccelSpace, EnergyAndAreaFieldsAreOverridable) {
  const auto s = parse_study(study("\"imc_crossbar\"",
                                   "[costmodel.energy]\nalu_op_pj = 0.05\nadc_pj = 2.5\n"
                                   "xbar_read_pj = 40\n[costmodel.area]\nl1_mm2_per_kib = 0.02\n"
                                   "offchip_mm2_per_byte_bw = 0.02\nadc_mm2 = 0.002\n"
                                   "xbar_mm2 = 0.0001"),
                             kOrigin);
  EXPECT_EQ(s.cost_params.energy.alu_op_pj, 0.05);
  EXPECT_EQ(s.cost_params.energy.adc_pj, 2.5);
  EXPECT_EQ(s.cost_params.energy.xbar_read_pj, 40);
  EXPECT_EQ(s.cost_params.area.l1_mm2_per_kib, 0.02);
  EXPECT_EQ(s.cost_params.area.offchip_mm2_per_byte_bw, 0.02);
  EXPECT_EQ(s.cost_params.area.adc_mm2, 0.002);
  EXPECT_EQ(s.cost_params.area.xbar_mm2, 0.0001);
}

} // namespace
