#include <coscan/costmodel/error.hpp>
#include <coscan/search/accel_space.hpp>

#include <gtest/gtest.h>

namespace {

using coscan::costmodel::AccelBlock;
using coscan::costmodel::AccelParams;
using coscan::costmodel::Dataflow;
using coscan::search::AccelGrid;
using coscan::search::AccelSpace;
using Shape = std::pair<std::int64_t, std::int64_t>;

// List sizes 2 x 3 x 1 x 2 x 1 x 2 x 2 x 2 = 96 (radix-1 digits included on purpose).
AccelGrid small_grid() {
  AccelGrid g;
  g.dataflow = {Dataflow::weight_stationary, Dataflow::row_stationary};
  g.num_pes = {64, 128, 168};
  g.l1_bytes = {512};
  g.l2_kib = {128, 256};
  g.noc_bw = {64};
  g.offchip_bw = {16, 32};
  g.data_bits = {8, 16};
  g.clock_mhz = {200, 1000};
  return g;
}

bool same(const AccelParams &a, const AccelParams &b) {
  return a.dataflow == b.dataflow && a.num_pes == b.num_pes && a.array_rows == b.array_rows &&
         a.array_cols == b.array_cols && a.l1_bytes == b.l1_bytes && a.l2_kib == b.l2_kib &&
         a.noc_bw == b.noc_bw && a.offchip_bw == b.offchip_bw && a.clock_mhz == b.clock_mhz &&
         a.data_bits == b.data_bits;
}

TEST(AccelSpace, SizeIsTheProductOfListSizes) {
  EXPECT_EQ(AccelSpace(small_grid()).size(), 2u * 3 * 1 * 2 * 1 * 2 * 2 * 2);
}

TEST(AccelSpace, DigitOrderDataflowMostClockLeastSignificant) {
  const AccelSpace space(small_grid());
  // Index 0 takes the first value of every list.
  const AccelParams first = space.at(0);
  EXPECT_EQ(first.dataflow, Dataflow::weight_stationary);
  EXPECT_EQ(first.num_pes, 64);
  EXPECT_EQ(first.clock_mhz, 200);
  // Radices from the least significant digit: clock 2, bits 2, offchip 2, noc 1, l2 2, l1 1,
  // pes 3, dataflow 2; place values 1, 2, 4, 8, 8, 16, 16, 48.
  EXPECT_EQ(space.at(1).clock_mhz, 1000);
  EXPECT_EQ(space.at(2).data_bits, 16);
  EXPECT_EQ(space.at(2).clock_mhz, 200);
  EXPECT_EQ(space.at(4).offchip_bw, 32);
  EXPECT_EQ(space.at(8).l2_kib, 256);
  EXPECT_EQ(space.at(16).num_pes, 128);
  EXPECT_EQ(space.at(32).num_pes, 168);
  EXPECT_EQ(space.at(48).dataflow, Dataflow::row_stationary);
  EXPECT_EQ(space.at(48).num_pes, 64);
  const AccelParams last = space.at(space.size() - 1);
  EXPECT_EQ(last.dataflow, Dataflow::row_stationary);
  EXPECT_EQ(last.num_pes, 168);
  EXPECT_EQ(last.l2_kib, 256);
  EXPECT_EQ(last.offchip_bw, 32);
  EXPECT_EQ(last.data_bits, 16);
  EXPECT_EQ(last.clock_mhz, 1000);
  EXPECT_THROW(space.at(space.size()), std::out_of_range);
}

TEST(AccelSpace, ArrayShapeIsTheDefaultForThePeCount) {
  const AccelSpace space(small_grid());
  const std::pair<std::int64_t, std::int64_t> expected[] = {{8, 8}, {8, 16}, {12, 14}};
  for (int p = 0; p < 3; ++p) {
    const AccelParams a = space.at(16u * p);
    EXPECT_EQ(a.array_rows, expected[p].first) << a.num_pes;
    EXPECT_EQ(a.array_cols, expected[p].second) << a.num_pes;
  }
}

TEST(AccelSpace, BlockAgreesWithAt) {
  const AccelSpace space(small_grid());
  AccelBlock block;
  block.push_back(AccelParams{}); // block() must overwrite, not append
  space.block(5, 80, block);
  ASSERT_EQ(block.size(), 80u);
  for (std::size_t i = 0; i < block.size(); ++i)
    EXPECT_TRUE(same(block.at(i), space.at(5 + i))) << i;
  space.block(space.size() - 1, 1, block);
  EXPECT_EQ(block.size(), 1u);
  EXPECT_THROW(space.block(space.size() - 1, 2, block), std::out_of_range);
}

TEST(AccelSpace, EmptyListIsAnInputError) {
  AccelGrid g = small_grid();
  g.noc_bw.clear();
  EXPECT_THROW(AccelSpace{g}, coscan::InputError);
  g = small_grid();
  g.data_bits.clear();
  EXPECT_THROW(AccelSpace{g}, coscan::InputError);
}

} // namespace

