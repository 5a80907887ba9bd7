// The HDF5 results file; docs/results-format.md is its contract.
#include "h5_writer.hpp"
#include "ranking_writer.hpp"
#include "results_content.hpp"
#include "verify_writer.hpp"
#include <coscan/costmodel/cost_fields.hpp>

#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/layer_cost_table.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/version.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace coscan::h5 {
namespace {

/// Up to this many accelerators, /accels lists the whole space; beyond, only those in /pareto.
constexpr std::uint64_t kAllAccelsLimit = 65536;

std::vector<std::string> objective_strings(const std::vector<engine::Objective> &objectives) {
  std::vector<std::string> out;
  for (const auto &o : objectives)
    out.push_back(std::string(o.sense == engine::Sense::maximize ? "maximize:" : "minimize:") +
                  std::string(engine::to_string(o.metric)));
  return out;
}

void write_pareto(hid_t file, const RunReport &r) {
  const engine::ParetoFront &front = r.sweep.pareto.front();
  const auto ids = front.ids();
  const std::vector<engine::PairMetrics> metrics = engine::evaluate_pairs(r.problem, ids);

  std::vector<std::uint64_t> arch(ids.size()), accel(ids.size());
  std::vector<std::string> arch_str(ids.size());
  std::vector<double> accuracy, latency, energy, edp, area;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    arch[i] = ids[i].arch;
    accel[i] = ids[i].accel;
    arch_str[i] = r.problem.archs->arch_str(ids[i].arch);
    accuracy.push_back(metrics[i].accuracy);
    latency.push_back(metrics[i].latency_s);
    energy.push_back(metrics[i].energy_j);
    edp.push_back(metrics[i].edp());
    area.push_back(metrics[i].area_mm2);
  }

  h5::Handle group = h5::create_group(file, "pareto");
  h5::write(group.id(), "arch_index", std::span<const std::uint64_t>(arch), "1");
  h5::write(group.id(), "accel_index", std::span<const std::uint64_t>(accel), "1");
  h5::write(group.id(), "arch_str", std::span<const std::string>(arch_str), "");
  using engine::Metric;
  for (auto [metric, values] : {std::pair{Metric::accuracy, &accuracy},
                                {Metric::latency, &latency},
                                {Metric::energy, &energy},
                                {Metric::edp, &edp},
                                {Metric::area, &area}})
    h5::write(group.id(), std::string(engine::dataset_name(metric)),
              std::span<const double>(*values), engine::unit(metric));
  if (!r.problem.table_index.empty()) {
    std::vector<std::int64_t> table_index;
    for (auto a : arch)
      table_index.push_back(r.problem.table_index[a]);
    h5::write(group.id(), "table_index", std::span<const std::int64_t>(table_index), "1");
    h5::attribute(group.id(), "table_index_column", r.problem.table_index_name);
  }
  h5::attribute(group.id(), "objectives", objective_strings(r.problem.objectives));
  h5::attribute(group.id(), "size", static_cast<std::uint64_t>(ids.size()));
}

void write_accel_params(hid_t g, const RunReport &r, const std::vector<std::uint64_t> &index) {
  std::vector<costmodel::AccelParams> params;
  std::vector<std::string> dataflow;
  std::vector<double> area;
  std::vector<std::uint64_t> grid_index;
  for (std::uint64_t j : index) {
    grid_index.push_back(r.problem.accels->grid_index(j));
    params.push_back(r.problem.accels->at(j));
    dataflow.emplace_back(costmodel::to_string(params.back().dataflow));
    area.push_back(r.problem.cost_model->area_mm2(params.back()));
  }
  h5::write(g, "grid_index", std::span<const std::uint64_t>(grid_index), "1");
  h5::write(g, "dataflow", std::span<const std::string>(dataflow), "");
  // Every numeric field (crossbar fields too: the default on other dataflows).
  costmodel::for_each_accel_field([&](const auto &field) {
    using T = std::remove_cvref_t<decltype(params.front().*field.member)>;
    std::vector<T> values;
    for (const costmodel::AccelParams &a : params)
      values.push_back(a.*field.member);
    h5::write(g, std::string(field.name), std::span<const T>(values), std::string(field.unit));
  });
  h5::write(g, "area_mm2", std::span<const double>(area), "mm^2");
}

