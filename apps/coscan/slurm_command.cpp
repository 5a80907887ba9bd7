// coscan slurm script|submit|status: sbatch scripts for coscan runs (docs/slurm.md).
#include "commands.hpp"
#include "format.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/jobs/slurm.hpp>
#include <coscan/study/study.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <cctype>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace coscan::app {
namespace {

struct ScriptArgs {
  std::string study, time, partition, account, mem, checkpoint, coscan, out, summary, script;
  int nodes = 1, ntasks_per_node = 1, cpus_per_task = 0, array = 0;
};

void add_script_options(CLI::App &c, ScriptArgs &a, bool submit) {
  c.add_option("STUDY", a.study, "The study file (TOML)")->required();
  c.add_option("--nodes", a.nodes, "Nodes (default 1)")->check(CLI::Range(1, 1 << 20));
  c.add_option("--ntasks-per-node", a.ntasks_per_node, "MPI ranks per node (default 1)")
      ->check(CLI::Range(1, 1 << 16));
  c.add_option("--cpus-per-task", a.cpus_per_task,
               "CPUs per rank (or per shard), used as its --threads (default: Slurm's, one)")
      ->check(CLI::Range(1, 1 << 16));
  c.add_option("--time", a.time, "Time limit, HH:MM:SS")->required();
  c.add_option("--partition", a.partition, "Slurm partition");
  c.add_option("--account", a.account, "Slurm account");
  c.add_option("--mem", a.mem, "Memory per node (sbatch --mem, e.g. 8G)");
  c.add_option("--array", a.array, "A job array of K shards (one task each, no MPI)")
      ->check(CLI::Range(1, 100000));
  c.add_option("--checkpoint", a.checkpoint, "Checkpoint base path (default: OUT.ckpt)");
  c.add_option("--coscan", a.coscan, "The coscan binary the job runs (default: this one)");
  c.add_option("--out", a.out, "Results file (default: the study's [output] path)");
  c.add_option("--summary", a.summary, "JSON summary (default: OUT with .json)");
  if (submit)
    c.add_option("--script", a.script, "Where to write the script (default: next to the study)");
}

/// The job's options; `study` is a.study, loaded (and so checked) before any job exists.
jobs::SlurmOptions slurm_options(const ScriptArgs &a, const study::Study &study) {
  jobs::check_time(a.time);
  jobs::SlurmOptions o;
  o.study = std::filesystem::absolute(a.study).lexically_normal();
  o.coscan = a.coscan.empty() ? std::filesystem::read_symlink("/proc/self/exe")
                              : std::filesystem::absolute(a.coscan).lexically_normal();
  o.nodes = a.nodes;
  o.ntasks_per_node = a.ntasks_per_node;
  o.cpus_per_task = a.cpus_per_task;
  o.time = a.time;
  o.partition = a.partition;
  o.account = a.account;
  o.mem = a.mem;
  o.array = a.array;
  o.out =
      std::filesystem::absolute(a.out.empty() ? study.output_path : std::filesystem::path(a.out))
          .lexically_normal();
  if (a.summary.empty()) {
    o.summary = o.out;
    o.summary.replace_extension(".json");
  } else {
    o.summary = std::filesystem::absolute(a.summary).lexically_normal();
  }
  if (a.checkpoint.empty()) {
    o.checkpoint = o.out;
    o.checkpoint += ".ckpt";
  } else {
    o.checkpoint = std::filesystem::absolute(a.checkpoint).lexically_normal();
  }
  // The job name goes into an #SBATCH line: the study's name, in characters any shell and
  // Slurm take as they are.
  o.job_name = "coscan-" + o.study.stem().string();
  for (char &c : o.job_name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      c = '_';
  return o;
}

int print_script(const ScriptArgs &a) {
  fmt::print("{}", jobs::sbatch_script(slurm_options(a, study::load_study(a.study))));
  return 0;
}

/// Writes an executable job script, whole or not at all.
void write_script(const std::filesystem::path &file, const std::string &text) {
  tables::AtomicFile out(file);
  out.write(text);
  out.commit();
  std::filesystem::permissions(file, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
}

int submit_script(const ScriptArgs &a) {
  const study::Study study = study::load_study(a.study);
  const jobs::SlurmOptions o = slurm_options(a, study);
  const std::string text = jobs::sbatch_script(o);
  std::filesystem::path file = a.script;
  if (file.empty())
    file = o.study.parent_path() / (o.study.stem().string() + ".sbatch");
  // An array's merge job has a script of its own beside it: STEM.merge.sbatch.
  std::filesystem::path merge_file;
  if (o.array > 0)
    merge_file = file.parent_path() / (file.stem().string() + ".merge.sbatch");
  tables::check_writable(file, "--script");
  if (!merge_file.empty())
    tables::check_writable(merge_file, "the merge job's script");
  tables::check_distinct_files({{"--script", file},
                                {"the merge job's script", merge_file},
                                {"--out", o.out},
                                {"--summary", o.summary},
                                {"--checkpoint", o.checkpoint}},
                               study::study_inputs(study));
  // Slurm opens the job's log in the results' folder before the job starts: it must exist.
  std::error_code error;
  std::filesystem::create_directories(o.out.parent_path(), error);
  if (error)
    throw InputError(
        fmt::format("--out {}: cannot create its folder: {}", o.out.string(), error.message()));
  write_script(file, text);
  if (!merge_file.empty())
    write_script(merge_file, jobs::merge_script(o));
  const std::string id = jobs::submit(file);
  fmt::print("{}\n", id);
  if (!merge_file.empty()) {
    const std::string merge = jobs::submit(merge_file, id);
    fmt::print(stderr,
               "coscan: job {} merges the shards once the {} tasks of job {} finished with "
               "success ({}):\n  {}\n",
               merge, o.array, id, merge_file.string(), jobs::merge_command(o));
  }
  return 0;
}

int show_status(const std::string &job_id, const std::string &script_arg) {
  fmt::print("job {}: {}\n", job_id, jobs::job_state(job_id));
  std::filesystem::path script = script_arg;
  if (script.empty())
    script = jobs::job_script_path(job_id).value_or("");
  if (script.empty() || !std::filesystem::exists(script))
    return 0;
  std::ifstream in(script);
  std::stringstream text;
  text << in.rdbuf();
  const auto ck = jobs::script_checkpoint(text.str());
  if (!ck)
    return 0;
  std::uint64_t pairs = 0;
  int files = 0;
  for (int r = 0; r < ck->ranks; ++r) {
    const auto file = h5::checkpoint_path(ck->base, r, ck->ranks);
    if (!std::filesystem::exists(file))
      continue;
    pairs += h5::read_checkpoint_header(file).pairs_evaluated;
    ++files;
  }
  if (files > 0)
    fmt::print("checkpoint {}: {} pairs done ({} of {} checkpoint files)\n", ck->base.string(),
               with_commas(pairs), files, ck->ranks);
  else
    fmt::print("checkpoint {}: none yet\n", ck->base.string());
  return 0;
}

} // namespace

Action add_slurm_command(CLI::App &app) {
  auto *slurm = app.add_subcommand("slurm", "Run studies as Slurm batch jobs");
  slurm->require_subcommand(1);
  auto script_args = std::make_shared<ScriptArgs>();
  auto submit_args = std::make_shared<ScriptArgs>();
  auto *script = slurm->add_subcommand("script", "Print an sbatch script that runs the study");
  add_script_options(*script, *script_args, false);
  auto *submit = slurm->add_subcommand("submit", "Write the sbatch script and submit it");
  add_script_options(*submit, *submit_args, true);
  auto *status = slurm->add_subcommand("status", "A job's state and checkpointed progress");
  auto job = std::make_shared<std::string>();
  auto status_script = std::make_shared<std::string>();
  status->add_option("JOBID", *job, "The job id (from slurm submit)")->required();
  status->add_option("--script", *status_script,
                     "The job's script (default: as scontrol reports it)");
  return [=] {
    if (script->parsed())
      return print_script(*script_args);
    if (submit->parsed())
      return submit_script(*submit_args);
    return show_status(*job, *status_script);
  };
}

} // namespace coscan::app
