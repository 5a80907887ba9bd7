// coscan run: sweep a study's pair space and write the exact Pareto set.
#include "accel_summary.hpp"
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "rank_agreement.hpp"
#include "stop_signals.hpp"
#include "study_source.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/kernel_target.hpp>
#include <coscan/engine/rank_merge.hpp>
#include <coscan/engine/rank_progress.hpp>
#include <coscan/engine/ranking_reducer.hpp>
#include <coscan/engine/sweep.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/checkpoint.hpp>
#include <coscan/io/dataset_file.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/io/prune.hpp>
#include <coscan/io/ranking.hpp>
#include <coscan/io/run_lock.hpp>
#include <coscan/io/run_report.hpp>
#include <coscan/io/shard_state.hpp>
#include <coscan/io/version.hpp>

#include <fmt/format.h>
#include <mpi.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace coscan::app {
namespace {

struct RunOptions {
  StudySource source;
  std::string out;
  std::string summary;
  int threads = 0;
  bool quiet = false;
  std::string checkpoint;
  double checkpoint_every = 60;
  std::string resume;
  std::string shard; ///< "I/K", or empty
};

/// Wires --checkpoint / --resume into the sweep: this rank's (or shard's) file, the period, the
/// signals; with dataset tables, their id in the checkpoints and a flush before each.
void set_up_checkpoints(const RunOptions &options, const io::Study &study,
                        engine::SweepOptions &sweep, std::optional<engine::SweepState> &resumed,
                        io::DatasetFile *dataset) {
  const io::CheckpointIdentity identity{io::study_hash(study), sweep.rank, sweep.num_ranks,
                                        dataset ? dataset->resume_id() : 0};
  if (!options.resume.empty()) {
    resumed = io::read_checkpoint(io::checkpoint_path(options.resume, sweep.rank, sweep.num_ranks),
                                  identity);
    sweep.resume = &*resumed;
  }
  if (options.checkpoint.empty())
    return;
  const std::filesystem::path file =
      io::checkpoint_path(options.checkpoint, sweep.rank, sweep.num_ranks);
  io::check_writable(file, "--checkpoint");
  install_stop_signals();
  auto last =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  const double every = options.checkpoint_every;
  sweep.checkpoint_due = [last, every] {
    return std::chrono::steady_clock::now() - *last >= std::chrono::duration<double>(every);
  };
  sweep.stop_requested = [] { return stop_requested(); };
  sweep.checkpoint = [file, identity, last, dataset](const engine::SweepState &state) {
    if (dataset) // every tile this checkpoint lists as done is in the file
      dataset->flush();
    io::write_checkpoint(file, identity, state);
    *last = std::chrono::steady_clock::now();
  };
}

/// The checkpoint file of this run given as `base` on the command line: a shard's own (the
/// shards of an array share the path given), or the path itself.
std::filesystem::path own_checkpoint(const std::string &base,
                                     const std::optional<io::ShardId> &shard) {
  return shard ? io::checkpoint_path(base, shard->index, shard->count)
               : std::filesystem::path(base);
}

/// The resumable dataset tables of a checkpointed run: `<checkpoint>.dataset.h5` (or the
/// resumed checkpoint's, when there is no --checkpoint), of the shard's own checkpoint.
std::optional<io::ResumableDataset> resumable_dataset(const RunOptions &options,
                                                      const io::Study &study,
                                                      const std::optional<io::ShardId> &shard) {
  if (!study.dataset.enabled || (options.checkpoint.empty() && options.resume.empty()))
    return std::nullopt;
  const std::string &base = options.checkpoint.empty() ? options.resume : options.checkpoint;
  return io::ResumableDataset{io::resumable_dataset_path(own_checkpoint(base, shard)),
                              !options.resume.empty()};
}

/// Resuming FILE into another --checkpoint: rank 0 moves FILE's tables to the new checkpoint's
/// name, which later resumes will look for.
void adopt_resumed_dataset(const RunOptions &options, const io::ResumableDataset &tables,
                           const std::optional<io::ShardId> &shard, bool root) {
  const std::filesystem::path from =
      io::resumable_dataset_path(own_checkpoint(options.resume, shard));
  if (!root || !tables.reopen || from == tables.file)
    return;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from, ec))
    throw InputError(fmt::format("{}: the checkpoint's dataset tables are missing; run again "
                                 "without --resume",
                                 from.string()));
  std::filesystem::rename(from, tables.file, ec);
  if (ec)
    throw InputError(fmt::format("--checkpoint {}: cannot move the resumed dataset tables {} "
                                 "there ({}); resume into a --checkpoint in the same folder",
                                 options.checkpoint, from.string(), ec.message()));
}

