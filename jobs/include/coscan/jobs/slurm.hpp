#pragma once
// Slurm batch jobs for coscan runs: the sbatch script (a pure function of the options) and
// calls to sbatch / squeue. docs/slurm.md describes the scripts.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::jobs {

struct SlurmOptions {
  std::filesystem::path study;  ///< the study file (absolute)
  std::filesystem::path coscan; ///< the coscan binary (absolute)
  int nodes = 1;
  int ntasks_per_node = 1;
  int cpus_per_task = 0; ///< 0: not given (Slurm's default, one); else also each run's --threads
  std::string time;      ///< HH:MM:SS (or D-HH:MM:SS)
  std::string partition, account, mem; ///< empty: not given
  int array = 0;                       ///< 0: one MPI job; K > 0: a job array of K shards
  std::filesystem::path checkpoint;    ///< absolute
  std::filesystem::path out;           ///< results file (absolute)
  std::filesystem::path summary;       ///< JSON summary (absolute)
  std::string job_name;
};

/// Throws coscan::InputError unless `time` is [D-]HH:MM:SS.
void check_time(std::string_view time);

/// The job's MPI ranks (nodes x tasks per node), or 1 per array task.
int ranks_of(const SlurmOptions &options);

/// The sbatch script. It records the checkpoint and rank layout in a comment line
/// `# coscan-checkpoint: RANKS PATH` for `coscan slurm status`.
std::string sbatch_script(const SlurmOptions &options);

/// The command to run after every task of a job array has finished.
std::string merge_command(const SlurmOptions &options);

/// The sbatch script of that merge: one task, the array's time, partition, account and memory,
/// its log `coscan-merge-JOBID.log` beside the results. `coscan slurm submit --array K` submits
/// it to start when every task of the array finished with success (--dependency=afterok).
std::string merge_script(const SlurmOptions &options);

/// What `coscan slurm status` needs from a script: the checkpoint's rank files.
struct ScriptCheckpoint {
  int ranks = 1;
  std::filesystem::path base;
};
std::optional<ScriptCheckpoint> script_checkpoint(std::string_view script_text);

/// `program` found in the colon-separated `path` list (an executable regular file), or none.
std::optional<std::filesystem::path> find_program(std::string_view program, std::string_view path);

struct ProgramResult {
  int exit_code = -1;
  std::string out, err;
};
/// Runs the program (argv[0] a path) and captures its output.
ProgramResult run_program(const std::vector<std::string> &argv);

/// Submits the script with `sbatch --parsable` and returns the job id; with `after`, to start
/// once job `after` (every task of it) finished with success. Throws coscan::InputError when
/// sbatch is not on PATH or refuses (its message, one line).
std::string submit(const std::filesystem::path &script, const std::string &after = "");

/// The job's state, "ID STATE" per task (e.g. "42 RUNNING"): from squeue while it is queued or
/// running, then from scontrol while slurmctld remembers it (e.g. "42 COMPLETED"), else "not
/// in the queue (finished or unknown)". Throws coscan::InputError when squeue is not on PATH.
std::string job_state(const std::string &job_id);

/// The batch script's path as slurmctld recorded it (scontrol show job), or none.
std::optional<std::filesystem::path> job_script_path(const std::string &job_id);

} // namespace coscan::jobs
