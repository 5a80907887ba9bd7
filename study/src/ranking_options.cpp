// The [ranking] analysis of a study: its options checked against the problem, its runs, and
// the run command's summary lines.

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/mpi/rank_merge.hpp>
#include <coscan/study/ranking.hpp>

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace coscan::study {

std::uint64_t ranking_topk(const Study &study, const engine::Problem &problem) {
  const RankingSpec &spec = study.ranking;
  const std::uint64_t num_archs = problem.num_archs();
  if (spec.topk > 0)
    return spec.topk;
  if (spec.topk_fraction > 0)
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(
                                          spec.topk_fraction * static_cast<double>(num_archs))));
  return std::min<std::uint64_t>(100, num_archs);
}

void check_ranking(const Study &study, const engine::Problem &problem) {
  const RankingSpec &spec = study.ranking;
  if (!spec.enabled)
    return;
  const std::string file = study.file.string();
  auto fail = [&](std::string_view key, const std::string &reason) {
    throw InputError(file + ": key 'ranking." + std::string(key) + "': " + reason);
  };
  const std::uint64_t num_archs = problem.num_archs(), num_accels = problem.num_accels();
  if (spec.proxy_accel >= num_accels)
    fail("proxy_accel", fmt::format("{} is out of range 0..{} (the swept accelerators)",
                                    spec.proxy_accel, num_accels - 1));
  for (std::uint64_t p : spec.matrix_accels)
    if (p >= num_accels)
      fail("matrix_accels",
           fmt::format("{} is out of range 0..{} (the swept accelerators)", p, num_accels - 1));
  const std::uint64_t topk = ranking_topk(study, problem);
  if (topk > num_archs)
    fail(spec.topk > 0 ? "topk" : "topk_fraction",
         fmt::format("top-{} exceeds the {} architectures", topk, num_archs));
}

std::vector<engine::RankingOptions> ranking_options(const Study &study,
                                                    const engine::Problem &problem) {
  const RankingSpec &spec = study.ranking;
  if (!spec.enabled)
    return {};
  check_ranking(study, problem);
  const std::uint64_t topk = ranking_topk(study, problem);
  std::vector<engine::RankingOptions> options;
  for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
    engine::RankingOptions o;
    o.metric = spec.metrics[i];
    o.proxy = spec.proxy_accel;
    o.topk = topk;
    o.accel_block = study.engine.accel_block;
    if (i == 0)
      o.matrix = spec.matrix_accels;
    options.push_back(std::move(o));
  }
  return options;
}

std::optional<engine::RankingReducer> rank_share(const Study &study, const engine::Problem &problem,
                                                 const engine::SweepOptions &share,
                                                 const engine::MpiSession &session) {
  std::optional<engine::RankingReducer> reducer;
  if (!study.ranking.enabled)
    return reducer;
  reducer.emplace(problem, ranking_options(study, problem));
  const engine::BlockRange blocks = engine::rank_accel_blocks(problem, share);
  reducer->update_blocks(blocks.first, blocks.last, share.accel_block);
  engine::merge_to_root(*reducer, session);
  return reducer;
}

std::vector<engine::RankingResult> run_ranking(const Study &study, const engine::Problem &problem) {
  if (!study.ranking.enabled)
    return {};
  engine::RankingReducer reducer(problem, ranking_options(study, problem));
  const std::uint64_t block = study.engine.accel_block;
  reducer.update_blocks(0, (problem.num_accels() + block - 1) / block, block);
  return reducer.finish();
}

std::vector<std::string> ranking_summary_lines(const std::vector<engine::RankingResult> &results) {
  if (results.empty())
    return {};
  const engine::RankingResult &r = results.front();
  const auto &all = r.summaries.front();
  std::vector<std::string> lines;
  lines.push_back(fmt::format("ranking ({} vs proxy accel {}, {} accelerators): Spearman median "
                              "{:.4f} min {:.4f}, Kendall tau-b median {:.4f} min {:.4f}",
                              engine::to_string(r.metric), r.proxy_accel_index, r.spearman.size(),
                              all.spearman.p50, all.spearman.min, all.kendall_tau_b.p50,
                              all.kendall_tau_b.min));
  std::string per;
  for (std::size_t g = 1; g < r.summaries.size(); ++g)
    per += fmt::format("{}{} {:.4f}/{:.4f}", per.empty() ? "" : ", ", r.summaries[g].group,
                       r.summaries[g].spearman.p50, r.summaries[g].spearman.min);
  lines.push_back(fmt::format("  per dataflow Spearman median/min: {}; top-{} overlap median "
                              "{:.3f}",
                              per.empty() ? "none" : per, r.topk, all.topk_overlap.p50));
  const std::uint64_t j = r.least_similar;
  lines.push_back(fmt::format("  least similar: accel {} ({}): Spearman {:.4f}, Kendall {:.4f}, "
                              "top-{} overlap {:.3f}",
                              r.accel_index[j], r.dataflow[j], r.spearman[j], r.kendall_tau_b[j],
                              r.topk, r.topk_overlap[j]));
  return lines;
}

} // namespace coscan::study
