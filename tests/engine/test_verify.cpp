// Reduced-space verification against plain loops over every pair of small problems, a
// constructed case where the semi-decoupled shortcut must fail, and thread independence.
#include "small_problem.hpp"

#include <coscan/engine/analyses/hypervolume.hpp>
#include <coscan/engine/analyses/proxy_front.hpp>
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/search/sampling.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace coscan::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Every pair's metrics, by plain loops over positions: m[a][j].
struct AllPairs {
  std::vector<std::vector<PairMetrics>> m;
  explicit AllPairs(const Problem &p) {
    for (std::uint64_t a = 0; a < p.num_archs(); ++a) {
      m.emplace_back();
      for (std::uint64_t j = 0; j < p.num_accels(); ++j)
        m.back().push_back(evaluate_pair_factorised(p, p.arch_at(a), p.accel_at(j)));
    }
  }
  double metric(Metric metric, std::size_t a, std::size_t j) const {
    const PairMetrics &x = m[a][j];
    switch (metric) {
    case Metric::accuracy:
      return x.accuracy;
    case Metric::latency:
      return x.latency_s;
    case Metric::energy:
      return x.energy_j;
    case Metric::edp:
      return x.edp();
    case Metric::area:
      return x.area_mm2;
    }
    return 0;
  }
};

bool feasible(const VerifyTarget &t, const PairMetrics &x) {
  return x.accuracy >= t.accuracy_min && x.latency_s <= t.latency_max_s &&
         x.area_mm2 <= t.area_max_mm2;
}

/// The signed optimum of a constrained target over architectures `archs` (all when empty).
double brute_optimum(const AllPairs &all, const VerifyTarget &t,
                     const std::vector<std::uint64_t> *archs) {
  double best = kInf;
  for (std::size_t a = 0; a < all.m.size(); ++a) {
    if (archs && !std::binary_search(archs->begin(), archs->end(), a))
      continue;
    for (std::size_t j = 0; j < all.m[a].size(); ++j)
      if (feasible(t, all.m[a][j]))
        best = std::min(best, t.kind == TargetKind::maximize_accuracy ? -all.m[a][j].accuracy
                                                                      : all.metric(t.metric, a, j));
  }
  return best;
}

/// The semi-decoupled set by the definitions: repeated front peeling (layers) or pairwise
/// eps-dominance (slack).
std::vector<std::uint64_t> brute_semi_decoupled(const AllPairs &all, const ReductionRule &rule) {
  std::vector<double> accuracy, metric;
  for (std::size_t a = 0; a < all.m.size(); ++a) {
    accuracy.push_back(all.m[a][rule.proxy].accuracy);
    metric.push_back(all.metric(rule.metric, a, rule.proxy));
  }
  std::vector<std::uint64_t> out;
  const auto layers = nondominated_layers_reference(accuracy, metric);
  for (std::size_t a = 0; a < accuracy.size(); ++a) {
    bool keep = true;
    if (rule.slack > 0) {
      for (std::size_t b = 0; b < accuracy.size() && keep; ++b) {
        const double scaled = (1.0 + rule.slack) * metric[b];
        keep = !((accuracy[b] >= accuracy[a] && scaled < metric[a]) ||
                 (accuracy[b] > accuracy[a] && scaled <= metric[a]));
      }
    } else {
      keep = layers[a] <= rule.layers;
    }
    if (keep)
      out.push_back(a);
  }
  return out;
}

/// The true Pareto set over positions, by brute force; values minimised.
std::vector<std::pair<std::size_t, std::size_t>>
brute_front(const AllPairs &all, const std::vector<Objective> &objectives,
            const std::vector<std::uint64_t> *archs, std::vector<double> &values_out) {
  std::vector<double> values;
  std::vector<std::pair<std::size_t, std::size_t>> ids;
  for (std::size_t a = 0; a < all.m.size(); ++a) {
    if (archs && !std::binary_search(archs->begin(), archs->end(), a))
      continue;
    for (std::size_t j = 0; j < all.m[a].size(); ++j) {
      ids.emplace_back(a, j);
      for (const Objective &o : objectives)
        values.push_back((o.sense == Sense::maximize ? -1 : 1) * all.metric(o.metric, a, j));
    }
  }
  const std::size_t k = objectives.size();
  std::vector<std::pair<std::size_t, std::size_t>> front;
  values_out.clear();
  for (std::size_t i : brute_force_front(values, k)) {
    front.push_back(ids[i]);
    values_out.insert(values_out.end(), values.begin() + i * k, values.begin() + i * k + k);
  }
  return front;
}

