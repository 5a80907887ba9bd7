#include <coscan/costmodel/error.hpp>
#include <coscan/costmodel/layer_shape.hpp>

#include <gtest/gtest.h>

#include <unordered_set>

namespace {

using coscan::InputError;
using coscan::costmodel::LayerShape;
using coscan::costmodel::LayerShapeHash;
using coscan::costmodel::LayerType;

LayerShape conv(std::int64_t k, std::int64_t c, std::int64_t r, std::int64_t y,
                std::int64_t stride = 1, std::int64_t groups = 1) {
  return {LayerType::conv, 1, k, c, r, r, y, y, stride, groups};
}

TEST(LayerShape, OutputDimsFollowThePaddedConvention) {
  // A "same" 3x3 convolution on 32x32 is written with Y = X = 34.
  EXPECT_EQ(conv(16, 16, 3, 34).out_y(), 32);
  EXPECT_EQ(conv(16, 16, 3, 34).out_x(), 32);
  EXPECT_EQ(conv(16, 16, 3, 33, 2).out_y(), 16); // (33 - 3) / 2 + 1
  EXPECT_EQ(conv(16, 16, 1, 7, 2).out_y(), 4);   // (7 - 1) / 2 + 1, the last row dropped
  const LayerShape rect{LayerType::conv, 1, 8, 8, 3, 1, 10, 6, 1, 1};
  EXPECT_EQ(rect.out_y(), 8);
  EXPECT_EQ(rect.out_x(), 6);
}

TEST(LayerShape, CountsForConvolutions) {
  const LayerShape l{LayerType::conv, 2, 16, 8, 3, 3, 10, 10, 1, 1}; // out 8 x 8
  EXPECT_EQ(l.macs(), 2 * 16 * 8 * 9 * 64);
  EXPECT_EQ(l.ops(), l.macs());
  EXPECT_EQ(l.weight_elems(), 16 * 8 * 9);
  EXPECT_EQ(l.input_elems(), 2 * 8 * 100);
  EXPECT_EQ(l.output_elems(), 2 * 16 * 64);
}

TEST(LayerShape, GroupedAndDepthwiseDivideTheChannels) {
  const LayerShape grouped = conv(16, 8, 3, 6, 1, 4); // 2 inputs -> 4 outputs per group
  EXPECT_EQ(grouped.weight_elems(), 16 * 2 * 9);
  EXPECT_EQ(grouped.macs(), 16 * 2 * 9 * 16);
  const LayerShape dw{LayerType::depthwise, 1, 32, 32, 3, 3, 18, 18, 1, 32};
  EXPECT_EQ(dw.weight_elems(), 32 * 9);
  EXPECT_EQ(dw.macs(), 32 * 9 * 256);
  EXPECT_NO_THROW(dw.validate());
}

TEST(LayerShape, FullyConnected) {
  const LayerShape fc{LayerType::fc, 4, 10, 512, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(fc.macs(), 4 * 10 * 512);
  EXPECT_EQ(fc.weight_elems(), 5120);
  EXPECT_EQ(fc.input_elems(), 4 * 512);
  EXPECT_EQ(fc.output_elems(), 40);
  EXPECT_NO_THROW(fc.validate());
}

TEST(LayerShape, PoolAndAddHaveNoWeightsOrMacs) {
  const LayerShape pool{LayerType::pool, 1, 8, 8, 2, 2, 8, 8, 2, 1}; // out 4 x 4
  EXPECT_EQ(pool.macs(), 0);
  EXPECT_EQ(pool.weight_elems(), 0);
  EXPECT_EQ(pool.ops(), 8 * 4 * 16);
  EXPECT_EQ(pool.output_elems(), 8 * 16);
  const LayerShape add{LayerType::add, 1, 8, 8, 1, 1, 4, 4, 1, 1};
  EXPECT_EQ(add.macs(), 0);
  EXPECT_EQ(add.ops(), 8 * 16);
  EXPECT_EQ(add.input_elems(), 2 * 8 * 16);
  EXPECT_NO_THROW(pool.validate());
  EXPECT_NO_THROW(add.validate());
}

TEST(LayerShape, ValidateRejectsBadShapes) {
  EXPECT_NO_THROW(conv(16, 16, 3, 34).validate());
  EXPECT_THROW(conv(0, 16, 3, 34).validate(), InputError);      // zero size
  EXPECT_THROW(conv(16, 16, 3, 34, 0).validate(), InputError);  // zero stride
  EXPECT_THROW(conv(16, 16, 5, 4).validate(), InputError);      // filter > input
  EXPECT_THROW(conv(16, 6, 3, 8, 1, 4).validate(), InputError); // C % groups
  EXPECT_THROW(conv(6, 16, 3, 8, 1, 4).validate(), InputError); // K % groups
  EXPECT_THROW((LayerShape{LayerType::depthwise, 1, 16, 16, 3, 3, 8, 8, 1, 8}.validate()),
               InputError); // depthwise needs groups == C
  EXPECT_THROW((LayerShape{LayerType::fc, 1, 16, 16, 1, 1, 2, 1, 1, 1}.validate()), InputError);
  EXPECT_THROW((LayerShape{LayerType::pool, 1, 16, 8, 2, 2, 8, 8, 2, 1}.validate()), InputError);
  EXPECT_THROW((LayerShape{LayerType::add, 1, 8, 8, 1, 1, 8, 8, 2, 1}.validate()), InputError);
  EXPECT_THROW((LayerShape{LayerType::add, 1, 8, 8, 3, 3, 8, 8, 1, 1}.validate()), InputError);
}

TEST(LayerShape, ErrorNamesTheLayer) {
  try {
    conv(16, 16, 5, 4).validate();
    FAIL() << "expected an InputError";
  } catch (const InputError &e) {
    EXPECT_NE(std::string(e.what()).find("conv N1 K16 C16 R5 S5 Y4 X4"), std::string::npos)
        << e.what();
  }
}

TEST(LayerShape, EqualityAndHash) {
  std::unordered_set<LayerShape, LayerShapeHash> set;
  set.insert(conv(16, 16, 3, 34));
  set.insert(conv(16, 16, 3, 34));
  set.insert(conv(16, 16, 3, 34, 2));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(conv(16, 16, 3, 34).to_string(), "conv N1 K16 C16 R3 S3 Y34 X34 s1 g1");
}

} // namespace
