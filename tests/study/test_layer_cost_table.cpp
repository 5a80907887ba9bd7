// `[costmodel] kind = "layer_table"`: the study keys, the table keyed by layer shape and device,
// every error (one line naming file, line or key, and reason), and the engine reading the
// looked-up costs (factorised == direct, whole-network costs == sums of the table's rows).
#include "shared_data.hpp"
#include "study/study_folder.hpp"
#include "study_text.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/costmodel/layer_cost_table.hpp>
#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>
#include <coscan/tables/csv_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

namespace coscan::study {
namespace {

using ::testing::HasSubstr;

// Two networks: a = conv1 + 2 x conv2 (a repeated shape), b = conv1 + a MAESTRO DSCONV.
constexpr const char *kNetworks = "network,layer_name,type,N,K,C,R,S,Y,X,G,stride\n"
                                  "a,l1,CONV,1,16,3,3,3,34,34,1,1\n"
                                  "a,l2,CONV,1,16,16,3,3,34,34,1,1\n"
                                  "a,l3,CONV,1,16,16,3,3,34,34,1,1\n"
                                  "b,l1,CONV,1,16,3,3,3,34,34,1,1\n"
                                  "b,l2,DSCONV,1,1,16,3,3,34,34,1,2\n";

// MAESTRO-style costs of the three shapes on two devices (df, pes); conv2 on ws appears twice
// with the same values (a repeated layer), which is fine.
constexpr const char *kHeader = "type,N,K,C,R,S,Y,X,G,stride,df,pes,cycles,nj,area\n";
constexpr const char *kRows = "CONV,1,16,3,3,3,34,34,1,1,ws,64,1000,2.5,1.5\n"
                              "CONV,1,16,3,3,3,34,34,1,1,rs,64,1100,3,2\n"
                              "CONV,1,16,16,3,3,34,34,1,1,ws,64,7000,20,1.5\n"
                              "CONV,1,16,16,3,3,34,34,1,1,ws,64,7000,20,1.5\n"
                              "CONV,1,16,16,3,3,34,34,1,1,rs,64,6000,25,2\n"
                              "DSCONV,1,1,16,3,3,34,34,1,2,ws,64,333,0.5,1.5\n"
                              "DSCONV,1,1,16,3,3,34,34,1,2,rs,64,444,0.25,2\n";

constexpr const char *kCostModel = "kind = \"layer_table\"\npath = \"costs.csv\"\n"
                                   "accel_columns = [\"df\", \"pes\"]\n"
                                   "latency_column = \"cycles\"\nclock_mhz = 200\n"
                                   "energy_column = \"nj\"\nenergy_unit = \"nJ\"\n"
                                   "area_column = \"area\"\n";

class LayerTableStudy : public StudyFolderTest {
protected:
  LayerTableStudy() : StudyFolderTest("coscan_layer_table") {}
  void SetUp() override {
    StudyFolderTest::SetUp();
    write("nets.csv", kNetworks);
    write("costs.csv", std::string(kHeader) + kRows);
  }

  void write(const std::string &name, const std::string &text) const {
    std::ofstream(dir_ / name) << text;
  }

