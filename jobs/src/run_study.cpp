#include <coscan/jobs/run_study.hpp>
#include <coscan/jobs/summary.hpp>

#include "run_checkpoints.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/mpi/rank_merge.hpp>
#include <coscan/engine/mpi/rank_progress.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/h5/dataset_file.hpp>
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/shard_state.hpp>
#include <coscan/jobs/rank_agreement.hpp>
#include <coscan/jobs/run_lock.hpp>
#include <coscan/jobs/stop_signals.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/prune.hpp>
#include <coscan/study/ranking.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include <memory>
#include <optional>
#include <system_error>
#include <vector>

namespace coscan::jobs {
namespace {

/// What every rank reads and checks before the sweep (no collective: any rank may fail alone).
struct Prepared {
  Prepared(const RunRequest &request, const engine::MpiSession &mpi)
      : shard(parse_shard(request, mpi)), study(request.load_study()),
        out(checked_outputs(request, study)), problem(study::build_problem(study)) {
    study::check_ranking(study, problem); // [ranking] input errors before the sweep, on every rank
    h5::check_dataset_size(study, problem);
    prune = study::prune_problem(study, problem);
  }

  /// The results file, once every output was checked before any other work: writable, and
  /// none of them an input or another output.
  static std::filesystem::path checked_outputs(const RunRequest &request,
                                               const study::Study &study) {
    const std::filesystem::path out =
        request.out.empty() ? study.output_path : std::filesystem::path(request.out);
    tables::check_writable(out, "--out");
    if (!request.summary.empty())
      tables::check_writable(request.summary, "--summary");
    if (!request.checkpoint.empty()) // before it is locked
      tables::check_writable(request.checkpoint, "--checkpoint");
    tables::check_distinct_files(
        {{"--out", out}, {"--summary", request.summary}, {"--checkpoint", request.checkpoint}},
        study::study_inputs(study));
    return out;
  }

  static std::optional<h5::ShardId> parse_shard(const RunRequest &request,
                                                const engine::MpiSession &mpi) {
    if (request.shard.empty())
      return std::nullopt;
    if (mpi.size() > 1)
      throw InputError("--shard runs on one MPI rank (shards replace ranks); drop --shard or the "
                       "MPI launcher");
    return h5::parse_shard(request.shard);
  }

  std::optional<h5::ShardId> shard;
  study::Study study;
  std::filesystem::path out;
  engine::Problem problem;
  study::PruneReport prune;
};

/// The figures of a completed run, as rank 0 reports them.
RunOutcome completed(const h5::RunReport &report,
                     const std::vector<engine::RankingResult> &ranking) {
  RunOutcome outcome;
  outcome.results = report.results_file;
  outcome.ranks = report.ranks;
  outcome.threads = report.sweep.threads;
  outcome.pairs_evaluated = report.sweep.pairs_evaluated;
  outcome.pairs_computed = report.sweep.pairs_computed;
  outcome.pairs_covered = report.pairs_covered();
  outcome.num_accels = report.problem.num_accels();
  outcome.pareto_candidate_accels = report.sweep.pareto_candidate_accels;
  outcome.wall_s = report.sweep.wall_s;
  outcome.pairs_per_s = report.pairs_per_s();
  outcome.prune = report.prune.mode;
  outcome.pareto_pairs = report.sweep.pareto.front().size();
  outcome.objectives = report.problem.objectives;
  outcome.ranking_lines = study::ranking_summary_lines(ranking);
  return outcome;
}

} // namespace

RunOutcome run_study(const RunRequest &request, const engine::MpiSession &mpi,
                     RunObserver &observer) {
  // Every rank reads and checks the same inputs; a rank that fails alone (a file or folder its
  // node lacks) stops all of them with its message. Only rank 0 reports and writes.
  const bool root = mpi.rank() == 0;
  // A checkpointed run treats SIGTERM as "checkpoint and stop" from its start: one that arrives
  // while the inputs are read stops the sweep at its first wave, with a checkpoint.
  if (!request.checkpoint.empty() && !request.stop_requested)
    install_stop_signals();
  std::optional<Prepared> prepared;
  on_all_ranks(mpi, [&] { prepared.emplace(request, mpi); });
  const std::optional<h5::ShardId> &shard = prepared->shard;
  const study::Study &study = prepared->study;
  const std::filesystem::path &out = prepared->out;
  const study::PruneReport &prune = prepared->prune;
  const engine::Problem &problem = prepared->problem;
  std::vector<std::unique_ptr<jobs::RunLock>> locks;
  on_all_ranks(mpi, [&] { locks = detail::lock_checkpoints(request, study, shard, root); });
  // The checkpoint's run already finished (a requeue of a finished job): nothing to do.
  const int mark_rank = shard ? shard->index : 0, mark_ranks = shard ? shard->count : mpi.size();
  if (!request.resume.empty())
    if (const auto results = detail::completed_results(
            detail::completion_mark(request.resume, mark_rank, mark_ranks), study)) {
      RunOutcome outcome;
      outcome.status = RunStatus::already_complete;
      outcome.results = *results;
      return outcome;
    }
  if (!request.checkpoint.empty() && root) { // a new run of this checkpoint is not finished
    const std::filesystem::path mark =
        detail::completion_mark(request.checkpoint, mark_rank, mark_ranks);
    std::error_code ec;
    std::filesystem::remove(mark, ec);
    if (ec) // left, it would make a resume of this unfinished run look finished
      throw OutputError(fmt::format("cannot remove {}: {}", mark.string(), ec.message()));
  }

  std::optional<tbb::global_control> thread_limit;
  if (request.threads > 0)
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(request.threads));
  if (root)
    observer.planned(study, problem, prune);

