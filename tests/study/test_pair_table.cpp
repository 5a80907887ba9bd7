// `[costmodel] kind = "pair_table"`: the study keys, the join with the architecture space, the
// errors, and the engine reading the table (tile == direct == the table's values).
#include "shared_data.hpp"
#include "study/study_folder.hpp"
#include "study_text.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/costmodel/pair_table.hpp>
#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/reduction/pareto_candidates.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace coscan::study {
namespace {

using ::testing::HasSubstr;

/// A scratch folder holding a pair table of every NAS-Bench-201 architecture on two devices
/// (latency a+1 and 2a+1 ms, energy a+3 uJ) and a study that uses it.
class PairTableStudy : public StudyFolderTest {
protected:
  PairTableStudy() : StudyFolderTest("coscan_pair_table") {}
  void SetUp() override {
    StudyFolderTest::SetUp();
    write_table(0);
  }

  /// `skip`: leave out architecture skip - 1 (0: none).
  void write_table(std::uint64_t skip, const std::string &extra_row = "") const {
    const auto archs = search::make_arch_space("nasbench201");
    std::ofstream out(dir_ / "t.csv");
    out << "arch_str,dev_a_ms,dev_b_ms,dev_a_uj,dev_b_uj\n";
    for (std::uint64_t a = 0; a < archs->size(); ++a)
      if (a + 1 != skip)
        out << archs->arch_str(a) << "," << a + 1 << "," << 2 * a + 1 << "," << a + 3 << ","
            << a + 3 << "\n";
    out << extra_row;
  }

  std::string study(const std::string &costmodel, const std::string &rest = "") const {
    coscan::testing::StudyText text;
    text.costmodel = "kind = \"pair_table\"\npath = \"t.csv\"\n" + costmodel;
    text.accel_space.clear(); // the table's devices are the accelerators
    text.tail = rest;
    return text.str();
  }
};

constexpr const char *kTwoDevices = "latency_columns = [\"dev_a_ms\", \"dev_b_ms\"]";

TEST_F(PairTableStudy, TheDevicesAreTheAccelerators) {
  const engine::Problem problem = build_problem(
      parse(study(std::string(kTwoDevices) +
                  "\nenergy_columns = [\"dev_a_uj\", \"dev_b_uj\"]\nenergy_unit = \"uJ\"")));
  ASSERT_EQ(problem.accels->size(), 2u);
  EXPECT_EQ(problem.accels->label(1), "dev_b_ms");
  EXPECT_EQ(problem.cost_model->name(), "pair_table");
  EXPECT_EQ(problem.cost_model->network_term_kind(), costmodel::NetworkTermKind::whole_network);
  const costmodel::PairTable *table = problem.cost_model->pair_table();
  ASSERT_NE(table, nullptr);
  EXPECT_DOUBLE_EQ(table->latency_s(10, 1), 21e-3);
  EXPECT_DOUBLE_EQ(table->energy_j(10, 0), 13e-6);

  // The engine reads the table: tile == direct == the table's values; area is unknown.
  engine::CostTable cost;
  cost.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, 2);
  engine::ArchBlock block;
  block.gather(problem, 100, 50);
  engine::TileMetrics tile;
  engine::evaluate_tile(block, cost, tile);
  for (std::uint64_t a = 0; a < 50; ++a)
    for (std::uint64_t j = 0; j < 2; ++j) {
      EXPECT_EQ(tile.latency_s[a * 2 + j], table->latency_s(100 + a, j));
      EXPECT_EQ(tile.energy_j[a * 2 + j], table->energy_j(100 + a, j));
      const engine::PairMetrics direct = engine::evaluate_pair_direct(problem, 100 + a, j);
      EXPECT_EQ(direct.latency_s, tile.latency_s[a * 2 + j]);
      EXPECT_EQ(direct.energy_j, tile.energy_j[a * 2 + j]);
      EXPECT_TRUE(std::isnan(direct.area_mm2));
    }
  EXPECT_TRUE(std::isnan(tile.area_mm2[0]));
  // Count-vector grouping does not hold for measured values: every architecture is a candidate.
  EXPECT_FALSE(engine::ParetoCandidates::compute(problem).active());
}

TEST_F(PairTableStudy, Units) {
  auto s = parse(study(std::string(kTwoDevices) + "\nlatency_unit = \"us\""));
  EXPECT_EQ(s.pair_table.latency_scale, 1e-6);
  s = parse(study(std::string(kTwoDevices) + "\nlatency_unit = \"s\""));
  EXPECT_EQ(s.pair_table.latency_scale, 1.0);
  s = parse(study(std::string(kTwoDevices) +
                  "\nenergy_columns = [\"dev_a_uj\", \"dev_b_uj\"]\nenergy_unit = \"J\""));
  EXPECT_EQ(s.pair_table.energy_scale, 1.0);
  EXPECT_THAT(error_of(study(std::string(kTwoDevices) + "\nlatency_unit = \"min\"")),
              HasSubstr("key 'costmodel.latency_unit': unknown unit 'min' (known: s, ms, us)"));
}

