#pragma once
// Imported per-layer costs: the latency (and optionally energy) of layer shapes on a few
// devices, read from a table (MAESTRO's per-layer output, `coscan cost`'s output). The devices
// are the accelerators; a network's cost is the sum of its layers' looked-up costs, so the
// factorised engine fills its cost tables from here (by accelerator index) instead of from an
// analytical model.
#include <coscan/costmodel/cost_model.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace coscan::costmodel {

/// Which of LayerShape's optional fields a table has columns for; a field without a column is
/// not part of the key (any value matches). type, K, C, R, S, Y and X are always keyed.
struct LayerKeyFields {
  bool n = true, groups = true, stride = true;

  /// `shape` with the fields the table does not key on set to 0 (the lookup key).
  LayerShape key(LayerShape shape) const;
};

/// One device (accelerator) of a table.
struct LayerTableDevice {
  std::string name;
  /// Table latency units per second: clock_mhz * 1e6 for a table in cycles, 1 for one in
  /// seconds (whose "cycles" are then seconds, as a pair table's are).
  double clock_hz = 1;
  double area_mm2 = 0; ///< NaN when the table has no (constant) area for the device
};

class LayerCostTable {
public:
  /// `shapes` are the table's distinct keys (LayerKeyFields::key already applied), in row
  /// order; `cycles` and `energy_j` (empty: no energy) are shape-major, value (shape, device) at
  /// shape * devices.size() + device, NaN where the table has no row.
  LayerCostTable(std::vector<LayerTableDevice> devices, LayerKeyFields fields,
                 std::vector<LayerShape> shapes, std::vector<double> cycles,
                 std::vector<double> energy_j, std::string source);

  const std::vector<LayerTableDevice> &devices() const { return devices_; }
  std::size_t num_devices() const { return devices_.size(); }
  std::size_t num_shapes() const { return shapes_.size(); }
  const LayerKeyFields &fields() const { return fields_; }
  bool has_energy() const { return !energy_j_.empty(); }
  const std::string &source() const { return source_; }
  double clock_hz(std::size_t device) const { return devices_[device].clock_hz; }
  double area_mm2(std::size_t device) const { return devices_[device].area_mm2; }

  /// The table row of `shape` (matched on the keyed fields), or nullopt.
  std::optional<std::size_t> find(const LayerShape &shape) const;
  /// True when the table has a cost for row `shape_row` on `device`.
  bool has(std::size_t shape_row, std::size_t device) const;
  /// The cost of `shape` on `device`; throws std::logic_error when the table has none (loaders
  /// check every shape of a space up front, so this is a bug). Energy is NaN without energy.
  LayerCost cost(const LayerShape &shape, std::size_t device) const;
  /// One shape on a list of devices (a cost-table row); same contract as cost().
  void costs(const LayerShape &shape, std::span<const std::uint64_t> devices,
             std::span<double> cycles, std::span<double> energy_j) const;

private:
  std::size_t row_of(const LayerShape &shape) const;

  std::vector<LayerTableDevice> devices_;
  LayerKeyFields fields_;
  std::vector<LayerShape> shapes_;
  std::unordered_map<LayerShape, std::size_t, LayerShapeHash> row_;
  std::vector<double> cycles_, energy_j_;
  std::string source_;
};

/// The cost model of a study whose per-layer costs come from a LayerCostTable (`[costmodel]
/// kind = "layer_table"`). Additive and nonnegative, so the certified reduction applies; the
/// engine looks costs up by accelerator index through layer_cost_table().
class LayerTableModel final : public CostModel {
public:
  explicit LayerTableModel(std::shared_ptr<const LayerCostTable> table);

  std::string_view name() const override { return "layer_table"; }
  /// Throws std::logic_error: AccelParams does not name a device; use layer_cost_table().
  LayerCost layer_cost(const LayerShape &layer, const AccelParams &accel) const override;
  /// NaN: a device's area is per device index (LayerCostTable::area_mm2).
  double area_mm2(const AccelParams &accel) const override;
  bool additive_nonnegative() const override { return true; }
  const LayerCostTable *layer_cost_table() const override { return table_.get(); }

private:
  std::shared_ptr<const LayerCostTable> table_;
};

} // namespace coscan::costmodel