  static std::string study(const std::string &costmodel = kCostModel,
                           const std::string &minimize = "\"latency\", \"energy\", \"area\"",
                           const std::string &rest = "") {
    coscan::testing::StudyText text;
    text.arch_space = "kind = \"networks\"\nfiles = [\"nets.csv\"]\n";
    text.costmodel = costmodel;
    text.accel_space.clear(); // the table's devices are the accelerators
    text.objectives = "maximize = [\"accuracy\"]\nminimize = [" + minimize + "]\n";
    text.tail = rest;
    return text.str();
  }
  std::string costs_file() const { return (dir_ / "costs.csv").string(); }
};

TEST_F(LayerTableStudy, TheDevicesAreTheAcceleratorsAndNetworksSumTheirLayers) {
  const engine::Problem problem = build_problem(parse(study()));
  ASSERT_EQ(problem.accels->size(), 2u);
  EXPECT_EQ(problem.accels->label(0), "ws/64");
  EXPECT_EQ(problem.accels->label(1), "rs/64");
  EXPECT_EQ(problem.cost_model->name(), "layer_table");
  EXPECT_TRUE(problem.cost_model->additive_nonnegative());
  EXPECT_EQ(problem.cost_model->network_term_kind(), costmodel::NetworkTermKind::none);
  ASSERT_EQ(problem.archs->size(), 2u);
  ASSERT_EQ(problem.archs->arch_str(0), "a");

  engine::CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, 2);
  engine::ArchBlock block;
  block.gather(problem, 0, 2);
  engine::TileMetrics tile;
  engine::evaluate_tile(block, table, tile);
  // Hand sums of the table's rows (cycles at 200 MHz, nJ).
  const double latency[2][2] = {{(1000 + 2 * 7000) / 200e6, (1100 + 2 * 6000) / 200e6},
                                {(1000 + 333) / 200e6, (1100 + 444) / 200e6}};
  const double energy[2][2] = {{(2.5e-9 + 2 * 20e-9), (3e-9 + 2 * 25e-9)},
                               {(2.5e-9 + 0.5e-9), (3e-9 + 0.25e-9)}};
  for (std::uint64_t a = 0; a < 2; ++a)
    for (std::uint64_t j = 0; j < 2; ++j) {
      const std::size_t p = a * 2 + j;
      EXPECT_EQ(tile.latency_s[p], latency[a][j]) << a << " " << j;
      EXPECT_NEAR(tile.energy_j[p], energy[a][j], 1e-12 * energy[a][j]) << a << " " << j;
      // The direct path (layer by layer through the lookup) agrees bit for bit here.
      const engine::PairMetrics direct = engine::evaluate_pair_direct(problem, a, j);
      EXPECT_EQ(direct.latency_s, tile.latency_s[p]);
      EXPECT_EQ(direct.energy_j, tile.energy_j[p]);
      EXPECT_EQ(direct.area_mm2, j == 0 ? 1.5 : 2.0);
      EXPECT_EQ(tile.area_mm2[j], direct.area_mm2);
    }
}

TEST_F(LayerTableStudy, CoscanConventionWithoutOptionalShapeColumnsAndTimeUnits) {
  // coscan's own convention (layer_type, LayerShape fields as is); no N/G/stride columns: they
  // are not part of the key. Latency in microseconds, no energy, no area.
  write("costs.csv", "layer_type,K,C,R,S,Y,X,accel_row,latency_us\n"
                     "conv,16,3,3,3,34,34,1,5\n"
                     "conv,16,16,3,3,34,34,1,7\n"
                     "depthwise,16,16,3,3,34,34,1,0.5\n");
  const engine::Problem problem =
      build_problem(parse(study("kind = \"layer_table\"\npath = \"costs.csv\"\n"
                                "accel_columns = [\"accel_row\"]\nlatency_column = "
                                "\"latency_us\"\nlatency_unit = \"us\"\n",
                                "\"latency\"")));
  ASSERT_EQ(problem.accels->size(), 1u);
  EXPECT_EQ(problem.accels->label(0), "1");
  EXPECT_DOUBLE_EQ(engine::evaluate_pair_direct(problem, 0, 0).latency_s, 19e-6);
  EXPECT_DOUBLE_EQ(engine::evaluate_pair_factorised(problem, 1, 0).latency_s, 5.5e-6);
  EXPECT_TRUE(std::isnan(engine::evaluate_pair_factorised(problem, 1, 0).energy_j));
  EXPECT_TRUE(std::isnan(engine::evaluate_pair_factorised(problem, 1, 0).area_mm2));
}

TEST_F(LayerTableStudy, PerAcceleratorClockFromAColumn) {
  // The same table with each accelerator's clock in a column (ws at 100 MHz, rs at 250 MHz).
  std::string rows = kRows, with_clock;
  for (std::size_t at = 0, next; (next = rows.find('\n', at)) != std::string::npos; at = next + 1) {
    const std::string line = rows.substr(at, next - at);
    with_clock += line + (line.find(",ws,") != std::string::npos ? ",100\n" : ",250\n");
  }
  std::string header = kHeader;
  header.replace(header.find('\n'), 1, ",mhz\n");
  write("costs.csv", header + with_clock);
  std::string costmodel = kCostModel;
  costmodel.replace(costmodel.find("clock_mhz = 200"), 15, "clock_column = \"mhz\"");
  const engine::Problem problem = build_problem(parse(study(costmodel)));
  EXPECT_EQ(engine::evaluate_pair_factorised(problem, 0, 0).latency_s, (1000 + 2 * 7000) / 100e6);
  EXPECT_EQ(engine::evaluate_pair_factorised(problem, 0, 1).latency_s, (1100 + 2 * 6000) / 250e6);
  EXPECT_EQ(engine::evaluate_pair_direct(problem, 1, 1).latency_s, (1100 + 444) / 250e6);
  // A clock that changes within an accelerator, or is not positive.
  write("costs.csv", header + with_clock + "CONV,1,16,3,3,3,34,34,1,1,rs,64,1100,3,2,300\n");
  EXPECT_THAT(error_of(study(costmodel)),
              HasSubstr(costs_file() + ":9: column 'mhz': accelerator 'rs/64' has 300 here but "
                                       "250 on line 3 (must be constant per accelerator)"));
  write("costs.csv", header + with_clock + "CONV,1,16,3,3,3,34,34,1,1,os,64,1,1,2,0\n");
  EXPECT_THAT(error_of(study(costmodel)),
              HasSubstr(costs_file() + ":9: column 'mhz': must be positive, got 0"));
}

TEST_F(LayerTableStudy, StudyKeyErrors) {
  EXPECT_THAT(error_of(study() + "[accel_space]\ndataflow = [\"row_stationary\"]\n"),
              HasSubstr("key 'accel_space': not allowed with costmodel.kind = \"layer_table\""));
  EXPECT_THAT(error_of(study("kind = \"layer_table\"\npath = \"costs.csv\"\n")),
              HasSubstr("key 'costmodel.accel_columns': missing"));
  std::string no_clock = kCostModel;
  no_clock.replace(no_clock.find("clock_mhz = 200\n"), 16, "");
  EXPECT_THAT(error_of(study(no_clock)),
              HasSubstr("key 'costmodel.clock_mhz': latency_unit = \"cycles\" needs exactly one of "
                        "clock_mhz (one clock for all accelerators) and clock_column"));
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "clock_column = \"mhz\"\n")),
              HasSubstr("key 'costmodel.clock_mhz': latency_unit = \"cycles\" needs exactly one"));
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "latency_unit = \"s\"\n")),
              HasSubstr("key 'costmodel.clock_mhz': only valid with latency_unit = \"cycles\""));
  EXPECT_THAT(error_of(study(no_clock + "latency_unit = \"min\"\n")),
              HasSubstr("key 'costmodel.latency_unit': unknown unit 'min'"));
  std::string bad_energy = kCostModel;
  bad_energy.replace(bad_energy.find("\"nJ\""), 4, "\"kWh\"");
  EXPECT_THAT(error_of(study(bad_energy)),
              HasSubstr("key 'costmodel.energy_unit': unknown unit 'kWh'"));
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "shape_format = \"onnx\"\n")),
              HasSubstr("key 'costmodel.shape_format': unknown format 'onnx'"));
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "incomplete_accels = \"ignore\"\n")),
              HasSubstr("key 'costmodel.incomplete_accels': unknown value 'ignore'"));
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "latency_columns = [\"x\"]\n")),
              HasSubstr("key 'costmodel.latency_columns': not valid with kind = \"layer_table\""));
  EXPECT_THAT(error_of(study("kind = \"analytical\"\nclock_mhz = 200\n")),
              HasSubstr("key 'costmodel.clock_mhz': only valid with kind = \"layer_table\""));
  // Objectives the table cannot give.
  const std::string latency_only = "kind = \"layer_table\"\npath = \"costs.csv\"\n"
                                   "accel_columns = [\"df\", \"pes\"]\n"
                                   "latency_column = \"cycles\"\nclock_mhz = 200\n";
  EXPECT_THAT(error_of(study(latency_only, "\"latency\", \"area\"")),
              HasSubstr("key 'objectives.minimize': metric 'area' needs costmodel.area_column"));
  EXPECT_THAT(error_of(study(latency_only, "\"edp\"")),
              HasSubstr("key 'objectives.minimize': metric 'edp' needs costmodel.energy_column"));
  EXPECT_THAT(error_of(study(latency_only, "\"latency\"", "[ranking]\nmetric = \"energy\"\n")),
              HasSubstr("key 'ranking.metric': metric 'energy' needs costmodel.energy_column"));
  EXPECT_EQ(error_of(study(latency_only, "\"latency\"")), "");
}