/// What every rank reads and checks before the sweep (no collective: any rank may fail alone).
struct Prepared {
  Prepared(const RunOptions &options, const engine::MpiSession &mpi)
      : shard(parse_shard(options, mpi)), study(options.source.load()),
        out(checked_outputs(options, study)), problem(io::build_problem(study)) {
    io::check_ranking(study, problem); // [ranking] input errors before the sweep, on every rank
    io::check_dataset_size(study, problem);
    prune = io::prune_problem(study, problem);
  }

  /// The results file, once every output was checked before any other work: writable, and
  /// none of them an input or another output.
  static std::filesystem::path checked_outputs(const RunOptions &options, const io::Study &study) {
    const std::filesystem::path out =
        options.out.empty() ? study.output_path : std::filesystem::path(options.out);
    io::check_writable(out, "--out");
    if (!options.summary.empty())
      io::check_writable(options.summary, "--summary");
    if (!options.checkpoint.empty()) // before it is locked
      io::check_writable(options.checkpoint, "--checkpoint");
    io::check_distinct_files(
        {{"--out", out}, {"--summary", options.summary}, {"--checkpoint", options.checkpoint}},
        io::study_inputs(study));
    return out;
  }

  static std::optional<io::ShardId> parse_shard(const RunOptions &options,
                                                const engine::MpiSession &mpi) {
    if (options.shard.empty())
      return std::nullopt;
    if (mpi.size() > 1)
      throw InputError("--shard runs on one MPI rank (shards replace ranks); drop --shard or the "
                       "MPI launcher");
    return io::parse_shard(options.shard);
  }

  std::optional<io::ShardId> shard;
  io::Study study;
  std::filesystem::path out;
  engine::Problem problem;
  io::PruneReport prune;
};

/// The mark a finished checkpointed run leaves beside its checkpoints (its rank 0's, or its
/// shard's): a later --resume of them (a requeue of a finished job) is then a finished run.
std::filesystem::path completion_mark(const std::filesystem::path &base, int rank, int num_ranks) {
  std::filesystem::path mark = io::checkpoint_path(base, rank, num_ranks);
  mark += ".complete";
  return mark;
}

/// The results file a completion mark names, if it is of this study.
std::optional<std::string> completed_results(const std::filesystem::path &mark,
                                             const io::Study &study) {
  std::ifstream in(mark);
  std::string hash, results;
  if (!in || !std::getline(in, hash) || !std::getline(in, results) ||
      hash != fmt::format("study_hash {}", io::study_hash(study)))
    return std::nullopt;
  return results;
}

