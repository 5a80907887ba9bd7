// coscan verify: the exhaustive ground truth of a study, then its [verify] rules judged against
// it (and [ranking], if present); a readable table, the results file with /verify, a summary.
// The verification itself is jobs::verify_study; this file holds the flags and what it prints.
#include "commands.hpp"
#include "format.hpp"
#include "progress.hpp"
#include "study_source.hpp"

#include <coscan/h5/version.hpp>
#include <coscan/jobs/verify_study.hpp>

#include <fmt/format.h>

#include <memory>
#include <optional>

namespace coscan::app {
namespace {

struct VerifyCommandOptions {
  StudySource source;
  jobs::VerifyRequest request;
  bool quiet = false;
};

/// The verification's header and its progress line (rank 0; nothing with --quiet).
class VerifyPrinter : public ProgressPrinter {
public:
  using ProgressPrinter::ProgressPrinter;

  void planned(const study::Study &study, const engine::Problem &problem,
               const study::PruneReport &) override {
    if (!quiet_)
      fmt::print("coscan {}: verify {}\n  {}: {} architectures x {} accelerators = {} pairs\n"
                 "  accuracy {}\n",
                 h5::coscan_version(), study.file.string(), problem.archs->kind(),
                 with_commas(problem.num_archs()), with_commas(problem.num_accels()),
                 with_commas(problem.num_pairs()), problem.accuracy->source());
  }
};

int verify(const VerifyCommandOptions &options, const engine::MpiSession &mpi) {
  const bool quiet = options.quiet || mpi.rank() != 0;
  jobs::VerifyRequest request = options.request;
  request.load_study = [&options] { return options.source.load(); };
  VerifyPrinter printer(quiet);
  const jobs::VerifyOutcome v = jobs::verify_study(request, mpi, printer);
  if (quiet)
    return 0;
  fmt::print("  ground truth: {} pairs in {:.2f} s ({} threads); Pareto set {} pairs\n",
             with_commas(v.pairs_evaluated), v.sweep_s, v.threads, with_commas(v.pareto_pairs));
  for (const std::string &line : v.ranking_lines)
    fmt::print("  {}\n", line);
  if (!v.ranking_lines.empty())
    fmt::print("  ranking took {:.2f} s\n", v.ranking_s);
  fmt::print("  verify: constrained optima and true-front hypervolume {:.2f} s, rules {:.2f} s, "
             "proxy sweep {:.2f} s\n",
             v.optima_s, v.rules_s, v.proxy_sweep_s);
  for (const std::string &line : v.table_lines)
    fmt::print("{}\n", line);
  fmt::print("results: {}\n", v.results.string());
  return 0;
}

} // namespace

Action add_verify_command(CLI::App &app, const engine::MpiSession &mpi) {
  auto *command = app.add_subcommand(
      "verify", "Judge a study's [verify] reduced spaces against the exhaustive ground truth");
  auto options = std::make_shared<VerifyCommandOptions>();
  options->source.add_options(*command);
  add_output_options(*command, options->request, options->quiet,
                     "Results file (HDF5, with /verify); default: the study's [output] path");
  return [options, &mpi] { return verify(*options, mpi); };
}

} // namespace coscan::app
