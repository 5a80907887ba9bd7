#include "layer_cost_loader.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/tables/csv_table.hpp>
#include <coscan/tables/layer_table.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

namespace coscan::study::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<costmodel::LayerType> parse_layer_type(std::string_view name) {
  for (auto type :
       {costmodel::LayerType::conv, costmodel::LayerType::depthwise, costmodel::LayerType::fc,
        costmodel::LayerType::pool, costmodel::LayerType::add})
    if (name == costmodel::to_string(type))
      return type;
  return std::nullopt;
}

/// How the table writes a layer's shape: MAESTRO's convention (column `type`: CONV, DSCONV, ...,
/// converted as layer tables are) or coscan's (column `layer_type`: LayerShape as is).
class ShapeReader {
public:
  ShapeReader(const tables::CsvTable &table, ShapeFormat format) {
    maestro_ = format == ShapeFormat::maestro ||
               (format == ShapeFormat::from_header && !table.column("layer_type"));
    type_column_ = maestro_ ? "type" : "layer_type";
    const std::string why =
        fmt::format("a {} layer table is keyed by {}, K, C, R, S, Y, X and optionally N, G, stride",
                    maestro_ ? "MAESTRO-convention" : "coscan-convention", type_column_);
    for (const char *column : {"K", "C", "R", "S", "Y", "X"})
      table.require_column(column, why);
    table.require_column(type_column_, why);
    fields_.n = table.column("N").has_value();
    fields_.groups = table.column("G").has_value();
    fields_.stride = table.column("stride").has_value();
  }

  const costmodel::LayerKeyFields &fields() const { return fields_; }

  /// The lookup key of a row (LayerKeyFields::key applied).
  costmodel::LayerShape key(const tables::CsvRow &in) const {
    const auto dim = [&](const char *column, bool present) {
      return present ? in.integer(column, 1) : 1;
    };
    const std::int64_t n = dim("N", fields_.n), g = dim("G", fields_.groups),
                       stride = dim("stride", fields_.stride);
    const std::int64_t k = in.integer("K", 1), c = in.integer("C", 1), r = in.integer("R", 1),
                       s = in.integer("S", 1), y = in.integer("Y", 1), x = in.integer("X", 1);
    const std::string_view type = tables::trim_blanks(in.text(type_column_));
    costmodel::LayerShape shape;
    if (maestro_) {
      const tables::MaestroDims dims{std::string(type), n, k, c, r, s, y, x, g, stride};
      shape = tables::maestro_shape(dims, [&](std::string_view column, const std::string &reason) {
        in.fail(column == "type" ? type_column_ : column, reason);
      });
    } else {
      const auto parsed = parse_layer_type(type);
      if (!parsed)
        in.fail(type_column_, fmt::format("unknown layer type '{}' (known: conv, depthwise, fc, "
                                          "pool, add)",
                                          type));
      shape = {*parsed, n, k, c, r, s, y, x, stride, g};
      if (!fields_.groups && *parsed == costmodel::LayerType::depthwise)
        shape.groups = c; // without a G column, a depthwise layer's groups are its channels
      try {
        shape.validate();
      } catch (const InputError &e) {
        in.fail(type_column_, e.what());
      }
    }
    return fields_.key(shape);
  }

private:
  bool maestro_ = true;
  std::string type_column_;
  costmodel::LayerKeyFields fields_;
};

/// The table's values as read: one entry per distinct (shape, device).
struct Entry {
  double cycles, energy;
  std::size_t row; ///< first table row that gave it
};

struct PairHash {
  std::size_t operator()(const std::pair<std::size_t, std::size_t> &p) const noexcept {
    return p.first * 0x9E3779B97F4A7C15ull ^ p.second;
  }
};

} // namespace

