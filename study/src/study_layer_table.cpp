// [costmodel] kind = "layer_table": per-layer latency (and energy, area) per (layer shape,
// device) from a table; the devices are the accelerators. docs/study.md documents the keys.
#include "study_readers.hpp"

#include <fmt/format.h>

#include <utility>

namespace coscan::study::detail {
namespace {

/// The keys only a layer table has (path, latency_unit and energy_unit are shared with
/// pair_table).
constexpr std::string_view kLayerTableKeys[] = {
    "shape_format", "accel_columns", "latency_column", "clock_mhz",
    "clock_column", "energy_column", "area_column",    "incomplete_accels"};

} // namespace

double unit_scale(const Section &section, std::string_view key, const std::string &unit,
                  const std::vector<std::pair<std::string_view, double>> &units) {
  for (const auto &[name, scale] : units)
    if (unit == name)
      return scale;
  std::string known;
  for (const auto &[name, scale] : units)
    known += fmt::format("{}{}", known.empty() ? "" : ", ", name);
  section.fail(key, fmt::format("unknown unit '{}' (known: {})", unit, known));
}

void reject_layer_table_keys(const Section &costmodel) {
  for (std::string_view key : kLayerTableKeys)
    if (costmodel.has(key))
      costmodel.fail(key, "only valid with kind = \"layer_table\"");
}

void read_layer_table(const Section &costmodel, Study &study) {
  for (std::string_view key :
       {"key", "latency_columns", "energy_columns", "energy", "area", "pooling"})
    if (costmodel.has(key))
      costmodel.fail(key, "not valid with kind = \"layer_table\"");
  LayerTableSpec &spec = study.layer_table;
  spec.path = resolve(study.file, *costmodel.name("path", true));
  const std::string format = costmodel.name("shape_format").value_or("");
  if (!format.empty() && format != "maestro" && format != "coscan")
    costmodel.fail("shape_format",
                   fmt::format("unknown format '{}' (known: maestro, coscan)", format));
  spec.shape_format = format == "maestro"  ? ShapeFormat::maestro
                      : format == "coscan" ? ShapeFormat::coscan
                                           : ShapeFormat::from_header;
  spec.accel_columns = *costmodel.string_list("accel_columns", true);
  for (const std::string &column : spec.accel_columns)
    if (column.empty())
      costmodel.fail("accel_columns", "a column name is empty");
  spec.latency_column = *costmodel.name("latency_column", true);

  const std::string latency_unit = costmodel.name("latency_unit").value_or("cycles");
  if (latency_unit == "cycles") {
    // The clock that turns the table's cycles into seconds: one for all, or per accelerator.
    if (costmodel.has("clock_mhz") == costmodel.has("clock_column"))
      costmodel.fail("clock_mhz", "latency_unit = \"cycles\" needs exactly one of clock_mhz (one "
                                  "clock for all accelerators) and clock_column (per accelerator)");
    spec.clock_mhz = costmodel.number("clock_mhz", 0.0, true).value_or(0.0);
    spec.clock_column = costmodel.name("clock_column").value_or("");
    spec.latency_scale = 1;
  } else {
    spec.latency_scale = unit_scale(costmodel, "latency_unit", latency_unit,
                                    {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
    for (std::string_view key : {"clock_mhz", "clock_column"})
      if (costmodel.has(key))
        costmodel.fail(key, "only valid with latency_unit = \"cycles\"");
  }

  spec.energy_column = costmodel.name("energy_column").value_or("");
  if (spec.energy_column.empty() && costmodel.has("energy_unit"))
    costmodel.fail("energy_unit", "only valid with energy_column");
  spec.energy_scale =
      unit_scale(costmodel, "energy_unit", costmodel.name("energy_unit").value_or("J"),
                 {{"J", 1.0}, {"mJ", 1e-3}, {"uJ", 1e-6}, {"nJ", 1e-9}, {"pJ", 1e-12}});
  spec.area_column = costmodel.name("area_column").value_or("");

  const std::string incomplete = costmodel.name("incomplete_accels").value_or("error");
  if (incomplete != "error" && incomplete != "skip")
    costmodel.fail("incomplete_accels",
                   fmt::format("unknown value '{}' (known: error, skip)", incomplete));
  spec.skip_incomplete = incomplete == "skip";
}

void check_layer_table_use(const Section &root, const Study &study) {
  if (study.cost_model != CostModelKind::layer_table)
    return;
  const LayerTableSpec &spec = study.layer_table;
  const auto refuse = [&](std::string_view key, engine::Metric metric) {
    const bool energy = metric == engine::Metric::energy || metric == engine::Metric::edp;
    if (energy && spec.energy_column.empty())
      root.fail(key, fmt::format("metric '{}' needs costmodel.energy_column (the layer table has "
                                 "no energy)",
                                 engine::to_string(metric)));
    if (metric == engine::Metric::area && spec.area_column.empty())
      root.fail(key, "metric 'area' needs costmodel.area_column (the layer table has no area)");
  };
  for (const engine::Objective &objective : study.objectives)
    refuse(objective.sense == engine::Sense::maximize ? "objectives.maximize"
                                                      : "objectives.minimize",
           objective.metric);
  for (engine::Metric metric : study.ranking.metrics)
    refuse("ranking.metric", metric);
}

} // namespace coscan::study::detail
