// The Pareto-candidate pruning: architectures sharing a layer-count vector differ only in
// accuracy, so only each group's most accurate can be Pareto-optimal. Checked by its invariants
// and by sweeping with measured accuracies against a brute force that does not prune.
#include "engine/brute_force_pareto.hpp"
#include "engine/small_problem.hpp"
#include "shared_data.hpp"

#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/reduction/pareto_candidates.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/problem_builder.hpp>

#include <gtest/gtest.h>

#include <map>

namespace coscan::engine {
namespace {

std::vector<std::uint32_t> count_key(const Problem &problem, std::uint64_t arch) {
  std::vector<search::LayerCount> counts;
  problem.archs->layer_counts(arch, counts);
  std::vector<std::uint32_t> key;
  for (const auto &c : counts)
    key.insert(key.end(), {c.shape, c.count});
  return key;
}

TEST(ParetoCandidates, KeepsExactlyTheMostAccurateOfEveryCountVector) {
  const Problem problem = testing::small_problem();
  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  ASSERT_TRUE(candidates.active());
  EXPECT_EQ(candidates.num_groups(), 195u); // NAS-Bench-201's distinct count vectors
  std::map<std::vector<std::uint32_t>, double> best;
  for (std::uint64_t a = 0; a < problem.archs->size(); ++a) {
    auto [it, inserted] = best.try_emplace(count_key(problem, a), problem.accuracy->at(a));
    if (!inserted)
      it->second = std::max(it->second, problem.accuracy->at(a));
  }
  std::uint64_t n = 0;
  for (std::uint64_t a = 0; a < problem.archs->size(); ++a) {
    const bool best_of_group = problem.accuracy->at(a) == best.at(count_key(problem, a));
    EXPECT_EQ(candidates.is_candidate(a), best_of_group) << a;
    n += best_of_group;
  }
  EXPECT_EQ(candidates.num_candidates(), n);
  EXPECT_LT(n, problem.archs->size());
}

TEST(CostGroups, ParamsJoinTheKeyOnlyWhereAnAcceleratorHasANetworkTerm) {
  // The analytical model's per-network term (weight reloads) exists on crossbars only.
  Problem problem = testing::small_problem();
  EXPECT_FALSE(params_join_the_key(problem));
  search::AccelGrid grid = problem.accels->grid();
  grid.dataflow.push_back(costmodel::Dataflow::imc_crossbar);
  problem.accels = std::make_unique<search::AccelSpace>(grid);
  EXPECT_TRUE(params_join_the_key(problem));
  // NAS-Bench-201's params follow its count vector: the same 195 groups either way.
  EXPECT_EQ(CostGroups::compute(problem).num_groups(), 195u);
}

TEST(ParetoCandidates, InactiveWhenAccuracyIsNotAnObjective) {
  Problem problem = testing::small_problem();
  problem.objectives = {{Metric::latency, Sense::minimize}, {Metric::energy, Sense::minimize}};
  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  EXPECT_FALSE(candidates.active());
  EXPECT_EQ(candidates.num_candidates(), problem.archs->size());
  // Without accuracy, architectures of a group tie exactly and are all on the front.
  const SweepResult sweep = run_sweep(problem, {});
  const auto ids = sweep.pareto.front().ids();
  EXPECT_EQ(std::vector<PairId>(ids.begin(), ids.end()), brute_force_pareto(problem));
}

TEST(ParetoCandidates, SweepWithMeasuredAccuracyEqualsBruteForce) {
  COSCAN_REQUIRE_SHARED("data/nb201_nats_tss_accuracy.csv");
  const std::string study_text = R"(
[arch_space]
kind = "nasbench201"
[accuracy]
kind = "table"
path = ")" + testing::shared_file("data/nb201_nats_tss_accuracy.csv").string() +
                                 R"("
column = "cifar100_test_acc_200ep"
[accel_space]
dataflow = ["weight_stationary", "output_stationary", "row_stationary"]
num_pes = [64, 512]
l1_bytes = [64, 1024]
l2_kib = [64]
noc_bw = [64]
offchip_bw = [8, 64]
[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy", "area"]
)";
  const Problem problem = study::build_problem(study::parse_study(study_text, "inline.toml"));
  const SweepResult sweep = run_sweep(problem, {});
  EXPECT_LT(sweep.pareto_candidate_archs, 1000u);
  const auto ids = sweep.pareto.front().ids();
  EXPECT_EQ(std::vector<PairId>(ids.begin(), ids.end()), brute_force_pareto(problem));
}

} // namespace
} // namespace coscan::engine
