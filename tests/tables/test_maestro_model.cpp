// MAESTRO .m model files and the networks space built from them and from layer tables.
#include "shared_data.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/search/networks.hpp>
#include <coscan/tables/layer_table.hpp>
#include <coscan/tables/maestro_model.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace coscan::tables {
namespace {

using costmodel::LayerShape;
using costmodel::LayerType;
using ::testing::HasSubstr;

constexpr char kTiny[] = R"(// two networks
Network tiny {
  Layer CONV1 {
    Type: CONV;
    Stride { X: 2, Y: 2 }
    Dimensions { K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224 }
  }
  Layer DW { Type: DSCONV Dimensions { K: 1, C: 64, R: 3, S: 3, Y: 111, X: 111 } } // same line
  Layer FC-1 {
    Type: FC
    Dimensions { N: 1, K: 10, C: 64, R: 1, S: 1, Y: 1, X: 1 }
  }
}
Network other.net {
  Layer G { Type: CONV Dimensions { K: 32, C: 16, R: 1, S: 1, Y: 8, X: 8, G: 2 } }
}
)";

std::string error_of(const std::string &text) {
  try {
    parse_maestro_model(text, "model.m");
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(MaestroModel, ReadsNetworksLayersAndLines) {
  const std::vector<NamedLayer> layers = parse_maestro_model(kTiny, "model.m");
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0].network, "tiny");
  EXPECT_EQ(layers[0].name, "CONV1");
  EXPECT_EQ(layers[0].line, 3u);
  EXPECT_EQ(layers[0].shape, (LayerShape{.type = LayerType::conv,
                                         .k = 64,
                                         .c = 3,
                                         .r = 7,
                                         .s = 7,
                                         .y = 224,
                                         .x = 224,
                                         .stride = 2}));
  EXPECT_EQ(layers[0].shape.out_y(), 109);
  // DSCONV is read as the layer table reads it: depthwise over C, K = C = groups.
  EXPECT_EQ(layers[1].shape.type, LayerType::depthwise);
  EXPECT_EQ(layers[1].shape.k, 64);
  EXPECT_EQ(layers[1].shape.groups, 64);
  EXPECT_EQ(layers[1].line, 8u);
  EXPECT_EQ(layers[2].name, "FC-1");
  EXPECT_EQ(layers[2].shape.type, LayerType::fc);
  EXPECT_EQ(layers[3].network, "other.net");
  EXPECT_EQ(layers[3].shape.groups, 2);
}

TEST(MaestroModel, AgreesWithTheLayerTableConvention) {
  // The same layer as a .m block and as a table row gives the same shape.
  const auto from_m = parse_maestro_model(
      "Network n { Layer L { Type: NGCONV Stride { X: 1, Y: 1 } Dimensions { K: 4, C: 128, "
      "R: 3, S: 3, Y: 58, X: 58, G: 32 } } }",
      "n.m");
  const auto from_table =
      layer_table_from(CsvTable::parse("network,layer_name,type,N,K,C,R,S,Y,X,G,stride\n"
                                       "n,L,NGCONV,1,4,128,3,3,58,58,32,1\n",
                                       "n.csv"));
  ASSERT_EQ(from_m.size(), 1u);
  EXPECT_EQ(from_m[0].shape, from_table[0].shape);
}

