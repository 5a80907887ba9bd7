// `coscan verify`: /verify in the results file and the JSON summary (checked against the engine
// run directly), thread independence, and one-line errors (exit 2, nothing written) for bad
// [verify] input.
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/reduction/certified_reduction.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>
#include <coscan/study/verify.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

const std::string kVerify = R"toml(
[verify]
rules = [{ kind = "semi_decoupled", proxy_accel = 3, metric = "latency" },
         { kind = "semi_decoupled", proxy_accel = 0, metric = "edp", slack = 0.2 },
         { kind = "list", archs = ["|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", 7, 12] },
         { kind = "random", size = "same", seed = 1 }]
targets = [{ minimize = "latency", accuracy_min = 70.0 },
           { minimize = "edp", accuracy_min = 60.0, area_max_mm2 = 3.0 },
           { maximize = "accuracy", latency_max_s = 5e-4 },
           { pareto = true }]
proxies = 20
proxy_seed = 3
)toml";

/// The small example study with `extra` appended, written to `dir/name`.
std::filesystem::path study_with(const TempDir &dir, const std::string &name,
                                 const std::string &extra) {
  const std::filesystem::path file = dir / name;
  std::ofstream out(file);
  out << read_text(kSmallStudy) << "\n" << extra;
  return file;
}

nlohmann::json read_json(const std::filesystem::path &file) {
  return nlohmann::json::parse(read_text(file));
}

