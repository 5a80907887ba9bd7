// `coscan run` with a [ranking] section: /ranking in the results file, the printed summary, and
// one-line errors for bad [ranking] input.
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kSmallStudy =
    std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" / "nb201_small.toml";

/// The small example study with `ranking` appended, written to `dir/name`.
std::filesystem::path study_with(const TempDir &dir, const std::string &name,
                                 const std::string &ranking) {
  const std::filesystem::path file = dir / name;
  std::ofstream out(file);
  out << read_text(kSmallStudy) << "\n" << ranking;
  return file;
}

TEST(RankingCommand, WritesRankingGroupAndSummary) {
  TempDir dir("ranking");
  const auto file = study_with(dir, "s.toml",
                               "[ranking]\nmetric = [\"latency\", \"energy\"]\nproxy_accel = 3\n"
                               "topk_fraction = 0.01\nmatrix_accels = [0, 3, 40]\n");
  const CommandResult r =
      run_coscan("run '" + file.string() + "' --out r.h5 --threads 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ranking (latency vs proxy accel 3"));
  EXPECT_THAT(r.out, HasSubstr("least similar: accel"));

  const study::Study study = study::load_study(file);
  const engine::Problem problem = study::build_problem(study);
  engine::RankingOptions options;
  options.metric = engine::Metric::latency;
  options.proxy = 3;
  options.topk = 156; // round(0.01 * 15625)
  options.matrix = {0, 3, 40};
  const engine::RankingResult expected = engine::rank_similarity(problem, options);

  h5::Reader h5(dir / "r.h5");
  EXPECT_EQ(h5.read<std::uint64_t>("/ranking/accel_index"), expected.accel_index);
  EXPECT_EQ(h5.read<double>("/ranking/spearman"), expected.spearman);
  EXPECT_EQ(h5.read<double>("/ranking/kendall_tau_b"), expected.kendall_tau_b);
  EXPECT_EQ(h5.read<double>("/ranking/topk_overlap"), expected.topk_overlap);
  EXPECT_EQ(h5.read<double>("/ranking/pareto_jaccard"), expected.pareto_jaccard);
  EXPECT_EQ(h5.read<double>("/ranking/pareto_recall"), expected.pareto_recall);
  EXPECT_EQ(h5.read<double>("/ranking/spearman")[3], 1.0);
  EXPECT_EQ(h5.attribute<std::string>("/ranking", "metric"), "latency");
  EXPECT_EQ(h5.attribute<std::uint64_t>("/ranking", "proxy_accel"), 3u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/ranking", "topk"), 156u);
  EXPECT_EQ(h5.attribute<double>("/ranking", "spearman_all_p50"),
            expected.summaries[0].spearman.p50);
  EXPECT_EQ(h5.attribute<double>("/ranking", "kendall_tau_b_all_min"),
            expected.summaries[0].kendall_tau_b.min);
  EXPECT_EQ(h5.read<std::uint64_t>("/ranking/matrix/accel_index"),
            (std::vector<std::uint64_t>{0, 3, 40}));
  EXPECT_EQ(h5.read<double>("/ranking/matrix/spearman"), expected.matrix.spearman);
  EXPECT_EQ(h5.read<double>("/ranking/matrix/kendall_tau_b"), expected.matrix.kendall_tau_b);
  EXPECT_EQ(h5.attribute<std::string>("/ranking/energy", "metric"), "energy");
  EXPECT_EQ(h5.read<double>("/ranking/energy/spearman").size(), problem.num_accels());
  EXPECT_FALSE(h5.exists("/ranking/energy/matrix"));
}

/// Every dataset and attribute under /ranking and /pareto.
H5Content ranking_content(const std::filesystem::path &file) {
  H5Content all = h5_content(file, is_timing), ranking;
  for (auto &[key, value] : all)
    if (key.rfind("/ranking", 0) == 0 || key.rfind("/pareto", 0) == 0)
      ranking.emplace(key, std::move(value));
  return ranking;
}