TEST_F(LayerTableStudy, TableErrorsNameFileLineAndColumn) {
  const std::string file = costs_file();
  std::filesystem::remove(dir_ / "costs.csv");
  EXPECT_THAT(error_of(study()), HasSubstr("key 'costmodel.path': no such file"));

  write("costs.csv", kHeader);
  EXPECT_EQ(error_of(study()), file + ": the table has no rows (key 'costmodel.path')");
  write("costs.csv",
        "type,N,K,C,R,S,Y,X,G,stride,df,cycles,nj,area\nCONV,1,1,1,1,1,1,1,1,1,a,1,1,1\n");
  EXPECT_THAT(error_of(study()),
              HasSubstr(file + ":1: column 'pes': not in the table's header (named by study key "
                               "'costmodel.accel_columns')"));
  write("costs.csv", "type,N,C,R,S,Y,X,G,stride,df,pes,cycles,nj,area\n");
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":1: column 'K': not in the table's header"));
  std::string header = kHeader;
  header.replace(header.find("cycles"), 6, "runtime");
  write("costs.csv", header + kRows);
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":1: column 'cycles': not in the table's header "
                                                  "(named by study key "
                                                  "'costmodel.latency_column')"));

  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,34,34,1,1,os,64,fast,1,1\n");
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":9: column 'cycles': 'fast' is not a number"));
  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,34,34,1,1,os,64,10,-1,1\n");
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":9: column 'nj': must not be negative, got -1"));
  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,34,34,1,1,rs,64,1100,3,2.5\n");
  EXPECT_THAT(error_of(study()),
              HasSubstr(file +
                        ":9: column 'area': accelerator 'rs/64' has 2.5 here but 2 on line 3 "
                        "(must be constant per accelerator)"));
  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,34,34,1,1,rs,64,1101,3,2\n");
  EXPECT_THAT(error_of(study()),
              HasSubstr(file + ":9: column 'cycles': layer conv N1 K16 C3 R3 S3 Y34 X34 s1 g1 on "
                               "accelerator 'rs/64' repeats line 3 with a different value"));
  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,34,34,1,1,rs,64,1100,4,2\n");
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":9: column 'nj': layer conv N1 K16 C3"));
  write("costs.csv", std::string(kHeader) + kRows + "CONV,1,16,3,3,3,2,34,1,1,rs,64,1,1,2\n");
  EXPECT_THAT(error_of(study()), HasSubstr(file + ":9: column 'R': filter height 3 exceeds"));
}

