#pragma once
// Runs the coscan binary from a test and captures its exit code and output.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace coscan::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string read_text(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `LAUNCHER coscan ARGS` in `workdir` (e.g. LAUNCHER = "mpirun -n 2"; arguments are
/// passed to the shell as they are). Open MPI is told that running as root is fine.
inline CommandResult run_launched(const std::string &launcher, const std::string &args,
                                  const std::filesystem::path &workdir) {
  const auto out = workdir / "stdout.txt", err = workdir / "stderr.txt";
  const std::string command = "cd '" + workdir.string() +
                              "' && OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 " +
                              launcher + " '" + COSCAN_BINARY + "' " + args + " > '" +
                              out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  result.err = read_text(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

/// Runs `coscan ARGS` in `workdir`.
inline CommandResult run_coscan(const std::string &args, const std::filesystem::path &workdir) {
  return run_launched("", args, workdir);
}

/// A fresh, empty temporary folder for one test, removed at the end.
class TempDir {
public:
  explicit TempDir(const std::string &name)
      : path_(std::filesystem::temp_directory_path() /
              ("coscan-test-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }
  void write(const std::string &name, const std::string &text) const {
    std::ofstream(path_ / name) << text;
  }
  std::size_t num_files() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator(path_))
      ++n;
    return n;
  }

private:
  std::filesystem::path path_;
};

} // namespace coscan::testing
