// The sbatch script for a coscan run: pure text generation.
#include <coscan/costmodel/error.hpp>
#include <coscan/io/checkpoint.hpp>
#include <coscan/jobs/slurm.hpp>

#include <fmt/format.h>

#include <regex>
#include <sstream>

namespace coscan::jobs {
namespace {

/// Single-quoted for the shell.
std::string quoted(const std::string &text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
std::string quoted(const std::filesystem::path &path) { return quoted(path.string()); }

/// A value of an #SBATCH directive: sbatch reads the line up to its end, splitting words at
/// blanks unless double-quoted, so a value with blanks is double-quoted (the characters that
/// would end or escape that quoting are refused before).
std::string directive_value(const std::string &text) {
  return text.find_first_of(" \t") == std::string::npos ? text : "\"" + text + "\"";
}

/// Refuses what cannot be written into the script safely: a control character in any value (a
/// newline would start a line of its own: a command, or the end of sbatch's directives), and
/// Slurm names or sizes outside their usual characters.
void check_values(const SlurmOptions &o) {
  const auto refuse = [](std::string_view option, const std::string &value, std::string_view why) {
    std::string shown;
    for (unsigned char c : value)
      shown += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, char(c));
    throw InputError(fmt::format("{} '{}': {}", option, shown, why));
  };
  const auto no_controls = [&](std::string_view option, const std::string &value) {
    for (unsigned char c : value)
      if (c < 0x20 || c == 0x7f)
        refuse(option, value,
               "control characters (a newline, a tab, ...) cannot go into a job "
               "script");
  };
  no_controls("the study file", o.study.string());
  no_controls("--coscan", o.coscan.string());
  no_controls("--checkpoint", o.checkpoint.string());
  no_controls("--out", o.out.string());
  no_controls("--summary", o.summary.string());
  no_controls("the job name (the study file's name)", o.job_name);
  static const std::regex name(R"(^[A-Za-z0-9._:+@,=-]+$)");
  if (!o.partition.empty() && !std::regex_match(o.partition, name))
    refuse("--partition", o.partition, "not a Slurm partition name (letters, digits, ._:+@,=-)");
  if (!o.account.empty() && !std::regex_match(o.account, name))
    refuse("--account", o.account, "not a Slurm account name (letters, digits, ._:+@,=-)");
  static const std::regex size(R"(^[0-9]+[KMGT]?$)");
  if (!o.mem.empty() && !std::regex_match(o.mem, size))
    refuse("--mem", o.mem, "expected a size such as 8000, 8000M or 8G");
  if (o.out.parent_path().string().find_first_of("\"\\") != std::string::npos)
    refuse("--out", o.out.string(),
           "a double quote or backslash in the results' folder cannot "
           "go into the job's #SBATCH --output line");
}

} // namespace

void check_time(std::string_view time) {
  static const std::regex pattern(R"(^([0-9]+-)?[0-9]{1,3}:[0-5][0-9]:[0-5][0-9]$)");
  if (!std::regex_match(std::string(time), pattern))
    throw InputError(fmt::format("--time '{}': expected HH:MM:SS or D-HH:MM:SS", time));
}

int ranks_of(const SlurmOptions &o) { return o.array > 0 ? 1 : o.nodes * o.ntasks_per_node; }

std::string merge_command(const SlurmOptions &o) {
  std::string shards;
  const std::filesystem::path dir = o.out.parent_path();
  for (int i = 0; i < o.array; ++i)
    shards += fmt::format(" {}", quoted(dir / fmt::format("shard-{}.h5", i)));
  return fmt::format("{} merge{} --out {} --summary {}", quoted(o.coscan), shards, quoted(o.out),
                     quoted(o.summary));
}

std::string sbatch_script(const SlurmOptions &o) {
  check_time(o.time);
  check_values(o);
  const std::filesystem::path dir = o.out.parent_path();
  const bool array = o.array > 0;
  static constexpr const char *resume_notice =
      "if [ ${#RESUME[@]} -gt 0 ]; then echo \"coscan: resuming from the checkpoint $CK\"; fi\n";
  std::ostringstream s;
  s << "#!/bin/bash\n";
  s << "#SBATCH --job-name=" << directive_value(o.job_name) << "\n";
  if (array) {
    s << "#SBATCH --array=0-" << o.array - 1 << "\n";
    s << "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n";
  } else {
    s << "#SBATCH --nodes=" << o.nodes << "\n";
    s << "#SBATCH --ntasks-per-node=" << o.ntasks_per_node << "\n";
  }
  if (o.cpus_per_task > 0)
    s << "#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n";
  s << "#SBATCH --time=" << o.time << "\n";
  if (!o.partition.empty())
    s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.account.empty())
    s << "#SBATCH --account=" << o.account << "\n";
  if (!o.mem.empty())
    s << "#SBATCH --mem=" << o.mem << "\n";
  s << "#SBATCH --requeue\n";
  // A requeued job reopens its log: append, so that the earlier attempts' lines stay.
  s << "#SBATCH --open-mode=append\n";
  s << "#SBATCH --signal=TERM@120\n";
  s << "#SBATCH --output="
    << directive_value((dir / (array ? "coscan-%A_%a.log" : "coscan-%j.log")).string()) << "\n";
  s << "# Generated by `coscan slurm script` (docs/slurm.md). 120 s before the time limit the\n"
       "# run gets SIGTERM, writes a checkpoint and exits with code 75; the job then requeues\n"
       "# itself and resumes from the checkpoint.\n";
  s << "# coscan-checkpoint: " << ranks_of(o) << " "
    << (array ? fmt::format("{} {}", o.array, o.checkpoint.string())
              : fmt::format("1 {}", o.checkpoint.string()))
    << "\n";
  s << "set -u\n";
  s << "COSCAN=" << quoted(o.coscan) << "\n";
  s << "STUDY=" << quoted(o.study) << "\n";
  s << "CK=" << quoted(o.checkpoint) << "\n";
  // Each run's threads: the task's CPUs (srun of Slurm 22.05 does not inherit --cpus-per-task
  // from the batch job, so it is given again).
  const std::string threads =
      o.cpus_per_task > 0 ? fmt::format(" --threads {}", o.cpus_per_task) : std::string();
  const std::string srun_cpus =
      o.cpus_per_task > 0 ? fmt::format(" --cpus-per-task={}", o.cpus_per_task) : std::string();
  if (array) {
    const int k = o.array;
    s << "I=$SLURM_ARRAY_TASK_ID\n";
    // run --shard I/K checkpoints to io::checkpoint_path(CK, I, K).
    s << (k == 1 ? "CK_FILE=\"$CK\"\n" : fmt::format("CK_FILE=\"$CK.rank${{I}}of{}\"\n", k));
    s << "RESUME=()\n";
    // A finished shard leaves CK_FILE.complete: its requeue then ends at once ("already
    // complete").
    s << "if [ -e \"$CK_FILE\" ] || [ -e \"$CK_FILE.complete\" ]; then RESUME=(--resume \"$CK\"); "
         "fi\n";
    s << resume_notice;
    s << "\"$COSCAN\" run \"$STUDY\" --shard \"$I/" << k << "\"" << threads
      << " --checkpoint \"$CK\" "
      << "\"${RESUME[@]}\" --out " << quoted(dir) << "/shard-\"$I\".h5 --quiet\n";
  } else {
    const int ranks = ranks_of(o);
    s << "RESUME=()\n";
    const std::string first = quoted(io::checkpoint_path(o.checkpoint, 0, ranks));
    const std::string mark =
        quoted(io::checkpoint_path(o.checkpoint, 0, ranks).string() + ".complete");
    s << "if [ -e " << first << " ] || [ -e " << mark << " ]; then RESUME=(--resume \"$CK\"); fi\n";
    s << resume_notice;
    s << "srun --mpi=pmix" << srun_cpus << " \"$COSCAN\" run \"$STUDY\"" << threads
      << " --checkpoint \"$CK\" \"${RESUME[@]}\" --out " << quoted(o.out) << " --summary "
      << quoted(o.summary) << " --quiet\n";
  }
  s << "status=$?\n";
  s << "if [ \"$status\" -eq 75 ]; then\n"
       "  echo \"coscan: checkpointed before the time limit; requeueing\"\n"
       "  scontrol requeue \"$SLURM_JOB_ID\"\n"
       "fi\n";
  if (array)
    s << "if [ \"$status\" -eq 0 ]; then\n"
         "  echo \"coscan: shard $I done; when all "
      << o.array << " are, merge them with:\"\n  echo " << quoted(merge_command(o)) << "\nfi\n";
  s << "exit \"$status\"\n";
  return s.str();
}

std::optional<ScriptCheckpoint> script_checkpoint(std::string_view text) {
  static const std::regex line(R"(# coscan-checkpoint: ([0-9]+) ([0-9]+) (.+))");
  std::smatch m;
  const std::string t(text);
  if (!std::regex_search(t, m, line))
    return std::nullopt;
  // RANKS PARTS PATH: an MPI job has RANKS rank files; an array has PARTS shard files.
  ScriptCheckpoint c;
  c.ranks = std::max(std::stoi(m[1].str()), std::stoi(m[2].str()));
  c.base = m[3].str();
  return c;
}

} // namespace coscan::jobs
