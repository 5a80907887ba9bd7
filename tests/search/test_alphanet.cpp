#include "shared_data.hpp"
#include "splitmix64.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/search/alphanet.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace {

using coscan::costmodel::LayerShape;
using coscan::costmodel::LayerShapeHash;
using coscan::costmodel::LayerType;
using coscan::engine::spearman;
using coscan::search::AlphaNetSpace;
using coscan::search::LayerCount;
using coscan::search::testing::splitmix64;

constexpr char kModelsCsv[] = "data/codesign_alphanet_models.csv";
constexpr std::uint64_t kSize = 57'395'628; // 4 x 27^5
constexpr std::size_t kVocabularySize = 708;

std::vector<std::uint64_t> sample_indices(std::size_t n) {
  std::vector<std::uint64_t> out = {0, 1, 26, 27, kSize / 4, kSize / 2, kSize - 1};
  std::uint64_t state = 2024;
  while (out.size() < n)
    out.push_back(splitmix64(state) % kSize);
  return out;
}

struct ModelRow {
  std::uint64_t index = 0;
  double flops_m = 0, params_m = 0, accuracy = 0;
};

/// Every row of the shared AlphaNet table as (index, FLOPs in M, params in M, predicted top-1).
std::vector<ModelRow> read_models() {
  std::ifstream in(coscan::testing::shared_file(kModelsCsv));
  const auto split = [](const std::string &s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    for (std::string cell; std::getline(ss, cell, ',');)
      cells.push_back(cell);
    return cells;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  const auto column = [&](const std::string &name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  std::vector<ModelRow> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = split(line);
    const auto value = [&](const std::string &name) { return std::stoi(cells.at(column(name))); };
    std::array<int, 5> k{}, e{}, d{};
    for (int s = 0; s < 5; ++s) {
      k[s] = value("kernel_" + std::to_string(s + 1));
      e[s] = value("expand_" + std::to_string(s + 1));
      d[s] = value("depth_" + std::to_string(s + 1));
    }
    const auto index = AlphaNetSpace::encode_values(value("resolution"), k, e, d);
    EXPECT_TRUE(index.has_value()) << line;
    rows.push_back({index.value_or(0), std::stod(cells.at(column("flops_M"))),
                    std::stod(cells.at(column("params_M"))),
                    std::stod(cells.at(column("predicted_top1_acc")))});
  }
  return rows;
}

TEST(AlphaNet, SizeAndCodecRoundTrip) {
  const AlphaNetSpace space;
  ASSERT_EQ(space.size(), kSize);
  for (std::uint64_t i : sample_indices(20000)) {
    ASSERT_EQ(AlphaNetSpace::encode(AlphaNetSpace::decode(i)), i);
    ASSERT_EQ(space.parse(space.arch_str(i)), i) << space.arch_str(i);
  }
  EXPECT_THROW(AlphaNetSpace::decode(kSize), std::out_of_range);
}

TEST(AlphaNet, IndexDigitsAndArchString) {
  const AlphaNetSpace space;
  EXPECT_EQ(space.arch_str(0), "r192_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3");
  EXPECT_EQ(space.arch_str(1), "r192_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-4");  // stage 5 depth
  EXPECT_EQ(space.arch_str(3), "r192_k3-3-3-3-3_e4-4-4-4-5_d3-3-3-3-3");  // stage 5 expand
  EXPECT_EQ(space.arch_str(9), "r192_k3-3-3-3-5_e4-4-4-4-4_d3-3-3-3-3");  // stage 5 kernel
  EXPECT_EQ(space.arch_str(27), "r192_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-4-3"); // stage 4
  EXPECT_EQ(space.arch_str(kSize / 4), "r224_k3-3-3-3-3_e4-4-4-4-4_d3-3-3-3-3");
  EXPECT_EQ(space.arch_str(kSize - 1), "r288_k7-7-7-7-7_e6-6-6-6-6_d6-6-6-6-6");
  const auto index =
      AlphaNetSpace::encode_values(224, {3, 5, 3, 5, 7}, {4, 5, 6, 4, 6}, {3, 4, 3, 4, 6});
  ASSERT_TRUE(index);
  EXPECT_EQ(space.arch_str(*index), "r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6");
  EXPECT_FALSE(
      AlphaNetSpace::encode_values(225, {3, 3, 3, 3, 3}, {4, 4, 4, 4, 4}, {3, 3, 3, 3, 3}));
  EXPECT_FALSE(
      AlphaNetSpace::encode_values(224, {3, 3, 3, 3, 3}, {4, 4, 4, 4, 4}, {3, 3, 3, 3, 5}));
}

TEST(AlphaNet, ParseRejectsMalformedStrings) {
  const AlphaNetSpace space;
  ASSERT_TRUE(space.parse("r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6"));
  const char *bad[] = {
      "",
      "r224",
      "224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6",          // no 'r'
      "r225_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6",         // resolution not in the space
      "r0224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6",        // leading zero
      "r224_k3-5-3-5_e4-5-6-4-6_d3-4-3-4-6",           // four kernels
      "r224_k3-5-3-5-7-3_e4-5-6-4-6_d3-4-3-4-6",       // six kernels
      "r224_k3-5-3-5-9_e4-5-6-4-6_d3-4-3-4-6",         // kernel 9
      "r224_k3-5-3-5-7_e4-5-6-4-3_d3-4-3-4-6",         // expand 3
      "r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-5",         // depth 5
      "r224_e4-5-6-4-6_k3-5-3-5-7_d3-4-3-4-6",         // sections out of order
      "r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6_",        // trailing '_'
      "r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6 ",        // trailing space
      " r224_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6",        // leading space
      "r224_k3-5-3-5-+7_e4-5-6-4-6_d3-4-3-4-6",        // sign
      "r224_k3,5,3,5,7_e4,5,6,4,6_d3,4,3,4,6",         // commas
      "R224_K3-5-3-5-7_E4-5-6-4-6_D3-4-3-4-6",         // upper case
      "r224_k3--5-3-5-7_e4-5-6-4-6_d3-4-3-4-6",        // empty value
      "r99999999999_k3-5-3-5-7_e4-5-6-4-6_d3-4-3-4-6", // overflow
  };
  for (const char *text : bad)
    EXPECT_FALSE(space.parse(text)) << '"' << text << '"';
}

TEST(AlphaNet, LayerCountsAreTheMultisetOfLayers) {
  const AlphaNetSpace space;
  const auto &v = space.vocabulary();
  std::vector<LayerCount> counts;
  std::vector<LayerShape> layers;
  for (std::uint64_t i : sample_indices(3000)) {
    space.layer_counts(i, counts);
    space.layers(i, layers);
    std::unordered_map<LayerShape, std::uint32_t, LayerShapeHash> expected;
    for (const LayerShape &l : layers)
      ++expected[l];
    ASSERT_EQ(counts.size(), expected.size()) << i;
    std::uint64_t macs = 0;
    for (std::size_t j = 0; j < counts.size(); ++j) {
      if (j > 0) {
        ASSERT_LT(counts[j - 1].shape, counts[j].shape);
      }
      ASSERT_GT(counts[j].count, 0u);
      ASSERT_EQ(expected[v.at(counts[j].shape)], counts[j].count) << i;
      macs += counts[j].count * static_cast<std::uint64_t>(v[counts[j].shape].macs());
    }
    ASSERT_EQ(macs, space.macs(i));
  }
}

TEST(AlphaNet, NetworkStructureOfTheSmallestArchitecture) {
  const AlphaNetSpace space;
  std::vector<LayerShape> layers;
  space.layers(0, layers); // r192, all k3 e4 d3
  // stem + stage 0 (dw, project, add) + 5 stages x 3 blocks + stage 6 + head (4 layers)
  ASSERT_FALSE(layers.empty());
  EXPECT_EQ(layers.front(), (LayerShape{.type = LayerType::conv,
                                        .k = 16,
                                        .c = 3,
                                        .r = 3,
                                        .s = 3,
                                        .y = 194,
                                        .x = 194,
                                        .stride = 2}));
  EXPECT_EQ(layers.back(), (LayerShape{.type = LayerType::fc, .k = 1000, .c = 1792}));
  std::map<LayerType, int> by_type;
  for (const LayerShape &l : layers)
    ++by_type[l.type];
  const int blocks = 1 + 5 * 3 + 1;
  EXPECT_EQ(by_type[LayerType::depthwise], blocks);
  EXPECT_EQ(by_type[LayerType::add], blocks);
  // Pools: 4 stride-2 shortcuts, SE in stages 2, 4, 5 (3 blocks each) and 6, the head's pool.
  EXPECT_EQ(by_type[LayerType::pool], 4 + 3 * 3 + 1 + 1);
  // fc: two per SE block, the feature mix and the classifier.
  EXPECT_EQ(by_type[LayerType::fc], 2 * (3 * 3 + 1) + 2);
  // Final resolution 192 / 32 = 6: the head's pool is 6x6 over 1296 channels.
  EXPECT_EQ(
      layers[layers.size() - 3],
      (LayerShape{.type = LayerType::pool, .k = 1296, .c = 1296, .r = 6, .s = 6, .y = 6, .x = 6}));
  // Depth 6 in stage 1 runs the supernet's 5 blocks.
  const auto deep =
      AlphaNetSpace::encode_values(192, {3, 3, 3, 3, 3}, {4, 4, 4, 4, 4}, {6, 3, 3, 3, 3});
  ASSERT_TRUE(deep);
  space.layers(*deep, layers);
  by_type.clear();
  for (const LayerShape &l : layers)
    ++by_type[l.type];
  EXPECT_EQ(by_type[LayerType::depthwise], blocks + 2);
}

TEST(AlphaNet, VocabularyIsValidAndDistinct) {
  const AlphaNetSpace space;
  const auto &v = space.vocabulary();
  EXPECT_EQ(v.size(), kVocabularySize);
  std::unordered_set<LayerShape, LayerShapeHash> seen;
  for (const LayerShape &l : v) {
    EXPECT_NO_THROW(l.validate()) << l.to_string();
    EXPECT_TRUE(seen.insert(l).second) << "duplicate " << l.to_string();
  }
  // Every shape is used by some architecture: the largest kernels/expansions at each
  // resolution and kernel/expand combination cover them all.
  std::vector<bool> used(v.size());
  std::vector<LayerCount> counts;
  for (int r : AlphaNetSpace::kResolutions)
    for (int k : AlphaNetSpace::kKernels)
      for (int e : AlphaNetSpace::kExpands) {
        space.layer_counts(
            *AlphaNetSpace::encode_values(r, {k, k, k, k, k}, {e, e, e, e, e}, {4, 4, 4, 4, 4}),
            counts);
        for (const LayerCount &c : counts)
          used[c.shape] = true;
      }
  EXPECT_EQ(std::count(used.begin(), used.end(), false), 0);
}

TEST(AlphaNet, MacsAndParamsMatchThePaperTable) {
  COSCAN_REQUIRE_SHARED(kModelsCsv);
  const AlphaNetSpace space;
  const std::vector<ModelRow> rows = read_models();
  ASSERT_EQ(rows.size(), 9999u);
  std::size_t macs_ok = 0, params_ok = 0;
  double worst_macs = 0, worst_params = 0;
  for (const ModelRow &row : rows) {
    const double macs = static_cast<double>(space.macs(row.index)) / 1e6;
    const double params = static_cast<double>(space.params(row.index)) / 1e6;
    const double em = std::abs(macs / row.flops_m - 1), ep = std::abs(params / row.params_m - 1);
    macs_ok += em <= 0.01;
    params_ok += ep <= 0.01;
    worst_macs = std::max(worst_macs, em);
    worst_params = std::max(worst_params, ep);
  }
  const auto sci = [](double v) {
    std::ostringstream text;
    text << std::scientific << v;
    return text.str();
  };
  RecordProperty("worst_macs_rel_error", sci(worst_macs));
  RecordProperty("worst_params_rel_error", sci(worst_params));
  EXPECT_GE(macs_ok, rows.size() * 99 / 100);
  EXPECT_GE(params_ok, rows.size() * 99 / 100);
  // Measured: every row agrees to 1e-7 (the table's FLOPs were summed in float32).
  EXPECT_LT(worst_macs, 1e-6);
  EXPECT_LT(worst_params, 1e-6);
}

TEST(AlphaNet, ProxyRanksLikeThePredictedAccuracy) {
  COSCAN_REQUIRE_SHARED(kModelsCsv);
  const AlphaNetSpace space;
  std::vector<double> proxy, predicted;
  for (const ModelRow &row : read_models()) {
    proxy.push_back(space.proxy_accuracy(row.index));
    predicted.push_back(row.accuracy);
  }
  const double rho = spearman(proxy, predicted);
  RecordProperty("spearman", std::to_string(rho));
  EXPECT_GT(rho, 0.97); // measured 0.976 (docs/spaces.md)
}

TEST(AlphaNet, FactoryKnowsTheSpace) {
  const auto space = coscan::search::make_arch_space("alphanet");
  EXPECT_EQ(space->kind(), "alphanet");
  EXPECT_EQ(space->size(), kSize);
  EXPECT_EQ(space->proxy_name(), "alphanet_params_resolution_v1");
}

} // namespace