/// The checkpoints this run writes, locked for its life by rank 0 (or the shard): an MPI run's
/// by the path given, whatever the number of ranks (they share the dataset tables and results),
/// a shard's by its own file (the shards of an array share the path given). A --resume of
/// another checkpoint is locked too when its dataset tables are taken over (written or moved).
std::vector<std::unique_ptr<io::RunLock>> lock_checkpoints(const RunOptions &options,
                                                           const io::Study &study,
                                                           const std::optional<io::ShardId> &shard,
                                                           bool root) {
  std::vector<std::unique_ptr<io::RunLock>> locks;
  const auto lock = [&](const std::string &base, const char *what) {
    locks.push_back(std::make_unique<io::RunLock>(own_checkpoint(base, shard), what));
  };
  if (!root)
    return locks;
  if (!options.checkpoint.empty())
    lock(options.checkpoint, "--checkpoint");
  std::error_code ec; // a missing --resume file is reported by its reader
  if (!options.resume.empty() && options.resume != options.checkpoint && study.dataset.enabled &&
      std::filesystem::exists(options.resume, ec))
    lock(options.resume, "--resume");
  return locks;
}

/// The checkpoint of a rank whose tiles are all done.
engine::SweepState finished_state(const engine::Problem &problem,
                                  const engine::SweepOptions &options,
                                  const engine::SweepResult &sweep) {
  // The representatives' front (before their ties were added), as the sweep's checkpoints hold.
  return {engine::rank_tiles(problem, options).last,
          sweep.state_front.empty() ? sweep.pareto.front().save() : sweep.state_front,
          sweep.pairs_evaluated,
          sweep.wall_s,
          sweep.timings,
          sweep.pairs_computed};
}

std::string objectives_text(const std::vector<engine::Objective> &objectives) {
  std::string text;
  for (const auto &o : objectives)
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", engine::to_string(o.metric),
                        o.sense == engine::Sense::maximize ? "max" : "min");
  return text;
}

