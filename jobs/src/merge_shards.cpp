#include <coscan/jobs/merge_shards.hpp>
#include <coscan/jobs/summary.hpp>

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/reduction/pareto_reducer.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/h5/dataset_file.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/shard_state.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/prune.hpp>
#include <coscan/study/ranking.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace coscan::jobs {
namespace {

/// The study a shard was run with: its recorded text, parsed with the recorded study file as
/// origin, so relative paths resolve as they did for the run.
study::Study shard_study(const h5::ShardState &s, const std::string &file) {
  study::Study study = s.study_file == "<default>" ? study::default_study()
                                                   : study::parse_study(s.study_text, s.study_file);
  if (h5::study_hash(study) != s.study_hash)
    throw InputError(fmt::format("{}: the recorded study text does not match its hash", file));
  return study;
}

} // namespace

MergeOutcome merge_shards(const MergeRequest &request, const engine::MpiSession &mpi) {
  if (request.shards.empty())
    throw InputError("merge: give the shard files (SHARD.h5...)");
  if (mpi.active() && mpi.size() > 1)
    throw InputError("merge runs as one process: start it without mpirun or srun");
  tables::check_writable(request.out, "--out");
  if (!request.summary.empty())
    tables::check_writable(request.summary, "--summary");
  std::vector<tables::NamedFile> shards;
  for (const auto &file : request.shards)
    shards.push_back({"a shard", file});
  tables::check_distinct_files({{"--out", request.out}, {"--summary", request.summary}}, shards);

  std::vector<h5::ShardState> states;
  std::map<int, std::string> seen; // shard index -> file
  for (const auto &file : request.shards) {
    h5::ShardState s = h5::read_shard_state(file);
    if (!states.empty()) {
      const h5::ShardState &first = states.front();
      if (s.study_hash != first.study_hash || s.study_text != first.study_text)
        throw InputError(fmt::format("{}: a shard of another study than {} (the study text "
                                     "differs)",
                                     file, request.shards.front()));
      if (s.shard.count != first.shard.count)
        throw InputError(fmt::format("{}: shard {}/{}, but {} is one of {} shards", file,
                                     s.shard.index, s.shard.count, request.shards.front(),
                                     first.shard.count));
    }
    if (const auto it = seen.find(s.shard.index); it != seen.end())
      throw InputError(fmt::format("{}: shard {}/{} given twice (also {})", file, s.shard.index,
                                   s.shard.count, it->second));
    seen.emplace(s.shard.index, file);
    states.push_back(std::move(s));
  }
  const int count = states.front().shard.count;
  for (int i = 0; i < count; ++i)
    if (!seen.contains(i))
      throw InputError(fmt::format("{}: shard {}/{} is missing (got {} of {} shards)",
                                   request.shards.front(), i, count, seen.size(), count));

  const study::Study study = shard_study(states.front(), request.shards.front());
  engine::Problem built = study::build_problem(study);
  const study::PruneReport prune = study::prune_problem(study, built); // the shards swept this list
  const engine::Problem &problem = built;
  engine::SweepResult sweep(engine::ParetoReducer(problem.objectives));
  sweep.threads = 0;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const h5::ShardState &s = states[i];
    const engine::ParetoFront front = engine::ParetoFront::load(s.front);
    if (front.num_objectives() != problem.objectives.size())
      throw InputError(fmt::format("{}: the front has {} objectives, the study {}",
                                   request.shards[i], front.num_objectives(),
                                   problem.objectives.size()));
    sweep.pareto.front().merge(front);
    sweep.pairs_evaluated += s.pairs_evaluated;
    sweep.pairs_computed += s.pairs_computed;
    sweep.tiles += s.tiles;
    sweep.pareto_candidate_archs = s.pareto_candidate_archs;
    sweep.pareto_candidate_accels = s.pareto_candidate_accels;
    sweep.wall_s = std::max(sweep.wall_s, s.wall_s);
    sweep.threads = std::max(sweep.threads, static_cast<int>(s.threads));
    sweep.timings.cost_tables_s += s.timings.cost_tables_s;
    sweep.timings.evaluation_s += s.timings.evaluation_s;
    sweep.timings.reduction_s += s.timings.reduction_s;
    sweep.timings.merge_s += s.timings.merge_s;
    sweep.timings.candidates_s = std::max(sweep.timings.candidates_s, s.timings.candidates_s);
  }
  sweep.pareto.front().sort_by_id();

  // [ranking]: each shard judged the accelerators of its own blocks.
  std::vector<engine::RankingResult> ranking;
  if (study.ranking.enabled) {
    engine::RankingReducer reducer(problem, study::ranking_options(study, problem));
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (states[i].ranking.empty())
        throw InputError(fmt::format("{}: the shard has no ranking state (/state/ranking), though "
                                     "the study has [ranking]",
                                     request.shards[i]));
      try {
        reducer.merge(states[i].ranking);
      } catch (const std::invalid_argument &e) {
        throw InputError(
            fmt::format("{}: corrupt /state/ranking ({})", request.shards[i], e.what()));
      }
    }
    if (!reducer.complete())
      throw InputError(fmt::format("{}: the shards' ranking states do not cover every "
                                   "accelerator",
                                   request.shards.front()));
    ranking = reducer.finish();
  }

  // [output] dataset: each shard's part of the tables, tile by tile, into whole ones.
  std::optional<h5::DatasetFile> dataset;
  if (study.dataset.enabled) {
    dataset.emplace(request.out, study, problem, mpi);
    for (std::size_t i = 0; i < states.size(); ++i)
      dataset->copy_shard(request.shards[i], states[i].shard);
    dataset->close();
  }

  h5::RunReport report{study, problem, sweep, count, request.out};
  report.prune = prune;
  report.ranking = &ranking;
  if (dataset)
    dataset->finish(report);
  else
    h5::write_results(report, request.out);
  if (!request.summary.empty())
    jobs::write_summary(report, request.summary);
  return {count, study.file, sweep.pairs_evaluated, sweep.pareto.front().size()};
}

} // namespace coscan::jobs
