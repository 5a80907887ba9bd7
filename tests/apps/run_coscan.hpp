#pragma once
// Runs the coscan binary from a test and captures its exit code and output.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace coscan::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

/// The seed of a randomised test (the moments kill tests send their signals): $COSCAN_TEST_SEED
/// when set, to replay a failure, else a fresh one. Tests print it in their failure messages.
inline unsigned test_seed() {
  if (const char *seed = std::getenv("COSCAN_TEST_SEED"))
    return static_cast<unsigned>(std::strtoul(seed, nullptr, 10));
  return std::random_device{}();
}

/// How a failure message names the seed.
inline std::string seed_note(unsigned seed) {
  return "seed " + std::to_string(seed) + "; COSCAN_TEST_SEED=" + std::to_string(seed) +
         " replays it";
}

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
