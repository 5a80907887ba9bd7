// coscan run: sweep a study's pair space and write the exact Pareto set.
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "study_source.hpp"

#include <coscan/engine/sweep.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/io/run_report.hpp>
#include <coscan/io/version.hpp>

#include <fmt/format.h>
#include <tbb/global_control.h>

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
};

std::string objectives_text(const std::vector<engine::Objective> &objectives) {
  std::string text;
  for (const auto &o : objectives)
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", engine::to_string(o.metric),
                        o.sense == engine::Sense::maximize ? "max" : "min");
  return text;
}

int run(const RunOptions &options) {
  const io::Study study = options.source.load();
  const std::filesystem::path out =
      options.out.empty() ? study.output_path : std::filesystem::path(options.out);
  io::check_writable(out, "--out");
  if (!options.summary.empty())
    io::check_writable(options.summary, "--summary");
  const engine::Problem problem = io::build_problem(study);

  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0)
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(options.threads));

  if (!options.quiet)
    fmt::print("coscan {}: study {}\n  {} x {} accelerators = {} pairs; accuracy {}\n",
               io::coscan_version(), study.file.string(), problem.archs->kind(),
               with_commas(problem.accels->size()), with_commas(problem.num_pairs()),
               problem.accuracy->source());

  Progress progress(problem.num_pairs(), options.quiet);
  engine::SweepOptions sweep_options;
  sweep_options.arch_block = study.engine.arch_block;
  sweep_options.accel_block = study.engine.accel_block;
  sweep_options.progress = [&](std::uint64_t done) { progress.update(done); };
  const engine::SweepResult sweep = engine::run_sweep(problem, sweep_options);
  progress.finish();

  const io::RunReport report{study, problem, sweep, 1, out};
  io::write_results(report, out);
  if (!options.summary.empty())
    io::write_summary(report, options.summary);

  if (!options.quiet) {
    fmt::print("  evaluated {} pairs in {:.2f} s: {} pairs/s ({} threads)\n",
               with_commas(sweep.pairs_evaluated), sweep.wall_s, si(report.pairs_per_s()),
               sweep.threads);
    fmt::print("  Pareto set: {} pairs ({})\n", with_commas(sweep.pareto.front().size()),
               objectives_text(problem.objectives));
    fmt::print("  results: {}\n", out.string());
  }
  return 0;
}

} // namespace

Action add_run_command(CLI::App &app) {
  auto *command = app.add_subcommand("run", "Sweep a study's pair space and write the results");
  auto options = std::make_shared<RunOptions>();
  options->source.add_options(*command);
  command->add_option("--out", options->out,
                      "Results file (HDF5); default: the study's [output] path");
  command->add_option("--summary", options->summary, "Also write a JSON summary here");
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  command->add_flag("--quiet", options->quiet, "Print nothing but errors");
  return [options] { return run(*options); };
}

} // namespace coscan::app
