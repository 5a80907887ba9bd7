// No output of a command may overwrite one of its inputs or another of its outputs: the study,
// its tables, shards being merged, by file identity (device and inode), so that a symbolic link
// or a path through `..` does not slip through. Each is refused before any work (exit 2, one
// line naming the option and the input), and the input is left as it was.
#include "apps/run_coscan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

void expect_refused(const TempDir &dir, const std::string &args, const std::string &message,
                    const std::string &input) {
  const std::string before = read_text(dir / input);
  const CommandResult r = run_coscan(args, dir.path());
  EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
  EXPECT_THAT(r.err, HasSubstr(message)) << args;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(read_text(dir / input), before) << input << " changed by: " << args;
}

TEST(OutputIdentity, RunRefusesToOverwriteItsInputsOrItself) {
  TempDir dir("identity-run");
  std::filesystem::create_directories(dir / "sub");
  std::filesystem::copy_file(kSmallStudy, dir / "s.toml");
  std::filesystem::create_symlink(dir / "s.toml", dir / "link.h5");
  expect_refused(dir, "run s.toml --out s.toml", "--out s.toml: is also the study", "s.toml");
  expect_refused(dir, "run s.toml --out sub/../s.toml", "is also the study", "s.toml");
  expect_refused(dir, "run s.toml --out link.h5", "--out link.h5: is also the study", "s.toml");
  expect_refused(dir, "run s.toml --out r.h5 --summary s.toml",
                 "--summary s.toml: is also the study", "s.toml");
  expect_refused(dir, "run s.toml --out r.h5 --checkpoint s.toml",
                 "--checkpoint s.toml: is also the study", "s.toml");
  dir.write("x.h5", "not results");
  expect_refused(dir, "run s.toml --out x.h5 --summary x.h5",
                 "--summary x.h5: is also --out (x.h5, another output)", "x.h5");
  // The accuracy table of a study.
  dir.write("acc.csv", "arch_str,acc\n");
  dir.write("t.toml", read_text(kSmallStudy) + "\n");
  std::string text = read_text(dir / "t.toml");
  const std::string proxy = "[accuracy]\nkind = \"proxy\"";
  text.replace(text.find(proxy), proxy.size(),
               "[accuracy]\nkind = \"table\"\npath = \"acc.csv\"\ncolumn = \"acc\"");
  dir.write("t.toml", text);
  expect_refused(dir, "run t.toml --out acc.csv", "--out acc.csv: is also the accuracy table",
                 "acc.csv");
}

TEST(OutputIdentity, MergeArchsAndCostRefuseToOverwriteTheirInputs) {
  TempDir dir("identity-other");
  std::filesystem::copy_file(kSmallStudy, dir / "s.toml");
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(run_coscan("run s.toml --shard " + std::to_string(i) + "/2 --out s" +
                             std::to_string(i) + ".h5 --quiet",
                         dir.path())
                  .exit_code,
              0);
  expect_refused(dir, "merge s0.h5 s1.h5 --out s0.h5", "--out s0.h5: is also a shard", "s0.h5");
  expect_refused(dir, "archs s.toml --out s.toml", "--out s.toml: is also the study", "s.toml");
  dir.write("layers.csv", "Layer name,Type,N,K,C,R,S,Y,X,G,stride\n");
  dir.write("accels.csv", "dataflow,num_pes\n");
  expect_refused(dir, "cost --layers layers.csv --accels accels.csv --out layers.csv",
                 "--out layers.csv: is also --layers", "layers.csv");
}

} // namespace
} // namespace coscan::testing