namespace {

// Crossbar lists multiply the imc_crossbar range only: 2 x 2 (common) for weight stationary,
// 2 x 2 x (2 x 3) for imc_crossbar.
AccelGrid crossbar_grid() {
  AccelGrid g;
  g.dataflow = {Dataflow::weight_stationary, Dataflow::imc_crossbar};
  g.num_pes = {64, 256};
  g.l1_bytes = {512};
  g.l2_kib = {128};
  g.noc_bw = {64};
  g.offchip_bw = {16, 32};
  g.clock_mhz = {500};
  g.xbars = {256, 1024};
  g.adc_bits = {6, 7, 8};
  return g;
}

TEST(AccelSpace, CrossbarListsMultiplyOnlyTheCrossbarRange) {
  const AccelSpace space(crossbar_grid());
  EXPECT_EQ(space.size(), 4u + 4 * 6);
  // Weight stationary first: 4 accelerators with the lists' first crossbar values.
  for (std::uint64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(space.at(i).dataflow, Dataflow::weight_stationary);
    EXPECT_EQ(space.at(i).xbars, 256);
    EXPECT_EQ(space.at(i).adc_bits, 6);
  }
  EXPECT_EQ(space.at(1).offchip_bw, 32);
  EXPECT_EQ(space.at(2).num_pes, 256);
  // Then imc_crossbar: clock (radix 1), adcs 1, adc_bits 3, weight 1, cell 1, xbars 2, ...
  EXPECT_EQ(space.at(4).dataflow, Dataflow::imc_crossbar);
  EXPECT_EQ(space.at(4).adc_bits, 6);
  EXPECT_EQ(space.at(5).adc_bits, 7);
  EXPECT_EQ(space.at(6).adc_bits, 8);
  EXPECT_EQ(space.at(7).xbars, 1024);
  EXPECT_EQ(space.at(7).adc_bits, 6);
  EXPECT_EQ(space.at(4 + 6).offchip_bw, 32);
  EXPECT_EQ(space.at(4 + 12).num_pes, 256);
  const AccelParams last = space.at(space.size() - 1);
  EXPECT_EQ(last.xbars, 1024);
  EXPECT_EQ(last.adc_bits, 8);
  EXPECT_EQ(last.num_pes, 256);
  EXPECT_EQ(last.xbar_rows, 128); // the default list
  AccelBlock block;
  space.block(0, space.size(), block);
  for (std::size_t i = 0; i < block.size(); ++i) {
    EXPECT_TRUE(same(block.at(i), space.at(i))) << i;
    EXPECT_EQ(block.at(i).xbars, space.at(i).xbars) << i;
  }
}

TEST(AccelSpace, GivenArrayShapes) {
  AccelGrid g = small_grid();
  g.num_pes = {64, 128};
  g.array_rows = {4, 8};
  const AccelSpace space(g);
  EXPECT_EQ(space.size(), 2u * 2 * 2 * 16); // dataflow x num_pes x array_rows x the rest
  // Digits: num_pes, array_rows, ...: index 0 is 64 PEs as 4 x 16, the next rows digit 8 x 8.
  EXPECT_EQ(space.at(0).array_rows, 4);
  EXPECT_EQ(space.at(0).array_cols, 16);
  const std::uint64_t rows_place = 16; // l2 2 x offchip 2 x bits 2 x clock 2
  EXPECT_EQ(space.at(rows_place).array_rows, 8);
  EXPECT_EQ(space.at(rows_place).array_cols, 8);
  EXPECT_EQ(space.at(2 * rows_place).num_pes, 128);
  EXPECT_EQ(space.at(2 * rows_place).array_cols, 32);

  EXPECT_EQ(*coscan::search::array_shape(168, 0, 0), (Shape{12, 14}));
  EXPECT_EQ(*coscan::search::array_shape(168, 0, 12), (Shape{14, 12}));
  EXPECT_EQ(*coscan::search::array_shape(168, 12, 14), (Shape{12, 14}));
  EXPECT_FALSE(coscan::search::array_shape(168, 16, 0));
  EXPECT_FALSE(coscan::search::array_shape(168, 12, 12));
  g.array_rows = {16};
  g.num_pes = {64, 168};
  EXPECT_THROW(AccelSpace(g).at(AccelSpace(g).size() - 1), coscan::InputError);
}

/// index_of inverts at() on every accelerator of `space`, and finds nothing for a changed one.
void expect_index_of_inverts_at(const AccelSpace &space) {
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    const AccelParams a = space.at(i);
    ASSERT_EQ(space.index_of(a), i) << "accelerator " << i;
    AccelParams other = a;
    other.noc_bw += 0.5; // a value no list holds
    ASSERT_FALSE(space.index_of(other).has_value());
  }
}

