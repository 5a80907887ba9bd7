// coscan cost --layers LAYERS.csv --accels ACCELS.csv [--out OUT.csv], end to end.
#include "apps/run_coscan.hpp"

#include <coscan/tables/csv_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::string kLayers = "network,layer_name,type,N,K,C,R,S,Y,X,G,stride\n"
                            "net,conv1,CONV,1,16,3,3,3,34,34,1,1\n"
                            "net,dw2,DSCONV,1,1,16,3,3,34,34,1,2\n"
                            "net,group3,NGCONV,1,4,16,1,1,16,16,4,1\n";
const std::string kAccels = "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw,clock_mhz\n"
                            "weight_stationary,256,256,256,64,16,500\n"
                            "row_stationary,168,512,108,64,8,200\n";

TEST(CostCommand, WritesOneRowPerLayerAndAccelerator) {
  TempDir dir("cost-good");
  dir.write("layers.csv", kLayers);
  dir.write("accels.csv", kAccels);
  const CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const tables::CsvTable t = tables::CsvTable::read(dir / "out.csv");
  ASSERT_EQ(t.num_rows(), 6u);
  for (const char *column :
       {"network", "layer_name", "accel_row", "dataflow", "latency_cycles", "latency_s", "energy_j",
        "macs", "utilisation", "compute_cycles", "noc_cycles", "dram_cycles", "prologue_cycles",
        "mac_j", "l1_j", "noc_j", "l2_j", "dram_j", "area_mm2"})
    EXPECT_TRUE(t.column(column)) << column;
  const auto at = [&](std::size_t row, const char *column) {
    return std::stod(std::string(t.at(row, *t.column(column))));
  };
  EXPECT_EQ(t.at(0, *t.column("layer_name")), "conv1");
  EXPECT_EQ(t.at(1, *t.column("dataflow")), "row_stationary");
  EXPECT_EQ(at(1, "accel_row"), 2);
  EXPECT_EQ(at(1, "clock_mhz"), 200);
  EXPECT_EQ(at(0, "macs"), 16.0 * 3 * 9 * 32 * 32);
  EXPECT_EQ(at(2, "macs"), 16.0 * 9 * 16 * 16); // depthwise, stride 2
  EXPECT_EQ(at(4, "macs"), 16.0 * 4 * 16 * 16); // 4 groups of 4 -> 4
  for (std::size_t row = 0; row < t.num_rows(); ++row) {
    EXPECT_NEAR(at(row, "latency_s"),
                at(row, "latency_cycles") / ((row % 2 == 0 ? 500 : 200) * 1e6), 1e-15);
    const double parts =
        at(row, "mac_j") + at(row, "l1_j") + at(row, "noc_j") + at(row, "l2_j") + at(row, "dram_j");
    EXPECT_NEAR(parts, at(row, "energy_j"), 1e-12 * at(row, "energy_j"));
    EXPECT_GT(at(row, "area_mm2"), 0);
  }
  EXPECT_EQ(dir.num_files(), 3u); // no temporary file left
}

TEST(CostCommand, WritesTheShapeAsCostedInCoscansConvention) {
  TempDir dir("cost-shape");
  dir.write("layers.csv", kLayers);
  dir.write("accels.csv", kAccels);
  const CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const tables::CsvTable t = tables::CsvTable::read(dir / "out.csv");
  const std::vector<std::string> shape_columns = {"layer_type", "N", "K", "C", "R",
                                                  "S",          "Y", "X", "G", "stride"};
  ASSERT_GE(t.header().size(), 13u);
  for (std::size_t i = 0; i < shape_columns.size(); ++i)
    EXPECT_EQ(t.header()[2 + i], shape_columns[i]); // after layer_name, before accel_row
  EXPECT_EQ(t.header()[12], "accel_row");
  const auto row = [&](std::size_t line) {
    std::string fields;
    for (const std::string &column : shape_columns)
      fields += std::string(t.at(line, *t.column(column))) + " ";
    return fields;
  };
  EXPECT_EQ(row(0), "conv 1 16 3 3 3 34 34 1 1 ");
  EXPECT_EQ(row(2), "depthwise 1 16 16 3 3 34 34 16 2 "); // MAESTRO's K = 1 -> K = C = groups
  EXPECT_EQ(row(4), "conv 1 16 16 1 1 16 16 4 1 ");       // NGCONV: K per group x G
}