void write_device_params(hid_t g, const RunReport &r, const std::vector<std::uint64_t> &index) {
  std::vector<std::string> device;
  std::vector<double> area;
  for (std::uint64_t j : index) {
    device.push_back(r.problem.accels->label(j));
    // A layer table's area is per device (NaN without area_column); a pair table has none.
    const costmodel::LayerCostTable *lookup = r.problem.cost_model->layer_cost_table();
    area.push_back(lookup ? lookup->area_mm2(j)
                          : r.problem.cost_model->area_mm2(r.problem.accels->at(j)));
  }
  h5::write(g, "device", std::span<const std::string>(device), "");
  h5::write(g, "area_mm2", std::span<const double>(area), "mm^2");
}

void write_accels(hid_t file, const RunReport &r) {
  const engine::ParetoFront &front = r.sweep.pareto.front();
  std::vector<std::uint64_t> index;
  const bool all = r.problem.num_accels() <= kAllAccelsLimit;
  if (r.dataset_accels) {
    index = *r.dataset_accels;
  } else if (all) {
    for (std::uint64_t j = 0; j < r.problem.num_accels(); ++j)
      index.push_back(r.problem.accel_at(j));
    index.erase(std::unique(index.begin(), index.end()), index.end()); // repeats of a sample
  } else {
    for (const auto &id : front.ids())
      index.push_back(id.accel);
    std::sort(index.begin(), index.end());
    index.erase(std::unique(index.begin(), index.end()), index.end());
  }
  h5::Handle group = h5::create_group(file, "accels");
  const hid_t g = group.id();
  h5::write(g, "accel_index", std::span<const std::uint64_t>(index), "1");
  if (!r.problem.accels->grid().devices.empty())
    write_device_params(g, r, index); // a pair table: named devices, no parameters
  else
    write_accel_params(g, r, index);
  h5::attribute(g, "selection",
                std::string_view(r.dataset_accels                 ? "the dataset's accelerators"
                                 : !all                           ? "referenced by /pareto"
                                 : r.problem.accel_sample.empty() ? "all"
                                                                  : "the sample"));
}

/// How the accelerators were selected from the grid (docs/results-format.md).
void write_accel_selection(hid_t file, const search::AccelSpace &accels) {
  const search::AccelSelection &s = accels.selection();
  h5::attribute(file, "accel_grid_size", accels.grid_size());
  h5::attribute(file, "accel_valid", s.valid);
  for (std::size_t rule = 0; rule < search::kNumAccelRules; ++rule)
    h5::attribute(file, fmt::format("accel_removed_{}", search::kAccelRuleNames[rule]),
                  s.removed[rule]);
  h5::attribute(file, "accel_subset", search::to_string(s.subset));
  h5::attribute(file, "accel_subset_seed", s.subset_seed);
}