/// /ranking and /pareto of `study` at 1, 2 and 4 ranks and through 3 shards + merge: identical.
void expect_same_ranking_everywhere(const TempDir &dir, const std::string &study) {
  const CommandResult one = run_coscan("run " + study + " --out one.h5 --quiet", dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const H5Content expected = ranking_content(dir / "one.h5");
  ASSERT_TRUE(expected.contains("/ranking/spearman"));
  for (int ranks : {2, 4}) {
    const CommandResult r = run_launched(
        fmt::format("{} -n {} --oversubscribe", COSCAN_MPIEXEC, ranks),
        fmt::format("run {} --out r{}.h5 --quiet --threads 1", study, ranks), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ranking_content(dir / fmt::format("r{}.h5", ranks)), expected) << ranks << " ranks";
  }
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const CommandResult r = run_coscan(
        fmt::format("run {} --shard {}/3 --out s{}.h5 --quiet", study, i, i), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(
        h5_content(dir / fmt::format("s{}.h5", i), is_timing).contains("/ranking/spearman"))
        << "a shard holds part of the ranking only";
    shards += fmt::format(" s{}.h5", i);
  }
  const CommandResult merged = run_coscan("merge" + shards + " --out m.h5 --quiet", dir.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(ranking_content(dir / "m.h5"), expected) << "shards + merge";
  // A merge without one shard's ranking state is refused.
  const CommandResult missing = run_coscan("merge s0.h5 s1.h5 --out x.h5 --quiet", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.h5"));
}

TEST(RankingCommand, SameRankingAtOneTwoFourRanksAndThroughShards) {
  TempDir dir("ranking-ranks");
  study_with(dir, "s.toml",
             "[ranking]\nmetric = [\"latency\", \"energy\", \"edp\"]\nproxy_accel = 5\n"
             "topk = 100\nmatrix_accels = [0, 5, 40, 41, 63]\n"
             "[engine]\narch_block = 4000\naccel_block = 8\n");
  expect_same_ranking_everywhere(dir, "s.toml");
}

TEST(RankingCommand, MeasuredDevicesSameRankingAtRanksAndShards) {
  COSCAN_REQUIRE_SHARED("data/nb201_latency_help.csv");
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv");
  TempDir dir("ranking-devices");
  std::string text =
      read_text(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples/nb201_measured_devices.toml");
  const std::string prefix = (std::filesystem::path(COSCAN_SOURCE_DIR) / "examples/").string();
  for (std::size_t at = text.find("\"../../shared"); at != std::string::npos;
       at = text.find("\"../../shared", at + prefix.size()))
    text.insert(at + 1, prefix);
  dir.write("d.toml", text + "\n[engine]\naccel_block = 4\n");
  expect_same_ranking_everywhere(dir, "d.toml");
}

TEST(RankingCommand, NoSectionNoGroup) {
  TempDir dir("ranking-none");
  const CommandResult r =
      run_coscan("run '" + kSmallStudy.string() + "' --out r.h5 --threads 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("ranking")));
  h5::Reader h5(dir / "r.h5");
  EXPECT_FALSE(h5.exists("/ranking"));
}

TEST(RankingCommand, BadInputIsAOneLineErrorNamingFileAndKey) {
  TempDir dir("ranking-errors");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"proxy_accel = 64", "ranking.proxy_accel': 64 is out of range 0..63"},
      {"metric = \"area\"", "ranking.metric': unknown ranking metric 'area'"},
      {"metric = \"speed\"", "ranking.metric': unknown ranking metric 'speed'"},
      {"topk = 0", "ranking.topk': 0 is out of range"},
      {"topk = 20000", "ranking.topk': top-20000 exceeds the 15625 architectures"},
      {"topk_fraction = 1.5", "ranking.topk_fraction': 1.5 must be <= 1"},
      {"matrix_accels = [1, 99]", "ranking.matrix_accels': 99 is out of range"},
      {"colour = 1", "ranking.colour': unknown key"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto file =
        study_with(dir, "bad" + std::to_string(i) + ".toml", "[ranking]\n" + cases[i].first + "\n");
    const CommandResult r = run_coscan("run '" + file.string() + "' --out r.h5", dir.path());
    EXPECT_EQ(r.exit_code, 2) << cases[i].first;
    EXPECT_THAT(r.err, HasSubstr(file.string() + ": key '" + cases[i].second)) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "r.h5"));
  }
}

} // namespace
} // namespace coscan::testing
