// FBNet (HW-NAS-Bench's variant): the 128-bit codec, seeded draws, the list view, the network and
// the shared table of 5,000 sampled architectures.
#include "shared_data.hpp"

#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/search/fbnet.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <unordered_set>

namespace {

using coscan::costmodel::LayerShape;
using coscan::costmodel::LayerShapeHash;
using coscan::costmodel::LayerType;
using coscan::engine::spearman;
using coscan::search::FbnetSpace;
using coscan::search::LayerCount;
using coscan::search::WideIndex;

constexpr char kLatencyCsv[] = "data/fbnet_latency_help.csv";

WideIndex pow9(int e) {
  WideIndex p = 1;
  while (e-- > 0)
    p *= 9;
  return p;
}

std::string all_of(std::string_view block) {
  std::string out;
  for (int l = 0; l < FbnetSpace::kNumLayers; ++l) {
    if (l > 0)
      out += '-';
    out += block;
  }
  return out;
}

/// The space with a seeded sample listed (the form a sampled study sweeps).
FbnetSpace sampled(FbnetSpace::Dataset dataset, std::uint64_t count, std::uint64_t seed) {
  FbnetSpace space(dataset);
  space.set_list(coscan::search::sample_wide(space, count, seed, false));
  return space;
}

TEST(Fbnet, SizeIsNineToTheTwentySecondBeyondSixtyFourBits) {
  const FbnetSpace space(FbnetSpace::Dataset::cifar100);
  EXPECT_EQ(coscan::search::to_string(space.wide_size()), "984770902183611232881");
  EXPECT_EQ(space.wide_size(), pow9(22));
  EXPECT_GT(space.wide_size(), WideIndex{UINT64_MAX});
  EXPECT_EQ(space.size(), 0u); // nothing listed yet
  EXPECT_THROW(FbnetSpace::decode(space.wide_size()), std::out_of_range);
  EXPECT_THROW(space.arch_str(0), std::out_of_range);
}

TEST(Fbnet, CodecDigitsAndArchStrings) {
  const FbnetSpace space(FbnetSpace::Dataset::cifar100);
  EXPECT_EQ(space.wide_arch_str(0), all_of("k3_e1"));
  EXPECT_EQ(space.wide_arch_str(space.wide_size() - 1), all_of("skip"));
  // Layer 0 is the least significant digit; digits follow HW-NAS-Bench's PRIMITIVES order.
  EXPECT_EQ(space.wide_arch_str(3), "k3_e6" + all_of("k3_e1").substr(5));
  EXPECT_EQ(space.wide_arch_str(pow9(21) * 8), all_of("k3_e1").substr(0, 21 * 6) + "skip");
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const WideIndex index = space.draw(7, i);
    ASSERT_LT(index, space.wide_size());
    ASSERT_EQ(FbnetSpace::encode(FbnetSpace::decode(index)), index);
    ASSERT_EQ(space.parse_wide(space.wide_arch_str(index)), index);
  }
}

TEST(Fbnet, ParseRejectsMalformedStrings) {
  const FbnetSpace space(FbnetSpace::Dataset::cifar100);
  const std::string ok = all_of("k5_e6");
  ASSERT_TRUE(space.parse_wide(ok));
  for (const std::string &text :
       {std::string(), ok + "-skip", ok.substr(0, ok.rfind('-')), "k7_e6" + ok.substr(5), " " + ok,
        ok + " ", ok + "-", "-" + ok, "k5_e6--" + ok.substr(6), "K5_e6" + ok.substr(5)})
    EXPECT_FALSE(space.parse_wide(text)) << '"' << text << '"';
}

TEST(Fbnet, DrawsAreDeterministicUniformAndListedInOrder) {
  const FbnetSpace space(FbnetSpace::Dataset::cifar100);
  EXPECT_EQ(space.draw(1, 5), space.draw(1, 5));
  EXPECT_NE(space.draw(1, 5), space.draw(2, 5));
  // Every block is about equally likely at every layer.
  std::array<std::array<int, 9>, 22> hits{};
  constexpr int kDraws = 9000;
  for (int i = 0; i < kDraws; ++i) {
    const auto g = FbnetSpace::decode(space.draw(3, static_cast<std::uint64_t>(i)));
    for (int l = 0; l < 22; ++l)
      ++hits[l][g[l]];
  }
  for (const auto &layer : hits)
    for (int n : layer)
      EXPECT_NEAR(n, kDraws / 9, 150);
  const FbnetSpace s = sampled(FbnetSpace::Dataset::cifar100, 1000, 11);
  ASSERT_EQ(s.size(), 1000u);
  for (std::uint64_t p = 1; p < s.size(); ++p)
    ASSERT_LT(s.wide_index(p - 1), s.wide_index(p)); // sorted, distinct
  for (std::uint64_t p = 0; p < s.size(); p += 37)
    EXPECT_EQ(s.parse(s.arch_str(p)), p);
  EXPECT_FALSE(s.parse(all_of("k3_e1"))); // a valid architecture, but not listed
  EXPECT_THROW(s.macs(1000), std::out_of_range);
}

