// coscan run: sweep a study's pair space and write the exact Pareto set.
#include "accel_summary.hpp"
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "stop_signals.hpp"
#include "study_source.hpp"

#include <coscan/engine/rank_merge.hpp>
#include <coscan/engine/rank_progress.hpp>
#include <coscan/engine/sweep.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/checkpoint.hpp>
#include <coscan/io/dataset_file.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/io/prune.hpp>
#include <coscan/io/ranking.hpp>
#include <coscan/io/run_report.hpp>
#include <coscan/io/shard_state.hpp>
#include <coscan/io/version.hpp>

#include <fmt/format.h>
#include <mpi.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

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
/// signals.
void set_up_checkpoints(const RunOptions &options, const io::Study &study,
                        engine::SweepOptions &sweep, std::optional<engine::SweepState> &resumed) {
  const io::CheckpointIdentity identity{io::study_hash(study), sweep.rank, sweep.num_ranks};
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
  sweep.checkpoint = [file, identity, last](const engine::SweepState &state) {
    io::write_checkpoint(file, identity, state);
    *last = std::chrono::steady_clock::now();
  };
}

/// Runs `step` on every rank; an InputError on some ranks only (a rank's checkpoint file missing
/// or corrupt) becomes the same InputError on all of them, the lowest failing rank's message, so
/// no rank goes on into the sweep's collectives while another has stopped.
void on_all_ranks(const engine::MpiSession &mpi, const std::function<void()> &step) {
  std::string error;
  try {
    step();
  } catch (const InputError &e) {
    error = e.what();
  }
  if (!mpi.active() || mpi.size() < 2) {
    if (!error.empty())
      throw InputError(error);
    return;
  }
  int mine = error.empty() ? mpi.size() : mpi.rank(), first = 0;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == mpi.size())
    return;
  int length = static_cast<int>(error.size());
  MPI_Bcast(&length, 1, MPI_INT, first, MPI_COMM_WORLD);
  error.resize(static_cast<std::size_t>(length));
  MPI_Bcast(error.data(), length, MPI_CHAR, first, MPI_COMM_WORLD);
  throw InputError(error);
}

std::string objectives_text(const std::vector<engine::Objective> &objectives) {
  std::string text;
  for (const auto &o : objectives)
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", engine::to_string(o.metric),
                        o.sense == engine::Sense::maximize ? "max" : "min");
  return text;
}

int run(const RunOptions &options, const engine::MpiSession &mpi) {
  // Every rank reads and checks the same inputs, so bad input fails on all ranks alike; only
  // rank 0 prints and writes.
  const bool root = mpi.rank() == 0;
  const bool quiet = options.quiet || !root;
  std::optional<io::ShardId> shard;
  if (!options.shard.empty()) {
    shard = io::parse_shard(options.shard);
    if (mpi.size() > 1)
      throw InputError("--shard runs on one MPI rank (shards replace ranks); drop --shard or the "
                       "MPI launcher");
  }
  const io::Study study = options.source.load();
  const std::filesystem::path out =
      options.out.empty() ? study.output_path : std::filesystem::path(options.out);
  io::check_writable(out, "--out");
  if (!options.summary.empty())
    io::check_writable(options.summary, "--summary");
  engine::Problem built = io::build_problem(study);
  io::check_ranking(study, built); // [ranking] input errors before the sweep, on every rank
  io::check_dataset_size(study, built);
  if (study.dataset.enabled && (shard || !options.checkpoint.empty() || !options.resume.empty()))
    throw InputError(fmt::format("{}: key 'output.dataset': the tables are written while sweeping, "
                                 "so dataset = true cannot be combined with --shard, "
                                 "--checkpoint or --resume",
                                 study.file.string()));
  const io::PruneReport prune = io::prune_problem(study, built);
  const engine::Problem &problem = built;

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
               study.enumeration.mode == "sample"
                   ? fmt::format(" (sampled, seed {})", study.enumeration.seed)
                   : "",
               accel_selection_text(*problem.accels), problem.accuracy->source());
  if (!quiet && prune.mode != "none")
    fmt::print("  pruned ({}): {} of {} architectures can be Pareto-optimal ({} count vectors): "
               "{} pairs to sweep ({:.3f} s)\n",
               prune.mode, with_commas(prune.archs_swept), with_commas(prune.archs_covered),
               with_commas(prune.count_vectors), with_commas(problem.num_pairs()), prune.seconds);

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
  std::optional<engine::SweepState> resumed;
  on_all_ranks(mpi, [&] { set_up_checkpoints(options, study, sweep_options, resumed); });
  std::optional<io::DatasetFile> dataset; // [output] dataset: every rank writes its tiles
  if (study.dataset.enabled) {
    dataset.emplace(out, problem, study.engine.arch_block, study.engine.accel_block, mpi);
    sweep_options.tile_sink = [&dataset](std::uint64_t arch, std::uint64_t accel,
                                         const engine::TileMetrics &tile) {
      dataset->write_tile(arch, accel, tile);
    };
    sweep_options.pair_sink = [&dataset](std::uint64_t first, const engine::PairTile &tile) {
      dataset->write_pairs(first, tile);
    };
  }
  engine::SweepResult sweep = engine::run_sweep(problem, sweep_options);
  rank_progress.finish(sweep.pairs_evaluated - (resumed ? resumed->pairs_evaluated : 0));
  progress.finish();
  if (sweep.stopped) {
    if (root)
      fmt::print(stderr, "coscan: stopped by a signal; checkpoint written to {}\n",
                 options.checkpoint);
    return kExitCheckpointed;
  }
  engine::merge_to_root(sweep, mpi);
  if (dataset)
    dataset->close(); // collective
  if (!root)
    return 0;

  // [ranking] runs on rank 0 after the sweep (not in a --shard run; see docs/study.md).
  const std::vector<engine::RankingResult> ranking =
      shard ? std::vector<engine::RankingResult>{} : io::run_ranking(study, problem);
  io::RunReport report{study, problem, sweep, mpi.size(), out};
  report.ranking = &ranking;
  report.prune = prune;
  if (shard)
    io::write_shard_results(report, *shard, out);
  else if (dataset)
    dataset->finish(report);
  else
    io::write_results(report, out);
  if (!options.summary.empty())
    io::write_summary(report, options.summary);

  if (!quiet) {
    fmt::print("  evaluated {} pairs in {:.2f} s: {} pairs/s ({} rank{} x {} thread{})\n",
               with_commas(sweep.pairs_evaluated), sweep.wall_s, si(report.pairs_per_s()),
               mpi.size(), mpi.size() == 1 ? "" : "s", sweep.threads,
               sweep.threads == 1 ? "" : "s");
    if (prune.mode != "none")
      fmt::print("  covered {} pairs ({} prune): {:.1f}x fewer evaluated\n",
                 with_commas(report.pairs_covered()), prune.mode,
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
      ->check(CLI::Range(0.0, 1e9));
  command->add_option("--resume", options->resume,
                      "Continue from this checkpoint (same study and number of ranks)");
  command->add_option("--shard", options->shard,
                      "Sweep only shard I of K (contiguous tile ranges; one process, no MPI); "
                      "combine the shards with `coscan merge`");
  return [options, &mpi] { return run(*options, mpi); };
}

} // namespace coscan::app