TEST(CostCommand, WritesStdoutWithoutOut) {
  TempDir dir("cost-stdout");
  dir.write("layers.csv", kLayers);
  dir.write("accels.csv", kAccels);
  const CommandResult r = run_coscan("cost --layers layers.csv --accels accels.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 7);
  EXPECT_THAT(r.out, HasSubstr("network,layer_name,"));
}

void expect_bad(const std::string &name, const std::string &layers, const std::string &accels,
                const std::vector<std::string> &parts) {
  TempDir dir(name);
  dir.write("layers.csv", layers);
  dir.write("accels.csv", accels);
  const CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", dir.path());
  EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << name << ": " << r.err;
  for (const auto &part : parts)
    EXPECT_THAT(r.err, HasSubstr(part)) << name;
  EXPECT_EQ(dir.num_files(), 2u) << name << ": an output file was left behind";
}

TEST(CostCommand, BadInputIsOneLineExitTwoAndNoOutput) {
  expect_bad("cost-bad-layer", kLayers + "net,bad,CONV,1,16,3,3,3,34,zero,1,1\n", kAccels,
             {"layers.csv:5", "column 'X'"});
  expect_bad("cost-bad-type", kLayers + "net,bad,LSTM,1,16,3,3,3,34,34,1,1\n", kAccels,
             {"layers.csv:5", "column 'type'", "LSTM"});
  expect_bad("cost-bad-accel", kLayers, kAccels + "row_stationary,168,512,108,-64,8,200\n",
             {"accels.csv:4", "column 'noc_bw'"});
  expect_bad("cost-missing", kLayers, "", {"accels.csv"});
}

} // namespace
} // namespace coscan::testing

namespace coscan::testing {
namespace {

TEST(CostCommand, CrossbarAcceleratorRowsAndColumns) {
  TempDir dir("cost-imc");
  dir.write("layers.csv", kLayers);
  dir.write("accels.csv", "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw,xbars,adc_bits\n"
                          "row_stationary,168,512,108,64,8,,\n"
                          "imc_crossbar,16,256,256,64,16,64,7\n");
  const CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const tables::CsvTable t = tables::CsvTable::read(dir / "out.csv");
  ASSERT_EQ(t.num_rows(), 6u);
  const auto at = [&](std::size_t row, const char *column) {
    return std::stod(std::string(t.at(row, *t.column(column))));
  };
  EXPECT_EQ(t.at(1, *t.column("dataflow")), "imc_crossbar");
  for (std::size_t row = 1; row < 6; row += 2) {
    const double parts = at(row, "mac_j") + at(row, "l1_j") + at(row, "noc_j") + at(row, "l2_j") +
                         at(row, "dram_j") + at(row, "adc_j") + at(row, "xbar_j");
    EXPECT_NEAR(parts, at(row, "energy_j"), 1e-12 * at(row, "energy_j"));
    EXPECT_GT(at(row, "adc_conversions"), 0);
    EXPECT_GE(at(row, "xbars_used"), 1);
    EXPECT_EQ(at(row, "free_params"), 64.0 * 128 * 128 / 4);
    EXPECT_EQ(at(row - 1, "adc_j"), 0);
  }
  EXPECT_EQ(t.at(0, *t.column("free_params")), "inf");
  // conv1 (16 x 27 weights, 4 slices: 27 rows x 64 columns, one crossbar) on 32 x 32 pixels,
  // 8 input bits, one read per bit (a 7-bit ADC sums 42 rows of 2-bit cells), 64 columns.
  EXPECT_EQ(at(1, "compute_cycles"), 32.0 * 32 * 8 * 64);

  TempDir bad("cost-imc-bad");
  bad.write("layers.csv", kLayers);
  bad.write("accels.csv", "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw,xbars\n"
                          "row_stationary,168,512,108,64,8,64\n");
  CommandResult e =
      run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", bad.path());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_THAT(e.err, HasSubstr("accels.csv:2: column 'xbars': only valid for dataflow "
                               "imc_crossbar"));
  bad.write("accels.csv", "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw,adcs_per_xbar\n"
                          "imc_crossbar,16,512,108,64,8,200\n");
  e = run_coscan("cost --layers layers.csv --accels accels.csv --out out.csv", bad.path());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_THAT(e.err, HasSubstr("accels.csv:2: column 'adcs_per_xbar': 200 is out of range"));
}

} // namespace
} // namespace coscan::testing
