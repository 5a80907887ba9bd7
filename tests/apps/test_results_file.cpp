// The results file and the JSON summary of `coscan run`, checked against an in-process sweep
// of the same study.
#include "apps/run_coscan.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/problem_builder.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

TEST(ResultsFile, MatchesAnInProcessSweepOfTheSameStudy) {
  TempDir dir("results");
  const CommandResult r = run_coscan(
      "run '" + kSmallStudy.string() + "' --out r.h5 --summary s.json --threads 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Pareto set"));
  EXPECT_THAT(r.out, HasSubstr("pairs/s"));
  EXPECT_EQ(dir.num_files(), 2u); // r.h5 and s.json, no temporaries

  const study::Study study = study::load_study(kSmallStudy);
  const engine::Problem problem = study::build_problem(study);
  const engine::SweepResult sweep = engine::run_sweep(problem, {});
  const auto ids = sweep.pareto.front().ids();
  const auto metrics = engine::evaluate_pairs(problem, ids);

  h5::Reader h5(dir / "r.h5");
  const auto arch = h5.read<std::uint64_t>("/pareto/arch_index");
  const auto accel = h5.read<std::uint64_t>("/pareto/accel_index");
  const auto arch_str = h5.read<std::string>("/pareto/arch_str");
  const auto latency = h5.read<double>("/pareto/latency_s");
  const auto energy = h5.read<double>("/pareto/energy_j");
  const auto area = h5.read<double>("/pareto/area_mm2");
  const auto accuracy = h5.read<double>("/pareto/accuracy");
  ASSERT_EQ(arch.size(), ids.size());
  ASSERT_GT(arch.size(), 0u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(arch[i], ids[i].arch);
    EXPECT_EQ(accel[i], ids[i].accel);
    EXPECT_EQ(arch_str[i], problem.archs->arch_str(arch[i]));
    EXPECT_EQ(latency[i], metrics[i].latency_s);
    EXPECT_EQ(energy[i], metrics[i].energy_j);
    EXPECT_EQ(area[i], metrics[i].area_mm2);
    EXPECT_EQ(accuracy[i], metrics[i].accuracy);
    if (i > 0) {
      EXPECT_LT(std::pair(arch[i - 1], accel[i - 1]), std::pair(arch[i], accel[i]));
    }
  }
  EXPECT_EQ(h5.attribute<std::string>("/pareto/latency_s", "units"), "s");
  EXPECT_EQ(h5.attribute<std::string>("/pareto/energy_j", "units"), "J");
  EXPECT_EQ(h5.attribute<std::string>("/pareto/area_mm2", "units"), "mm^2");
  EXPECT_EQ(h5.attribute<std::string>("/pareto/accuracy", "units"), "%");

  EXPECT_EQ(h5.attribute<std::uint64_t>("/", "pairs_evaluated"), problem.num_pairs());
  EXPECT_EQ(h5.attribute<std::int64_t>("/", "threads"), 2);
  EXPECT_EQ(h5.attribute<std::int64_t>("/", "ranks"), 1);
  EXPECT_GT(h5.attribute<double>("/", "pairs_per_s"), 0);
  EXPECT_EQ(h5.attribute<std::string>("/", "study"), study.text);
  EXPECT_FALSE(h5.attribute<std::string>("/", "git_revision").empty());
  EXPECT_THAT(h5.attribute<std::string>("/", "accuracy_source"), HasSubstr("proxy"));

  const auto accel_index = h5.read<std::uint64_t>("/accels/accel_index");
  const auto accel_area = h5.read<double>("/accels/area_mm2");
  const auto num_pes = h5.read<std::int64_t>("/accels/num_pes");
  ASSERT_EQ(accel_index.size(), problem.accels->size());
  for (std::size_t j = 0; j < accel_index.size(); ++j) {
    EXPECT_EQ(num_pes[j], problem.accels->at(accel_index[j]).num_pes);
    EXPECT_EQ(accel_area[j], problem.cost_model->area_mm2(problem.accels->at(accel_index[j])));
  }

  const auto summary = nlohmann::json::parse(read_text(dir / "s.json"));
  EXPECT_EQ(summary["coscan_version"], h5.attribute<std::string>("/", "coscan_version"));
  EXPECT_EQ(summary["git_revision"], h5.attribute<std::string>("/", "git_revision"));
  EXPECT_EQ(summary["pareto_size"], ids.size());
  EXPECT_EQ(summary["pairs_evaluated"], problem.num_pairs());
  EXPECT_GT(summary["pairs_per_s"].get<double>(), 0);
  EXPECT_EQ(summary["threads"], 2);
  // The kernel target in use, by default the widest the CPU has.
  const std::string kernel(engine::to_string(engine::supported_kernel_targets().back()));
  EXPECT_EQ(summary["kernel"], kernel);
  EXPECT_EQ(h5.attribute<std::string>("/", "kernel"), kernel);
}