int run(const RunOptions &options, const engine::MpiSession &mpi) {
  // Every rank reads and checks the same inputs; a rank that fails alone (a file or folder its
  // node lacks) stops all of them with its message. Only rank 0 prints and writes.
  const bool root = mpi.rank() == 0;
  const bool quiet = options.quiet || !root;
  // A checkpointed run treats SIGTERM as "checkpoint and stop" from its start: one that arrives
  // while the inputs are read stops the sweep at its first wave, with a checkpoint (exit 75).
  if (!options.checkpoint.empty())
    install_stop_signals();
  std::optional<Prepared> prepared;
  on_all_ranks(mpi, [&] { prepared.emplace(options, mpi); });
  const std::optional<io::ShardId> &shard = prepared->shard;
  const io::Study &study = prepared->study;
  const std::filesystem::path &out = prepared->out;
  const io::PruneReport &prune = prepared->prune;
  const engine::Problem &problem = prepared->problem;
  std::vector<std::unique_ptr<io::RunLock>> locks;
  on_all_ranks(mpi, [&] { locks = lock_checkpoints(options, study, shard, root); });
  // The checkpoint's run already finished (a requeue of a finished job): nothing to do.
  const int mark_rank = shard ? shard->index : 0, mark_ranks = shard ? shard->count : mpi.size();
  if (!options.resume.empty())
    if (const auto results =
            completed_results(completion_mark(options.resume, mark_rank, mark_ranks), study)) {
      if (!quiet)
        fmt::print("coscan: already complete: the run of checkpoint {} finished; results in {}\n",
                   options.resume, *results);
      return 0;
    }
  if (!options.checkpoint.empty() && root) { // a new run of this checkpoint is not finished
    const std::filesystem::path mark = completion_mark(options.checkpoint, mark_rank, mark_ranks);
    std::error_code ec;
    std::filesystem::remove(mark, ec);
    if (ec) // left, it would make a resume of this unfinished run look finished
      throw OutputError(fmt::format("cannot remove {}: {}", mark.string(), ec.message()));
  }

  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0)
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(options.threads));

  if (!quiet)
    fmt::print("coscan {}: study {}\n  {}: {} architectures x {} accelerators = {} pairs{}\n"
               "  accelerators: {}\n  accuracy {}\n",
               io::coscan_version(), study.file.string(), problem.archs->kind(),
               with_commas(prune.archs_covered), with_commas(problem.num_accels()),
               with_commas(prune.pairs_covered),
               study.enumeration.mode == io::EnumerationMode::sample
                   ? fmt::format(" (sampled, seed {})", study.enumeration.seed)
                   : "",
               accel_selection_text(*problem.accels), problem.accuracy->source());
  if (!quiet && prune.mode != io::PruneMode::none)
    fmt::print("  pruned ({}): {} of {} architectures can be Pareto-optimal ({} count vectors): "
               "{} pairs to sweep ({:.3f} s)\n",
               io::to_string(prune.mode), with_commas(prune.archs_swept),
               with_commas(prune.archs_covered), with_commas(prune.count_vectors),
               with_commas(problem.num_pairs()), prune.seconds);

  engine::SweepOptions sweep_options;
  sweep_options.arch_block = study.engine.arch_block;
  sweep_options.accel_block = study.engine.accel_block;
  sweep_options.rank = shard ? shard->index : mpi.rank();
  sweep_options.num_ranks = shard ? shard->count : mpi.size();
  // Rank 0 shows the pairs of all ranks together (a shard: its own share).
  const engine::TileRange share =
      engine::tiles_of_rank(1'000'000, sweep_options.rank, shard ? shard->count : 1);
  Progress progress(problem.num_pairs() * (share.last - share.first) / 1'000'000, quiet);
  engine::RankProgress rank_progress(mpi, [&](std::uint64_t all) { progress.update(all); });
  sweep_options.progress = [&](std::uint64_t done) { rank_progress.update(done); };
  // [output] dataset: every rank writes its tiles; a checkpointed run keeps them in a file of
  // their own that outlives an interruption.
  std::optional<io::DatasetFile> dataset;
  const std::optional<io::ResumableDataset> resumable = resumable_dataset(options, study, shard);
  if (resumable)
    on_all_ranks(mpi, [&] { adopt_resumed_dataset(options, *resumable, shard, root); });
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
    set_up_checkpoints(options, study, sweep_options, resumed, dataset ? &*dataset : nullptr);
  });
  // A rank whose sweep fails (a tile's write, a checkpoint's) stops at once; the others finish
  // theirs and then all stop with its error, before any collective of the merge or the tables.
  std::optional<engine::SweepResult> swept;
  const CaughtFailure failure =
      catch_failure([&] { swept.emplace(engine::run_sweep(problem, sweep_options)); });
  rank_progress.finish(swept ? swept->pairs_evaluated - (resumed ? resumed->pairs_evaluated : 0)
                             : 0);
  progress.finish();
  agree_on_failure(mpi, failure);
  engine::SweepResult &sweep = *swept;
  // A signal reaches the ranks at slightly different moments: one may have finished its tiles
  // before it came. Stopped anywhere means stopped everywhere (no rank goes on into the merge
  // alone); a rank that finished checkpoints its final state, so that the job resumes as one.
  if (any_rank(mpi, sweep.stopped)) {
    on_all_ranks(mpi, [&] {
      if (!sweep.stopped && sweep_options.checkpoint)
        sweep_options.checkpoint(finished_state(problem, sweep_options, sweep));
    });
    sweep.stopped = true;
  }
  if (sweep.stopped) {
    if (root)
      fmt::print(stderr, "coscan: stopped by a signal; checkpoint written to {}\n",
                 options.checkpoint);
    return kExitCheckpointed;
  }
  // [ranking]: each rank (or shard) judges the accelerators of its own blocks of the tile plan,
  // at the cost of the architectures' cost groups; rank 0 (or `coscan merge`) gets them all.
  std::optional<engine::RankingReducer> ranking_reducer =
      io::rank_share(study, problem, sweep_options, mpi);
  engine::merge_to_root(sweep, mpi);
  if (dataset)
    dataset->close(); // collective
  if (!root)
    return 0;

  const std::vector<engine::RankingResult> ranking =
      ranking_reducer && !shard ? ranking_reducer->finish() : std::vector<engine::RankingResult>{};
  io::RunReport report{study, problem, sweep, mpi.size(), out};
  report.ranking = &ranking;
  report.prune = prune;
  const std::vector<std::byte> shard_ranking =
      shard && ranking_reducer ? ranking_reducer->save() : std::vector<std::byte>{};
  if (shard && dataset)
    dataset->finish_shard(report, *shard, shard_ranking);
  else if (shard)
    io::write_shard_results(report, *shard, out, shard_ranking);
  else if (dataset)
    dataset->finish(report);
  else
    io::write_results(report, out);
  if (!options.summary.empty())
    io::write_summary(report, options.summary);
  if (!options.checkpoint.empty()) {
    io::AtomicFile mark(completion_mark(options.checkpoint, mark_rank, mark_ranks));
    mark.write(fmt::format("study_hash {}\n{}\n", io::study_hash(study), out.string()));
    mark.commit();
  }

  if (!quiet) {
    fmt::print("  evaluated {} pairs in {:.2f} s: {} pairs/s ({} rank{} x {} thread{}, {} "
               "kernel)\n",
               with_commas(sweep.pairs_evaluated), sweep.wall_s, si(report.pairs_per_s()),
               mpi.size(), mpi.size() == 1 ? "" : "s", sweep.threads, sweep.threads == 1 ? "" : "s",
               engine::to_string(engine::kernel_target()));
    if (sweep.pairs_computed < sweep.pairs_evaluated)
      fmt::print("  computed {} of them: the rest are provably dominated by, or equal to, a "
                 "computed pair\n",
                 with_commas(sweep.pairs_computed));
    if (prune.mode != io::PruneMode::none)
      fmt::print("  covered {} pairs ({} prune): {:.1f}x fewer evaluated\n",
                 with_commas(report.pairs_covered()), io::to_string(prune.mode),
                 static_cast<double>(report.pairs_covered()) /
                     static_cast<double>(std::max<std::uint64_t>(1, sweep.pairs_evaluated)));
    fmt::print("  Pareto set: {} pairs ({})\n", with_commas(sweep.pareto.front().size()),
               objectives_text(problem.objectives));
    for (const std::string &line : io::ranking_summary_lines(ranking))
      fmt::print("  {}\n", line);
    fmt::print("  results: {}\n", out.string());
  }
  return 0;
}

} // namespace