double normalised_hv(std::vector<double> values, const std::vector<double> &ideal,
                     const std::vector<double> &nadir) {
  const std::size_t k = ideal.size();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t o = i % k;
    const double range = nadir[o] > ideal[o] ? nadir[o] - ideal[o] : 1.0;
    values[i] = (values[i] - ideal[o]) / range;
  }
  return hypervolume_grid_reference(values, std::vector<double>(k, 1.1));
}

/// 150 sampled NB201 architectures x 12 accelerators, accuracy and latency (2-D, so the
/// hypervolume can be checked by grid counting).
Problem sampled_problem() {
  Problem p = testing::small_problem({64, 256}, {8, 32});
  p.arch_sample = search::sample_indices(p.archs->size(), 150, 5, false);
  p.objectives = {{Metric::accuracy, Sense::maximize}, {Metric::latency, Sense::minimize}};
  return p;
}

VerifyOptions some_options(const AllPairs &all) {
  // Bounds at the medians, so that the constraints bite.
  std::vector<double> latency, accuracy, area;
  for (std::size_t a = 0; a < all.m.size(); ++a)
    for (const PairMetrics &x : all.m[a]) {
      latency.push_back(x.latency_s);
      accuracy.push_back(x.accuracy);
      area.push_back(x.area_mm2);
    }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  VerifyOptions o;
  ReductionRule semi;
  semi.proxy = 0;
  o.rules.push_back(semi);
  ReductionRule layered = semi;
  layered.proxy = 5;
  layered.metric = Metric::energy;
  layered.layers = 3;
  o.rules.push_back(layered);
  ReductionRule slack = semi;
  slack.proxy = 7;
  slack.metric = Metric::edp;
  slack.slack = 0.3;
  o.rules.push_back(slack);
  ReductionRule list;
  list.kind = RuleKind::list;
  list.archs = {3, 1, 4, 1, 59, 26, 53, 58, 97, 93, 23, 84, 62, 64, 33};
  o.rules.push_back(list);
  ReductionRule random;
  random.kind = RuleKind::random;
  random.seed = 1;
  o.rules.push_back(random);
  VerifyTarget t1;
  t1.kind = TargetKind::minimize;
  t1.metric = Metric::latency;
  t1.accuracy_min = median(accuracy);
  VerifyTarget t2;
  t2.kind = TargetKind::minimize;
  t2.metric = Metric::edp;
  t2.accuracy_min = median(accuracy);
  t2.area_max_mm2 = median(area);
  VerifyTarget t3;
  t3.kind = TargetKind::maximize_accuracy;
  t3.latency_max_s = median(latency);
  o.targets = {t1, t2, t3, VerifyTarget{}};
  o.arch_block = 64; // several blocks
  o.accel_block = 5;
  return o;
}

TEST(Verify, MatchesBruteForce) {
  const Problem p = sampled_problem();
  const AllPairs all(p);
  const VerifyOptions options = some_options(all);
  const VerifyResult r = verify_reductions(p, options);
  ASSERT_EQ(r.rows.size(), options.rules.size() * options.targets.size());

  // The ground truth.
  std::vector<double> true_values;
  const auto truth = brute_front(all, p.objectives, nullptr, true_values);
  ASSERT_EQ(r.pareto.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_EQ(r.pareto[i].arch, p.arch_at(truth[i].first));
    EXPECT_EQ(r.pareto[i].accel, p.accel_at(truth[i].second));
  }
  for (std::size_t t = 0; t < 3; ++t) {
    const double sign = options.targets[t].kind == TargetKind::maximize_accuracy ? -1 : 1;
    EXPECT_EQ(r.optima[t].value, sign * brute_optimum(all, options.targets[t], nullptr)) << t;
  }
  const double true_hv = normalised_hv(true_values, r.hv_ideal, r.hv_nadir);
  EXPECT_NEAR(r.pareto_hypervolume, true_hv, 1e-12);

  // The rules' sets.
  for (std::size_t rule = 0; rule < 3; ++rule)
    EXPECT_EQ(r.reduced_archs[rule], brute_semi_decoupled(all, options.rules[rule])) << rule;
  std::vector<std::uint64_t> list = options.rules[3].archs;
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  EXPECT_EQ(r.reduced_archs[3], list);
  EXPECT_EQ(r.reduced_archs[4].size(), list.size()); // "same size" as the rule before
  EXPECT_EQ(r.reduced_archs[4], search::sample_indices(150, list.size(), 1, false));

  // Every row.
  bool some_kept = false, some_lost = false;
  for (const VerifyRow &row : r.rows) {
    const auto &reduced = r.reduced_archs[row.rule];
    const VerifyTarget &target = options.targets[row.target];
    EXPECT_EQ(row.reduced_archs, reduced.size());
    EXPECT_EQ(row.reduced_pairs, reduced.size() * 12);
    EXPECT_EQ(row.full_pairs, 150u * 12);
    std::size_t covered = 0;
    for (const auto &[a, j] : truth)
      covered += std::binary_search(reduced.begin(), reduced.end(), a);
    EXPECT_DOUBLE_EQ(row.pareto_recall,
                     static_cast<double>(covered) / static_cast<double>(truth.size()));
    std::vector<double> reduced_values;
    brute_front(all, p.objectives, &reduced, reduced_values);
    EXPECT_NEAR(row.hypervolume_ratio,
                normalised_hv(reduced_values, r.hv_ideal, r.hv_nadir) / true_hv, 1e-12);
    if (target.kind == TargetKind::pareto) {
      EXPECT_EQ(row.optimum_kept, covered == truth.size());
      EXPECT_NEAR(row.regret, 1.0 - row.hypervolume_ratio, 1e-15);
    } else {
      const double optimum = brute_optimum(all, target, nullptr);
      const double best = brute_optimum(all, target, &reduced);
      EXPECT_EQ(row.optimum_kept, best == optimum) << row.rule << "," << row.target;
      if (best == kInf) {
        EXPECT_EQ(row.regret, kInf);
      } else {
        EXPECT_NEAR(row.regret, (best - optimum) / std::abs(optimum), 1e-12);
      }
    }
    (row.optimum_kept ? some_kept : some_lost) = true;
  }
  EXPECT_TRUE(some_kept);
  EXPECT_TRUE(some_lost); // the test would not discriminate otherwise
}

