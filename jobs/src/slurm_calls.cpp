// Calls to Slurm's programs: sbatch, squeue, scontrol.
#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/slurm.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>

namespace coscan::jobs {
namespace {

std::string read_all(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string first_line(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  return line;
}

std::filesystem::path require_program(std::string_view program) {
  const char *path = std::getenv("PATH");
  const auto found = find_program(program, path ? path : "");
  if (!found)
    throw InputError(fmt::format("{} not found on PATH (is Slurm installed on this machine?)",
                                 std::string(program)));
  return *found;
}

/// "ID STATE" of each task of a job slurmctld still knows (scontrol), comma-separated; empty
/// when it knows none or scontrol is missing.
std::string ended_job_states(const std::string &job_id) {
  const char *path = std::getenv("PATH");
  const auto scontrol = find_program("scontrol", path ? path : "");
  if (!scontrol)
    return "";
  const ProgramResult r = run_program({scontrol->string(), "show", "job", "-o", job_id});
  static const std::regex task(
      R"(JobId=(\S+)(?: ArrayJobId=(\S+) ArrayTaskId=(\S+))?.* JobState=(\S+))");
  std::string states;
  std::istringstream lines(r.out);
  for (std::string line; r.exit_code == 0 && std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, task))
      continue;
    const std::string id = m[2].matched ? m[2].str() + "_" + m[3].str() : m[1].str();
    states += fmt::format("{}{} {}", states.empty() ? "" : ", ", id, m[4].str());
  }
  return states;
}

} // namespace

std::optional<std::filesystem::path> find_program(std::string_view program, std::string_view path) {
  std::size_t at = 0;
  while (at <= path.size()) {
    const std::size_t end = std::min(path.find(':', at), path.size());
    const std::string dir(path.substr(at, end - at));
    if (!dir.empty()) {
      const std::filesystem::path candidate = std::filesystem::path(dir) / program;
      struct stat st {};
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(candidate.c_str(), X_OK) == 0)
        return candidate;
    }
    at = end + 1;
  }
  return std::nullopt;
}

ProgramResult run_program(const std::vector<std::string> &argv) {
  char out_name[] = "/tmp/coscan-slurm-out-XXXXXX";
  char err_name[] = "/tmp/coscan-slurm-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name), err_fd = ::mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0)
    throw std::runtime_error("cannot create temporary files for a program's output");
  ProgramResult result;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    std::vector<char *> args;
    for (const auto &a : argv)
      args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid)
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_all(out_name);
  result.err = read_all(err_name);
  std::filesystem::remove(out_name);
  std::filesystem::remove(err_name);
  if (pid < 0)
    throw std::runtime_error("cannot start " + argv.front());
  return result;
}

std::string submit(const std::filesystem::path &script, const std::string &after) {
  const std::filesystem::path sbatch = require_program("sbatch");
  std::vector<std::string> argv{sbatch.string(), "--parsable"};
  if (!after.empty())
    argv.push_back("--dependency=afterok:" + after);
  argv.push_back(script.string());
  const ProgramResult r = run_program(argv);
  if (r.exit_code != 0)
    throw InputError(fmt::format("sbatch refused {}: {}", script.string(),
                                 first_line(r.err.empty() ? r.out : r.err)));
  // --parsable prints "JOBID" or "JOBID;CLUSTER".
  const std::string line = first_line(r.out);
  const std::string id = line.substr(0, line.find(';'));
  if (id.empty())
    throw InputError(fmt::format("sbatch printed no job id for {}", script.string()));
  return id;
}

std::string job_state(const std::string &job_id) {
  const std::filesystem::path squeue = require_program("squeue");
  const ProgramResult r = run_program({squeue.string(), "-h", "-j", job_id, "-o", "%i %T"});
  std::string states;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty())
      states += (states.empty() ? "" : ", ") + line;
  if (r.exit_code == 0 && !states.empty())
    return states;
  // squeue fails for a job it does not know ("Invalid job id"): that one may have ended; any
  // other failure (no controller, no permission) is not a status.
  if (r.exit_code != 0 && r.err.find("Invalid job id") == std::string::npos)
    throw std::runtime_error(fmt::format("squeue -j {} failed (exit {}): {}", job_id, r.exit_code,
                                         r.err.substr(0, r.err.find('\n'))));
  // squeue lists live jobs only; slurmctld remembers an ended one for MinJobAge (300 s by
  // default), with its final state.
  if (const auto ended = ended_job_states(job_id); !ended.empty())
    return ended;
  return "not in the queue (finished or unknown)";
}

std::optional<std::filesystem::path> job_script_path(const std::string &job_id) {
  const char *path = std::getenv("PATH");
  const auto scontrol = find_program("scontrol", path ? path : "");
  if (!scontrol)
    return std::nullopt;
  const ProgramResult r = run_program({scontrol->string(), "show", "job", "-o", job_id});
  static const std::regex command(R"(Command=(\S+))");
  std::smatch m;
  if (r.exit_code != 0 || !std::regex_search(r.out, m, command))
    return std::nullopt;
  return std::filesystem::path(m[1].str());
}

} // namespace coscan::jobs
