#include "shared_data.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/search/accuracy.hpp>
#include <coscan/search/nasbench201.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_set>

namespace {

using coscan::costmodel::LayerShape;
using coscan::costmodel::LayerShapeHash;
using coscan::costmodel::LayerType;
using coscan::engine::spearman;
using coscan::search::LayerCount;
using coscan::search::NasBench201Space;
using Op = NasBench201Space::Op;

constexpr char kAccuracyCsv[] = "data/nb201_nats_tss_accuracy.csv";

std::uint64_t uniform(Op op) {
  NasBench201Space::Cell cell;
  cell.fill(op);
  return NasBench201Space::encode(cell);
}

/// (arch_str, cifar10_test_acc_200ep) for every row of the shared NATS-Bench table.
std::vector<std::pair<std::string, double>> read_accuracy_table() {
  std::ifstream in(coscan::testing::shared_file(kAccuracyCsv));
  std::string line;
  std::getline(in, line);
  auto split = [](const std::string &s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    for (std::string cell; std::getline(ss, cell, ',');)
      cells.push_back(cell);
    return cells;
  };
  const std::vector<std::string> header = split(line);
  const auto column = [&](const std::string &name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t arch_col = column("arch_str"), acc_col = column("cifar10_test_acc_200ep");
  std::vector<std::pair<std::string, double>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = split(line);
    rows.emplace_back(cells.at(arch_col), std::stod(cells.at(acc_col)));
  }
  return rows;
}

TEST(NasBench201, CodecRoundTripsEveryIndex) {
  const NasBench201Space space;
  ASSERT_EQ(space.size(), 15625u);
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    ASSERT_EQ(NasBench201Space::encode(NasBench201Space::decode(i)), i);
    ASSERT_EQ(space.parse(space.arch_str(i)), i) << space.arch_str(i);
  }
  EXPECT_THROW(NasBench201Space::decode(15625), std::out_of_range);
}

TEST(NasBench201, IndexIsMixedRadixEdgeZeroLeastSignificant) {
  const NasBench201Space space;
  EXPECT_EQ(space.arch_str(0), "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  // Digit values follow the Op enum: 3 = nor_conv_3x3 on edge 0; 4 * 5^5 = avg_pool on edge 5.
  EXPECT_EQ(space.arch_str(3), "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  EXPECT_EQ(space.arch_str(4 * 3125 + 1 * 5),
            "|none~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|");
  EXPECT_EQ(space.arch_str(15624), "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|"
                                   "avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|");
}

TEST(NasBench201, ParseRejectsMalformedStrings) {
  const NasBench201Space space;
  const char *bad[] = {
      "",
      "|",
      "|none~0|+|none~0|none~1|",                                 // two nodes only
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|", // four nodes
      "none~0|+|none~0|none~1|+|none~0|none~1|none~2|",           // no leading '|'
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2",           // no trailing '|'
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2| ",         // trailing space
      "|none~0||none~0|none~1|+|none~0|none~1|none~2|",           // '+' missing
      "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|",          // unknown op
      "|None~0|+|none~0|none~1|+|none~0|none~1|none~2|",          // op names are lowercase
      "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",          // wrong source
      "|none~0|+|none~1|none~0|+|none~0|none~1|none~2|",          // sources swapped
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~3|",          // source out of range
      "|none~00|+|none~0|none~1|+|none~0|none~1|none~2|",         // source spelt oddly
      "|none0|+|none~0|none~1|+|none~0|none~1|none~2|",           // no '~'
      "|none~0|+|none~0|none~1|none~2|+|none~0|none~1|",          // edges in wrong nodes
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|",   // extra edge
  };
  for (const char *s : bad)
    EXPECT_EQ(space.parse(s), std::nullopt) << s;
}

TEST(NasBench201, EveryArchStringOfTheBenchmarkParsesAndPrintsBack) {
  COSCAN_REQUIRE_SHARED(kAccuracyCsv);
  const NasBench201Space space;
  const auto rows = read_accuracy_table();
  ASSERT_EQ(rows.size(), 15625u);
  std::set<std::uint64_t> seen;
  for (const auto &[arch, acc] : rows) {
    const auto index = space.parse(arch);
    ASSERT_TRUE(index.has_value()) << arch;
    EXPECT_EQ(space.arch_str(*index), arch);
    seen.insert(*index);
  }
  EXPECT_EQ(seen.size(), 15625u);
}

TEST(NasBench201, LayerCountsAreTheMultisetOfLayers) {
  const NasBench201Space space;
  const auto &vocabulary = space.vocabulary();
  std::vector<LayerShape> layers;
  std::vector<LayerCount> counts;
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    space.layers(i, layers);
    space.layer_counts(i, counts);
    std::map<std::uint32_t, std::uint32_t> expected;
    for (const LayerShape &l : layers) {
      const auto it = std::find(vocabulary.begin(), vocabulary.end(), l);
      ASSERT_NE(it, vocabulary.end()) << l.to_string();
      ++expected[static_cast<std::uint32_t>(it - vocabulary.begin())];
    }
    std::vector<LayerCount> want;
    for (const auto &[shape, count] : expected)
      want.push_back({shape, count});
    ASSERT_EQ(counts, want) << space.arch_str(i); // sorted by shape, no zeros
    std::uint64_t macs = 0;
    for (const LayerShape &l : layers)
      macs += static_cast<std::uint64_t>(l.macs());
    ASSERT_EQ(space.macs(i), macs);
  }
}

