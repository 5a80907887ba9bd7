// `coscan verify` on measured devices (a pair table: NAS-Bench-201 x the 27 HW-NAS-Bench
// devices, examples/nb201_measured_devices_verify.toml). A pair table has no area: a target
// without an area bound is judged (area is not applicable, not "unmet"), and an area bound or
// target is refused as bad input. The constrained optima are checked against brute force.
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"

#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>
#include <coscan/study/verify.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_measured_devices_verify.toml";

#define REQUIRE_MEASURED_DATA()                                                                    \
  COSCAN_REQUIRE_SHARED("data/nb201_latency_help.csv");                                            \
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv")

/// The example with absolute data paths and `verify` replacing its [verify] section.
std::string measured_study(const std::string &verify) {
  std::string text = read_text(kStudy);
  text.erase(text.find("[verify]"));
  const std::string prefix = (std::filesystem::path(COSCAN_SOURCE_DIR) / "examples/").string();
  for (std::size_t at = text.find("\"../../shared"); at != std::string::npos;
       at = text.find("\"../../shared", at + prefix.size()))
    text.insert(at + 1, prefix);
  return text + verify;
}

TEST(VerifyMeasured, EveryDeviceAsProxyIsJudgedAgainstBruteForce) {
  REQUIRE_MEASURED_DATA();
  TempDir dir("verify-measured");
  std::string args = "verify '"; // appended piecewise: GCC 12's false -Wrestrict
  args += kStudy.string();
  args += "' --out v.h5 --summary v.json --threads 2";
  const CommandResult r = run_coscan(args, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("proxy sweep of"));
  EXPECT_TRUE(std::filesystem::exists(dir / "v.h5"));

  const study::Study study = study::load_study(kStudy);
  const engine::Problem problem = study::build_problem(study);
  const engine::SweepResult sweep = engine::run_sweep(problem, {});
  const engine::VerifyResult result = study::run_verify(study, problem, sweep);
  ASSERT_EQ(result.proxy_sweeps.size(), 2u); // the two semi-decoupled rules
  EXPECT_EQ(result.proxy_sweeps[0].accel_index.size(), 27u);

  // Brute force over all 421,875 pairs: min latency s.t. accuracy >= 93 / >= 80, and max
  // accuracy s.t. latency <= 5 ms.
  std::vector<engine::PairId> pairs;
  for (std::uint64_t a = 0; a < problem.num_archs(); ++a)
    for (std::uint64_t j = 0; j < problem.num_accels(); ++j)
      pairs.push_back({a, j});
  const auto metrics = engine::evaluate_pairs(problem, pairs);
  double best93 = std::numeric_limits<double>::infinity(), best80 = best93, best_accuracy = -1;
  for (const engine::PairMetrics &m : metrics) {
    EXPECT_TRUE(std::isnan(m.area_mm2)); // not applicable
    if (m.accuracy >= 93.0)
      best93 = std::min(best93, m.latency_s);
    if (m.accuracy >= 80.0)
      best80 = std::min(best80, m.latency_s);
    if (m.latency_s <= 5e-3)
      best_accuracy = std::max(best_accuracy, m.accuracy);
  }
  ASSERT_TRUE(std::isfinite(best93));
  ASSERT_EQ(result.optima.size(), 4u);
  EXPECT_TRUE(result.optima[0].feasible);
  EXPECT_EQ(result.optima[0].value, best93);
  EXPECT_EQ(result.optima[1].value, best80);
  EXPECT_EQ(result.optima[2].value, best_accuracy);
  // A rule's verdict is consistent with its regret.
  for (const engine::VerifyRow &row : result.rows)
    if (row.target < 3 && row.feasible) {
      EXPECT_EQ(row.optimum_kept, row.regret == 0) << row.rule << "," << row.target;
      EXPECT_GE(row.regret, 0) << row.rule << "," << row.target;
    }
}

TEST(VerifyMeasured, AreaBoundsAndAreaTargetsAreRefused) {
  REQUIRE_MEASURED_DATA();
  TempDir dir("verify-measured-area");
  const auto refused = [&](const std::string &target, const std::string &why) {
    dir.write("s.toml",
              measured_study("[verify]\nrules = [{ kind = \"semi_decoupled\", proxy_accel = 0 }]\n"
                             "targets = [" +
                             target + "]\n"));
    const CommandResult r = run_coscan("verify s.toml --out v.h5", dir.path());
    EXPECT_EQ(r.exit_code, 2) << target << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("key 'verify.targets'")) << target;
    EXPECT_THAT(r.err, HasSubstr(why)) << target;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "v.h5")) << target;
  };
  refused("{ minimize = \"latency\", accuracy_min = 93.0 }, "
          "{ minimize = \"latency\", area_max_mm2 = 5.0 }",
          "target 2: area_max_mm2 is not applicable");
  refused("{ minimize = \"area\" }", "target 1: minimize = \"area\" is not applicable");
  refused("{ minimize = \"energy\" }", "needs costmodel.energy_columns");
}

} // namespace
} // namespace coscan::testing