TEST_F(LayerTableStudy, AShapeMissingOnAnAcceleratorIsNamedOrSkipped) {
  // The depthwise layer has no cost on rs/64.
  std::string rows = kRows;
  rows.erase(rows.find("DSCONV,1,1,16,3,3,34,34,1,2,rs"));
  write("costs.csv", std::string(kHeader) + rows);
  EXPECT_EQ(error_of(study()),
            costs_file() + ": no cost for layer shape 'depthwise N1 K16 C16 R3 S3 Y34 X34 s2 g16' "
                           "of the networks space on accelerator 'rs/64' (key 'costmodel.path'; "
                           "incomplete_accels = \"skip\" drops such accelerators)");
  // Skipped: only ws/64 is complete (os/32 has none of the space's shapes).
  write("costs.csv", std::string(kHeader) + rows + "CONV,1,8,3,3,3,34,34,1,1,os,32,5,1,1\n");
  const engine::Problem problem =
      build_problem(parse(study(std::string(kCostModel) + "incomplete_accels = \"skip\"\n")));
  ASSERT_EQ(problem.accels->size(), 1u);
  EXPECT_EQ(problem.accels->label(0), "ws/64");
  EXPECT_EQ(engine::evaluate_pair_factorised(problem, 1, 0).latency_s, (1000 + 333) / 200e6);
  // Nothing complete: an error.
  write("costs.csv", std::string(kHeader) + "CONV,1,8,3,3,3,34,34,1,1,os,32,5,1,1\n");
  EXPECT_THAT(error_of(study(std::string(kCostModel) + "incomplete_accels = \"skip\"\n")),
              HasSubstr("no accelerator has a cost for every layer shape of the networks space"));
}