TEST(NasBench201, VocabularyIsSmallValidAndDistinct) {
  const NasBench201Space space;
  const auto &vocabulary = space.vocabulary();
  // stem; per stage conv3x3, conv1x1, avg_pool_3x3, add (x3); per reduction conv3x3/2,
  // pool2x2/2, shortcut conv1x1 (x2); global pool; classifier.
  EXPECT_EQ(vocabulary.size(), 21u);
  std::unordered_set<LayerShape, LayerShapeHash> distinct(vocabulary.begin(), vocabulary.end());
  EXPECT_EQ(distinct.size(), vocabulary.size());
  for (const LayerShape &l : vocabulary)
    EXPECT_NO_THROW(l.validate()) << l.to_string();
  // Every shape is used by some architecture (the all-conv3x3, -conv1x1 and -pool ones cover
  // the cell shapes between them).
  std::set<std::uint32_t> used;
  std::vector<LayerCount> counts;
  for (Op op : {Op::nor_conv_3x3, Op::nor_conv_1x1, Op::avg_pool_3x3}) {
    space.layer_counts(uniform(op), counts);
    for (const LayerCount &c : counts)
      used.insert(c.shape);
  }
  EXPECT_EQ(used.size(), vocabulary.size());
  // Output sizes chain: the stem keeps 32x32, the reductions halve.
  EXPECT_EQ(vocabulary.front().out_y(), 32);
  EXPECT_EQ(vocabulary.back().type, LayerType::fc);
}

// Fixed part (every architecture), MACs = K*C*R*S*Y'*X':
//   stem 3x3 3->16 @32x32:                 16*3*9*1024        =    442,368
//   reduction 1 (16->32, out 16x16): conv_a 32*16*9*256      =  1,179,648
//                                    conv_b 32*32*9*256      =  2,359,296
//                                    shortcut 1x1 32*16*256  =    131,072
//   reduction 2 (32->64, out 8x8):   the same three numbers   =  3,670,016
//   classifier 64*10                                           =        640
//   total                                                      =  7,783,040  (NATS-Bench: 7.78 M)
// Params: stem 432 + BN 32 = 464; reduction 1: 4,608+64 + 9,216+64 + 512 = 14,464;
//   reduction 2: 18,432+128 + 36,864+128 + 2,048 = 57,600; last BN 2*64 = 128;
//   classifier 640 + 10 bias = 650; total 73,306 (NATS-Bench's minimum: 0.07 M).
constexpr std::uint64_t kFixedMacs = 7'783'040;
constexpr std::uint64_t kFixedParams = 73'306;
// One cell conv per stage: 3x3: 9*C^2*H^2 = 9*(16*32)^2 = 2,359,296 MACs at every stage (C*H is
// 512 throughout); 1x1: 262,144. Params 3x3: 9C^2 + 2C = 2,336 / 9,280 / 36,992; 1x1:
// C^2 + 2C = 288 / 1,088 / 4,224.

TEST(NasBench201, CostsOfTheExtremesMatchNatsBench) {
  const NasBench201Space space;
  // All none and all skip: only the fixed layers have weights (skip adds only add layers).
  EXPECT_EQ(space.macs(uniform(Op::none)), kFixedMacs);
  EXPECT_EQ(space.params(uniform(Op::none)), kFixedParams);
  EXPECT_EQ(space.macs(uniform(Op::skip_connect)), kFixedMacs);
  EXPECT_EQ(space.params(uniform(Op::skip_connect)), kFixedParams);
  EXPECT_EQ(space.macs(uniform(Op::avg_pool_3x3)), kFixedMacs);
  // All nor_conv_3x3: 90 cell convs x 2,359,296 = 212,336,640; + fixed = 220,119,680
  // (NATS-Bench's maximum: 220.11 M FLOPs).
  EXPECT_EQ(space.macs(uniform(Op::nor_conv_3x3)), 220'119'680u);
  // 30 cell convs per stage: 30*(2,336 + 9,280 + 36,992) = 1,458,240; + fixed = 1,531,546
  // (NATS-Bench's maximum: 1.53 M).
  EXPECT_EQ(space.params(uniform(Op::nor_conv_3x3)), 1'531'546u);
  // All nor_conv_1x1: 90 x 262,144 = 23,592,960; + fixed = 31,376,000.
  // Params 30*(288 + 1,088 + 4,224) = 168,000; + fixed = 241,306.
  EXPECT_EQ(space.macs(uniform(Op::nor_conv_1x1)), 31'376'000u);
  EXPECT_EQ(space.params(uniform(Op::nor_conv_1x1)), 241'306u);
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    ASSERT_GE(space.macs(i), kFixedMacs);
    ASSERT_LE(space.macs(i), 220'119'680u);
  }
}

