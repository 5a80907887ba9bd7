#include <coscan/jobs/summary.hpp>
#include <coscan/jobs/verify_study.hpp>

#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/mpi/rank_merge.hpp>
#include <coscan/engine/mpi/rank_progress.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/jobs/rank_agreement.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/ranking.hpp>
#include <coscan/study/verify.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <tbb/global_control.h>

#include <chrono>
#include <optional>

namespace coscan::jobs {

VerifyOutcome verify_study(const VerifyRequest &request, const engine::MpiSession &mpi,
                           RunObserver &observer) {
  // Every rank reads and checks the same inputs (a rank that fails alone stops all of them
  // with its message), sweeps its share of the tiles and runs its share of the passes; rank 0
  // writes.
  const bool root = mpi.rank() == 0;
  std::optional<study::Study> loaded;
  std::optional<engine::Problem> built;
  std::filesystem::path out;
  on_all_ranks(mpi, [&] {
    loaded.emplace(request.load_study());
    out = request.out.empty() ? loaded->output_path : std::filesystem::path(request.out);
    tables::check_writable(out, "--out");
    if (!request.summary.empty())
      tables::check_writable(request.summary, "--summary");
    tables::check_distinct_files({{"--out", out}, {"--summary", request.summary}},
                                 study::study_inputs(*loaded));
    built.emplace(study::build_problem(*loaded));
    study::check_ranking(*loaded, *built);
    study::verify_options(*loaded, *built); // every [verify] input error before any work
  });
  const study::Study &study = *loaded;
  const engine::Problem &problem = *built;

  std::optional<tbb::global_control> thread_limit;
  if (request.threads > 0)
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(request.threads));
  if (root) {
    study::PruneReport unpruned;
    unpruned.archs_covered = unpruned.archs_swept = problem.num_archs();
    unpruned.pairs_covered = problem.num_pairs();
    observer.planned(study, problem, unpruned);
    observer.progress_begin(problem.num_pairs());
  }

  engine::SweepOptions sweep_options;
  sweep_options.arch_block = study.engine.arch_block;
  sweep_options.accel_block = study.engine.accel_block;
  sweep_options.rank = mpi.rank();
  sweep_options.num_ranks = mpi.size();
  engine::RankProgress rank_progress(mpi, [&](std::uint64_t all) {
    if (root)
      observer.progress(all);
  });
  sweep_options.progress = [&](std::uint64_t done) { rank_progress.update(done); };
  std::optional<engine::SweepResult> swept;
  const CaughtFailure failure =
      catch_failure([&] { swept.emplace(engine::run_sweep(problem, sweep_options)); });
  rank_progress.finish(swept ? swept->pairs_evaluated : 0);
  if (root)
    observer.progress_end();
  agree_on_failure(mpi, failure);
  engine::SweepResult &sweep = *swept;
  engine::merge_to_root(sweep, mpi);

  const auto start = std::chrono::steady_clock::now();
  const std::optional<engine::RankingReducer> reducer =
      study::rank_share(study, problem, sweep_options, mpi);
  const std::vector<engine::RankingResult> ranking =
      reducer && root ? reducer->finish() : std::vector<engine::RankingResult>{};
  const double ranking_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const engine::VerifyResult result = study::run_verify(study, problem, sweep, &mpi);
  if (!root)
    return {};

  h5::RunReport report{study, problem, sweep, mpi.size(), out};
  report.ranking = &ranking;
  report.verify = &result;
  h5::write_results(report, out);
  if (!request.summary.empty())
    jobs::write_summary(report, request.summary);

  VerifyOutcome outcome;
  outcome.results = out;
  outcome.pairs_evaluated = sweep.pairs_evaluated;
  outcome.sweep_s = sweep.wall_s;
  outcome.threads = sweep.threads;
  outcome.pareto_pairs = sweep.pareto.front().size();
  outcome.ranking_lines = study::ranking_summary_lines(ranking);
  outcome.ranking_s = ranking_s;
  outcome.optima_s = result.ground_truth_s - sweep.wall_s;
  outcome.rules_s = result.rules_s;
  outcome.proxy_sweep_s = result.proxy_sweep_s;
  outcome.table_lines = study::verify_table_lines(result);
  return outcome;
}

} // namespace coscan::jobs
