// Writes that fail (a full disk, simulated with a file-size limit: `ulimit -f` with SIGXFSZ
// ignored, so a write past the limit fails with EFBIG as one past a full disk fails with
// ENOSPC): each output gives one line naming the file and the reason, exit code 1, and nothing
// under the file's final name, nor a temporary file left behind. Before, a full disk gave
// SIGSEGV (HDF5's exit handler retried the file whose close had failed) and a corrupt results
// file renamed into place.
#include "apps/run_coscan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

/// `coscan ARGS` with files limited to `kib` KiB.
CommandResult run_limited(int kib, const std::string &args, const TempDir &dir) {
  return run_launched(fmt::format("sh -c 'trap \"\" XFSZ; ulimit -f {}; exec \"$0\" \"$@\"'",
                                  kib * 2), // ulimit -f counts 512-byte blocks in sh
                      args, dir.path());
}

/// The folder holds exactly these files.
void expect_files(const TempDir &dir, std::vector<std::string> names) {
  std::vector<std::string> present;
  for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
    present.push_back(entry.path().filename().string());
  std::sort(present.begin(), present.end());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(present, names);
}

void expect_write_error(const CommandResult &r, const std::string &file) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, StartsWith("coscan: error: cannot write " + file + ": "));
  EXPECT_THAT(r.err, HasSubstr("File too large"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(FullDisk, ResultsFileIsOneLineAndNothingIsLeft) {
  TempDir dir("full-results");
  std::filesystem::copy_file(kSmallStudy, dir / "s.toml");
  const CommandResult r = run_limited(16, "run s.toml --out out.h5 --quiet", dir);
  expect_write_error(r, "out.h5");
  expect_files(dir, {"s.toml"});
  // The same run without the limit works, so the limit alone made it fail.
  EXPECT_EQ(run_coscan("run s.toml --out out.h5 --quiet", dir.path()).exit_code, 0);
}

TEST(FullDisk, DatasetTablesAreOneLineAndNothingIsLeft) {
  TempDir dir("full-dataset");
  dir.write("s.toml", read_text(kSmallStudy) + "\n" + "[engine]\naccel_block = 8\n");
  std::string text = read_text(dir / "s.toml");
  text.replace(text.find("[output]"), 8, "[output]\ndataset = true");
  dir.write("s.toml", text);
  const CommandResult r = run_limited(256, "run s.toml --out out.h5 --quiet", dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("out.h5"));
  EXPECT_THAT(r.err, HasSubstr("File too large"));
  expect_files(dir, {"s.toml"});
}

TEST(FullDisk, CsvOutputsAreOneLineAndNothingIsLeft) {
  TempDir dir("full-csv");
  std::filesystem::copy_file(kSmallStudy, dir / "s.toml");
  const CommandResult r = run_limited(64, "archs s.toml --out archs.csv", dir);
  expect_write_error(r, "archs.csv");
  expect_files(dir, {"s.toml"});
}

TEST(FullDisk, JobScriptIsOneLineAndNothingIsLeft) {
  TempDir dir("full-script");
  std::filesystem::copy_file(kSmallStudy, dir / "s.toml");
  // The job script fails before sbatch could see it. (The limit holds for the captured standard
  // error too, so it must leave room for the error line.)
  const CommandResult r =
      run_limited(1, "slurm submit s.toml --time 00:10:00 --script job.sbatch", dir);
  expect_write_error(r, "job.sbatch");
  expect_files(dir, {"s.toml"});
}

} // namespace
} // namespace coscan::testing
