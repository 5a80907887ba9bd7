// The analytical model against public references (docs/costmodel-validation.md): floors a little
// below the correlations reached, so that a change to the equations that loses agreement with
// MAESTRO or HW-NAS-Bench fails here. Skips where ../shared is absent.
#include "costmodel/calibration.hpp"
#include "shared_data.hpp"

#include <gtest/gtest.h>

#include <map>

namespace coscan::calibration {
namespace {

TEST(Calibration, PerLayerLatencyRanksLikeMaestroPerDataflow) {
  const char *file = "reference/maestro/maestro_layers_calibration.csv";
  COSCAN_REQUIRE_SHARED(file);
  const costmodel::AnalyticalModel model;
  // Reached (docs/costmodel-validation.md): 0.903, 0.907, 0.928, 0.934, 0.908.
  const std::map<std::string, double> floors = {
      {"kcp_ws", 0.89}, {"rs", 0.89}, {"xp_ws", 0.91}, {"ykp_os_fix", 0.92}, {"yxp_os", 0.89}};
  const std::vector<TemplateFit> fits = fit_maestro(testing::shared_file(file), model);
  ASSERT_EQ(fits.size(), floors.size());
  for (const TemplateFit &fit : fits) {
    SCOPED_TRACE(fit.maestro_template);
    EXPECT_GT(fit.points, 6000u);
    EXPECT_GE(fit.latency.spearman, floors.at(fit.maestro_template));
    // Same order of magnitude as MAESTRO (ours is faster: no per-step MAESTRO overheads).
    EXPECT_GT(fit.latency.median_ratio, 0.1);
    EXPECT_LT(fit.latency.median_ratio, 2.0);
  }
}

TEST(Calibration, PerLayerEfficiencyEnergyAndAreaAgainstMaestroKeepTheirMeasuredAgreement) {
  // Not all calibrated yet (issue: cost-model fidelity): these floors sit just under what the model
  // reaches today (docs/costmodel-validation.md, "Latency efficiency, energy and area"), so that a
  // change that loses agreement fails here; raise them as the model improves.
  const char *file = "reference/maestro/maestro_layers_calibration.csv";
  COSCAN_REQUIRE_SHARED(file);
  const costmodel::AnalyticalModel model;
  struct Floors {
    double latency_per_ideal, energy, energy_per_mac, buffer_energy, buffer_energy_per_mac, area;
  };
  // Reached: latency per ideal 0.471 0.391 0.430 0.331 0.406; energy 0.947 0.899 0.858 0.931
  // 0.927; per MAC 0.821 0.667 0.579 0.713 0.639; buffer energy 0.987 0.936 0.896 0.950 0.963;
  // per MAC 0.912 0.646 0.551 0.783 0.806; area per point 0.878 0.912 0.878 0.878 0.920.
  const std::map<std::string, Floors> floors = {
      {"kcp_ws", {0.45, 0.93, 0.80, 0.97, 0.89, 0.86}},
      {"rs", {0.37, 0.88, 0.64, 0.91, 0.62, 0.89}},
      {"xp_ws", {0.41, 0.84, 0.55, 0.87, 0.53, 0.86}},
      {"ykp_os_fix", {0.31, 0.91, 0.69, 0.93, 0.76, 0.86}},
      {"yxp_os", {0.38, 0.91, 0.62, 0.94, 0.78, 0.90}}};
  const std::vector<TemplateFit> fits = fit_maestro(testing::shared_file(file), model);
  ASSERT_EQ(fits.size(), floors.size());
  for (const TemplateFit &fit : fits) {
    SCOPED_TRACE(fit.maestro_template);
    const Floors &f = floors.at(fit.maestro_template);
    EXPECT_GE(fit.latency_per_ideal.spearman, f.latency_per_ideal);
    // Which layers run inefficiently where: better than a plain roofline, except against
    // ykp_os_fix, whose K x Y' mapping is not our output stationary's (Y' x X').
    if (fit.maestro_template != "ykp_os_fix") {
      EXPECT_GT(fit.latency_per_ideal.spearman, fit.roofline_per_ideal.spearman + 0.1);
    }
    EXPECT_GE(fit.energy.spearman, f.energy);
    EXPECT_GE(fit.energy_per_mac.spearman, f.energy_per_mac);
    EXPECT_GE(fit.buffer_energy.spearman, f.buffer_energy);
    EXPECT_GE(fit.buffer_energy_per_mac.spearman, f.buffer_energy_per_mac);
    EXPECT_GE(fit.area.spearman, f.area);
    // The 45 accelerators of MAESTRO's grid rank by area like MAESTRO's (0.965 reached; 0.81
    // without the buses that carry the NoC bandwidth to every PE).
    EXPECT_GE(fit.area_grid.spearman, 0.95);
    // Within an order of magnitude of MAESTRO's energy (ours adds MACs and DRAM, which MAESTRO's
    // energy leaves out, and reuses more in the array).
    EXPECT_GT(fit.energy.median_ratio, 0.1);
    EXPECT_LT(fit.energy.median_ratio, 10.0);
  }
}

TEST(Calibration, FittedComponentEnergiesHoldOutEachNetwork) {
  // L1, NoC and L2 constants fitted to MAESTRO's energy (energy_fit.hpp); each network's points
  // predicted by the constants fitted on the other four. Reached (docs/costmodel-validation.md):
  // held-out energy 0.989 0.939 0.896 0.940 0.961, per MAC 0.902 0.115 0.031 0.669 0.826.
  const char *file = "reference/maestro/maestro_layers_calibration.csv";
  COSCAN_REQUIRE_SHARED(file);
  const costmodel::AnalyticalModel model;
  const std::map<std::string, std::pair<double, double>> floors = {{"kcp_ws", {0.97, 0.88}},
                                                                   {"rs", {0.92, 0.08}},
                                                                   {"xp_ws", {0.87, 0.0}},
                                                                   {"ykp_os_fix", {0.92, 0.64}},
                                                                   {"yxp_os", {0.94, 0.80}}};
  for (const TemplateFit &fit : fit_maestro(testing::shared_file(file), model)) {
    SCOPED_TRACE(fit.maestro_template);
    EXPECT_GE(fit.held_out_energy.spearman, floors.at(fit.maestro_template).first);
    EXPECT_GE(fit.held_out_energy_per_mac.spearman, floors.at(fit.maestro_template).second);
    // In-sample is at least as good as unfitted on total energy, and the constants are >= 0
    // with L1 and L2 used.
    EXPECT_GE(fit.fitted_energy.spearman, fit.buffer_energy.spearman - 0.01);
    EXPECT_GT(fit.fitted_pj[0], 0.0);
    EXPECT_GE(fit.fitted_pj[1], 0.0);
    EXPECT_GT(fit.fitted_pj[2], 0.0);
  }
}

TEST(Calibration, ComponentEnergyFitRecoversKnownConstants) {
  // Reference energies made from known constants: the fit finds them, whichever network is out.
  const std::string a = "a", b = "b";
  EnergyPoints points;
  const ComponentEnergies truth{0.5, 0.0, 2.0};
  for (int i = 1; i <= 40; ++i) {
    const std::array<double, 3> bytes{100.0 * i, 7.0 * (i % 5), 30.0 * (i % 7 + 1)};
    points.add(bytes, 0, i % 2 ? a : b);
    points.reference_nj.back() = points.predict(points.bytes.size() - 1, truth);
  }
  for (const std::string *out : {static_cast<const std::string *>(nullptr), &a, &b}) {
    const ComponentEnergies fitted = fit_component_energies(points, out);
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(fitted[c], truth[c], 1e-9);
  }
}

TEST(Calibration, Nb201LatencyRanksLikeHwNasBenchEyeriss) {
  const char *file = "data/nb201_latency_help.csv";
  COSCAN_REQUIRE_SHARED(file);
  const costmodel::AnalyticalModel model;
  // HW-NAS-Bench costs an avg_pool_3x3 edge like a dense 3x3 conv; we do not (0.693 reached).
  const HwNasBenchFit ours = fit_hw_nas_bench(testing::shared_file(file), model);
  EXPECT_EQ(ours.points, 15625u);
  EXPECT_GE(ours.spearman, 0.67);
  // Costing pooling as they do (`[costmodel] pooling = "dense_conv"`), the rest of the model
  // ranks like theirs (0.986 reached).
  costmodel::AnalyticalParams params;
  params.pooling = costmodel::PoolingCost::dense_conv;
  const costmodel::AnalyticalModel pools_as_convs(params);
  const HwNasBenchFit like_theirs = fit_hw_nas_bench(testing::shared_file(file), pools_as_convs);
  EXPECT_GE(like_theirs.spearman, 0.97);
  EXPECT_GT(like_theirs.median_ratio, 0.5);
  EXPECT_LT(like_theirs.median_ratio, 2.0);
}

TEST(Calibration, SeedPapersDartsResultsRankAlikeOnTheBestGridPoint) {
  const char *models = "data/codesign_nb301_darts_models.csv";
  const char *results = "data/codesign_nb301_maestro_results.csv";
  COSCAN_REQUIRE_SHARED(models);
  COSCAN_REQUIRE_SHARED(results);
  const costmodel::AnalyticalModel model;
  // Reached (docs/costmodel-validation.md): latency 0.900 / 0.906 (kcp_ws), 0.996 (rs, xp_ws);
  // energy 0.962 / 0.986, 0.984, 0.983.
  const std::vector<SeedResultFit> fits =
      fit_codesign_nb301(testing::shared_file(models), testing::shared_file(results), model);
  ASSERT_EQ(fits.size(), 6u);
  for (const SeedResultFit &fit : fits) {
    SCOPED_TRACE(fit.result_set);
    EXPECT_EQ(fit.models, 1018u);
    const bool weight_stationary = fit.ours == costmodel::Dataflow::weight_stationary;
    EXPECT_GE(fit.latency_spearman, weight_stationary ? 0.89 : 0.99);
    EXPECT_GE(fit.energy_spearman, weight_stationary ? 0.95 : 0.97);
  }
}

} // namespace
} // namespace coscan::calibration