void write_root_attributes(hid_t file, const RunReport &r) {
  const auto &sweep = r.sweep;
  h5::attribute(file, "coscan_version", coscan_version());
  h5::attribute(file, "git_revision", git_revision());
  h5::attribute(file, "study", std::string_view(r.study.text));
  h5::attribute(file, "study_file", r.study.file.string());
  h5::attribute(file, "study_name", std::string_view(r.study.name));
  h5::attribute(file, "study_description", std::string_view(r.study.description));
  h5::attribute(file, "arch_space", r.problem.archs->kind());
  h5::attribute(file, "num_archs", r.problem.archs->size());
  h5::attribute(file, "num_accels", r.problem.accels->size());
  write_accel_selection(file, *r.problem.accels);
  h5::attribute(file, "num_pairs", r.pairs_covered());
  const study::EnumerationSpec &e = r.study.enumeration;
  h5::attribute(file, "enumeration", to_string(e.mode));
  if (e.mode == study::EnumerationMode::sample) {
    h5::attribute(file, "sample_archs", r.archs_covered());
    h5::attribute(file, "sample_accels", r.problem.num_accels());
    if (e.pairs > 0)
      h5::attribute(file, "sample_pairs", e.pairs);
    h5::attribute(file, "sample_seed", e.seed);
    h5::attribute(file, "sample_replacement", std::int64_t{e.replacement});
  }
  h5::attribute(file, "cost_model", r.problem.cost_model->name());
  h5::attribute(file, "accuracy_source", r.problem.accuracy->source());
  h5::attribute(file, "accuracy_is_proxy", std::int64_t{r.problem.accuracy->is_proxy()});
  h5::attribute(file, "objectives", objective_strings(r.problem.objectives));
  h5::attribute(file, "ranks", std::int64_t{r.ranks});
  h5::attribute(file, "threads", std::int64_t{sweep.threads});
  h5::attribute(file, "kernel", engine::to_string(engine::kernel_target()));
  h5::attribute(file, "pairs_evaluated", sweep.pairs_evaluated);
  h5::attribute(file, "pairs_computed", sweep.pairs_computed);
  h5::attribute(file, "pareto_candidate_archs", sweep.pareto_candidate_archs);
  h5::attribute(file, "pareto_candidate_accels", sweep.pareto_candidate_accels);
  h5::attribute(file, "prune", to_string(r.prune.mode));
  if (r.prune.mode != study::PruneMode::none) {
    h5::attribute(file, "pairs_covered", r.pairs_covered());
    h5::attribute(file, "certified_archs", r.prune.archs_swept);
    h5::attribute(file, "certified_count_vectors", r.prune.count_vectors);
  }
  h5::attribute(file, "wall_s", sweep.wall_s);
  h5::attribute(file, "pairs_per_s", r.pairs_per_s());
  h5::attribute(file, "time_cost_tables_s", sweep.timings.cost_tables_s);
  h5::attribute(file, "time_evaluation_s", sweep.timings.evaluation_s);
  h5::attribute(file, "time_reduction_s", sweep.timings.reduction_s);
  h5::attribute(file, "time_merge_s", sweep.timings.merge_s);
  h5::attribute(file, "time_candidates_s", sweep.timings.candidates_s);
}

/// /cost_model: the model's name and, for the analytical model, every constant it ran with, by
/// the study keys of `[costmodel.energy]` and `[costmodel.area]` (defaults included), so that
/// a result stays interpretable when coscan's defaults change.
void write_cost_model(hid_t file, const costmodel::CostModel &model) {
  h5::Handle group = h5::create_group(file, "cost_model");
  h5::attribute(group.id(), "kind", model.name());
  const auto *analytical = dynamic_cast<const costmodel::AnalyticalModel *>(&model);
  if (!analytical)
    return;
  const costmodel::AnalyticalParams &params = analytical->params();
  h5::attribute(group.id(), "pooling",
                params.pooling == costmodel::PoolingCost::dense_conv ? "dense_conv" : "native");
  h5::Handle energy = h5::create_group(group.id(), "energy");
  for (const auto &field : costmodel::kEnergyFields)
    h5::attribute(energy.id(), std::string(field.key), params.energy.*field.member);
  h5::Handle area = h5::create_group(group.id(), "area");
  for (const auto &field : costmodel::kAreaFields)
    h5::attribute(area.id(), std::string(field.key), params.area.*field.member);
}

} // namespace

void detail::write_results_content(hid_t file, const RunReport &report) {
  write_root_attributes(file, report);
  write_pareto(file, report);
  write_accels(file, report);
  write_cost_model(file, *report.problem.cost_model);
}

void write_results(const RunReport &report, const std::filesystem::path &file) {
  tables::AtomicFile out(file);
  try {
    h5::Handle h5file = h5::create_file(out.temp_path());
    detail::write_results_content(h5file.id(), report);
    if (report.ranking)
      detail::write_ranking(h5file.id(), *report.ranking);
    if (report.verify)
      detail::write_verify(h5file.id(), *report.verify);
    h5file.close(); // written whole and closed without error before the rename
  } catch (const std::runtime_error &e) {
    out.fail(e.what());
  }
  out.commit();
}

} // namespace coscan::h5
