// `coscan run` on a pair-table study (examples/nb201_measured_devices.toml: NAS-Bench-201 on the
// 27 HW-NAS-Bench devices): the Pareto set, the device names and the ranking matrix.
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_measured_devices.toml";

TEST(PairTableRun, MeasuredDevicesParetoAndRankingMatrix) {
  COSCAN_REQUIRE_SHARED("data/nb201_latency_help.csv");
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv");
  TempDir dir("pair_table_run");
  std::string args = "run '"; // appended piecewise: GCC 12's false -Wrestrict on "'" + string
  args += kStudy.string();
  args += "' --out r.h5 --threads 2";
  const CommandResult r = run_coscan(args, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ranking (latency vs proxy accel 0"));

  h5::Reader h5(dir / "r.h5");
  const auto devices = h5.read<std::string>("/accels/device");
  ASSERT_EQ(devices.size(), 27u);
  EXPECT_EQ(devices[0], "eyeriss_ms");
  EXPECT_EQ(devices[26], "titanxp_32_ms");
  EXPECT_TRUE(std::isnan(h5.read<double>("/accels/area_mm2")[0]));
  EXPECT_FALSE(h5.read<std::uint64_t>("/pareto/accel_index").empty());

  // The matrix equals the library's, over all 27 devices; the diagonal is 1.
  const study::Study study = study::load_study(kStudy);
  const engine::Problem problem = study::build_problem(study);
  engine::RankingOptions options;
  options.metric = engine::Metric::latency;
  options.proxy = 0;
  options.topk = 100;
  for (std::uint64_t j = 0; j < 27; ++j)
    options.matrix.push_back(j);
  const engine::RankingResult expected = engine::rank_similarity(problem, options);
  const auto spearman = h5.read<double>("/ranking/matrix/spearman");
  ASSERT_EQ(spearman.size(), 27u * 27);
  for (std::size_t j = 0; j < 27; ++j)
    EXPECT_NEAR(spearman[j * 27 + j], 1.0, 1e-12);
  EXPECT_EQ(h5.read<double>("/ranking/spearman"), expected.spearman);
  EXPECT_EQ(h5.read<std::string>("/ranking/dataflow")[1], "fpga_ms");
  // The matrix's first row is every device against the proxy (Eyeriss), as in /ranking/spearman,
  // and the matrix is symmetric (to rounding: it is a matrix product).
  for (std::size_t j = 0; j < 27; ++j) {
    EXPECT_NEAR(spearman[j], expected.spearman[j], 1e-12) << j;
    for (std::size_t k = 0; k < 27; ++k)
      EXPECT_NEAR(spearman[j * 27 + k], spearman[k * 27 + j], 1e-12);
  }
}

} // namespace
} // namespace coscan::testing
