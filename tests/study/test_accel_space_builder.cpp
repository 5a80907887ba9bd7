// The study's constrained / subset accelerator space: parsing of [accel_space.constraints] and
// the subset keys, the built space against a brute-force check, and bad input (one line naming
// the key).
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/study/accel_space_builder.hpp>
#include <coscan/study/problem_builder.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace {

using coscan::InputError;
using coscan::study::build_accel_space;
using coscan::study::parse_study;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kOrigin = "dir/s.toml";

constexpr std::string_view kGrid = R"(
[arch_space]
kind = "nasbench201"
[objectives]
maximize = ["accuracy"]
minimize = ["latency"]
[accel_space]
dataflow = ["weight_stationary", "output_stationary", "row_stationary"]
num_pes = [16, 32, 64, 127, 128, 256, 1024]
l1_bytes = [4, 16, 256]
l2_kib = [64, 512]
noc_bw = [64]
offchip_bw = [16]
data_bits = [8, 16]
)";

std::string study(std::string_view extra) { return std::string(kGrid) + std::string(extra); }

std::string error_of(const std::string &text) {
  try {
    const auto s = parse_study(text, kOrigin);
    build_accel_space(s, coscan::costmodel::AnalyticalModel(s.cost_params));
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

void expect_bad(const std::string &text, std::string_view key, std::string_view reason) {
  const std::string message = error_of(text);
  EXPECT_THAT(message, HasSubstr(std::string(kOrigin) + ": key '" + std::string(key) + "': "));
  EXPECT_THAT(message, HasSubstr(reason));
  EXPECT_THAT(message, Not(HasSubstr("\n")));
}

TEST(AccelSpaceBuilder, ParsesConstraintsAndSubset) {
  const auto s = parse_study(study(R"(subset = "lhs"
subset_size = 10
subset_seed = 4
[accel_space.constraints]
area_max_mm2 = 2.5
onchip_max_kib = 300
max_aspect_ratio = 4
max_array_side = 40
dataflow_rules = true
filter_size = 5
)"),
                             kOrigin);
  EXPECT_EQ(s.accel_constraints.area_max_mm2, 2.5);
  EXPECT_EQ(s.accel_constraints.onchip_max_kib, 300.0);
  EXPECT_EQ(s.accel_constraints.max_aspect_ratio, 4.0);
  EXPECT_EQ(s.accel_constraints.max_array_side, 40);
  EXPECT_TRUE(s.accel_constraints.dataflow_rules);
  EXPECT_EQ(s.accel_constraints.filter_size, 5);
  EXPECT_EQ(s.accel_subset.kind, coscan::search::AccelSubset::lhs);
  EXPECT_EQ(s.accel_subset.size, 10u);
  EXPECT_EQ(s.accel_subset.seed, 4u);
}

TEST(AccelSpaceBuilder, NoConstraintsKeepsTheWholeGrid) {
  const auto s = parse_study(study(""), kOrigin);
  const auto space = build_accel_space(s, coscan::costmodel::AnalyticalModel());
  EXPECT_EQ(space->size(), 3u * 7 * 3 * 2 * 2);
  EXPECT_EQ(space->selection().valid, space->size());
  EXPECT_EQ(space->selection().subset, coscan::search::AccelSubset::none);
}

TEST(AccelSpaceBuilder, ConstrainedSpaceHoldsExactlyTheValidGridPoints) {
  const auto s = parse_study(study(R"([accel_space.constraints]
area_max_mm2 = 1.5
max_aspect_ratio = 2
dataflow_rules = true
)"),
                             kOrigin);
  const coscan::costmodel::AnalyticalModel model;
  const auto space = build_accel_space(s, model);
  const coscan::search::AccelSpace grid(s.accel_grid);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t g = 0; g < grid.grid_size(); ++g) {
    const auto a = grid.grid_at(g);
    const double word = static_cast<double>(a.data_bits) / 8.0;
    const double need = a.dataflow == coscan::costmodel::Dataflow::weight_stationary   ? 2 * word
                        : a.dataflow == coscan::costmodel::Dataflow::output_stationary ? 3 * word
                                                                                       : 7 * word;
    const bool rs_rows =
        a.dataflow != coscan::costmodel::Dataflow::row_stationary || a.array_rows >= 3;
    if (a.array_cols <= 2 * a.array_rows && a.l1_bytes >= need && rs_rows &&
        model.area_mm2(a) <= 1.5)
      expected.push_back(g);
  }
  ASSERT_EQ(space->size(), expected.size());
  ASSERT_LT(space->size(), grid.grid_size());
  for (std::uint64_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(space->grid_index(i), expected[i]);
  std::uint64_t removed = 0;
  for (auto r : space->selection().removed)
    removed += r;
  EXPECT_EQ(removed, grid.grid_size() - space->size());
  EXPECT_GT(space->selection().removed[0], 0u); // 127 PEs: a 1 x 127 array
}

TEST(AccelSpaceBuilder, SubsetsComeFromTheValidPointsAndAreDeterministic) {
  for (const char *kind : {"random", "lhs"}) {
    const std::string text = study(std::string("subset = \"") + kind + R"("
subset_size = 20
subset_seed = 9
[accel_space.constraints]
area_max_mm2 = 1.5
)");
    const auto s = parse_study(text, kOrigin);
    const coscan::costmodel::AnalyticalModel model;
    const auto a = build_accel_space(s, model), b = build_accel_space(s, model);
    ASSERT_EQ(a->size(), 20u) << kind;
    EXPECT_EQ(coscan::search::to_string(a->selection().subset), kind);
    EXPECT_EQ(a->selection().subset_seed, 9u);
    EXPECT_LT(a->selection().valid, a->grid_size());
    std::set<std::uint64_t> distinct;
    for (std::uint64_t i = 0; i < a->size(); ++i) {
      EXPECT_EQ(a->grid_index(i), b->grid_index(i)) << kind;
      EXPECT_LE(model.area_mm2(a->at(i)), 1.5) << kind;
      distinct.insert(a->grid_index(i));
    }
    EXPECT_EQ(distinct.size(), 20u) << kind;
  }
}

TEST(AccelSpaceBuilder, SampledEnumerationDrawsFromTheConstrainedSpace) {
  const auto s = parse_study(study(R"([accel_space.constraints]
area_max_mm2 = 1.5
[enumeration]
mode = "sample"
accels = 5
seed = 3
)"),
                             kOrigin);
  const auto problem = coscan::study::build_problem(s);
  ASSERT_EQ(problem.num_accels(), 5u);
  for (std::uint64_t j = 0; j < 5; ++j)
    EXPECT_LE(problem.cost_model->area_mm2(problem.accels->at(problem.accel_at(j))), 1.5);
}

TEST(AccelSpaceBuilder, BadInput) {
  expect_bad(study("[accel_space.constraints]\narea_max = 3\n"), "accel_space.constraints.area_max",
             "unknown key");
  expect_bad(study("[accel_space.constraints]\narea_max_mm2 = 0\n"),
             "accel_space.constraints.area_max_mm2", "must be > 0");
  expect_bad(study("[accel_space.constraints]\nonchip_max_kib = -1\n"),
             "accel_space.constraints.onchip_max_kib", "must be > 0");
  expect_bad(study("[accel_space.constraints]\nmax_aspect_ratio = 0.5\n"),
             "accel_space.constraints.max_aspect_ratio", "must be >= 1");
  expect_bad(study("[accel_space.constraints]\nmax_array_side = 0\n"),
             "accel_space.constraints.max_array_side", "out of range");
  expect_bad(study("[accel_space.constraints]\ndataflow_rules = 1\n"),
             "accel_space.constraints.dataflow_rules", "expected true or false");
  expect_bad(study("[accel_space.constraints]\narea_max_mm2 = 3\nfilter_size = 5\n"),
             "accel_space.constraints.filter_size", "only with dataflow_rules = true");
  expect_bad(study("[accel_space.constraints]\n"), "accel_space.constraints", "sets no constraint");
  expect_bad(study("subset = \"sobol\"\nsubset_size = 3\n"), "accel_space.subset",
             "unknown subset 'sobol'");
  expect_bad(study("subset = \"lhs\"\n"), "accel_space.subset_size", "missing");
  expect_bad(study("subset_size = 3\n"), "accel_space.subset_size", "only with subset");
  expect_bad(study("subset = \"random\"\nsubset_size = 0\n"), "accel_space.subset_size",
             "out of range");
  expect_bad(study("subset = \"random\"\nsubset_size = 253\n"), "accel_space.subset_size",
             "253 exceeds the 252 valid accelerators");
  // Nothing valid: the error names the constraints section and what removed the points.
  expect_bad(study("[accel_space.constraints]\narea_max_mm2 = 0.01\n"), "accel_space.constraints",
             "no accelerator of the grid's 252 satisfies the constraints (removed: area_max_mm2 "
             "252)");
}

TEST(AccelSpaceBuilder, HugeGridsCannotBeConstrained) {
  std::string text = study("[accel_space.constraints]\narea_max_mm2 = 3\n");
  // 126 x 2048^3 (about 1.1e12) points: three lists of 2048 values.
  std::string big = "[";
  for (int i = 1; i <= 2048; ++i)
    big += std::to_string(i) + (i < 2048 ? ", " : "]");
  for (const char *key : {"noc_bw = [64]", "offchip_bw = [16]", "l2_kib = [64, 512]"}) {
    const auto at = text.find(key);
    text.replace(at, std::string(key).size(),
                 std::string(key).substr(0, std::string(key).find('=') + 2) + big);
  }
  expect_bad(text, "accel_space.constraints", "at most 2^32");
}

} // namespace