std::shared_ptr<const costmodel::LayerCostTable>
load_layer_cost_table(const Study &study, const search::ArchSpace &archs) {
  const LayerTableSpec &spec = study.layer_table;
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.path, error))
    throw InputError(fmt::format("{}: key 'costmodel.path': no such file '{}'", study.file.string(),
                                 spec.path.string()));
  const tables::CsvTable table = tables::CsvTable::read(spec.path);
  const ShapeReader shapes(table, spec.shape_format);
  for (const std::string &column : spec.accel_columns)
    table.require_column(column, "named by study key 'costmodel.accel_columns'");
  table.require_column(spec.latency_column, "named by study key 'costmodel.latency_column'");
  if (!spec.energy_column.empty())
    table.require_column(spec.energy_column, "named by study key 'costmodel.energy_column'");
  if (!spec.area_column.empty())
    table.require_column(spec.area_column, "named by study key 'costmodel.area_column'");
  if (!spec.clock_column.empty())
    table.require_column(spec.clock_column, "named by study key 'costmodel.clock_column'");
  if (table.num_rows() == 0)
    throw InputError(
        fmt::format("{}: the table has no rows (key 'costmodel.path')", table.file().string()));

  std::vector<costmodel::LayerShape> keys;
  std::unordered_map<costmodel::LayerShape, std::size_t, costmodel::LayerShapeHash> shape_row;
  std::vector<costmodel::LayerTableDevice> devices;
  std::unordered_map<std::string, std::size_t> device_of;
  std::vector<std::size_t> first_row; ///< per device: the row that named it first
  std::unordered_map<std::pair<std::size_t, std::size_t>, Entry, PairHash> entries;
  const bool cycles = spec.clock_mhz > 0 || !spec.clock_column.empty();
  /// Area and clock are per accelerator: every row of one must give the same value.
  const auto check_constant = [&](const tables::CsvRow &in, const std::string &column, double value,
                                  double first, std::size_t d) {
    if (column.empty() || value == first)
      return;
    const tables::CsvRow first_in(table, first_row[d]);
    in.fail(column,
            fmt::format("accelerator '{}' has {} here but {} on line {} (must be constant "
                        "per accelerator)",
                        devices[d].name, tables::trim_blanks(in.text(column)),
                        tables::trim_blanks(first_in.text(column)), table.line_of(first_row[d])));
  };
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const tables::CsvRow in(table, row);
    const costmodel::LayerShape key = shapes.key(in);
    const std::size_t s = shape_row.emplace(key, keys.size()).first->second;
    if (s == keys.size())
      keys.push_back(key);

    std::string name;
    for (const std::string &column : spec.accel_columns)
      name += fmt::format("{}{}", name.empty() ? "" : "/", tables::trim_blanks(in.text(column)));
    const std::size_t d = device_of.emplace(name, devices.size()).first->second;
    const double area = spec.area_column.empty() ? kNaN : in.nonnegative_number(spec.area_column);
    const double clock_hz = !spec.clock_column.empty() ? in.positive_number(spec.clock_column) * 1e6
                            : cycles                   ? spec.clock_mhz * 1e6
                                                       : 1.0;
    if (d == devices.size()) {
      devices.push_back({name, clock_hz, area});
      first_row.push_back(row);
    } else {
      check_constant(in, spec.area_column, area, devices[d].area_mm2, d);
      check_constant(in, spec.clock_column, clock_hz, devices[d].clock_hz, d);
    }

    const Entry entry{in.nonnegative_number(spec.latency_column) * spec.latency_scale,
                      spec.energy_column.empty()
                          ? kNaN
                          : in.nonnegative_number(spec.energy_column) * spec.energy_scale,
                      row};
    const auto [it, added] = entries.emplace(std::pair{s, d}, entry);
    if (added)
      continue;
    const Entry &first = it->second;
    const bool same_latency = first.cycles == entry.cycles;
    const bool same_energy = spec.energy_column.empty() || first.energy == entry.energy;
    if (!same_latency || !same_energy)
      in.fail(same_latency ? spec.energy_column : spec.latency_column,
              fmt::format("layer {} on accelerator '{}' repeats line {} with a different value",
                          key.to_string(), name, table.line_of(first.row)));
  }

  // Every shape the space uses must be costed on every device: checked here, before any sweep.
  const costmodel::LayerKeyFields &fields = shapes.fields();
  std::vector<bool> keep(devices.size(), true);
  for (const costmodel::LayerShape &shape : archs.vocabulary()) {
    const auto row = shape_row.find(fields.key(shape));
    for (std::size_t d = 0; d < devices.size(); ++d) {
      if (row != shape_row.end() && entries.count({row->second, d}))
        continue;
      if (!spec.skip_incomplete)
        throw InputError(
            fmt::format("{}: no cost for layer shape '{}' of the {} space on accelerator '{}' (key "
                        "'costmodel.path'; incomplete_accels = \"skip\" drops such accelerators)",
                        table.file().string(), shape.to_string(), archs.kind(), devices[d].name));
      keep[d] = false;
    }
  }

  std::vector<std::size_t> kept;
  for (std::size_t d = 0; d < devices.size(); ++d)
    if (keep[d])
      kept.push_back(d);
  if (kept.empty())
    throw InputError(fmt::format("{}: no accelerator has a cost for every layer shape of the {} "
                                 "space (key 'costmodel.incomplete_accels')",
                                 table.file().string(), archs.kind()));
  std::vector<costmodel::LayerTableDevice> kept_devices;
  for (std::size_t d : kept)
    kept_devices.push_back(devices[d]);
  const std::size_t nd = kept.size();
  std::vector<double> cycle_values(keys.size() * nd, kNaN);
  std::vector<double> energy_values(spec.energy_column.empty() ? 0 : keys.size() * nd, kNaN);
  std::vector<std::size_t> column_of(devices.size(), nd);
  for (std::size_t j = 0; j < nd; ++j)
    column_of[kept[j]] = j;
  for (const auto &[at, entry] : entries) {
    const std::size_t j = column_of[at.second];
    if (j == nd)
      continue;
    cycle_values[at.first * nd + j] = entry.cycles;
    if (!energy_values.empty())
      energy_values[at.first * nd + j] = entry.energy;
  }
  return std::make_shared<costmodel::LayerCostTable>(
      std::move(kept_devices), fields, std::move(keys), std::move(cycle_values),
      std::move(energy_values), "layer_table:" + spec.path.string());
}

} // namespace coscan::study::detail