TEST(MaestroModel, MalformedFilesNameFileAndLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "model.m:1: no Network"},
      {"Network n {\n Layer L {\n Type: CONV\n }\n}\n", "model.m:2: layer 'L' has no Dimensions"},
      {"Network n {\n Layer L {\n Dimensions { K: 1, C: 1, R: 1, S: 1, Y: 1, X: 1 }\n }\n}\n",
       "model.m:2: layer 'L' has no Type"},
      {"Network n {\n Layer L {\n Type: CONV\n Dimensions { K: 1, C: 1, R: 1, S: 1, Y: 1 }\n "
       "}\n}\n",
       "model.m:2: layer 'L': Dimensions lacks X"},
      {"Network n {\n Layer L {\n Type: CONV\n Dimensions { K: 1, Q: 1 }\n }\n}\n",
       "model.m:4: unknown Dimensions key 'Q'"},
      {"Network n {\n Layer L {\n Type: CONV\n Dimensions { K: x1 }\n }\n}\n",
       "model.m:4: Dimensions K: 'x1' is not a positive integer"},
      {"Network n {\n Layer L {\n Type: CONV\n Stride { X: 2, Y: 1 }\n Dimensions { K: 1, C: 1, "
       "R: 1, S: 1, Y: 4, X: 4 }\n }\n}\n",
       "model.m:2: layer 'L': Stride X 2 and Y 1 differ"},
      {"Network n {\n Layer L {\n Type: WARP\n Dimensions { K: 1, C: 1, R: 1, S: 1, Y: 4, X: 4 "
       "}\n }\n}\n",
       "model.m:2: layer 'L' type: unknown layer type 'WARP'"},
      {"Network n {\n Layer L {\n Type: CONV\n Dimensions { K: 1, C: 1, R: 5, S: 5, Y: 4, X: 4 "
       "}\n }\n}\n",
       "model.m:2: layer 'L' R: filter height 5 exceeds"},
      {"Network n {\n Layer L {\n Type: CONV\n Dimensions { K: 1, C: 1, R: 1, S: 1, Y: 4, X: 4 "
       "}\n }\n",
       "model.m:5: expected 'Layer', found the end of the file"},
      {"Network n {\n Layer L {\n Type: CONV\n Colour: red\n }\n}\n",
       "model.m:4: unknown key 'Colour'"},
      {"Net n { }\n", "model.m:1: expected 'Network', found 'Net'"},
      {"Network {\n}\n", "model.m:1: expected a network name, found '{'"},
  };
  for (const auto &[text, expected] : cases) {
    const std::string error = error_of(text);
    EXPECT_THAT(error, HasSubstr(expected)) << text;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

TEST(NetworksSpace, OneArchitecturePerNetworkWithASharedVocabulary) {
  std::vector<search::NetworksSpace::Network> networks;
  for (const NamedLayer &layer : parse_maestro_model(kTiny, "model.m")) {
    if (networks.empty() || networks.back().name != layer.network)
      networks.push_back({layer.network, {}});
    networks.back().layers.push_back(layer.shape);
  }
  networks[1].layers.push_back(networks[0].layers[2]); // shared with "tiny"
  const search::NetworksSpace space(networks);
  EXPECT_EQ(space.size(), 2u);
  EXPECT_EQ(space.vocabulary().size(), 4u);
  EXPECT_EQ(space.arch_str(1), "other.net");
  EXPECT_EQ(space.parse("tiny"), 0u);
  EXPECT_FALSE(space.parse("Tiny"));
  EXPECT_EQ(space.macs(0), 64u * 3 * 49 * 109 * 109 + 64u * 9 * 109 * 109 + 640u);
  EXPECT_EQ(space.params(0), 64u * 3 * 49 + 64u * 9 + 640u);
  std::vector<search::LayerCount> counts;
  space.layer_counts(1, counts);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].shape, 2u); // the shared fc, first seen in "tiny"
  EXPECT_THROW(space.macs(2), std::out_of_range);
  networks.push_back(networks[0]);
  EXPECT_THROW(search::NetworksSpace{networks}, std::invalid_argument);
}

TEST(NetworksSpace, SharedLayerTablesGiveTheirNetworks) {
  COSCAN_REQUIRE_SHARED("data/maestro_layers/Resnet50_model.csv");
  std::vector<search::NetworksSpace::Network> networks;
  std::int64_t table_macs = 0;
  for (const char *file : {"Resnet50_model.csv", "vgg16_model.csv", "mnasnet_model.csv"}) {
    const auto layers = read_layer_table(testing::shared_file("data/maestro_layers") / file);
    networks.push_back({layers.front().network, {}});
    for (const NamedLayer &layer : layers) {
      networks.back().layers.push_back(layer.shape);
      table_macs += layer.shape.macs();
    }
  }
  const search::NetworksSpace space(networks);
  EXPECT_EQ(space.size(), 3u);
  EXPECT_EQ(space.arch_str(0), "Resnet50");
  EXPECT_EQ(space.macs(0) + space.macs(1) + space.macs(2), static_cast<std::uint64_t>(table_macs));
  EXPECT_EQ(space.vocabulary().size(), 22u + 9u + 34u); // no shape shared across the three
}

} // namespace
} // namespace coscan::tables