TEST(NasBench201, CostsOfHandWorkedArchitectures) {
  const NasBench201Space space;
  // Row 1 of the NATS table: 3 x nor_conv_3x3, 1 x avg_pool, 2 x skip.
  // MACs: 15 cells x 3 x 2,359,296 = 106,168,320; + fixed = 113,951,360.
  // Params: 15 x (2,336 + 9,280 + 36,992) = 729,120; + fixed = 802,426.
  const auto a =
      space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
                  "skip_connect~2|");
  ASSERT_TRUE(a);
  EXPECT_EQ(space.macs(*a), 113'951'360u);
  EXPECT_EQ(space.params(*a), 802'426u);
  // Adds: node 1 one input (0), node 2 two (1), node 3 three (2): 3 per cell, 15 per stage,
  // plus one residual add in each reduction block (the stage 2 and 3 add shapes).
  std::vector<LayerCount> counts;
  space.layer_counts(*a, counts);
  std::uint32_t adds = 0, pools3x3 = 0;
  for (const LayerCount &c : counts) {
    const LayerShape &l = space.vocabulary()[c.shape];
    adds += l.type == LayerType::add ? c.count : 0;
    pools3x3 += l.type == LayerType::pool && l.r == 3 ? c.count : 0;
  }
  EXPECT_EQ(adds, 3u * 15 + 2);
  EXPECT_EQ(pools3x3, 15u);

  // A conv1x1 on an edge whose source node is unreachable (node 1 gets none) still counts:
  // one 1x1 on edge 2<-1 and one 3x3 on edge 3<-0.
  // MACs: 15 x (262,144 + 2,359,296) = 39,321,600; + fixed = 47,104,640.
  // Params: 5 x (288+2,336 + 1,088+9,280 + 4,224+36,992) = 5 x 54,208 = 271,040; + fixed
  // = 344,346.
  const auto b = space.parse("|none~0|+|none~0|nor_conv_1x1~1|+|nor_conv_3x3~0|none~1|none~2|");
  ASSERT_TRUE(b);
  EXPECT_EQ(space.macs(*b), 47'104'640u);
  EXPECT_EQ(space.params(*b), 344'346u);
}

TEST(NasBench201, ProxyIsChanceWithoutAPathAndBoundedOtherwise) {
  const NasBench201Space space;
  EXPECT_EQ(space.proxy_name(), "nb201_path_capacity_v1");
  EXPECT_EQ(space.proxy_accuracy(uniform(Op::none)), 10.0);
  // Node 3 is fed only from node 2, which has no input: no path.
  EXPECT_EQ(space.proxy_accuracy(
                *space.parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|")),
            10.0);
  EXPECT_GT(space.proxy_accuracy(uniform(Op::nor_conv_3x3)),
            space.proxy_accuracy(uniform(Op::skip_connect)));
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    ASSERT_GE(space.proxy_accuracy(i), 10.0);
    ASSERT_LT(space.proxy_accuracy(i), 94.0);
  }
  const coscan::search::ProxyAccuracy proxy(space);
  EXPECT_EQ(proxy.source(), "proxy:nb201_path_capacity_v1");
  EXPECT_TRUE(proxy.is_proxy());
}

TEST(NasBench201, ProxyRanksLikeTheCifar10Accuracy) {
  COSCAN_REQUIRE_SHARED(kAccuracyCsv);
  const NasBench201Space space;
  std::vector<double> proxy, measured;
  for (const auto &[arch, acc] : read_accuracy_table()) {
    proxy.push_back(space.proxy_accuracy(space.parse(arch).value()));
    measured.push_back(acc);
  }
  // Measured: 0.786 (docs/spaces.md); the floor leaves a little room.
  const double rho = spearman(proxy, measured);
  RecordProperty("spearman", std::to_string(rho));
  EXPECT_GT(rho, 0.77);
}

TEST(NasBench201, FactoryKnowsTheSpaceAndRejectsOthers) {
  EXPECT_EQ(coscan::search::make_arch_space("nasbench201")->kind(), "nasbench201");
  try {
    coscan::search::make_arch_space("nasbench301");
    FAIL() << "expected an InputError";
  } catch (const coscan::InputError &e) {
    EXPECT_NE(std::string(e.what()).find("nasbench201"), std::string::npos);
  }
}

TEST(TableAccuracy, ReturnsItsValuesAndSource) {
  const coscan::search::TableAccuracy table({93.5, 10.0}, "table:acc.csv#cifar10");
  EXPECT_EQ(table.at(1), 10.0);
  EXPECT_EQ(table.source(), "table:acc.csv#cifar10");
  EXPECT_FALSE(table.is_proxy());
}

} // namespace
