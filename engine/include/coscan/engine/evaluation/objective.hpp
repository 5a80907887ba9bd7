#pragma once
// The metrics a study can optimise, and in which sense.
#include <optional>
#include <string_view>

namespace coscan::engine {

enum class Metric {
  accuracy, ///< % (per architecture)
  latency,  ///< seconds (per pair)
  energy,   ///< joules (per pair)
  edp,      ///< energy-delay product, J*s (per pair)
  area,     ///< mm^2 (per accelerator)
};
enum class Sense { minimize, maximize };

struct Objective {
  Metric metric;
  Sense sense;
  friend bool operator==(const Objective &, const Objective &) = default;
};

std::string_view to_string(Metric metric); ///< the study name: "latency"
std::optional<Metric> parse_metric(std::string_view name);
std::string_view dataset_name(Metric metric); ///< the results name: "latency_s"
std::string_view unit(Metric metric);         ///< "s", "J", "J*s", "mm^2", "%"

} // namespace coscan::engine
