// The study's [enumeration] section: exhaustive by default, seeded samples, and its errors.
#include "study_text.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace coscan::study {
namespace {

using ::testing::HasSubstr;

const std::string kBase = [] {
  coscan::testing::StudyText spec;
  spec.accel_space = coscan::testing::accel_grid({"weight_stationary", "row_stationary"},
                                                 "[64, 256]", "[256]", "[64, 128]");
  return spec.str();
}();

void expect_error(const std::string &enumeration, const std::string &key,
                  const std::string &reason) {
  try {
    build_problem(parse_study(kBase + "[enumeration]\n" + enumeration, "s.toml"));
    ADD_FAILURE() << "accepted: " << enumeration;
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("s.toml: key 'enumeration." + key + "'")) << e.what();
    EXPECT_THAT(e.what(), HasSubstr(reason)) << e.what();
  }
}

TEST(Enumeration, ExhaustiveByDefault) {
  const Study study = parse_study(kBase, "s.toml");
  EXPECT_EQ(study.enumeration.mode, study::EnumerationMode::exhaustive);
  const auto problem = build_problem(study);
  EXPECT_TRUE(problem.arch_sample.empty());
  EXPECT_EQ(problem.num_pairs(), 15625u * 8u);
}

TEST(Enumeration, SampleDrawsTheNamedSizes) {
  const auto problem = build_problem(parse_study(
      kBase + "[enumeration]\nmode = \"sample\"\narchs = 1000\naccels = 3\nseed = 7\n", "s.toml"));
  EXPECT_EQ(problem.num_archs(), 1000u);
  EXPECT_EQ(problem.num_accels(), 3u);
  EXPECT_EQ(problem.num_pairs(), 3000u);
  const auto again = build_problem(parse_study(
      kBase + "[enumeration]\nmode = \"sample\"\narchs = 1000\naccels = 3\nseed = 7\n", "s.toml"));
  EXPECT_EQ(problem.arch_sample, again.arch_sample);
  EXPECT_EQ(problem.accel_sample, again.accel_sample);
}

TEST(Enumeration, SampleOfArchitecturesOnlyKeepsEveryAccelerator) {
  const auto problem = build_problem(
      parse_study(kBase + "[enumeration]\nmode = \"sample\"\narchs = 10\n", "s.toml"));
  EXPECT_EQ(problem.num_archs(), 10u);
  EXPECT_TRUE(problem.accel_sample.empty());
  EXPECT_EQ(problem.num_accels(), 8u);
}

TEST(Enumeration, WithReplacementMayExceedTheSpace) {
  const auto problem = build_problem(parse_study(
      kBase + "[enumeration]\nmode = \"sample\"\naccels = 20\nreplacement = true\n", "s.toml"));
  EXPECT_EQ(problem.num_accels(), 20u);
}

TEST(Enumeration, BadSections) {
  expect_error("mode = \"random\"\n", "mode", "unknown mode 'random'");
  expect_error("mode = \"sample\"\n", "mode", "needs 'archs' or 'accels'");
  expect_error("archs = 10\n", "archs", "only with mode = \"sample\"");
  expect_error("mode = \"sample\"\narchs = 0\n", "archs", "out of range");
  expect_error("mode = \"sample\"\narchs = 2.5\n", "archs", "expected an integer");
  expect_error("mode = \"sample\"\narchs = 5\nseed = -1\n", "seed", "out of range");
  expect_error("mode = \"sample\"\narchs = 5\nreplacement = 1\n", "replacement",
               "expected true or false");
  expect_error("mode = \"sample\"\naccels = 9\n", "accels",
               "9 draws without replacement from 8 accelerators");
  expect_error("mode = \"sample\"\narchs = 5\nsize = 3\n", "size", "unknown key");
}

} // namespace
} // namespace coscan::study

namespace coscan::study {
namespace {

TEST(Enumeration, PairSpacesBeyond64BitsMustBeSampled) {
  coscan::testing::StudyText spec;
  spec.arch_space = "kind = \"darts\"\n";
  spec.accel_space =
      coscan::testing::accel_grid({"weight_stationary", "row_stationary", "output_stationary"},
                                  "[64, 128, 256, 512, 1024, 2048]", "[256]", "[64]");
  const std::string darts = spec.str();
  try {
    build_problem(parse_study(darts, "d.toml"));
    ADD_FAILURE() << "a DARTS x 18 accelerator pair space was accepted";
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("exceed 2^64 pairs"));
  }
  const auto sampled = build_problem(
      parse_study(darts + "[enumeration]\nmode = \"sample\"\narchs = 100\n", "d.toml"));
  EXPECT_EQ(sampled.num_pairs(), 1800u);
}

} // namespace
} // namespace coscan::study
