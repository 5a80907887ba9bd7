// `[engine] prune = "certified"` end to end: the pruned run writes the unpruned run's Pareto set
// bit for bit (NB201 with the proxy, with the CIFAR-10 table, and a sampled AlphaNet study), says
// how many pairs it evaluated and covered, and is the same on 1, 2 and 4 MPI ranks.
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include <coscan/h5/reader.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kExamples = std::filesystem::path(COSCAN_SOURCE_DIR) / "examples";

void expect_same_pareto(const std::filesystem::path &a, const std::filesystem::path &b) {
  const h5::Reader x(a), y(b);
  for (const char *name : {"/pareto/arch_index", "/pareto/accel_index"})
    EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name << " " << b;
  for (const char *name : {"/pareto/accuracy", "/pareto/latency_s", "/pareto/energy_j",
                           "/pareto/edp_js", "/pareto/area_mm2"})
    EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name << " " << b;
  EXPECT_EQ(x.read<std::string>("/pareto/arch_str"), y.read<std::string>("/pareto/arch_str")) << b;
  EXPECT_EQ(x.attribute<std::uint64_t>("/", "num_pairs"),
            y.attribute<std::uint64_t>("/", "num_pairs"));
}

/// Runs `study` (a file in `dir`) unpruned and pruned; checks the fronts and the pruned
/// run's attributes and summary. Returns the certified architecture count.
std::uint64_t check_pruned_equals_full(TempDir &dir, const std::string &study_text) {
  dir.write("full.toml", study_text);
  dir.write("pruned.toml", study_text + "\n[engine]\nprune = \"certified\"\n");
  const CommandResult full = run_coscan("run full.toml --out full.h5 --quiet", dir.path());
  EXPECT_EQ(full.exit_code, 0) << full.err;
  const CommandResult pruned =
      run_coscan("run pruned.toml --out pruned.h5 --summary pruned.json", dir.path());
  EXPECT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_THAT(pruned.out, HasSubstr("pruned (certified)"));
  EXPECT_THAT(pruned.out, HasSubstr("fewer evaluated"));
  expect_same_pareto(dir / "full.h5", dir / "pruned.h5");

  const h5::Reader f(dir / "full.h5"), p(dir / "pruned.h5");
  EXPECT_EQ(f.attribute<std::string>("/", "prune"), "none");
  EXPECT_EQ(p.attribute<std::string>("/", "prune"), "certified");
  const auto covered = p.attribute<std::uint64_t>("/", "pairs_covered");
  const auto certified = p.attribute<std::uint64_t>("/", "certified_archs");
  const auto evaluated = p.attribute<std::uint64_t>("/", "pairs_evaluated");
  EXPECT_EQ(covered, f.attribute<std::uint64_t>("/", "pairs_evaluated"));
  EXPECT_EQ(covered, p.attribute<std::uint64_t>("/", "num_pairs"));
  EXPECT_EQ(evaluated, certified * p.read<std::uint64_t>("/accels/accel_index").size());
  EXPECT_LE(evaluated, covered);

  std::ifstream json_file(dir / "pruned.json");
  const nlohmann::json summary = nlohmann::json::parse(json_file);
  EXPECT_EQ(summary["prune"]["mode"], "certified");
  EXPECT_EQ(summary["prune"]["pairs_covered"], covered);
  EXPECT_EQ(summary["prune"]["certified_archs"], certified);
  EXPECT_EQ(summary["pairs_evaluated"], evaluated);
  return certified;
}

TEST(PrunedRun, NasBench201ProxyFrontIsTheUnprunedOne) {
  TempDir dir("pruned-proxy");
  const std::uint64_t certified =
      check_pruned_equals_full(dir, read_text(kExamples / "nb201_small.toml"));
  EXPECT_EQ(certified, 1304u); // of 15,625: docs/spaces.md
}