TEST(Fbnet, LayerCountsAreTheMultisetOfLayers) {
  for (auto dataset : {FbnetSpace::Dataset::cifar100, FbnetSpace::Dataset::imagenet}) {
    const FbnetSpace space = sampled(dataset, 2000, 5);
    std::unordered_set<LayerShape, LayerShapeHash> distinct;
    for (const LayerShape &l : space.vocabulary()) {
      EXPECT_NO_THROW(l.validate()) << l.to_string();
      EXPECT_TRUE(distinct.insert(l).second) << l.to_string();
    }
    std::vector<LayerCount> counts;
    std::vector<LayerShape> layers;
    for (std::uint64_t p = 0; p < space.size(); ++p) {
      space.layer_counts(p, counts);
      space.layers(p, layers);
      std::unordered_map<LayerShape, std::uint32_t, LayerShapeHash> expected;
      std::int64_t macs = 0;
      for (const LayerShape &l : layers) {
        ++expected[l];
        macs += l.macs();
      }
      ASSERT_EQ(counts.size(), expected.size());
      for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i > 0) {
          ASSERT_LT(counts[i - 1].shape, counts[i].shape);
        }
        ASSERT_EQ(counts[i].count, expected.at(space.vocabulary()[counts[i].shape]));
      }
      ASSERT_EQ(space.macs(p), static_cast<std::uint64_t>(macs));
    }
  }
}

TEST(Fbnet, AllSkipAndAllK5E6CostsByHand) {
  FbnetSpace space(FbnetSpace::Dataset::cifar100);
  space.set_list({*space.parse_wide(all_of("skip")), *space.parse_wide(all_of("k5_e6"))});
  // All skip: stem, the six stage-changing 1x1 skip convs, head 1x1, fc 1504 -> 100.
  const std::uint64_t stem = 16 * 3 * 9 * 32 * 32;
  const std::uint64_t skips = 24 * 16 * 32 * 32 + 32 * 24 * 16 * 16 + 64 * 32 * 8 * 8 +
                              112 * 64 * 8 * 8 + 184 * 112 * 4 * 4 + 352 * 184 * 4 * 4;
  const std::uint64_t head = 1504 * 352 * 4 * 4, classifier = 1504 * 100;
  EXPECT_EQ(space.macs(0), stem + skips + head + classifier);
  const std::uint64_t skip_params = 24 * 16 + 32 * 24 + 64 * 32 + 112 * 64 + 184 * 112 + 352 * 184 +
                                    2 * (24 + 32 + 64 + 112 + 184 + 352);
  EXPECT_EQ(space.params(0),
            (16 * 27 + 32) + skip_params + (1504 * 352 + 2 * 1504) + (1504 * 100 + 100));
  std::vector<LayerShape> layers;
  space.layers(0, layers);
  EXPECT_EQ(layers.size(), 1u + 6 + 3);

  // All k5_e6: per block 1x1 expand, 5x5 depthwise, 1x1 project, and an add where the shape
  // is kept (16 of the 22 blocks).
  std::uint64_t macs = stem + head + classifier;
  const std::int64_t widths[] = {16, 24, 32, 64, 112, 184, 352};
  const int depth[] = {1, 4, 4, 4, 4, 4, 1}, strides[] = {1, 1, 2, 2, 1, 2, 1};
  std::int64_t size = 32, cin = 16;
  int adds = 0;
  for (int stage = 0; stage < 7; ++stage)
    for (int i = 0; i < depth[stage]; ++i) {
      const std::int64_t stride = i == 0 ? strides[stage] : 1, out = size / stride;
      const std::int64_t mid = 6 * cin, cout = widths[stage];
      macs += static_cast<std::uint64_t>(mid * cin * size * size + mid * 25 * out * out +
                                         cout * mid * out * out);
      adds += cin == cout && stride == 1;
      size = out;
      cin = cout;
    }
  EXPECT_EQ(adds, 16);
  EXPECT_EQ(space.macs(1), macs);
  space.layers(1, layers);
  EXPECT_EQ(layers.size(), 1u + 22 * 3 + 16 + 3);
}