  engine::SweepOptions sweep_options;
  sweep_options.arch_block = study.engine.arch_block;
  sweep_options.accel_block = study.engine.accel_block;
  sweep_options.rank = shard ? shard->index : mpi.rank();
  sweep_options.num_ranks = shard ? shard->count : mpi.size();
  // Rank 0 shows the pairs of all ranks together (a shard: its own share).
  const engine::TileRange share =
      engine::tiles_of_rank(1'000'000, sweep_options.rank, shard ? shard->count : 1);
  if (root)
    observer.progress_begin(problem.num_pairs() * (share.last - share.first) / 1'000'000);
  engine::RankProgress rank_progress(mpi, [&](std::uint64_t all) {
    if (root)
      observer.progress(all);
  });
  sweep_options.progress = [&](std::uint64_t done) { rank_progress.update(done); };
  // [output] dataset: every rank writes its tiles; a checkpointed run keeps them in a file of
  // their own that outlives an interruption.
  std::optional<h5::DatasetFile> dataset;
  const std::optional<h5::ResumableDataset> resumable =
      detail::resumable_dataset(request, study, shard);
  if (resumable)
    on_all_ranks(mpi, [&] { detail::adopt_resumed_dataset(request, *resumable, shard, root); });
  if (study.dataset.enabled) {
    on_all_ranks(mpi, [&] {
      dataset.emplace(out, study, problem, mpi, resumable ? &*resumable : nullptr,
                      shard ? &*shard : nullptr);
    });
    sweep_options.tile_sink = [&dataset](std::uint64_t arch, std::uint64_t accel,
                                         const engine::TileMetrics &tile) {
      dataset->write_tile(arch, accel, tile);
    };
    sweep_options.pair_sink = [&dataset](std::uint64_t first, const engine::PairTile &tile) {
      dataset->write_pairs(first, tile);
    };
  }
  std::optional<engine::SweepState> resumed;
  on_all_ranks(mpi, [&] {
    detail::set_up_checkpoints(request, study, sweep_options, resumed,
                               dataset ? &*dataset : nullptr);
  });
  // A rank whose sweep fails (a tile's write, a checkpoint's) stops at once; the others finish
  // theirs and then all stop with its error, before any collective of the merge or the tables.
  std::optional<engine::SweepResult> swept;
  const CaughtFailure failure =
      catch_failure([&] { swept.emplace(engine::run_sweep(problem, sweep_options)); });
  rank_progress.finish(swept ? swept->pairs_evaluated - (resumed ? resumed->pairs_evaluated : 0)
                             : 0);
  if (root)
    observer.progress_end();
  agree_on_failure(mpi, failure);
  engine::SweepResult &sweep = *swept;
  // A signal reaches the ranks at slightly different moments: one may have finished its tiles
  // before it came. Stopped anywhere means stopped everywhere (no rank goes on into the merge
  // alone); a rank that finished checkpoints its final state, so that the job resumes as one.
  if (any_rank(mpi, sweep.stopped)) {
    on_all_ranks(mpi, [&] {
      if (!sweep.stopped && sweep_options.checkpoint)
        sweep_options.checkpoint(detail::finished_state(sweep));
    });
    RunOutcome outcome;
    outcome.status = RunStatus::stopped;
    return outcome;
  }
  // [ranking]: each rank (or shard) judges the accelerators of its own blocks of the tile plan,
  // at the cost of the architectures' cost groups; rank 0 (or `coscan merge`) gets them all.
  std::optional<engine::RankingReducer> ranking_reducer =
      study::rank_share(study, problem, sweep_options, mpi);
  engine::merge_to_root(sweep, mpi);
  if (dataset)
    dataset->close(); // collective
  if (!root)
    return {};

  const std::vector<engine::RankingResult> ranking =
      ranking_reducer && !shard ? ranking_reducer->finish() : std::vector<engine::RankingResult>{};
  h5::RunReport report{study, problem, sweep, mpi.size(), out};
  report.ranking = &ranking;
  report.prune = prune;
  const std::vector<std::byte> shard_ranking =
      shard && ranking_reducer ? ranking_reducer->save() : std::vector<std::byte>{};
  if (shard && dataset)
    dataset->finish_shard(report, *shard, shard_ranking);
  else if (shard)
    h5::write_shard_results(report, *shard, out, shard_ranking);
  else if (dataset)
    dataset->finish(report);
  else
    h5::write_results(report, out);
  if (!request.summary.empty())
    jobs::write_summary(report, request.summary);
  if (!request.checkpoint.empty())
    detail::write_completion_mark(
        detail::completion_mark(request.checkpoint, mark_rank, mark_ranks), study, out);
  return completed(report, ranking);
}

} // namespace coscan::jobs