// The revision is read when the binary is built, not when the build was configured: in a git
// checkout it names the commit checked out (a commit after configuring must not be recorded as
// the one before).
TEST(ResultsFile, RecordsTheRevisionTheBinaryWasBuiltFrom) {
  const std::filesystem::path source(COSCAN_SOURCE_DIR);
  if (!std::filesystem::exists(source / ".git"))
    GTEST_SKIP() << "not a git checkout: " << source;
  TempDir dir("revision");
  const std::string head_file = (dir / "head.txt").string();
  const std::string command = "git -C '" + source.string() + "' rev-parse --short=12 HEAD > '" +
                              head_file + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0)
    GTEST_SKIP() << "git cannot read " << source;
  std::string head = read_text(head_file);
  head.erase(head.find_last_not_of(" \n") + 1);
  ASSERT_EQ(head.size(), 12u) << head;
  const CommandResult r =
      run_coscan("run '" + kSmallStudy.string() + "' --out r.h5 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(h5::Reader(dir / "r.h5").attribute<std::string>("/", "git_revision"),
              HasSubstr(head));
}

// The default study sweeps only the accelerators that can be Pareto-optimal: the report line,
// the results and the summary say how many.
TEST(ResultsFile, RecordsTheCandidateAcceleratorsSwept) {
  TempDir dir("candidate-accels");
  const CommandResult r = run_coscan("run --default --out d.h5 --summary d.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::Reader h5(dir / "d.h5");
  const auto swept = h5.attribute<std::uint64_t>("/", "pareto_candidate_accels");
  const auto accels = h5.read<std::uint64_t>("/accels/accel_index").size();
  EXPECT_GT(swept, 0u);
  EXPECT_LT(swept, accels);
  EXPECT_EQ(nlohmann::json::parse(read_text(dir / "d.json"))["pareto_candidate_accels"], swept);
  EXPECT_THAT(r.out, HasSubstr(fmt::format("swept {} of 1,620 accelerators", swept)));
  EXPECT_GE(h5.attribute<double>("/", "time_candidates_s"), 0.0);
}

TEST(ResultsFile, RecordsTheThreadLimitOfTheRun) {
  // --threads caps oneTBB through a global_control, which the arena's own concurrency does not
  // show; the results, the summary and the report line must give the cap.
  TempDir dir("threads");
  const CommandResult r = run_coscan(
      "run '" + kSmallStudy.string() + "' --out r.h5 --summary s.json --threads 1", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(1 rank x 1 thread, "));
  h5::Reader h5(dir / "r.h5");
  EXPECT_EQ(h5.attribute<std::int64_t>("/", "threads"), 1);
  EXPECT_EQ(nlohmann::json::parse(read_text(dir / "s.json"))["threads"], 1);
}

TEST(ResultsFile, RecordsTheCostModelsConstantsDefaultsIncluded) {
  TempDir dir("cost-model");
  // One energy constant set by the study, the rest coscan's defaults.
  dir.write("study.toml", read_text(kSmallStudy) + "\n[costmodel.energy]\nmac_pj = 0.5\n");
  const CommandResult r = run_coscan("run study.toml --out r.h5 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  h5::Reader h5(dir / "r.h5");
  EXPECT_EQ(h5.attribute<std::string>("/cost_model", "kind"), "analytical");
  EXPECT_EQ(h5.attribute<std::string>("/cost_model", "pooling"), "native");
  EXPECT_EQ(h5.attribute<double>("/cost_model/energy", "mac_pj"), 0.5);
  const costmodel::AnalyticalParams defaults;
  EXPECT_EQ(h5.attribute<double>("/cost_model/energy", "dram_pj_per_byte"),
            defaults.energy.dram_pj_per_byte);
  EXPECT_EQ(h5.attribute<double>("/cost_model/area", "xbar_mm2"), defaults.area.xbar_mm2);
}

TEST(ResultsFile, DefaultStudyRunsWithoutAnyFile) {
  TempDir dir("default");
  const CommandResult r = run_coscan("run --default --quiet --summary s.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  h5::Reader h5(dir / "coscan-results.h5");
  const auto summary = nlohmann::json::parse(read_text(dir / "s.json"));
  EXPECT_EQ(summary["pairs_evaluated"], 15625u * 1620u);
  EXPECT_EQ(summary["pareto_size"], h5.read<std::uint64_t>("/pareto/arch_index").size());
}

TEST(ResultsFile, ValidatePrintsTheSpaceSizes) {
  TempDir dir("validate");
  const CommandResult r = run_coscan("validate --default", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("15,625"));
  EXPECT_THAT(r.out, HasSubstr("1,620"));
  EXPECT_THAT(r.out, HasSubstr("25,312,500"));
  EXPECT_EQ(dir.num_files(), 0u);
}

} // namespace
} // namespace coscan::testing