/// MAESTRO's own per-layer results drive the five networks it covers; a whole-network latency
/// is the hand sum of MAESTRO's runtime_cycles for that network and accelerator.
TEST(LayerTableMaestro, CalibrationFileCostsItsFiveNetworks) {
  COSCAN_REQUIRE_SHARED("reference/maestro/maestro_layers_calibration.csv");
  const std::filesystem::path study_file =
      std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "networks_maestro_table.toml";
  const engine::Problem problem = build_problem(load_study(study_file));
  ASSERT_EQ(problem.archs->size(), 5u);
  // 5 templates x 45 points, less yxp_os (no AlexNet or Transformer mapping: 45) and rs on 64
  // PEs (the Transformer failed: 9).
  ASSERT_EQ(problem.accels->size(), 171u);

  // Hand sums straight from the CSV: network -> device -> sum of runtime_cycles / energy.
  const tables::CsvTable csv = tables::CsvTable::read(
      testing::shared_file("reference/maestro/maestro_layers_calibration.csv"));
  std::map<std::string, std::map<std::string, double>> cycles, energy_nj;
  std::map<std::string, std::map<std::string, std::size_t>> layer_count;
  for (std::size_t row = 0; row < csv.num_rows(); ++row) {
    const auto field = [&](const char *column) {
      return std::string(csv.at(row, *csv.column(column)));
    };
    const std::string device = field("dataflow") + "/" + field("num_pes") + "/" + field("noc_bw") +
                               "/" + field("offchip_bw");
    cycles[field("network")][device] += std::stod(field("runtime_cycles"));
    energy_nj[field("network")][device] += std::stod(field("energy_nJ_own"));
    ++layer_count[field("network")][device];
  }
  // The calibration set's network names, by the study's architecture (file order).
  const char *calibration_name[] = {"alexnet", "vgg16", "Resnet50", "MobileNetV2",
                                    "Transformer_Layers"};
  std::vector<costmodel::LayerShape> layers;
  for (std::uint64_t a = 0; a < 5; ++a) {
    problem.archs->layers(a, layers);
    for (std::uint64_t j = 0; j < problem.accels->size(); ++j) {
      const std::string device = problem.accels->label(j);
      // Every layer of the network is one row of the file on this device.
      ASSERT_EQ(layer_count[calibration_name[a]][device], layers.size())
          << calibration_name[a] << " " << device;
      const engine::PairMetrics tile = engine::evaluate_pair_factorised(problem, a, j);
      const engine::PairMetrics direct = engine::evaluate_pair_direct(problem, a, j);
      // Integer cycles sum exactly: factorised == direct == hand sum, bit for bit.
      EXPECT_EQ(tile.latency_s, cycles[calibration_name[a]][device] / 1e9) << device;
      EXPECT_EQ(direct.latency_s, tile.latency_s) << device;
      const double hand_energy = energy_nj[calibration_name[a]][device] * 1e-9;
      EXPECT_NEAR(tile.energy_j, hand_energy, 1e-12 * hand_energy) << device;
      EXPECT_NEAR(direct.energy_j, tile.energy_j, 1e-12 * tile.energy_j) << device;
    }
  }
  // One case by hand: VGG16 on kcp_ws/64/64/50.
  EXPECT_EQ(problem.accels->label(0), "kcp_ws/64/64/50");
  EXPECT_GT(cycles["vgg16"]["kcp_ws/64/64/50"], 1e8);
}

TEST(LayerTableMaestro, WithoutSkipTheFirstMissingShapeIsNamed) {
  COSCAN_REQUIRE_SHARED("reference/maestro/maestro_layers_calibration.csv");
  const std::filesystem::path example =
      std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "networks_maestro_table.toml";
  std::string text;
  {
    std::ifstream in(example);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("incomplete_accels = \"skip\""), 26, "");
  try {
    build_problem(parse_study(text, example));
    FAIL() << "expected an InputError";
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("maestro_layers_calibration.csv: no cost for layer shape"));
    // AlexNet's first layer: yxp_os has no AlexNet mapping.
    EXPECT_THAT(e.what(), HasSubstr("'conv N4 K96 C3 R11 S11 Y227 X227 s4 g1' of the networks "
                                    "space on accelerator 'yxp_os/64/64/50'"));
  }
}

} // namespace
} // namespace coscan::study
