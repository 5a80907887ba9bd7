// The same study gives bit-identical results for 1, 2 and 4 MPI ranks and 1 and 2 threads per
// rank: every dataset of /pareto and /accels is compared with a plain single-process run.
#include "apps/run_coscan.hpp"
#include <coscan/h5/reader.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace coscan::testing {
namespace {

const std::string kStudy = fmt::format(
    "'{}'", (std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml").string());

void expect_same_results(const std::filesystem::path &a, const std::filesystem::path &b) {
  const h5::Reader x(a), y(b);
  for (const char *name : {"/pareto/arch_index", "/pareto/accel_index", "/accels/accel_index"})
    EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name << " " << b;
  for (const char *name : {"/pareto/accuracy", "/pareto/latency_s", "/pareto/energy_j",
                           "/pareto/edp_js", "/pareto/area_mm2", "/accels/area_mm2"})
    EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name << " " << b;
  EXPECT_EQ(x.read<std::string>("/pareto/arch_str"), y.read<std::string>("/pareto/arch_str")) << b;
  EXPECT_EQ(x.attribute<std::uint64_t>("/", "pairs_evaluated"),
            y.attribute<std::uint64_t>("/", "pairs_evaluated"));
}

TEST(MpiDeterminism, OneTwoFourRanksAndOneTwoThreadsGiveIdenticalResults) {
  TempDir dir("mpi");
  const CommandResult plain = run_coscan("run " + kStudy + " --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (int ranks : {1, 2, 4}) {
    for (int threads : {1, 2}) {
      const std::string out = fmt::format("r{}t{}.h5", ranks, threads);
      // run_coscan puts the binary after the launcher: `mpirun -n N coscan run ...`.
      const CommandResult r = run_launched(
          std::string(COSCAN_MPIEXEC) + " -n " + std::to_string(ranks) + " --oversubscribe",
          "run " + kStudy + " --out " + out + " --threads " + std::to_string(threads) + " --quiet",
          dir.path());
      ASSERT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.err;
      expect_same_results(dir / "plain.h5", dir / out);
      const h5::Reader h5(dir / out);
      EXPECT_EQ(h5.attribute<std::int64_t>("/", "ranks"), ranks);
    }
  }
}

TEST(MpiDeterminism, SampledStudyIsTheSameOnAnyRankCount) {
  TempDir dir("mpi-sample");
  std::string study =
      read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml");
  study += "\n[enumeration]\nmode = \"sample\"\narchs = 3000\naccels = 40\nseed = 12\n";
  dir.write("sampled.toml", study);
  const CommandResult plain = run_coscan("run sampled.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const CommandResult four = run_launched(std::string(COSCAN_MPIEXEC) + " -n 4 --oversubscribe",
                                          "run sampled.toml --out four.h5 --quiet", dir.path());
  ASSERT_EQ(four.exit_code, 0) << four.err;
  expect_same_results(dir / "plain.h5", dir / "four.h5");
  const h5::Reader h5(dir / "four.h5");
  EXPECT_EQ(h5.attribute<std::string>("/", "enumeration"), "sample");
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "sample_archs"), 3000u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "sample_seed"), 12u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "pairs_evaluated"), 3000u * 40u);
  EXPECT_EQ(h5.read<std::uint64_t>("/accels/accel_index").size(), 40u);
}

TEST(MpiDeterminism, ConstrainedLhsStudyIsTheSameOnAnyRankCount) {
  TempDir dir("mpi-constrained");
  std::string study =
      read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_constrained.toml");
  dir.write("constrained.toml", study);
  const CommandResult plain = run_coscan("run constrained.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  // Whole literals: building these with + trips GCC 12's false -Wrestrict.
  struct Run {
    const char *ranks, *command, *out;
  };
  const Run runs[] = {
      {" -n 2 --oversubscribe", "run constrained.toml --out r2.h5 --quiet", "r2.h5"},
      {" -n 4 --oversubscribe", "run constrained.toml --out r4.h5 --quiet", "r4.h5"}};
  for (const auto &[ranks, command, out] : runs) {
    const CommandResult r =
        run_launched(std::string(COSCAN_MPIEXEC).append(ranks), command, dir.path());
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.err;
    expect_same_results(dir / "plain.h5", dir / out);
    const h5::Reader x(dir / "plain.h5"), y(dir / out);
    EXPECT_EQ(x.read<std::uint64_t>("/accels/grid_index"),
              y.read<std::uint64_t>("/accels/grid_index"));
    EXPECT_EQ(x.attribute<std::uint64_t>("/", "accel_valid"),
              y.attribute<std::uint64_t>("/", "accel_valid"));
  }
}

TEST(MpiDeterminism, BadInputFailsOnEveryRankWithExitCodeTwo) {
  TempDir dir("mpi-bad");
  const CommandResult r = run_launched(std::string(COSCAN_MPIEXEC) + " -n 2 --oversubscribe",
                                       "run nothing.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("nothing.toml"), std::string::npos) << r.err;
}

} // namespace
} // namespace coscan::testing
