// The in-memory-computing block space: codec over depths, strings, network, counts.
#include "splitmix64.hpp"
#include <coscan/search/imc_blocks.hpp>

#include <gtest/gtest.h>

#include <unordered_map>
#include <unordered_set>

namespace {

using coscan::costmodel::LayerShape;
using coscan::costmodel::LayerShapeHash;
using coscan::costmodel::LayerType;
using coscan::search::ImcBlockSpace;
using coscan::search::LayerCount;
using coscan::search::testing::splitmix64;

TEST(ImcBlocks, SizeIsAtLeastSixHundredFortyMillion) {
  const ImcBlockSpace space;
  EXPECT_EQ(ImcBlockSpace::kChoices, 60);
  EXPECT_EQ(space.size(), 60ull + 3600 + 216000 + 12960000 + 777600000);
  EXPECT_EQ(space.size(), 790'779'660ull);
  EXPECT_GE(space.size(), 640'000'000ull);
  EXPECT_THROW(ImcBlockSpace::decode(space.size()), std::out_of_range);
}

TEST(ImcBlocks, CodecOrderAndStrings) {
  const ImcBlockSpace space;
  EXPECT_EQ(space.arch_str(0), "vgg16k3");
  EXPECT_EQ(space.arch_str(1), "vgg16k3p");
  EXPECT_EQ(space.arch_str(2), "vgg16k5");
  EXPECT_EQ(space.arch_str(59), "res256k5p");
  EXPECT_EQ(space.arch_str(60), "vgg16k3-vgg16k3"); // depth 2 starts
  EXPECT_EQ(space.arch_str(61), "vgg16k3-vgg16k3p");
  EXPECT_EQ(space.arch_str(space.size() - 1), "res256k5p-res256k5p-res256k5p-res256k5p-res256k5p");
  std::uint64_t state = 640;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t index = splitmix64(state) % space.size();
    ASSERT_EQ(ImcBlockSpace::encode(ImcBlockSpace::decode(index)), index);
    ASSERT_EQ(space.parse(space.arch_str(index)), index) << space.arch_str(index);
  }
  for (std::uint64_t index = 0; index < 4000; ++index)
    ASSERT_EQ(space.parse(space.arch_str(index)), index);
}

TEST(ImcBlocks, ParseRejectsMalformedStrings) {
  const ImcBlockSpace space;
  for (const char *text :
       {"", "-", "vgg16k3-", "-vgg16k3", "vgg16k7", "vgg24k3", "mlp16k3", "VGG16k3", "vgg16k3pp",
        "vgg16k3 ", "vgg16k3--vgg16k3", "vgg16k3-vgg16k3-vgg16k3-vgg16k3-vgg16k3-vgg16k3"})
    EXPECT_FALSE(space.parse(text)) << '"' << text << '"';
}

TEST(ImcBlocks, ResidualBlockNetworkByHand) {
  const ImcBlockSpace space;
  const auto index = space.parse("res64k3p-vggm128k5");
  ASSERT_TRUE(index);
  std::vector<LayerShape> layers;
  space.layers(*index, layers);
  // res: conv 3->64, conv 64->64, 1x1 shortcut 3->64, add, pool; vggm: two 5x5 convs on 16x16;
  // head: global pool over 128 x 16 x 16, fc 128 -> 10.
  ASSERT_EQ(layers.size(), 9u);
  EXPECT_EQ(
      layers[0],
      (LayerShape{.type = LayerType::conv, .k = 64, .c = 3, .r = 3, .s = 3, .y = 34, .x = 34}));
  EXPECT_EQ(layers[2].r, 1);
  EXPECT_EQ(layers[3].type, LayerType::add);
  EXPECT_EQ(layers[4].type, LayerType::pool);
  EXPECT_EQ(layers[4].out_y(), 16);
  EXPECT_EQ(
      layers[5],
      (LayerShape{.type = LayerType::conv, .k = 128, .c = 64, .r = 5, .s = 5, .y = 20, .x = 20}));
  EXPECT_EQ(layers[7].r, 16);
  EXPECT_EQ(layers[8].type, LayerType::fc);
  const std::uint64_t macs = 64ull * 3 * 9 * 1024 + 64ull * 64 * 9 * 1024 + 64ull * 3 * 1024 +
                             128ull * 64 * 25 * 256 + 128ull * 128 * 25 * 256 + 1280;
  EXPECT_EQ(space.macs(*index), macs);
  const std::uint64_t params = (64 * 27 + 128) + (64 * 576 + 128) + (64 * 3 + 128) +
                               (128 * 64 * 25 + 256) + (128 * 128 * 25 + 256) + 1290;
  EXPECT_EQ(space.params(*index), params);
  // A residual block keeping its width has an identity shortcut: no 1x1 conv.
  space.layers(*space.parse("vgg64k3-res64k3"), layers);
  EXPECT_EQ(layers.size(), 1u + 3 + 2);
}

TEST(ImcBlocks, LayerCountsAreTheMultisetOfLayers) {
  const ImcBlockSpace space;
  std::unordered_set<LayerShape, LayerShapeHash> distinct;
  for (const LayerShape &l : space.vocabulary()) {
    EXPECT_NO_THROW(l.validate()) << l.to_string();
    EXPECT_TRUE(distinct.insert(l).second) << l.to_string();
  }
  std::uint64_t state = 3;
  std::vector<LayerCount> counts;
  std::vector<LayerShape> layers;
  for (int i = 0; i < 30000; ++i) {
    const std::uint64_t index = i < 4000 ? static_cast<std::uint64_t>(i) * 197 % space.size()
                                         : splitmix64(state) % space.size();
    space.layer_counts(index, counts);
    space.layers(index, layers);
    std::unordered_map<LayerShape, std::uint32_t, LayerShapeHash> expected;
    for (const LayerShape &l : layers)
      ++expected[l];
    ASSERT_EQ(counts.size(), expected.size());
    for (std::size_t k = 0; k < counts.size(); ++k) {
      if (k > 0) {
        ASSERT_LT(counts[k - 1].shape, counts[k].shape);
      }
      ASSERT_EQ(counts[k].count, expected.at(space.vocabulary()[counts[k].shape]));
    }
  }
}

TEST(ImcBlocks, FactoryKnowsTheSpace) {
  EXPECT_EQ(coscan::search::make_arch_space("imc_blocks")->kind(), "imc_blocks");
}

} // namespace
