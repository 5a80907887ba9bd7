// The JSON summary of a run: the root figures of the results file and the Pareto-set size.
#include "analysis_json.hpp"

#include <coscan/jobs/summary.hpp>

#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/version.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace coscan::jobs {

void write_summary(const h5::RunReport &r, const std::filesystem::path &file) {
  nlohmann::json objectives = nlohmann::json::array();
  for (const auto &o : r.problem.objectives)
    objectives.push_back({{"metric", engine::to_string(o.metric)},
                          {"sense", o.sense == engine::Sense::maximize ? "maximize" : "minimize"}});
  const auto &t = r.sweep.timings;
  const study::EnumerationSpec &e = r.study.enumeration;
  nlohmann::json enumeration = {{"mode", to_string(e.mode)}};
  if (e.mode == study::EnumerationMode::sample)
    enumeration.update({{"archs", r.archs_covered()},
                        {"accels", r.problem.num_accels()},
                        {"seed", e.seed},
                        {"replacement", e.replacement}});
  if (e.pairs > 0)
    enumeration["pairs"] = e.pairs;
  const search::AccelSelection &selection = r.problem.accels->selection();
  nlohmann::json removed = nlohmann::json::object();
  for (std::size_t rule = 0; rule < search::kNumAccelRules; ++rule)
    removed[std::string(search::kAccelRuleNames[rule])] = selection.removed[rule];
  const nlohmann::json accel_space = {{"grid_size", r.problem.accels->grid_size()},
                                      {"valid", selection.valid},
                                      {"removed", removed},
                                      {"subset", search::to_string(selection.subset)},
                                      {"subset_seed", selection.subset_seed}};
  nlohmann::json prune = {{"mode", to_string(r.prune.mode)}};
  if (r.prune.mode != study::PruneMode::none)
    prune.update({{"pairs_covered", r.pairs_covered()},
                  {"certified_archs", r.prune.archs_swept},
                  {"certified_count_vectors", r.prune.count_vectors},
                  {"seconds", r.prune.seconds}});
  nlohmann::json summary = {
      {"coscan_version", h5::coscan_version()},
      {"git_revision", h5::git_revision()},
      {"study_file", r.study.file.string()},
      {"study_name", r.study.name},
      {"results_file", r.results_file.string()},
      {"arch_space", r.problem.archs->kind()},
      {"num_archs", r.problem.archs->size()},
      {"num_accels", r.problem.accels->size()},
      {"accel_space", accel_space},
      {"num_pairs", r.pairs_covered()},
      {"enumeration", enumeration},
      {"cost_model", r.problem.cost_model->name()},
      {"accuracy_source", r.problem.accuracy->source()},
      {"accuracy_is_proxy", r.problem.accuracy->is_proxy()},
      {"objectives", objectives},
      {"ranks", r.ranks},
      {"threads", r.sweep.threads},
      {"kernel", engine::to_string(engine::kernel_target())},
      {"pairs_evaluated", r.sweep.pairs_evaluated},
      {"pairs_computed", r.sweep.pairs_computed},
      {"pareto_candidate_archs", r.sweep.pareto_candidate_archs},
      {"pareto_candidate_accels", r.sweep.pareto_candidate_accels},
      {"wall_s", r.sweep.wall_s},
      {"pairs_per_s", r.pairs_per_s()},
      {"timings_s",
       {{"cost_tables", t.cost_tables_s},
        {"evaluation", t.evaluation_s},
        {"reduction", t.reduction_s},
        {"merge", t.merge_s},
        {"candidates", t.candidates_s}}},
      {"pareto_size", r.sweep.pareto.front().size()},
      {"prune", prune},
  };
  if (r.ranking && !r.ranking->empty())
    summary["ranking"] = detail::ranking_json(*r.ranking);
  if (r.verify) {
    summary["verify"] = detail::verify_json(*r.verify);
    summary["verify_proxy_sweep"] = detail::verify_proxy_sweep_json(*r.verify);
  }
  tables::AtomicFile out(file);
  out.write(summary.dump(2) + '\n');
  out.commit();
}

} // namespace coscan::jobs