TEST(Verify, ProxySweepMatchesBruteForce) {
  const Problem p = sampled_problem();
  const AllPairs all(p);
  const VerifyOptions options = some_options(all);
  const VerifyResult r = verify_reductions(p, options);
  ASSERT_EQ(r.proxy_sweeps.size(), 3u); // the three semi-decoupled rules
  std::vector<double> true_values;
  const auto truth = brute_front(all, p.objectives, nullptr, true_values);
  for (const ProxySweep &s : r.proxy_sweeps) {
    ASSERT_EQ(s.accel_index.size(), 12u);
    for (std::size_t t = 0; t < options.targets.size(); ++t) {
      const VerifyTarget &target = options.targets[t];
      std::size_t kept = 0;
      for (std::size_t proxy = 0; proxy < 12; ++proxy) {
        ReductionRule rule = options.rules[s.rule];
        rule.proxy = proxy;
        const auto reduced = brute_semi_decoupled(all, rule);
        EXPECT_EQ(s.reduced_archs[proxy], reduced.size());
        bool keeps;
        if (target.kind == TargetKind::pareto) {
          keeps = std::all_of(truth.begin(), truth.end(), [&](const auto &id) {
            return std::binary_search(reduced.begin(), reduced.end(), id.first);
          });
        } else {
          keeps = brute_optimum(all, target, &reduced) == brute_optimum(all, target, nullptr);
        }
        EXPECT_EQ(s.kept[t][proxy] != 0, keeps) << s.rule << " " << t << " " << proxy;
        kept += keeps;
        // The reported smallest slack keeps the optimum on this proxy.
        ReductionRule at_slack = rule;
        at_slack.slack = s.slack_for_all[t];
        at_slack.layers = 1;
        if (at_slack.slack > 0) {
          const auto wider = brute_semi_decoupled(all, at_slack);
          if (target.kind == TargetKind::pareto) {
            for (const auto &id : truth)
              EXPECT_TRUE(std::binary_search(wider.begin(), wider.end(), id.first));
          } else {
            EXPECT_EQ(brute_optimum(all, target, &wider), brute_optimum(all, target, nullptr));
          }
        }
      }
      EXPECT_DOUBLE_EQ(s.kept_fraction[t], static_cast<double>(kept) / 12.0);
    }
  }
}

/// Latency ranks are reversed on 256-PE accelerators (negative cycles: a test device, not
/// physics), and accuracy falls with size: the proxy's front is the smallest architectures,
/// but the fastest pair overall is the largest architecture on a 256-PE accelerator.
class ReversingModel : public costmodel::CostModel {
public:
  std::string_view name() const override { return "reversing"; }
  costmodel::LayerCost layer_cost(const costmodel::LayerShape &layer,
                                  const costmodel::AccelParams &accel) const override {
    const double v = static_cast<double>(layer.ops()) + 1.0;
    return {accel.num_pes == 256 ? -v : v, v * 1e-12};
  }
  double area_mm2(const costmodel::AccelParams &) const override { return 1.0; }
};

class SmallIsAccurate : public search::AccuracySource {
public:
  explicit SmallIsAccurate(const search::ArchSpace &space) : space_(space) {}
  double at(std::uint64_t arch) const override {
    return 100.0 - static_cast<double>(space_.macs(arch)) * 1e-7;
  }
  std::string source() const override { return "test:small_is_accurate"; }
  bool is_proxy() const override { return true; }

private:
  const search::ArchSpace &space_;
};

