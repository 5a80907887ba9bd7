#include "apps/run_coscan.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/tables/accel_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace coscan::tables {
namespace {

using ::testing::HasSubstr;

std::vector<AccelRow> read_text(const std::string &text) {
  testing::TempDir dir("accel-table");
  dir.write("accels.csv", text);
  return read_accel_table(dir / "accels.csv");
}

std::string error_of(const std::string &text) {
  try {
    read_text(text);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

constexpr const char *kHeader = "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw";

TEST(AccelTable, ReadsRowsWithDefaults) {
  const auto rows = read_text(std::string(kHeader) + "\nrow_stationary,168,512,108,64,8\n"
                                                     "output_stationary,128,256,64,32,16\n");
  ASSERT_EQ(rows.size(), 2u);
  const auto &a = rows[0].params;
  EXPECT_EQ(a.dataflow, costmodel::Dataflow::row_stationary);
  EXPECT_EQ(a.num_pes, 168);
  EXPECT_EQ(a.array_rows, 12);
  EXPECT_EQ(a.array_cols, 14);
  EXPECT_EQ(a.l1_bytes, 512);
  EXPECT_EQ(a.l2_kib, 108);
  EXPECT_EQ(a.noc_bw, 64);
  EXPECT_EQ(a.offchip_bw, 8);
  EXPECT_EQ(a.clock_mhz, 500);
  EXPECT_EQ(a.data_bits, 8);
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_EQ(rows[1].params.array_rows, 8);
  EXPECT_EQ(rows[1].params.array_cols, 16);
}

TEST(AccelTable, ReadsOptionalColumns) {
  const auto rows = read_text(std::string("name,") + kHeader +
                              ",clock_mhz,data_bits,array_rows,array_cols\n"
                              "a,weight_stationary,256,256,256,64,16,200,16,32,8\n"
                              "b,weight_stationary,256,256,256,64,16,200,16,4,\n");
  EXPECT_EQ(rows[0].name, "a");
  EXPECT_EQ(rows[0].params.clock_mhz, 200);
  EXPECT_EQ(rows[0].params.data_bits, 16);
  EXPECT_EQ(rows[0].params.array_rows, 32);
  EXPECT_EQ(rows[0].params.array_cols, 8);
  EXPECT_EQ(rows[1].params.array_rows, 4);
  EXPECT_EQ(rows[1].params.array_cols, 64);
}

TEST(AccelTable, BadInputNamesFileLineAndColumn) {
  const std::string h = std::string(kHeader) + "\n";
  EXPECT_THAT(error_of(h + "diagonal,64,256,64,32,16\n"),
              HasSubstr("accels.csv:2: column 'dataflow': unknown dataflow 'diagonal'"));
  EXPECT_THAT(error_of(h + "row_stationary,64,256,64,32,16\nrow_stationary,64,-1,64,32,16\n"),
              HasSubstr("accels.csv:3: column 'l1_bytes'"));
  EXPECT_THAT(error_of(h + "row_stationary,6x4,256,64,32,16\n"),
              HasSubstr("accels.csv:2: column 'num_pes': '6x4' is not an integer"));
  EXPECT_THAT(error_of(std::string(kHeader) + ",array_rows\nrow_stationary,64,256,64,32,16,5\n"),
              HasSubstr("accels.csv:2: column 'array_rows'"));
  EXPECT_THAT(error_of(std::string(kHeader) + ",data_bits\nrow_stationary,64,256,64,32,16,12\n"),
              HasSubstr("accels.csv:2: column 'data_bits'"));
  EXPECT_THAT(error_of(std::string(kHeader) + ",l3_kib\nrow_stationary,64,256,64,32,16,1\n"),
              HasSubstr("accels.csv:1: column 'l3_kib': unknown"));
  EXPECT_THAT(error_of("dataflow,num_pes\nrow_stationary,64\n"),
              HasSubstr("accels.csv:1: missing column 'l1_bytes'"));
  EXPECT_THAT(error_of(h), HasSubstr("no accelerators"));
}

} // namespace
} // namespace coscan::tables
