// coscan verify: the exhaustive ground truth of a study, then its [verify] rules judged against
// it (and [ranking], if present); a readable table, the results file with /verify, a summary.
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "study_source.hpp"

#include <coscan/engine/rank_merge.hpp>
#include <coscan/engine/rank_progress.hpp>
#include <coscan/engine/sweep.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/io/ranking.hpp>
#include <coscan/io/run_report.hpp>
#include <coscan/io/verify.hpp>
#include <coscan/io/version.hpp>
#include <coscan/jobs/rank_agreement.hpp>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include <chrono>
#include <memory>
#include <optional>

namespace coscan::app {
namespace {

struct VerifyCommandOptions {
  StudySource source;
  std::string out;
  std::string summary;
  int threads = 0;
  bool quiet = false;
};

int verify(const VerifyCommandOptions &options, const engine::MpiSession &mpi) {
  // Every rank reads and checks the same inputs (a rank that fails alone stops all of them
  // with its message), sweeps its share of the tiles and runs its share of the passes; rank 0
  // prints and writes.
  const bool root = mpi.rank() == 0;
  const bool quiet = options.quiet || !root;
  std::optional<io::Study> loaded;
  std::optional<engine::Problem> built;
  std::filesystem::path out;
  jobs::on_all_ranks(mpi, [&] {
    loaded.emplace(options.source.load());
    out = options.out.empty() ? loaded->output_path : std::filesystem::path(options.out);
    io::check_writable(out, "--out");
    if (!options.summary.empty())
      io::check_writable(options.summary, "--summary");
    io::check_distinct_files({{"--out", out}, {"--summary", options.summary}},
                             io::study_inputs(*loaded));
    built.emplace(io::build_problem(*loaded));
    io::check_ranking(*loaded, *built);
    io::verify_options(*loaded, *built); // every [verify] input error before any work
  });
  const io::Study &study = *loaded;
  const engine::Problem &problem = *built;

  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0)
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(options.threads));
  if (!quiet)
    fmt::print("coscan {}: verify {}\n  {}: {} architectures x {} accelerators = {} pairs\n"
               "  accuracy {}\n",
               io::coscan_version(), study.file.string(), problem.archs->kind(),
               with_commas(problem.num_archs()), with_commas(problem.num_accels()),
               with_commas(problem.num_pairs()), problem.accuracy->source());

  engine::SweepOptions sweep_options;
  sweep_options.arch_block = study.engine.arch_block;
  sweep_options.accel_block = study.engine.accel_block;
  sweep_options.rank = mpi.rank();
  sweep_options.num_ranks = mpi.size();
  Progress progress(problem.num_pairs(), quiet);
  engine::RankProgress rank_progress(mpi, [&](std::uint64_t all) { progress.update(all); });
  sweep_options.progress = [&](std::uint64_t done) { rank_progress.update(done); };
  std::optional<engine::SweepResult> swept;
  const jobs::CaughtFailure failure =
      jobs::catch_failure([&] { swept.emplace(engine::run_sweep(problem, sweep_options)); });
  rank_progress.finish(swept ? swept->pairs_evaluated : 0);
  progress.finish();
  jobs::agree_on_failure(mpi, failure);
  engine::SweepResult &sweep = *swept;
  engine::merge_to_root(sweep, mpi);

  const auto start = std::chrono::steady_clock::now();
  const std::optional<engine::RankingReducer> reducer =
      io::rank_share(study, problem, sweep_options, mpi);
  const std::vector<engine::RankingResult> ranking =
      reducer && root ? reducer->finish() : std::vector<engine::RankingResult>{};
  const double ranking_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const engine::VerifyResult result = io::run_verify(study, problem, sweep, &mpi);
  if (!root)
    return 0;

  io::RunReport report{study, problem, sweep, mpi.size(), out};
  report.ranking = &ranking;
  report.verify = &result;
  io::write_results(report, out);
  if (!options.summary.empty())
    io::write_summary(report, options.summary);

  if (!quiet) {
    fmt::print("  ground truth: {} pairs in {:.2f} s ({} threads); Pareto set {} pairs\n",
               with_commas(sweep.pairs_evaluated), sweep.wall_s, sweep.threads,
               with_commas(sweep.pareto.front().size()));
    for (const std::string &line : io::ranking_summary_lines(ranking))
      fmt::print("  {}\n", line);
    if (!ranking.empty())
      fmt::print("  ranking took {:.2f} s\n", ranking_s);
    fmt::print(
        "  verify: constrained optima and true-front hypervolume {:.2f} s, rules {:.2f} s, proxy "
        "sweep {:.2f} s\n",
        result.ground_truth_s - sweep.wall_s, result.rules_s, result.proxy_sweep_s);
    for (const std::string &line : io::verify_table_lines(result))
      fmt::print("{}\n", line);
    fmt::print("results: {}\n", out.string());
  }
  return 0;
}

} // namespace

Action add_verify_command(CLI::App &app, const engine::MpiSession &mpi) {
  auto *command = app.add_subcommand(
      "verify", "Judge a study's [verify] reduced spaces against the exhaustive ground truth");
  auto options = std::make_shared<VerifyCommandOptions>();
  options->source.add_options(*command);
  command->add_option("--out", options->out,
                      "Results file (HDF5, with /verify); default: the study's [output] path");
  command->add_option("--summary", options->summary, "Also write a JSON summary here");
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  command->add_flag("--quiet", options->quiet, "Print nothing but errors");
  return [options, &mpi] { return verify(*options, mpi); };
}

} // namespace coscan::app
