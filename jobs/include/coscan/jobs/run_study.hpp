#pragma once
// The run driver behind `coscan run`: one study swept on this process's MPI ranks (or as one
// shard of it), with checkpoints, resumes, dataset tables, the ranking and the results file,
// each written whole or not at all. The program only parses flags and prints what this
// reports; a test calls it in process.
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/study/prune.hpp>
#include <coscan/study/study.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace coscan::jobs {

/// What every study driver (run_study, verify_study) is given.
struct StudyRequest {
  /// Reads the study; every rank calls it, and any rank may fail alone (coscan::InputError).
  std::function<study::Study()> load_study;
  std::string out;     ///< the results file; empty: the study's [output] path
  std::string summary; ///< a JSON summary too, or empty
  int threads = 0;     ///< worker threads; 0: all cores
};

struct RunRequest : StudyRequest {
  std::string checkpoint;       ///< checkpoints here (one file per rank or shard), or empty
  double checkpoint_every = 60; ///< seconds between checkpoints
  std::string resume;           ///< continue from this checkpoint, or empty
  std::string shard;            ///< "I/K": sweep only shard I of K (one process); or empty
  /// Polled by a checkpointed sweep between waves: true checkpoints and stops the run. Empty:
  /// SIGTERM or SIGINT (the handlers are installed when the run checkpoints).
  std::function<bool()> stop_requested;
};

/// What a run shows while it runs, called on rank 0 only (the program prints it).
class RunObserver {
public:
  virtual ~RunObserver() = default;
  /// The inputs are read and checked; the sweep starts next.
  virtual void planned(const study::Study &, const engine::Problem &, const study::PruneReport &) {}
  /// The sweep's pairs of this rank's share (all ranks' for an MPI run), then the pairs done.
  virtual void progress_begin(std::uint64_t /*total*/) {}
  virtual void progress(std::uint64_t /*done*/) {}
  virtual void progress_end() {}
};

enum class RunStatus {
  completed,        ///< the results (or the shard's) are written
  already_complete, ///< --resume named a checkpoint whose run had finished: nothing was done
  stopped,          ///< stopped on request after writing a checkpoint (resume from it)
};

/// How the run ended and, on rank 0 of a completed run, its figures.
struct RunOutcome {
  RunStatus status = RunStatus::completed;
  std::filesystem::path results; ///< the results file (already_complete: the earlier run's)
  int ranks = 1, threads = 1;
  std::uint64_t pairs_evaluated = 0;
  std::uint64_t pairs_computed = 0; ///< the rest are provably dominated by or equal to these
  std::uint64_t pairs_covered = 0;  ///< with pruning: the pairs the evaluated ones stand for
  std::uint64_t num_accels = 0;     ///< of the swept list
  std::uint64_t pareto_candidate_accels = 0; ///< those that can be Pareto-optimal
  double wall_s = 0;
  double pairs_per_s = 0;
  study::PruneMode prune = study::PruneMode::none;
  std::uint64_t pareto_pairs = 0;
  std::vector<engine::Objective> objectives;
  std::vector<std::string> ranking_lines; ///< the [ranking] summary, one line each
};

/// Runs the study. Collective over the session's ranks; input errors throw coscan::InputError
/// on every rank (exit 2), a failed write coscan::OutputError or a RankFailure
/// (coscan/jobs/rank_agreement.hpp).
RunOutcome run_study(const RunRequest &request, const engine::MpiSession &mpi,
                     RunObserver &observer);

} // namespace coscan::jobs