TEST(Fbnet, ImageNetVariantHasItsStemStridesAndHead) {
  FbnetSpace space(FbnetSpace::Dataset::imagenet);
  EXPECT_EQ(space.kind(), "fbnet_imagenet");
  space.set_list({*space.parse_wide(all_of("k3_e1_g2"))});
  std::vector<LayerShape> layers;
  space.layers(0, layers);
  EXPECT_EQ(layers.front(), (LayerShape{.type = LayerType::conv,
                                        .k = 16,
                                        .c = 3,
                                        .r = 3,
                                        .s = 3,
                                        .y = 226,
                                        .x = 226,
                                        .stride = 2}));
  // The head runs on 7x7 (224 / 32), the classifier has 1000 classes.
  EXPECT_EQ(layers[layers.size() - 3].k, 1984);
  EXPECT_EQ(layers[layers.size() - 3].y, 7);
  EXPECT_EQ(layers.back().k, 1000);
  // g2: the 1x1 convs are grouped in 2, the depthwise is not.
  EXPECT_EQ(layers[1].groups, 2);
  EXPECT_EQ(layers[2].type, LayerType::depthwise);
}

/// The shared table's op_0..op_21 and op_idx_0..op_idx_21 columns, per row.
struct TableRow {
  std::string arch;
  std::vector<int> digits;
  double eyeriss_ms = 0, fpga_ms = 0;
};

std::vector<TableRow> read_table() {
  std::ifstream in(coscan::testing::shared_file(kLatencyCsv));
  std::string line;
  std::getline(in, line);
  std::vector<TableRow> rows;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string field;
    std::getline(fields, field, ','); // sample_index
    TableRow row;
    for (int l = 0; l < 22; ++l) {
      std::getline(fields, field, ',');
      if (l > 0)
        row.arch += '-';
      row.arch += field;
    }
    for (int l = 0; l < 22; ++l) {
      std::getline(fields, field, ',');
      row.digits.push_back(std::stoi(field));
    }
    std::getline(fields, field, ',');
    row.eyeriss_ms = std::stod(field);
    std::getline(fields, field, ',');
    row.fpga_ms = std::stod(field);
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(Fbnet, ReadsEveryArchitectureOfTheSharedTable) {
  COSCAN_REQUIRE_SHARED(kLatencyCsv);
  const FbnetSpace space(FbnetSpace::Dataset::cifar100);
  const std::vector<TableRow> rows = read_table();
  ASSERT_EQ(rows.size(), 5000u);
  for (const TableRow &row : rows) {
    const auto index = space.parse_wide(row.arch);
    ASSERT_TRUE(index) << row.arch;
    const auto genotype = FbnetSpace::decode(*index);
    for (int l = 0; l < 22; ++l) // the table's op_idx columns are our digits
      ASSERT_EQ(genotype[l], row.digits[l]) << row.arch;
  }
}

// No MACs in the table, but HW-NAS-Bench's accelerator latencies (Eyeriss, FPGA) follow the
// compute: our CIFAR-100 network's MACs rank the 5,000 models as those latencies do.
TEST(Fbnet, MacsRankLikeTheBenchmarkAcceleratorLatencies) {
  COSCAN_REQUIRE_SHARED(kLatencyCsv);
  FbnetSpace space(FbnetSpace::Dataset::cifar100);
  const std::vector<TableRow> rows = read_table();
  std::vector<WideIndex> listed;
  std::vector<double> eyeriss, fpga, macs;
  for (const TableRow &row : rows) {
    listed.push_back(*space.parse_wide(row.arch));
    eyeriss.push_back(row.eyeriss_ms);
    fpga.push_back(row.fpga_ms);
  }
  space.set_list(listed);
  for (std::uint64_t p = 0; p < space.size(); ++p)
    macs.push_back(static_cast<double>(space.macs(p)));
  EXPECT_GT(spearman(macs, eyeriss), 0.96);
  EXPECT_GT(spearman(macs, fpga), 0.975);
}

TEST(Fbnet, FactoryKnowsBothVariants) {
  EXPECT_EQ(coscan::search::make_arch_space("fbnet")->kind(), "fbnet");
  EXPECT_EQ(coscan::search::make_arch_space("fbnet_imagenet")->kind(), "fbnet_imagenet");
}

} // namespace