TEST(Verify, ReportsTheShortcutFailingWhenAnAcceleratorReversesTheRanking) {
  Problem p = testing::small_problem({64, 256}, {8});
  p.cost_model = std::make_unique<ReversingModel>();
  p.accuracy = std::make_unique<SmallIsAccurate>(*p.archs);
  p.arch_sample = search::sample_indices(p.archs->size(), 400, 2, false);
  VerifyOptions options;
  ReductionRule semi; // proxy 0: weight stationary, 64 PEs (not reversed)
  options.rules = {semi};
  VerifyTarget fastest;
  fastest.kind = TargetKind::minimize;
  fastest.metric = Metric::latency;
  options.targets = {fastest};
  const VerifyResult r = verify_reductions(p, options);
  ASSERT_EQ(r.rows.size(), 1u);
  const VerifyRow &row = r.rows[0];
  EXPECT_FALSE(row.optimum_kept);
  EXPECT_GT(row.regret, 0.5);
  EXPECT_LT(row.reduced_archs, 10u); // the front of a monotone proxy is tiny
  // The true optimum is on a reversed (256-PE) accelerator, with the sample's largest arch.
  EXPECT_EQ(p.accels->at(r.optima[0].accel).num_pes, 256);
  std::uint64_t largest = p.arch_at(0);
  for (std::uint64_t a = 0; a < p.num_archs(); ++a)
    if (p.archs->macs(p.arch_at(a)) > p.archs->macs(largest))
      largest = p.arch_at(a);
  EXPECT_EQ(p.archs->macs(r.optima[0].arch), p.archs->macs(largest));
  // Proxy sweep: the reversed proxies keep it, the others do not.
  ASSERT_EQ(r.proxy_sweeps.size(), 1u);
  const ProxySweep &s = r.proxy_sweeps[0];
  for (std::size_t j = 0; j < s.accel_index.size(); ++j)
    EXPECT_EQ(s.kept[0][j] != 0, p.accels->at(s.accel_index[j]).num_pes == 256) << j;
  EXPECT_DOUBLE_EQ(s.kept_fraction[0], 0.5);
}

TEST(Verify, SameResultForAnyThreadCount) {
  const Problem p = testing::small_problem({64, 256}, {8, 32});
  VerifyOptions options;
  ReductionRule semi;
  semi.proxy = 2;
  ReductionRule random;
  random.kind = RuleKind::random;
  random.seed = 4;
  options.rules = {semi, random};
  VerifyTarget t;
  t.kind = TargetKind::minimize;
  t.metric = Metric::edp;
  t.accuracy_min = 60;
  options.targets = {t, VerifyTarget{}};
  options.accel_block = 3;
  VerifyResult one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = verify_reductions(p, options);
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    two = verify_reductions(p, options);
  }
  ASSERT_EQ(one.rows.size(), two.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    EXPECT_EQ(one.rows[i].optimum_kept, two.rows[i].optimum_kept);
    EXPECT_EQ(one.rows[i].regret, two.rows[i].regret);
    EXPECT_EQ(one.rows[i].hypervolume_ratio, two.rows[i].hypervolume_ratio);
    EXPECT_EQ(one.rows[i].arch, two.rows[i].arch);
    EXPECT_EQ(one.rows[i].accel, two.rows[i].accel);
  }
  EXPECT_EQ(one.pareto, two.pareto);
  EXPECT_EQ(one.pareto_hypervolume, two.pareto_hypervolume);
  EXPECT_EQ(one.proxy_sweeps[0].kept, two.proxy_sweeps[0].kept);
  EXPECT_EQ(one.proxy_sweeps[0].min_slack, two.proxy_sweeps[0].min_slack);
  EXPECT_EQ(one.optima[0].arch, two.optima[0].arch);
}

TEST(Verify, RejectsOptionsOutOfRangeAndInfeasibleTargets) {
  const Problem p = testing::small_problem({64}, {8});
  VerifyOptions options;
  ReductionRule semi;
  semi.proxy = p.num_accels();
  options.rules = {semi};
  options.targets = {VerifyTarget{}};
  EXPECT_THROW(verify_reductions(p, options), std::invalid_argument);
  ReductionRule random;
  random.kind = RuleKind::random; // "same size" with no rule before
  options.rules = {random};
  EXPECT_THROW(verify_reductions(p, options), std::invalid_argument);
  options.rules = {};
  VerifyTarget impossible;
  impossible.kind = TargetKind::minimize;
  impossible.accuracy_min = 1000;
  options.targets = {impossible};
  EXPECT_THROW(verify_reductions(p, options), InfeasibleTarget);
}

} // namespace
} // namespace coscan::engine
