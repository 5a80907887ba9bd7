#pragma once
// The driver behind `coscan verify`: a study's exhaustive ground truth swept on this process's
// MPI ranks, its [ranking] and [verify] analyses, and the results file with /verify, written
// whole or not at all. The program only parses flags and prints what this reports.
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/jobs/run_study.hpp>
#include <coscan/study/study.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace coscan::jobs {

/// A verification needs nothing beyond the study and its outputs.
using VerifyRequest = StudyRequest;

/// On rank 0, what the verification found, as the program prints it.
struct VerifyOutcome {
  std::filesystem::path results;
  std::uint64_t pairs_evaluated = 0;
  double sweep_s = 0; ///< the ground truth's sweep
  int threads = 1;
  std::uint64_t pareto_pairs = 0;
  std::vector<std::string> ranking_lines; ///< the [ranking] summary; empty without [ranking]
  double ranking_s = 0;
  /// Seconds of the constrained optima and the true front's hypervolume, the rules, and the
  /// proxy sweep.
  double optima_s = 0, rules_s = 0, proxy_sweep_s = 0;
  std::vector<std::string> table_lines; ///< the verify table
};

/// Runs the verification. Collective over the session's ranks; input errors throw
/// coscan::InputError on every rank before any work. The observer's planned() is called with
/// an unpruned PruneReport (verify never prunes).
VerifyOutcome verify_study(const VerifyRequest &request, const engine::MpiSession &mpi,
                           RunObserver &observer);

} // namespace coscan::jobs
