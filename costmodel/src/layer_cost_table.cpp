#include <coscan/costmodel/layer_cost_table.hpp>

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace coscan::costmodel {

LayerShape LayerKeyFields::key(LayerShape shape) const {
  if (!n)
    shape.n = 0;
  if (!groups)
    shape.groups = 0;
  if (!stride)
    shape.stride = 0;
  return shape;
}

LayerCostTable::LayerCostTable(std::vector<LayerTableDevice> devices, LayerKeyFields fields,
                               std::vector<LayerShape> shapes, std::vector<double> cycles,
                               std::vector<double> energy_j, std::string source)
    : devices_(std::move(devices)), fields_(fields), shapes_(std::move(shapes)),
      cycles_(std::move(cycles)), energy_j_(std::move(energy_j)), source_(std::move(source)) {
  if (cycles_.size() != shapes_.size() * devices_.size() ||
      (!energy_j_.empty() && energy_j_.size() != cycles_.size()))
    throw std::invalid_argument("LayerCostTable: value arrays do not match shapes x devices");
  for (std::size_t s = 0; s < shapes_.size(); ++s)
    if (!row_.emplace(shapes_[s], s).second)
      throw std::invalid_argument("LayerCostTable: a shape repeats");
}

std::optional<std::size_t> LayerCostTable::find(const LayerShape &shape) const {
  const auto it = row_.find(fields_.key(shape));
  if (it == row_.end())
    return std::nullopt;
  return it->second;
}

bool LayerCostTable::has(std::size_t shape_row, std::size_t device) const {
  return !std::isnan(cycles_[shape_row * devices_.size() + device]);
}

std::size_t LayerCostTable::row_of(const LayerShape &shape) const {
  const auto row = find(shape);
  if (!row)
    throw std::logic_error(
        fmt::format("layer table {}: no row for layer {}", source_, shape.to_string()));
  return *row;
}

LayerCost LayerCostTable::cost(const LayerShape &shape, std::size_t device) const {
  const std::size_t row = row_of(shape);
  if (!has(row, device))
    throw std::logic_error(fmt::format("layer table {}: no cost for layer {} on device '{}'",
                                       source_, shape.to_string(), devices_[device].name));
  const std::size_t at = row * devices_.size() + device;
  return {cycles_[at],
          energy_j_.empty() ? std::numeric_limits<double>::quiet_NaN() : energy_j_[at]};
}

void LayerCostTable::costs(const LayerShape &shape, std::span<const std::uint64_t> devices,
                           std::span<double> cycles, std::span<double> energy_j) const {
  const std::size_t row = row_of(shape);
  for (std::size_t j = 0; j < devices.size(); ++j) {
    if (!has(row, devices[j]))
      throw std::logic_error(fmt::format("layer table {}: no cost for layer {} on device '{}'",
                                         source_, shape.to_string(), devices_[devices[j]].name));
    const std::size_t at = row * devices_.size() + devices[j];
    cycles[j] = cycles_[at];
    energy_j[j] = energy_j_.empty() ? std::numeric_limits<double>::quiet_NaN() : energy_j_[at];
  }
}

LayerTableModel::LayerTableModel(std::shared_ptr<const LayerCostTable> table)
    : table_(std::move(table)) {}

LayerCost LayerTableModel::layer_cost(const LayerShape &, const AccelParams &) const {
  throw std::logic_error("a layer table's costs are per device index, not per AccelParams");
}

double LayerTableModel::area_mm2(const AccelParams &) const {
  return std::numeric_limits<double>::quiet_NaN();
}

} // namespace coscan::costmodel
