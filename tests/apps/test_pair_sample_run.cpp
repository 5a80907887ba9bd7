// `[enumeration] pairs = N` end to end: the results record the sample, the 1-D dataset holds
// every drawn pair (repeats included) with the evaluator's values, any rank count gives the same
// file, and bad combinations are one-line errors.
#include "apps/run_coscan.hpp"
#include "study_text.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

namespace coscan::testing {
namespace {

std::string pair_study(const std::string &enumeration, const std::string &more = "") {
  StudyText study;
  study.accel_space = accel_grid({"weight_stationary", "row_stationary"}, "[64, 256]", "[64, 256]");
  study.objectives = kAccuracyLatencyEnergy;
  study.engine = "arch_block = 100\naccel_block = 7\n";
  study.enumeration = "mode = \"sample\"\n" + enumeration;
  study.output = kDatasetOutput;
  study.tail = more;
  return study.str();
}

TEST(PairSampleRun, DatasetHoldsEveryDrawnPairWithTheEvaluatorsValues) {
  TempDir dir("pairs");
  // 8 accelerators x 15,625 architectures; 40,000 draws with replacement repeat some pairs.
  dir.write("study.toml", pair_study("pairs = 40000\nreplacement = true\nseed = 3\n"));
  const CommandResult r = run_coscan("run study.toml --quiet --summary s.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const engine::Problem problem = study::build_problem(study::load_study(dir / "study.toml"));
  ASSERT_EQ(problem.pair_sample.size(), 40000u);
  EXPECT_LT(std::set<engine::PairId>(problem.pair_sample.begin(), problem.pair_sample.end()).size(),
            40000u)
      << "with replacement, 40,000 draws of 125,000 pairs repeat some";

  const h5::Reader h5(dir / "out.h5");
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "sample_pairs"), 40000u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "num_pairs"), 40000u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "pairs_evaluated"), 40000u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "sample_seed"), 3u);
  const auto arch = h5.read<std::uint64_t>("/dataset/arch_index");
  const auto accel = h5.read<std::uint64_t>("/dataset/accel_index");
  const auto latency = h5.read<double>("/dataset/latency_s");
  const auto energy = h5.read<double>("/dataset/energy_j");
  ASSERT_EQ(arch.size(), 40000u);
  ASSERT_EQ(latency.size(), 40000u);
  const auto expected = engine::evaluate_pairs(problem, problem.pair_sample);
  for (std::size_t p = 0; p < arch.size(); ++p) {
    ASSERT_EQ(arch[p], problem.pair_sample[p].arch) << p;
    ASSERT_EQ(accel[p], problem.pair_sample[p].accel) << p;
    ASSERT_EQ(latency[p], expected[p].latency_s) << p;
    ASSERT_EQ(energy[p], expected[p].energy_j) << p;
  }
  const auto archs = h5.read<std::uint64_t>("/archs/arch_index");
  EXPECT_TRUE(std::is_sorted(archs.begin(), archs.end()));
  EXPECT_EQ(std::set<std::uint64_t>(arch.begin(), arch.end()),
            std::set<std::uint64_t>(archs.begin(), archs.end()));
  EXPECT_EQ(h5.read<std::uint64_t>("/accels/accel_index").size(), 8u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "pareto_candidate_archs"), archs.size());
  EXPECT_NE(read_text(dir / "s.json").find("\"pairs\": 40000"), std::string::npos);
}

TEST(PairSampleRun, OneTwoFourRanksGiveTheSameFile) {
  TempDir dir("pairs-mpi");
  dir.write("study.toml", pair_study("pairs = 30000\nseed = 8\n"));
  const CommandResult plain = run_coscan("run study.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const h5::Reader x(dir / "plain.h5");
  for (int ranks : {2, 4}) {
    const std::string out = fmt::format("r{}.h5", ranks);
    const CommandResult r =
        run_launched(fmt::format("{} -n {} --oversubscribe", COSCAN_MPIEXEC, ranks),
                     fmt::format("run study.toml --out {} --quiet --threads 2", out), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const h5::Reader y(dir / out);
    for (const char *name : {"/dataset/latency_s", "/dataset/energy_j", "/pareto/latency_s"})
      EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name << " " << ranks;
    for (const char *name : {"/dataset/arch_index", "/pareto/arch_index", "/pareto/accel_index"})
      EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name;
  }
  // Without replacement: no pair twice.
  const auto arch = x.read<std::uint64_t>("/dataset/arch_index");
  const auto accel = x.read<std::uint64_t>("/dataset/accel_index");
  std::set<std::pair<std::uint64_t, std::uint64_t>> distinct;
  for (std::size_t p = 0; p < arch.size(); ++p)
    distinct.insert({arch[p], accel[p]});
  EXPECT_EQ(distinct.size(), 30000u);
}

TEST(PairSampleRun, BadCombinationsAreOneLineErrors) {
  TempDir dir("pairs-bad");
  const auto expect_error = [&](const std::string &study, const std::string &message) {
    dir.write("bad.toml", study);
    const CommandResult r = run_coscan("run bad.toml", dir.path());
    EXPECT_EQ(r.exit_code, 2) << study;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  };
  expect_error(pair_study("pairs = 10\narchs = 5\n"), "key 'enumeration.pairs'");
  expect_error(pair_study("pairs = 125001\n"), "key 'enumeration.pairs': 125001 draws without");
  expect_error(pair_study("pairs = 0\n"), "key 'enumeration.pairs'");
  expect_error(pair_study("pairs = 10\n", "[ranking]\nmetric = \"latency\"\n"),
               "key 'ranking.metric'");
}

} // namespace
} // namespace coscan::testing
