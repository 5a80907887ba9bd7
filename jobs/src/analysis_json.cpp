#include "analysis_json.hpp"

#include <cmath>

namespace coscan::jobs::detail {
namespace {

/// JSON has no NaN or infinity: they become null.
nlohmann::json finite(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json stat_json(const engine::StatSummary &s) {
  return {{"min", finite(s.min)},
          {"p5", finite(s.p5)},
          {"p50", finite(s.p50)},
          {"mean", finite(s.mean)},
          {"count", s.count}};
}

} // namespace

nlohmann::json ranking_json(const std::vector<engine::RankingResult> &results) {
  nlohmann::json out = nlohmann::json::object();
  for (const engine::RankingResult &r : results) {
    nlohmann::json summaries = nlohmann::json::object();
    for (const engine::RankingSummary &s : r.summaries)
      summaries[s.group] = {{"spearman", stat_json(s.spearman)},
                            {"kendall_tau_b", stat_json(s.kendall_tau_b)},
                            {"topk_overlap", stat_json(s.topk_overlap)},
                            {"pareto_jaccard", stat_json(s.pareto_jaccard)},
                            {"pareto_recall", stat_json(s.pareto_recall)}};
    const std::uint64_t least = r.least_similar;
    out[std::string(engine::to_string(r.metric))] = {
        {"proxy_accel", r.proxy_accel_index},
        {"num_accels", r.accel_index.size()},
        {"num_archs", r.num_archs},
        {"topk", r.topk},
        {"proxy_front_size", r.proxy_front_size},
        {"least_similar",
         {{"accel", r.accel_index.empty() ? 0 : r.accel_index[least]},
          {"spearman", r.spearman.empty() ? nlohmann::json(nullptr) : finite(r.spearman[least])}}},
        {"summaries", summaries}};
  }
  return out;
}

nlohmann::json verify_json(const engine::VerifyResult &r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const engine::VerifyRow &row : r.rows)
    rows.push_back({{"rule", r.rule_labels[row.rule]},
                    {"target", r.target_labels[row.target]},
                    {"optimum_kept", row.optimum_kept},
                    {"regret", finite(row.regret)},
                    {"pareto_recall", finite(row.pareto_recall)},
                    {"hypervolume_ratio", finite(row.hypervolume_ratio)},
                    {"reduced_archs", row.reduced_archs},
                    {"full_archs", row.full_archs},
                    {"reduced_pairs", row.reduced_pairs},
                    {"full_pairs", row.full_pairs},
                    {"reduction", finite(row.reduction)}});
  return rows;
}

nlohmann::json verify_proxy_sweep_json(const engine::VerifyResult &r) {
  nlohmann::json sweeps = nlohmann::json::array();
  for (const engine::ProxySweep &s : r.proxy_sweeps) {
    nlohmann::json targets = nlohmann::json::array();
    for (std::size_t t = 0; t < s.kept.size(); ++t)
      targets.push_back({{"target", r.target_labels[t]},
                         {"kept_fraction", finite(s.kept_fraction[t])},
                         {"max_regret", finite(s.max_regret[t])},
                         {"slack_for_all", finite(s.slack_for_all[t])},
                         {"layers_for_all", s.layers_for_all[t]}});
    sweeps.push_back({{"rule", r.rule_labels[s.rule]},
                      {"proxies", s.accel_index.size()},
                      {"mean_reduced_archs", finite(s.mean_reduced_archs)},
                      {"min_pareto_recall", finite(s.min_pareto_recall)},
                      {"targets", targets}});
  }
  return sweeps;
}

} // namespace coscan::jobs::detail
