// costmodel::LayerCostTable and LayerTableModel: lookup by shape (on the keyed fields only) and
// device, cost-table rows for a list of devices, and the contract violations (a shape or device
// without a cost is a logic_error: loaders check the space up front).
#include <coscan/costmodel/layer_cost_table.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

namespace coscan::costmodel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

LayerShape conv(std::int64_t k, std::int64_t n = 1, std::int64_t stride = 1) {
  LayerShape shape;
  shape.k = k;
  shape.c = 8;
  shape.r = shape.s = 3;
  shape.y = shape.x = 10;
  shape.n = n;
  shape.stride = stride;
  return shape;
}

/// Two shapes on three devices; the second shape has no cost on device 2.
LayerCostTable make_table(LayerKeyFields fields, bool energy = true) {
  std::vector<LayerTableDevice> devices = {{"a", 100e6, 1.5}, {"b", 200e6, 2.5}, {"c", 1.0, kNaN}};
  std::vector<LayerShape> shapes = {fields.key(conv(16)), fields.key(conv(32))};
  std::vector<double> cycles = {10, 20, 30, 40, 50, kNaN};
  std::vector<double> energy_j = {1e-9, 2e-9, 3e-9, 4e-9, 5e-9, kNaN};
  return LayerCostTable(std::move(devices), fields, std::move(shapes), std::move(cycles),
                        energy ? std::move(energy_j) : std::vector<double>{}, "t.csv");
}

TEST(LayerCostTable, LooksUpByShapeAndDevice) {
  const LayerCostTable table = make_table({});
  EXPECT_EQ(table.num_devices(), 3u);
  EXPECT_EQ(table.num_shapes(), 2u);
  EXPECT_EQ(table.cost(conv(32), 1).cycles, 50);
  EXPECT_EQ(table.cost(conv(32), 1).energy_j, 5e-9);
  EXPECT_EQ(table.clock_hz(1), 200e6);
  EXPECT_EQ(table.area_mm2(0), 1.5);
  EXPECT_TRUE(std::isnan(table.area_mm2(2)));
  EXPECT_EQ(table.find(conv(16)), 0u);
  EXPECT_FALSE(table.find(conv(64)).has_value());
  EXPECT_FALSE(table.find(conv(16, 2)).has_value()); // N is keyed
  EXPECT_TRUE(table.has(1, 1));
  EXPECT_FALSE(table.has(1, 2));

  const std::vector<std::uint64_t> devices = {2, 0};
  std::vector<double> cycles(2), energy(2);
  table.costs(conv(16), devices, cycles, energy);
  EXPECT_EQ(cycles, (std::vector<double>{30, 10}));
  EXPECT_EQ(energy, (std::vector<double>{3e-9, 1e-9}));
}

TEST(LayerCostTable, FieldsWithoutAColumnMatchAnyValue) {
  LayerKeyFields fields;
  fields.n = false;
  fields.stride = false;
  const LayerCostTable table = make_table(fields);
  EXPECT_EQ(table.cost(conv(16, 4, 2), 0).cycles, 10); // N and stride ignored
  EXPECT_EQ(fields.key(conv(16, 4, 2)).n, 0);
  EXPECT_EQ(fields.key(conv(16, 4, 2)).groups, 1); // still keyed
}

TEST(LayerCostTable, MissingCostsAreLogicErrors) {
  const LayerCostTable table = make_table({});
  EXPECT_THROW(table.cost(conv(64), 0), std::logic_error);
  EXPECT_THROW(table.cost(conv(32), 2), std::logic_error);
  const std::vector<std::uint64_t> devices = {0, 2};
  std::vector<double> cycles(2), energy(2);
  EXPECT_THROW(table.costs(conv(32), devices, cycles, energy), std::logic_error);
  EXPECT_THROW(LayerCostTable({{"a", 1, 0}}, {}, {conv(1), conv(1)}, {1, 2}, {}, "x"),
               std::invalid_argument); // a repeated shape
  EXPECT_THROW(LayerCostTable({{"a", 1, 0}}, {}, {conv(1)}, {1, 2}, {}, "x"),
               std::invalid_argument); // sizes do not match
}

TEST(LayerTableModel, IsAdditiveAndReadsByDeviceIndexOnly) {
  const auto table = std::make_shared<const LayerCostTable>(make_table({}, false));
  const LayerTableModel model(table);
  EXPECT_EQ(model.name(), "layer_table");
  EXPECT_TRUE(model.additive_nonnegative());
  EXPECT_EQ(model.network_term_kind(), NetworkTermKind::none);
  EXPECT_EQ(model.pair_table(), nullptr);
  EXPECT_EQ(model.layer_cost_table(), table.get());
  EXPECT_FALSE(table->has_energy());
  EXPECT_TRUE(std::isnan(table->cost(conv(16), 0).energy_j));
  EXPECT_THROW(model.layer_cost(conv(16), AccelParams{}), std::logic_error);
  EXPECT_TRUE(std::isnan(model.area_mm2(AccelParams{})));
}

} // namespace
} // namespace coscan::costmodel
