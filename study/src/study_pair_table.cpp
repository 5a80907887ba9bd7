// [costmodel] kind = "pair_table": whole-network latency (and energy) per architecture and
// device from a table; the devices are the accelerators. docs/study.md documents the keys.
#include "study_readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <utility>

namespace coscan::study::detail {

void read_pair_table(const Section &costmodel, Study &study) {
  PairTableSpec &spec = study.pair_table;
  spec.path = resolve(study.file, *costmodel.name("path", true));
  spec.key = costmodel.name("key").value_or("arch_str");
  spec.latency_columns = *costmodel.string_list("latency_columns", true);
  spec.latency_scale =
      unit_scale(costmodel, "latency_unit", costmodel.name("latency_unit").value_or("ms"),
                 {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}});
  if (costmodel.has("energy_columns")) {
    spec.energy_columns = *costmodel.string_list("energy_columns", true);
    if (spec.energy_columns.size() != spec.latency_columns.size())
      costmodel.fail("energy_columns",
                     fmt::format("{} columns for {} devices (one per latency column, same order)",
                                 spec.energy_columns.size(), spec.latency_columns.size()));
  } else if (costmodel.has("energy_unit")) {
    costmodel.fail("energy_unit", "only valid with energy_columns");
  }
  spec.energy_scale =
      unit_scale(costmodel, "energy_unit", costmodel.name("energy_unit").value_or("mJ"),
                 {{"J", 1.0}, {"mJ", 1e-3}, {"uJ", 1e-6}});
  for (const std::string &column : spec.latency_columns)
    if (column.empty())
      costmodel.fail("latency_columns", "a column name is empty");
}

void check_pair_table_use(const Section &root, const Study &study) {
  if (study.cost_model != CostModelKind::pair_table)
    return;
  const bool energy = !study.pair_table.energy_columns.empty();
  for (const engine::Objective &objective : study.objectives) {
    const std::string_view sense =
        objective.sense == engine::Sense::maximize ? "objectives.maximize" : "objectives.minimize";
    if (objective.metric == engine::Metric::area)
      root.fail(sense, "metric 'area' is unknown with costmodel.kind = \"pair_table\" (a measured "
                       "device has no area)");
    if (!energy &&
        (objective.metric == engine::Metric::energy || objective.metric == engine::Metric::edp))
      root.fail(sense, fmt::format("metric '{}' needs costmodel.energy_columns (the pair table "
                                   "has no energy)",
                                   engine::to_string(objective.metric)));
  }
  // A measured device has no area: an area bound or target is meaningless, not "unmet".
  const auto no_energy = [&](engine::Metric metric) {
    return !energy && (metric == engine::Metric::energy || metric == engine::Metric::edp);
  };
  for (std::size_t t = 0; t < study.verify.targets.size(); ++t) {
    const engine::VerifyTarget &target = study.verify.targets[t];
    const std::string item = fmt::format("target {}: ", t + 1);
    if (target.area_max_mm2 < std::numeric_limits<double>::infinity())
      root.fail("verify.targets", item + "area_max_mm2 is not applicable with costmodel.kind = "
                                         "\"pair_table\" (a measured device has no area)");
    if (target.kind != engine::TargetKind::minimize)
      continue;
    if (target.metric == engine::Metric::area)
      root.fail("verify.targets", item + "minimize = \"area\" is not applicable with "
                                         "costmodel.kind = \"pair_table\" (a measured device "
                                         "has no area)");
    if (no_energy(target.metric))
      root.fail("verify.targets",
                item + fmt::format("minimize = \"{}\" needs costmodel.energy_columns (the pair "
                                   "table has no energy)",
                                   engine::to_string(target.metric)));
  }
  for (std::size_t r = 0; r < study.verify.rules.size(); ++r) {
    const engine::ReductionRule &rule = study.verify.rules[r].rule;
    if (rule.kind == engine::RuleKind::semi_decoupled && no_energy(rule.metric))
      root.fail("verify.rules",
                fmt::format("rule {}: metric \"{}\" needs costmodel.energy_columns (the pair "
                            "table has no energy)",
                            r + 1, engine::to_string(rule.metric)));
  }
  if (!energy)
    for (engine::Metric metric : study.ranking.metrics)
      if (metric != engine::Metric::latency)
        root.fail("ranking.metric", fmt::format("metric '{}' needs costmodel.energy_columns (the "
                                                "pair table has no energy)",
                                                engine::to_string(metric)));
}

} // namespace coscan::study::detail
