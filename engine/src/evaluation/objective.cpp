#include <coscan/engine/evaluation/objective.hpp>

#include <array>

namespace coscan::engine {
namespace {
struct MetricNames {
  Metric metric;
  std::string_view name, dataset, unit;
};
constexpr std::array<MetricNames, 5> kMetrics{{
    {Metric::accuracy, "accuracy", "accuracy", "%"},
    {Metric::latency, "latency", "latency_s", "s"},
    {Metric::energy, "energy", "energy_j", "J"},
    {Metric::edp, "edp", "edp_js", "J*s"},
    {Metric::area, "area", "area_mm2", "mm^2"},
}};
const MetricNames &names(Metric metric) {
  for (const auto &m : kMetrics)
    if (m.metric == metric)
      return m;
  return kMetrics[0];
}
} // namespace

std::string_view to_string(Metric metric) { return names(metric).name; }
std::string_view dataset_name(Metric metric) { return names(metric).dataset; }
std::string_view unit(Metric metric) { return names(metric).unit; }

std::optional<Metric> parse_metric(std::string_view name) {
  for (const auto &m : kMetrics)
    if (m.name == name)
      return m.metric;
  return std::nullopt;
}

} // namespace coscan::engine