TEST(AccelSpace, IndexOfInvertsAtOnGridsOfEveryShape) {
  expect_index_of_inverts_at(AccelSpace(small_grid()));
  expect_index_of_inverts_at(AccelSpace(crossbar_grid()));
  AccelGrid given = small_grid();
  given.num_pes = {64, 128};
  given.array_rows = {4, 8};
  expect_index_of_inverts_at(AccelSpace(given));
}

TEST(AccelSpace, IndexOfChecksTheFieldsNoDigitNames) {
  const AccelSpace space(crossbar_grid());
  AccelParams a = space.at(1); // weight stationary: its crossbar fields are the lists' first
  a.xbars = 1024;              // a crossbar value, but not this accelerator's
  EXPECT_FALSE(space.index_of(a).has_value());
  AccelParams b = AccelSpace(small_grid()).at(32); // 168 PEs: the default 12 x 14
  std::swap(b.array_rows, b.array_cols);
  EXPECT_FALSE(AccelSpace(small_grid()).index_of(b).has_value());
  AccelParams c = space.at(0);
  c.dataflow = Dataflow::output_stationary; // not in the space
  EXPECT_FALSE(space.index_of(c).has_value());
}

TEST(AccelSpace, IndexOfASubsetIsThePositionAmongItsPoints) {
  const AccelSpace grid(small_grid());
  std::vector<std::uint64_t> kept;
  for (std::uint64_t g = 0; g < grid.size(); g += 5)
    kept.push_back(g);
  const AccelSpace subset(small_grid(), coscan::search::IndexSubset::from_sorted(grid.size(), kept),
                          {});
  expect_index_of_inverts_at(subset);
  EXPECT_FALSE(subset.index_of(grid.at(1)).has_value()); // grid point 1 is not kept
  EXPECT_EQ(subset.index_of(grid.at(10)), 2u);
}

TEST(AccelSpace, DevicesAreFoundByName) {
  AccelGrid g;
  g.devices = {"edgegpu", "pixel3", "eyeriss"};
  const AccelSpace space(g);
  EXPECT_EQ(space.index_of_device("pixel3"), 1u);
  EXPECT_FALSE(space.index_of_device("tpu").has_value());
  EXPECT_FALSE(space.index_of(space.at(0)).has_value()); // their parameters are unknown
}

} // namespace
