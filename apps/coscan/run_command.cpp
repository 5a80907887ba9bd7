// coscan run: sweep a study's pair space and write the exact Pareto set. The run itself is
// jobs::run_study; this file holds the flags and what the run prints.
#include "accel_summary.hpp"
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "study_source.hpp"

#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/h5/version.hpp>
#include <coscan/jobs/run_study.hpp>
#include <coscan/jobs/stop_signals.hpp>
#include <coscan/study/prune.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace coscan::app {
namespace {

struct RunOptions {
  StudySource source;
  jobs::RunRequest request;
  bool quiet = false;
};

std::string objectives_text(const std::vector<engine::Objective> &objectives) {
  std::string text;
  for (const auto &o : objectives)
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", engine::to_string(o.metric),
                        o.sense == engine::Sense::maximize ? "max" : "min");
  return text;
}

/// The run's header and its progress line (rank 0; nothing with --quiet).
class RunPrinter : public ProgressPrinter {
public:
  using ProgressPrinter::ProgressPrinter;

  void planned(const study::Study &study, const engine::Problem &problem,
               const study::PruneReport &prune) override {
    if (quiet_)
      return;
    fmt::print("coscan {}: study {}\n  {}: {} architectures x {} accelerators = {} pairs{}\n"
               "  accelerators: {}\n  accuracy {}\n",
               h5::coscan_version(), study.file.string(), problem.archs->kind(),
               with_commas(prune.archs_covered), with_commas(problem.num_accels()),
               with_commas(prune.pairs_covered),
               study.enumeration.mode == study::EnumerationMode::sample
                   ? fmt::format(" (sampled, seed {})", study.enumeration.seed)
                   : "",
               accel_selection_text(*problem.accels), problem.accuracy->source());
    if (prune.mode != study::PruneMode::none)
      fmt::print("  pruned ({}): {} of {} architectures can be Pareto-optimal ({} count vectors): "
                 "{} pairs to sweep ({:.3f} s)\n",
                 study::to_string(prune.mode), with_commas(prune.archs_swept),
                 with_commas(prune.archs_covered), with_commas(prune.count_vectors),
                 with_commas(problem.num_pairs()), prune.seconds);
  }
};

void print_completed(const jobs::RunOutcome &run) {
  fmt::print("  evaluated {} pairs in {:.2f} s: {} pairs/s ({} rank{} x {} thread{}, {} "
             "kernel)\n",
             with_commas(run.pairs_evaluated), run.wall_s, si(run.pairs_per_s), run.ranks,
             run.ranks == 1 ? "" : "s", run.threads, run.threads == 1 ? "" : "s",
             engine::to_string(engine::kernel_target()));
  if (run.pairs_computed < run.pairs_evaluated)
    fmt::print("  computed {} of them: the rest are provably dominated by, or equal to, a "
               "computed pair\n",
               with_commas(run.pairs_computed));
  if (run.pareto_candidate_accels < run.num_accels)
    fmt::print("  swept {} of {} accelerators: each of the others loses to one of them on every "
               "architecture\n",
               with_commas(run.pareto_candidate_accels), with_commas(run.num_accels));
  if (run.prune != study::PruneMode::none)
    fmt::print("  covered {} pairs ({} prune): {:.1f}x fewer evaluated\n",
               with_commas(run.pairs_covered), study::to_string(run.prune),
               static_cast<double>(run.pairs_covered) /
                   static_cast<double>(std::max<std::uint64_t>(1, run.pairs_evaluated)));
  fmt::print("  Pareto set: {} pairs ({})\n", with_commas(run.pareto_pairs),
             objectives_text(run.objectives));
  for (const std::string &line : run.ranking_lines)
    fmt::print("  {}\n", line);
  fmt::print("  results: {}\n", run.results.string());
}

int run(const RunOptions &options, const engine::MpiSession &mpi) {
  const bool quiet = options.quiet || mpi.rank() != 0;
  jobs::RunRequest request = options.request;
  request.load_study = [&options] { return options.source.load(); };
  RunPrinter printer(quiet);
  const jobs::RunOutcome run = jobs::run_study(request, mpi, printer);
  switch (run.status) {
  case jobs::RunStatus::already_complete:
    if (!quiet)
      fmt::print("coscan: already complete: the run of checkpoint {} finished; results in {}\n",
                 request.resume, run.results.string());
    return 0;
  case jobs::RunStatus::stopped:
    if (mpi.rank() == 0)
      fmt::print(stderr, "coscan: stopped by a signal; checkpoint written to {}\n",
                 request.checkpoint);
    return jobs::kExitCheckpointed;
  case jobs::RunStatus::completed:
    if (!quiet)
      print_completed(run);
    return 0;
  }
  return 0;
}

} // namespace

Action add_run_command(CLI::App &app, const engine::MpiSession &mpi) {
  auto *command = app.add_subcommand("run", "Sweep a study's pair space and write the results");
  auto options = std::make_shared<RunOptions>();
  options->source.add_options(*command);
  add_output_options(*command, options->request, options->quiet,
                     "Results file (HDF5); default: the study's [output] path");
  command->add_option("--checkpoint", options->request.checkpoint,
                      "Write checkpoints here (one file per rank); SIGTERM/SIGINT then write one "
                      "and exit with code 75");
  command
      ->add_option("--checkpoint-every", options->request.checkpoint_every,
                   "Seconds between checkpoints (default 60)")
      ->check(CLI::Validator(
          [](std::string &text) -> std::string {
            const double seconds = std::strtod(text.c_str(), nullptr);
            return std::isfinite(seconds) && seconds >= 0 && seconds <= 1e9
                       ? std::string()
                       : "expected seconds from 0 to 1e9, got " + text;
          },
          "SECONDS"));
  command->add_option("--resume", options->request.resume,
                      "Continue from this checkpoint (same study and number of ranks)");
  command->add_option("--shard", options->request.shard,
                      "Sweep only shard I of K (contiguous tile ranges; one process, no MPI); "
                      "combine the shards with `coscan merge`");
  return [options, &mpi] { return run(*options, mpi); };
}

} // namespace coscan::app
