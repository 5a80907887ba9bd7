#include "shared_data.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/tables/csv_table.hpp>
#include <coscan/tables/layer_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <map>

namespace coscan::tables {
namespace {

using costmodel::LayerType;
using ::testing::HasSubstr;

constexpr const char *kHeader = "network,layer_name,type,N,K,C,R,S,Y,X,G,stride,extra\n";

std::vector<NamedLayer> parse(const std::string &rows) {
  return layer_table_from(CsvTable::parse(kHeader + rows, "layers.csv"));
}

std::string error_of(const std::string &rows) {
  try {
    parse(rows);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(LayerTable, ReadsConvWithMaestroOutputSize) {
  const auto layers = parse("vgg,CONV2,CONV,1,64,64,3,3,224,224,1,1,whatever\n");
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].network, "vgg");
  EXPECT_EQ(layers[0].name, "CONV2");
  EXPECT_EQ(layers[0].line, 2u);
  const auto &s = layers[0].shape;
  EXPECT_EQ(s.type, LayerType::conv);
  EXPECT_EQ(s.out_y(), 222);
  EXPECT_EQ(s.macs(), 64LL * 64 * 9 * 222 * 222);
}

TEST(LayerTable, DepthwiseHoldsTheChannelsInC) {
  const auto s = parse("m,dw,DSCONV,1,1,32,3,3,112,112,1,2,\n")[0].shape;
  EXPECT_EQ(s.type, LayerType::depthwise);
  EXPECT_EQ(s.k, 32);
  EXPECT_EQ(s.c, 32);
  EXPECT_EQ(s.groups, 32);
  EXPECT_EQ(s.macs(), 32LL * 9 * 55 * 55); // N*C*R*S*Y'*X'
}

TEST(LayerTable, GroupedConvHasKPerGroupAndCTotal) {
  // ResNeXt50 CONV2_1_2: 128 -> 128 channels in 32 groups of 4.
  const auto s = parse("r,g,NGCONV,1,4,128,3,3,56,56,32,1,\n")[0].shape;
  EXPECT_EQ(s.type, LayerType::conv);
  EXPECT_EQ(s.k, 128);
  EXPECT_EQ(s.c, 128);
  EXPECT_EQ(s.groups, 32);
  EXPECT_EQ(s.macs(), 128LL * 4 * 9 * 54 * 54);
}

TEST(LayerTable, FcGemmAndTransposedConv) {
  EXPECT_EQ(parse("n,f,FC,1,10,64,1,1,1,1,1,1,\n")[0].shape.type, LayerType::fc);
  EXPECT_EQ(parse("n,f,GEMM,1,10,64,1,1,128,1,1,1,\n")[0].shape.type, LayerType::conv);
  const auto t = parse("u,t,TRCONV,1,512,1024,2,2,28,28,1,1,\n")[0].shape;
  EXPECT_EQ(t.out_y(), 28);
  EXPECT_EQ(t.macs(), 512LL * 1024 * 4 * 28 * 28);
}

TEST(LayerTable, BadRowsNameFileLineAndColumn) {
  const std::string good = "n,a,CONV,1,8,8,3,3,10,10,1,1,\n";
  EXPECT_THAT(error_of(good + "n,b,CONV,1,x,8,3,3,10,10,1,1,\n"),
              HasSubstr("layers.csv:3: column 'K': 'x' is not an integer"));
  EXPECT_THAT(error_of(good + "n,b,CONV,1,8,8,3,3,10,10,1,0,\n"),
              HasSubstr("layers.csv:3: column 'stride'"));
  EXPECT_THAT(error_of("n,b,CONV,1,8,8,5,5,4,4,1,1,\n"), HasSubstr("layers.csv:2: column 'R'"));
  EXPECT_THAT(error_of("n,b,POOL,1,8,8,3,3,10,10,1,1,\n"),
              HasSubstr("layers.csv:2: column 'type': unknown layer type 'POOL'"));
  EXPECT_THAT(error_of("n,b,CONV,1,8,6,3,3,10,10,4,1,\n"), HasSubstr("layers.csv:2: column 'G'"));
  EXPECT_THAT(error_of("n,b,NGCONV,1,8,6,3,3,10,10,4,1,\n"), HasSubstr("layers.csv:2: column 'C'"));
  try {
    layer_table_from(CsvTable::parse("network,type,N\n", "x.csv"));
    FAIL();
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("x.csv:1: missing column 'layer_name'"));
  }
  try {
    layer_table_from(CsvTable::parse(std::string("network,layer_name,type,N,K,C,R,S,Y,X,G,stride,"
                                                 "stride_y\nn,a,CONV,1,8,8,3,3,10,10,1,1,2\n"),
                                     "y.csv"));
    FAIL();
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("y.csv:2: column 'stride_y'"));
  }
}

TEST(LayerTable, ReadsThePublishedNetworkTables) {
  COSCAN_REQUIRE_SHARED("data/maestro_layers/Resnet50_model.csv");
  const auto dir = testing::shared_file("data/maestro_layers");
  for (const char *name :
       {"vgg16_model.csv", "Resnet50_model.csv", "MobileNetV2_model.csv", "ResNeXt50_model.csv",
        "UNet_model.csv", "Transformer_Complete_model.csv", "googlenet_model.csv",
        "mnasnet_model.csv", "squeezenet1_0_model.csv", "gnmt_model.csv", "ncf_model.csv",
        "alexnet_rs_validation.csv"}) {
    SCOPED_TRACE(name);
    EXPECT_GT(read_layer_table(dir / name).size(), 3u);
  }
  // The DARTS table has 5x5 filters on 4x4 inputs (its Y, X exclude padding): a clear error.
  try {
    read_layer_table(dir / "dnn_model.csv");
    FAIL();
  } catch (const InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("dnn_model.csv:"));
    EXPECT_THAT(e.what(), HasSubstr("column 'R'"));
  }
}

TEST(LayerTable, MacsAgreeWithMaestrosCounts) {
  const char *file = "reference/maestro/maestro_layers_calibration.csv";
  COSCAN_REQUIRE_SHARED(file);
  const CsvTable table = CsvTable::read(testing::shared_file(file));
  const auto layers = layer_table_from(table);
  const std::size_t macs_col = *table.column("macs");
  // A layer agrees when our count equals MAESTRO's on some (dataflow, accelerator): MAESTRO's
  // count varies slightly with the mapping on some stride-2 layers (its README, quirk 3).
  std::map<std::pair<std::string, std::string>, bool> agrees;
  for (std::size_t row = 0; row < layers.size(); ++row) {
    const std::string_view field = table.at(row, macs_col);
    std::int64_t macs = 0;
    std::from_chars(field.data(), field.data() + field.size(), macs);
    bool &ok = agrees[{layers[row].network, layers[row].name}];
    ok = ok || macs == layers[row].shape.macs();
  }
  std::size_t matched = 0;
  for (const auto &[layer, ok] : agrees)
    matched += ok;
  EXPECT_EQ(agrees.size(), 144u);
  EXPECT_GE(matched, agrees.size() - 2) << matched << " of " << agrees.size();
}

} // namespace
} // namespace coscan::tables