TEST(PrunedRun, NasBench201Cifar10FrontIsTheUnprunedOne) {
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv");
  TempDir dir("pruned-cifar10");
  std::string study = read_text(kExamples / "nb201_small.toml");
  study += "\n[accuracy]\nkind = \"table\"\npath = \"" +
           shared_file("data/nb201_nats_tss_accuracy.csv").string() +
           "\"\ncolumn = \"cifar10_test_acc_200ep\"\n";
  study.replace(study.find("[accuracy]\nkind = \"proxy\"\n"), 26, "");
  EXPECT_EQ(check_pruned_equals_full(dir, study), 40u);
}

TEST(PrunedRun, SampledAlphaNetFrontIsTheUnprunedOne) {
  TempDir dir("pruned-alphanet");
  std::string study = read_text(kExamples / "nb201_small.toml");
  study.replace(study.find("kind = \"nasbench201\""), 20, "kind = \"alphanet\"");
  study += "\n[enumeration]\nmode = \"sample\"\narchs = 2000\nseed = 3\n";
  // The proxy grows with the parameters, so a network with fewer layers is never more accurate
  // and nothing is pruned (docs/spaces.md): the run must still be exact.
  EXPECT_EQ(check_pruned_equals_full(dir, study), 2000u);
}

TEST(PrunedRun, SameOnOneTwoFourRanks) {
  TempDir dir("pruned-mpi");
  dir.write("pruned.toml",
            read_text(kExamples / "nb201_small.toml") + "\n[engine]\nprune = \"certified\"\n");
  const CommandResult plain = run_coscan("run pruned.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (int ranks : {2, 4}) {
    const std::string out = fmt::format("r{}.h5", ranks);
    const CommandResult r =
        run_launched(fmt::format("{} -n {} --oversubscribe", COSCAN_MPIEXEC, ranks),
                     fmt::format("run pruned.toml --out {} --quiet", out), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_same_pareto(dir / "plain.h5", dir / out);
    const h5::Reader h5(dir / out);
    EXPECT_EQ(h5.attribute<std::uint64_t>("/", "certified_archs"),
              h5::Reader(dir / "plain.h5").attribute<std::uint64_t>("/", "certified_archs"));
  }
}

TEST(PrunedRun, ShardsMergeToThePlainPrunedRun) {
  TempDir dir("pruned-shards");
  dir.write("pruned.toml",
            read_text(kExamples / "nb201_small.toml") + "\n[engine]\nprune = \"certified\"\n");
  const CommandResult plain = run_coscan("run pruned.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (int i = 0; i < 2; ++i) {
    const CommandResult r = run_coscan(
        fmt::format("run pruned.toml --shard {}/2 --out s{}.h5 --quiet", i, i), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const CommandResult merged = run_coscan("merge s0.h5 s1.h5 --out merged.h5 --quiet", dir.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  expect_same_pareto(dir / "plain.h5", dir / "merged.h5");
  const h5::Reader a(dir / "plain.h5"), b(dir / "merged.h5");
  for (const char *name : {"pairs_evaluated", "pairs_covered", "certified_archs"})
    EXPECT_EQ(a.attribute<std::uint64_t>("/", name), b.attribute<std::uint64_t>("/", name)) << name;
  EXPECT_EQ(b.attribute<std::string>("/", "prune"), "certified");
}

TEST(PrunedRun, ValidatePrintsTheCertifiedSize) {
  TempDir dir("pruned-validate");
  dir.write("pruned.toml",
            read_text(kExamples / "nb201_small.toml") + "\n[engine]\nprune = \"certified\"\n");
  const CommandResult r = run_coscan("validate pruned.toml", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1,304  architectures can be Pareto-optimal, of 15,625"));
}

TEST(PrunedRun, RefusalIsAnInputError) {
  TempDir dir("pruned-bad");
  dir.write("bad.toml", read_text(kExamples / "nb201_small.toml") +
                            "\n[engine]\nprune = \"certified\"\n[ranking]\nmetric = \"latency\"\n");
  const CommandResult r = run_coscan("run bad.toml --quiet", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.toml: key 'engine.prune'"));
}

} // namespace
} // namespace coscan::testing