TEST(VerifyCommand, WritesVerifyGroupAndSummary) {
  TempDir dir("verify");
  const auto file = study_with(dir, "s.toml", kVerify);
  const CommandResult r = run_coscan(
      "verify '" + file.string() + "' --out v.h5 --summary v.json --threads 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("semi_decoupled(accel 3, latency, layers 1)"));
  EXPECT_THAT(r.out, HasSubstr("proxy sweep of"));

  // The engine, run directly on the same problem.
  const study::Study study = study::load_study(file);
  const engine::Problem problem = study::build_problem(study);
  engine::SweepOptions sweep_options;
  const engine::SweepResult sweep = engine::run_sweep(problem, sweep_options);
  const engine::VerifyResult expected = study::run_verify(study, problem, sweep);
  ASSERT_EQ(expected.rows.size(), 16u);
  EXPECT_EQ(expected.reduced_archs[2].size(), 3u); // the listed architectures
  EXPECT_EQ(expected.reduced_archs[3].size(), 3u); // random, the same size

  h5::Reader h5(dir / "v.h5");
  EXPECT_TRUE(h5.exists("/pareto"));
  std::vector<double> regret, recall, hv;
  std::vector<std::uint64_t> kept, reduced_pairs;
  for (const engine::VerifyRow &row : expected.rows) {
    regret.push_back(row.regret);
    recall.push_back(row.pareto_recall);
    hv.push_back(row.hypervolume_ratio);
    kept.push_back(row.optimum_kept);
    reduced_pairs.push_back(row.reduced_pairs);
  }
  EXPECT_EQ(h5.read<double>("/verify/regret"), regret);
  EXPECT_EQ(h5.read<double>("/verify/pareto_recall"), recall);
  EXPECT_EQ(h5.read<double>("/verify/hypervolume_ratio"), hv);
  EXPECT_EQ(h5.read<std::uint64_t>("/verify/optimum_kept"), kept);
  EXPECT_EQ(h5.read<std::uint64_t>("/verify/reduced_pairs"), reduced_pairs);
  EXPECT_EQ(h5.read<std::string>("/verify/rule").size(), 16u);
  EXPECT_EQ(h5.read<std::uint64_t>("/verify/proxy_sweep/rule_1/accel_index").size(), 20u);
  EXPECT_TRUE(h5.exists("/verify/proxy_sweep/rule_2/target_4/min_slack"));
  EXPECT_EQ(h5.read<std::uint64_t>("/verify/rules/rule_3/arch_position").size(), 3u);

  const nlohmann::json summary = read_json(dir / "v.json");
  ASSERT_EQ(summary["verify"].size(), 16u);
  for (std::size_t i = 0; i < 16; ++i) {
    const nlohmann::json &row = summary["verify"][i];
    for (const char *key : {"rule", "target", "optimum_kept", "regret", "pareto_recall",
                            "hypervolume_ratio", "reduced_pairs", "full_pairs"})
      EXPECT_TRUE(row.contains(key)) << key;
    EXPECT_EQ(row["optimum_kept"].get<bool>(), expected.rows[i].optimum_kept);
    EXPECT_EQ(row["reduced_pairs"].get<std::uint64_t>(), expected.rows[i].reduced_pairs);
    EXPECT_EQ(row["full_pairs"].get<std::uint64_t>(), 15625u * 64);
    EXPECT_EQ(row["pareto_recall"].get<double>(), expected.rows[i].pareto_recall);
  }
  EXPECT_EQ(summary["verify_proxy_sweep"].size(), 2u);
}

TEST(VerifyCommand, SameResultsForOneAndTwoThreads) {
  TempDir dir("verify-threads");
  const auto file = study_with(dir, "s.toml", kVerify);
  ASSERT_EQ(run_coscan("verify '" + file.string() + "' --out a.h5 --summary a.json --threads 1",
                       dir.path())
                .exit_code,
            0);
  ASSERT_EQ(run_coscan("verify '" + file.string() + "' --out b.h5 --summary b.json --threads 2",
                       dir.path())
                .exit_code,
            0);
  EXPECT_EQ(read_json(dir / "a.json")["verify"], read_json(dir / "b.json")["verify"]);
  EXPECT_EQ(read_json(dir / "a.json")["verify_proxy_sweep"],
            read_json(dir / "b.json")["verify_proxy_sweep"]);
  h5::Reader a(dir / "a.h5"), b(dir / "b.h5");
  EXPECT_EQ(a.read<double>("/verify/proxy_sweep/rule_1/target_1/min_slack"),
            b.read<double>("/verify/proxy_sweep/rule_1/target_1/min_slack"));
}

/// Everything but timings under /verify, /pareto and /ranking.
H5Content analysis_content(const std::filesystem::path &file) {
  const auto timing = [](const std::string &attribute) {
    return is_timing(attribute) || attribute == "ground_truth_s" || attribute == "rules_s" ||
           attribute == "proxy_sweep_s";
  };
  H5Content all = h5_content(file, timing), kept;
  for (auto &[key, value] : all)
    for (const char *group : {"/verify", "/pareto", "/ranking"})
      if (key.rfind(group, 0) == 0)
        kept.emplace(key, value);
  return kept;
}

TEST(VerifyCommand, SameResultsAtOneTwoFourRanks) {
  TempDir dir("verify-ranks");
  // A semi-decoupled rule that misses part of the true front (a reduced-front sweep on every
  // rank), a list, a random control; the proxy sweep over all accelerators; a ranking.
  const auto file = study_with(dir, "s.toml", R"toml(
[ranking]
metric = ["latency", "edp"]
matrix_accels = [0, 9, 33]
[verify]
rules = [{ kind = "semi_decoupled", proxy_accel = 3, metric = "latency" },
         { kind = "semi_decoupled", proxy_accel = 0, metric = "edp", slack = 0.2 },
         { kind = "list", archs = [5, 7, 12] },
         { kind = "random", size = "same", seed = 1 }]
targets = [{ minimize = "latency", accuracy_min = 70.0 },
           { minimize = "edp", accuracy_min = 60.0, area_max_mm2 = 3.0 },
           { maximize = "accuracy", latency_max_s = 5e-4 },
           { pareto = true }]
proxies = "all"
[engine]
arch_block = 3000
accel_block = 4
)toml");
  const CommandResult one = run_coscan(
      "verify '" + file.string() + "' --out one.h5 --summary one.json --threads 2", dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const H5Content expected = analysis_content(dir / "one.h5");
  ASSERT_TRUE(expected.contains("/verify/regret"));
  ASSERT_TRUE(expected.contains("/verify/proxy_sweep/rule_1/target_1/min_slack"));
  ASSERT_TRUE(expected.contains("/ranking/spearman"));
  for (int ranks : {2, 4}) {
    const std::string out = "r" + std::to_string(ranks) + ".h5";
    const CommandResult r = run_launched(
        std::string(COSCAN_MPIEXEC) + " -n " + std::to_string(ranks) + " --oversubscribe",
        "verify '" + file.string() + "' --out " + out + " --threads 1", dir.path());
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.err;
    const H5Content got = analysis_content(dir / out);
    EXPECT_EQ(got.size(), expected.size()) << ranks << " ranks";
    for (const auto &[key, value] : expected) {
      const auto it = got.find(key);
      ASSERT_NE(it, got.end()) << key;
      EXPECT_EQ(it->second, value) << ranks << " ranks: " << key;
    }
    EXPECT_EQ(h5::Reader(dir / out).attribute<std::int64_t>("/", "ranks"), ranks);
  }
}

TEST(VerifyCommand, RankingGoesIntoTheSummary) {
  TempDir dir("verify-ranking");
  const auto file =
      study_with(dir, "s.toml", "[ranking]\nmetric = [\"latency\", \"energy\"]\n" + kVerify);
  const CommandResult r =
      run_coscan("verify '" + file.string() + "' --out v.h5 --summary v.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json summary = read_json(dir / "v.json");
  ASSERT_TRUE(summary.contains("ranking"));
  EXPECT_TRUE(summary["ranking"].contains("energy"));
  const nlohmann::json &all = summary["ranking"]["latency"]["summaries"]["all"];
  h5::Reader h5(dir / "v.h5");
  EXPECT_TRUE(h5.exists("/ranking/spearman"));
  EXPECT_EQ(all["spearman"]["count"].get<std::uint64_t>(), 64u);
  EXPECT_LE(all["spearman"]["min"].get<double>(), all["spearman"]["p50"].get<double>());
}

TEST(RunSummary, HasTheRankingSummaries) {
  TempDir dir("run-ranking-json");
  const auto file = study_with(dir, "s.toml", "[ranking]\nproxy_accel = 5\n");
  const CommandResult r =
      run_coscan("run '" + file.string() + "' --out r.h5 --summary r.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json summary = read_json(dir / "r.json");
  ASSERT_TRUE(summary.contains("ranking"));
  const nlohmann::json &latency = summary["ranking"]["latency"];
  EXPECT_EQ(latency["proxy_accel"].get<std::uint64_t>(), 5u);
  h5::Reader h5(dir / "r.h5");
  const auto spearman = h5.read<double>("/ranking/spearman");
  EXPECT_EQ(latency["summaries"]["all"]["spearman"]["min"].get<double>(),
            *std::min_element(spearman.begin(), spearman.end()));
  EXPECT_TRUE(latency["summaries"].contains("row_stationary"));
  EXPECT_FALSE(summary.contains("verify")); // run ignores [verify]
}

TEST(VerifyCommand, ListFromAFileEqualsTheInlineList) {
  TempDir dir("verify-list");
  dir.write("archs.txt", "# three architectures\n12\n\n"
                         "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
                         "nor_conv_3x3~1|nor_conv_3x3~2|  # by string\n7\n");
  const auto file = study_with(
      dir, "s.toml",
      "[verify]\nrules = [{ kind = \"list\", archs_file = \"archs.txt\" },\n"
      "{ kind = \"list\", archs = [7, 12, \"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|"
      "skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|\"] }]\ntargets = [{ pareto = true }]\n"
      "proxies = \"none\"\n");
  const CommandResult r = run_coscan("verify '" + file.string() + "' --out v.h5", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  h5::Reader h5(dir / "v.h5");
  const auto from_file = h5.read<std::uint64_t>("/verify/rules/rule_1/arch_position");
  EXPECT_EQ(from_file.size(), 3u);
  EXPECT_EQ(from_file, h5.read<std::uint64_t>("/verify/rules/rule_2/arch_position"));
  EXPECT_FALSE(h5.exists("/verify/proxy_sweep"));
}

TEST(VerifyCommand, CertifiedRuleKeepsEveryOptimum) {
  // The certified set holds every architecture that can be Pareto-optimal on any accelerator
  // (engine/certified_reduction.hpp), so it must keep every target, exactly.
  TempDir dir("verify-certified");
  const auto file =
      study_with(dir, "s.toml",
                 "[verify]\nrules = [{ kind = \"certified\" }]\n"
                 "targets = [{ minimize = \"latency\", accuracy_min = 70.0 },\n"
                 "           { minimize = \"edp\", accuracy_min = 60.0, area_max_mm2 = 3.0 },\n"
                 "           { pareto = true }]\nproxies = \"none\"\n");
  const CommandResult r = run_coscan("verify '" + file.string() + "' --summary v.json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const study::Study study = study::load_study(file);
  const engine::Problem problem = study::build_problem(study);
  const std::uint64_t certified = engine::certified_archs(problem).positions.size();
  EXPECT_LT(certified, problem.num_archs());
  EXPECT_THAT(r.out, HasSubstr("certified(" + std::to_string(certified) + " archs)"));
  const nlohmann::json summary = read_json(dir / "v.json");
  ASSERT_EQ(summary["verify"].size(), 3u);
  for (const nlohmann::json &row : summary["verify"]) {
    EXPECT_TRUE(row["optimum_kept"].get<bool>()) << row.dump();
    EXPECT_EQ(row["pareto_recall"].get<double>(), 1.0);
    EXPECT_EQ(row["hypervolume_ratio"].get<double>(), 1.0);
    EXPECT_EQ(row["reduced_pairs"].get<std::uint64_t>(), certified * 64);
  }
}

struct BadVerify {
  std::string name, section, expected;
  friend void PrintTo(const BadVerify &bad, std::ostream *out) { *out << bad.name; }
};

class VerifyErrors : public ::testing::TestWithParam<BadVerify> {};

TEST_P(VerifyErrors, OneLineExitTwoNothingWritten) {
  const BadVerify &bad = GetParam();
  TempDir dir("verify-error-" + bad.name);
  const auto file = study_with(dir, "s.toml", bad.section);
  const CommandResult r =
      run_coscan("verify '" + file.string() + "' --out v.h5 --summary v.json", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(bad.expected));
  EXPECT_THAT(r.err, HasSubstr("s.toml"));
  EXPECT_FALSE(std::filesystem::exists(dir / "v.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "v.json"));
}

const std::string kPareto = "targets = [{ pareto = true }]\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, VerifyErrors,
    ::testing::Values(
        BadVerify{"none", "", "no [verify] section"},
        BadVerify{"unknown_key",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n" + kPareto +
                      "colour = 1\n",
                  "key 'verify.colour': unknown key"},
        BadVerify{"unknown_kind", "[verify]\nrules = [{ kind = \"magic\" }]\n" + kPareto,
                  "key 'verify.rules[1].kind': unknown rule kind 'magic'"},
        BadVerify{"layers_and_slack",
                  "[verify]\nrules = [{ kind = \"semi_decoupled\", layers = 2, slack = 0.1 }]\n" +
                      kPareto,
                  "key 'verify.rules[1].slack': give layers or slack, not both"},
        BadVerify{"negative_slack",
                  "[verify]\nrules = [{ kind = \"semi_decoupled\", slack = -0.1 }]\n" + kPareto,
                  "key 'verify.rules[1].slack'"},
        BadVerify{"proxy_range",
                  "[verify]\nrules = [{ kind = \"semi_decoupled\", proxy_accel = 64 }]\n" + kPareto,
                  "key 'verify.rules[1].proxy_accel': 64 is out of range 0..63"},
        BadVerify{"bad_metric",
                  "[verify]\nrules = [{ kind = \"semi_decoupled\", metric = \"area\" }]\n" +
                      kPareto,
                  "key 'verify.rules[1].metric': unknown metric 'area'"},
        BadVerify{"bad_arch",
                  "[verify]\nrules = [{ kind = \"list\", archs = [\"|nope~0|\"] }]\n" + kPareto,
                  "'|nope~0|' is not an architecture of nasbench201"},
        BadVerify{"arch_index_range",
                  "[verify]\nrules = [{ kind = \"list\", archs = [15625] }]\n" + kPareto,
                  "architecture index 15625 is out of range 0..15624"},
        BadVerify{"missing_file",
                  "[verify]\nrules = [{ kind = \"list\", archs_file = \"nope.txt\" }]\n" + kPareto,
                  "key 'verify.rules[1].archs_file': cannot read"},
        BadVerify{"certified_key",
                  "[verify]\nrules = [{ kind = \"certified\", proxy_accel = 1 }]\n" + kPareto,
                  "key 'verify.rules[1].proxy_accel': unknown key"},
        BadVerify{"same_first", "[verify]\nrules = [{ kind = \"random\" }]\n" + kPareto,
                  "key 'verify.rules[1].size'"},
        BadVerify{"size_range",
                  "[verify]\nrules = [{ kind = \"random\", size = 20000 }]\n" + kPareto,
                  "key 'verify.rules[1].size': 20000 exceeds the 15625"},
        BadVerify{"two_targets",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n"
                  "targets = [{ pareto = true, minimize = \"latency\" }]\n",
                  "key 'verify.targets[1].pareto': give exactly one of"},
        BadVerify{"pareto_bounds",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n"
                  "targets = [{ pareto = true, accuracy_min = 3 }]\n",
                  "key 'verify.targets[1].accuracy_min': the Pareto target takes no constraints"},
        BadVerify{"maximize_latency",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n"
                  "targets = [{ maximize = \"latency\" }]\n",
                  "key 'verify.targets[1].maximize'"},
        BadVerify{"rule_not_table", "[verify]\nrules = [3]\n" + kPareto,
                  "key 'verify.rules': item 1: expected a table"},
        BadVerify{"proxies_range",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n" + kPareto +
                      "proxies = 65\n",
                  "key 'verify.proxies': 65 proxies exceed the 64"},
        BadVerify{"proxy_seed_alone",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n" + kPareto +
                      "proxy_seed = 2\n",
                  "key 'verify.proxy_seed': only with proxies = N"},
        BadVerify{"infeasible",
                  "[verify]\nrules = [{ kind = \"random\", size = 3 }]\n"
                  "targets = [{ minimize = \"latency\", accuracy_min = 1000 }]\n",
                  "key 'verify.targets[1]': target 1 (min latency s.t. accuracy >= 1000): no pair "
                  "of the space meets its constraints"}),
    [](const auto &test) { return test.param.name; });

} // namespace
} // namespace coscan::testing