TEST_F(PairTableStudy, StudyErrors) {
  EXPECT_THAT(error_of(study(kTwoDevices) + "[accel_space]\ndataflow = [\"row_stationary\"]\n"),
              HasSubstr("key 'accel_space': not allowed with costmodel.kind = \"pair_table\""));
  EXPECT_THAT(error_of(study(kTwoDevices) + "\n[costmodel.area]\npe_mm2 = 1\n"),
              HasSubstr("key 'costmodel.area': only valid with kind = \"analytical\""));
  EXPECT_THAT(error_of(study(std::string(kTwoDevices) + "\npooling = \"dense_conv\"")),
              HasSubstr("key 'costmodel.pooling': only valid with kind = \"analytical\""));
  EXPECT_THAT(error_of(study("")), HasSubstr("key 'costmodel.latency_columns': missing"));
  EXPECT_THAT(error_of(study(std::string(kTwoDevices) + "\nenergy_columns = [\"dev_a_uj\"]")),
              HasSubstr("key 'costmodel.energy_columns': 1 columns for 2 devices"));
  EXPECT_THAT(error_of(study(std::string(kTwoDevices) + "\nenergy_unit = \"J\"")),
              HasSubstr("key 'costmodel.energy_unit': only valid with energy_columns"));
  std::string text = study(kTwoDevices);
  text.replace(text.find("minimize = [\"latency\"]"), 22, "minimize = [\"latency\", \"area\"]");
  EXPECT_THAT(error_of(text), HasSubstr("key 'objectives.minimize': metric 'area' is unknown"));
  text = study(kTwoDevices);
  text.replace(text.find("minimize = [\"latency\"]"), 22, "minimize = [\"energy\"]");
  EXPECT_THAT(error_of(text), HasSubstr("metric 'energy' needs costmodel.energy_columns"));
  EXPECT_THAT(error_of(study(kTwoDevices, "[ranking]\nmetric = \"edp\"\n")),
              HasSubstr("key 'ranking.metric': metric 'edp' needs costmodel.energy_columns"));
  // Pair-table keys with the analytical model.
  EXPECT_THAT(
      error_of("[arch_space]\nkind = \"nasbench201\"\n[costmodel]\nlatency_unit = \"ms\"\n"
               "[accel_space]\ndataflow = [\"row_stationary\"]\nnum_pes = [64]\nl1_bytes = [64]\n"
               "l2_kib = [64]\nnoc_bw = [64]\noffchip_bw = [16]\n[objectives]\n"
               "minimize = [\"latency\"]\n"),
      HasSubstr("key 'costmodel.latency_unit': only valid with kind = \"pair_table\""));
}

TEST_F(PairTableStudy, TableErrorsNameFileLineAndArchitecture) {
  EXPECT_THAT(error_of(study("latency_columns = [\"dev_c_ms\"]")),
              HasSubstr("t.csv:1: column 'dev_c_ms': not in the table's header (named by study "
                        "key 'costmodel.latency_columns')"));
  write_table(5); // architecture 4 missing
  const auto archs = search::make_arch_space("nasbench201");
  EXPECT_THAT(error_of(study(kTwoDevices)),
              HasSubstr("column 'arch_str': no row for architecture '" + archs->arch_str(4) +
                        "' (nasbench201 index 4)"));
  write_table(0, archs->arch_str(7) + ",1,1,1,1\n");
  EXPECT_THAT(error_of(study(kTwoDevices)), HasSubstr("t.csv:15627: column 'arch_str': "
                                                      "architecture '" +
                                                      archs->arch_str(7) + "' repeats line 9"));
  write_table(0, "|bogus~0|,1,1,1,1\n");
  EXPECT_THAT(error_of(study(kTwoDevices)),
              HasSubstr("t.csv:15627: column 'arch_str': '|bogus~0|' is not an architecture"));
  write_table(1, archs->arch_str(0) + ",0,1,1,1\n");
  EXPECT_THAT(error_of(study(kTwoDevices)),
              HasSubstr("t.csv:15626: column 'dev_a_ms': must be positive, got 0"));
  std::filesystem::remove(dir_ / "t.csv");
  EXPECT_THAT(error_of(study(kTwoDevices)), HasSubstr("key 'costmodel.path': no such file"));
}

TEST(PairTableShared, HwNasBenchDevices) {
  COSCAN_REQUIRE_SHARED("data/nb201_latency_help.csv");
  const Study study = load_study(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" /
                                 "nb201_measured_devices.toml");
  const engine::Problem problem = build_problem(study);
  ASSERT_EQ(problem.accels->size(), 27u);
  EXPECT_EQ(problem.accels->label(0), "eyeriss_ms");
  // Row 0 of the table: architecture 0 on Eyeriss took 3.64562 ms, on the FPGA 2.57296 ms.
  const auto arch = problem.archs->parse(
      "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
      "skip_connect~2|");
  ASSERT_TRUE(arch);
  EXPECT_NEAR(engine::evaluate_pair_direct(problem, *arch, 0).latency_s, 3.64562e-3, 1e-12);
  EXPECT_NEAR(engine::evaluate_pair_direct(problem, *arch, 1).latency_s, 2.57296e-3, 1e-12);
}

} // namespace
} // namespace coscan::study
