#pragma once
// The checkpoint side of a run (--checkpoint, --resume): each rank's or shard's checkpoint
// file, the dataset tables that outlive an interruption, the locks that keep two runs off one
// checkpoint, and the mark a finished run leaves so that a requeue of it does nothing.
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/h5/dataset_file.hpp>
#include <coscan/h5/shard_state.hpp>
#include <coscan/jobs/run_lock.hpp>
#include <coscan/jobs/run_study.hpp>
#include <coscan/study/study.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coscan::jobs::detail {

/// Wires --checkpoint / --resume into the sweep: this rank's (or shard's) file, the period, the
/// stop request; with dataset tables, their id in the checkpoints and a flush before each.
void set_up_checkpoints(const RunRequest &request, const study::Study &study,
                        engine::SweepOptions &sweep, std::optional<engine::SweepState> &resumed,
                        h5::DatasetFile *dataset);

/// The resumable dataset tables of a checkpointed run: `<checkpoint>.dataset.h5` (or the
/// resumed checkpoint's, when there is no --checkpoint), of the shard's own checkpoint.
std::optional<h5::ResumableDataset> resumable_dataset(const RunRequest &request,
                                                      const study::Study &study,
                                                      const std::optional<h5::ShardId> &shard);

/// Resuming FILE into another --checkpoint: rank 0 moves FILE's tables to the new checkpoint's
/// name, which later resumes will look for.
void adopt_resumed_dataset(const RunRequest &request, const h5::ResumableDataset &tables,
                           const std::optional<h5::ShardId> &shard, bool root);

/// The checkpoints this run writes, locked for its life by rank 0 (or the shard).
std::vector<std::unique_ptr<jobs::RunLock>>
lock_checkpoints(const RunRequest &request, const study::Study &study,
                 const std::optional<h5::ShardId> &shard, bool root);

/// The mark a finished checkpointed run leaves beside its checkpoints (its rank 0's, or its
/// shard's): a later --resume of them (a requeue of a finished job) is then a finished run.
std::filesystem::path completion_mark(const std::filesystem::path &base, int rank, int num_ranks);

/// The results file a completion mark names, if it is of this study.
std::optional<std::string> completed_results(const std::filesystem::path &mark,
                                             const study::Study &study);

/// Writes the completion mark (whole or not at all).
void write_completion_mark(const std::filesystem::path &mark, const study::Study &study,
                           const std::filesystem::path &results);

/// The checkpoint of a rank whose tiles are all done.
engine::SweepState finished_state(const engine::SweepResult &sweep);

} // namespace coscan::jobs::detail
