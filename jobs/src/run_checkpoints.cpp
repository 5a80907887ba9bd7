#include "run_checkpoints.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/jobs/stop_signals.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <system_error>

namespace coscan::jobs::detail {
namespace {

/// The checkpoint file of this run given as `base` on the command line: a shard's own (the
/// shards of an array share the path given), or the path itself.
std::filesystem::path own_checkpoint(const std::string &base,
                                     const std::optional<h5::ShardId> &shard) {
  return shard ? h5::checkpoint_path(base, shard->index, shard->count)
               : std::filesystem::path(base);
}

} // namespace

void set_up_checkpoints(const RunRequest &request, const study::Study &study,
                        engine::SweepOptions &sweep, std::optional<engine::SweepState> &resumed,
                        h5::DatasetFile *dataset) {
  const h5::CheckpointIdentity identity{h5::study_hash(study), sweep.rank, sweep.num_ranks,
                                        dataset ? dataset->resume_id() : 0};
  if (!request.resume.empty()) {
    resumed = h5::read_checkpoint(h5::checkpoint_path(request.resume, sweep.rank, sweep.num_ranks),
                                  identity);
    sweep.resume = &*resumed;
  }
  if (request.checkpoint.empty())
    return;
  const std::filesystem::path file =
      h5::checkpoint_path(request.checkpoint, sweep.rank, sweep.num_ranks);
  tables::check_writable(file, "--checkpoint");
  auto last =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  const double every = request.checkpoint_every;
  sweep.checkpoint_due = [last, every] {
    return std::chrono::steady_clock::now() - *last >= std::chrono::duration<double>(every);
  };
  // Without a request's own test, SIGTERM and SIGINT (their handlers are installed by
  // run_study as the run starts).
  sweep.stop_requested = request.stop_requested
                             ? request.stop_requested
                             : std::function<bool()>([] { return stop_requested(); });
  sweep.checkpoint = [file, identity, last, dataset](const engine::SweepState &state) {
    if (dataset) // every tile this checkpoint lists as done is in the file
      dataset->flush();
    h5::write_checkpoint(file, identity, state);
    *last = std::chrono::steady_clock::now();
  };
}

std::optional<h5::ResumableDataset> resumable_dataset(const RunRequest &request,
                                                      const study::Study &study,
                                                      const std::optional<h5::ShardId> &shard) {
  if (!study.dataset.enabled || (request.checkpoint.empty() && request.resume.empty()))
    return std::nullopt;
  const std::string &base = request.checkpoint.empty() ? request.resume : request.checkpoint;
  return h5::ResumableDataset{h5::resumable_dataset_path(own_checkpoint(base, shard)),
                              !request.resume.empty()};
}

void adopt_resumed_dataset(const RunRequest &request, const h5::ResumableDataset &tables,
                           const std::optional<h5::ShardId> &shard, bool root) {
  const std::filesystem::path from =
      h5::resumable_dataset_path(own_checkpoint(request.resume, shard));
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
                                 request.checkpoint, from.string(), ec.message()));
}

// An MPI run's checkpoints are locked by the path given, whatever the number of ranks (they
// share the dataset tables and results), a shard's by its own file (the shards of an array
// share the path given). A --resume of another checkpoint is locked too when its dataset tables
// are taken over (written or moved).
std::vector<std::unique_ptr<jobs::RunLock>>
lock_checkpoints(const RunRequest &request, const study::Study &study,
                 const std::optional<h5::ShardId> &shard, bool root) {
  std::vector<std::unique_ptr<jobs::RunLock>> locks;
  const auto lock = [&](const std::string &base, const char *what) {
    locks.push_back(std::make_unique<jobs::RunLock>(own_checkpoint(base, shard), what));
  };
  if (!root)
    return locks;
  if (!request.checkpoint.empty())
    lock(request.checkpoint, "--checkpoint");
  std::error_code ec; // a missing --resume file is reported by its reader
  if (!request.resume.empty() && request.resume != request.checkpoint && study.dataset.enabled &&
      std::filesystem::exists(request.resume, ec))
    lock(request.resume, "--resume");
  return locks;
}

std::filesystem::path completion_mark(const std::filesystem::path &base, int rank, int num_ranks) {
  std::filesystem::path mark = h5::checkpoint_path(base, rank, num_ranks);
  mark += ".complete";
  return mark;
}

std::optional<std::string> completed_results(const std::filesystem::path &mark,
                                             const study::Study &study) {
  std::ifstream in(mark);
  std::string hash, results;
  if (!in || !std::getline(in, hash) || !std::getline(in, results) ||
      hash != fmt::format("study_hash {}", h5::study_hash(study)))
    return std::nullopt;
  return results;
}

void write_completion_mark(const std::filesystem::path &mark, const study::Study &study,
                           const std::filesystem::path &results) {
  tables::AtomicFile file(mark);
  file.write(fmt::format("study_hash {}\n{}\n", h5::study_hash(study), results.string()));
  file.commit();
}

engine::SweepState finished_state(const engine::SweepResult &sweep) {
  // The representatives' front (before their ties were added), as the sweep's checkpoints hold.
  return {sweep.tile_range.last,
          sweep.state_front.empty() ? sweep.pareto.front().save() : sweep.state_front,
          sweep.pairs_evaluated,
          sweep.wall_s,
          sweep.timings,
          sweep.pairs_computed};
}

} // namespace coscan::jobs::detail