Action add_run_command(CLI::App &app, const engine::MpiSession &mpi) {
  auto *command = app.add_subcommand("run", "Sweep a study's pair space and write the results");
  auto options = std::make_shared<RunOptions>();
  options->source.add_options(*command);
  command->add_option("--out", options->out,
                      "Results file (HDF5); default: the study's [output] path");
  command->add_option("--summary", options->summary, "Also write a JSON summary here");
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  command->add_flag("--quiet", options->quiet, "Print nothing but errors");
  command->add_option("--checkpoint", options->checkpoint,
                      "Write checkpoints here (one file per rank); SIGTERM/SIGINT then write one "
                      "and exit with code 75");
  command
      ->add_option("--checkpoint-every", options->checkpoint_every,
                   "Seconds between checkpoints (default 60)")
      ->check(CLI::Validator(
          [](std::string &text) -> std::string {
            const double seconds = std::strtod(text.c_str(), nullptr);
            return std::isfinite(seconds) && seconds >= 0 && seconds <= 1e9
                       ? std::string()
                       : "expected seconds from 0 to 1e9, got " + text;
          },
          "SECONDS"));
  command->add_option("--resume", options->resume,
                      "Continue from this checkpoint (same study and number of ranks)");
  command->add_option("--shard", options->shard,
                      "Sweep only shard I of K (contiguous tile ranges; one process, no MPI); "
                      "combine the shards with `coscan merge`");
  return [options, &mpi] { return run(*options, mpi); };
}

} // namespace coscan::app
