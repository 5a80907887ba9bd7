// Reduced-space verification (verify.hpp): the ground truth, each rule's reduced set, the
// (rule, target) rows and the proxy sweep.
#include "analyses/verify_passes.hpp"

#include <coscan/engine/analyses/hypervolume.hpp>
#include <coscan/engine/analyses/proxy_front.hpp>
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/mpi/rank_merge.hpp>
#include <coscan/search/sampling.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>

namespace coscan::engine {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kInf = std::numeric_limits<double>::infinity();
/// Verify keeps per-architecture state and all architectures' layer counts in memory.
constexpr std::uint64_t kMaxArchs = std::uint64_t{1} << 22;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void check_options(const Problem &problem, const VerifyOptions &options) {
  const std::uint64_t num_archs = problem.num_archs(), num_accels = problem.num_accels();
  if (num_archs > kMaxArchs)
    throw std::invalid_argument("verify: more than " + std::to_string(kMaxArchs) +
                                " architectures; sample them with [enumeration]");
  for (std::size_t r = 0; r < options.rules.size(); ++r) {
    const ReductionRule &rule = options.rules[r];
    const std::string name = "verify: rule " + std::to_string(r + 1) + ": ";
    if (rule.kind == RuleKind::semi_decoupled) {
      if (rule.proxy >= num_accels)
        throw std::invalid_argument(name + "proxy accelerator out of range");
      if (rule.metric != Metric::latency && rule.metric != Metric::energy &&
          rule.metric != Metric::edp)
        throw std::invalid_argument(name + "metric must be latency, energy or edp");
      if (rule.layers < 1 || !(rule.slack >= 0))
        throw std::invalid_argument(name + "layers must be >= 1 and slack >= 0");
    } else if (rule.kind == RuleKind::list || rule.kind == RuleKind::certified) {
      for (std::uint64_t a : rule.archs)
        if (a >= num_archs)
          throw std::invalid_argument(name + "architecture position out of range");
    } else if (rule.size > num_archs || (rule.size == 0 && r == 0)) {
      throw std::invalid_argument(name + "random size out of range");
    }
  }
  for (const VerifyTarget &t : options.targets)
    if (t.kind == TargetKind::minimize && t.metric == Metric::accuracy)
      throw std::invalid_argument("verify: accuracy can only be maximised");
  if (options.proxies == VerifyOptions::Proxies::sample &&
      (options.proxy_count < 1 || options.proxy_count > num_accels))
    throw std::invalid_argument("verify: proxy count out of range");
}

/// Per target: the optimum over the architectures in `member` (all when null), by the order
/// (signed value, architecture position, accelerator position).
struct Best {
  bool feasible = false;
  double value = kInf; // signed
  std::uint64_t arch = 0, accel = 0;
};
Best best_over(const std::vector<detail::ArchBest> &best,
               const std::vector<std::uint64_t> *positions) {
  Best out;
  auto visit = [&](std::uint64_t a) {
    const detail::ArchBest &b = best[a];
    if (b.feasible() && (!out.feasible || b.value < out.value)) {
      out = {true, b.value, a, b.accel};
    }
  };
  if (positions)
    for (std::uint64_t a : *positions)
      visit(a);
  else
    for (std::uint64_t a = 0; a < best.size(); ++a)
      visit(a);
  return out;
}

/// Normalises minimised objective rows by the true front's ideal and nadir (see verify.hpp).
struct Normaliser {
  std::vector<double> ideal, nadir;
  explicit Normaliser(const ParetoFront &front) {
    const std::size_t k = front.num_objectives();
    ideal.assign(k, kInf);
    nadir.assign(k, -kInf);
    const auto values = front.values();
    for (std::size_t i = 0; i < front.size(); ++i)
      for (std::size_t o = 0; o < k; ++o) {
        ideal[o] = std::min(ideal[o], values[i * k + o]);
        nadir[o] = std::max(nadir[o], values[i * k + o]);
      }
  }
  double hypervolume(const ParetoFront &front) const {
    const std::size_t k = ideal.size();
    if (front.size() == 0 || k == 0)
      return 0;
    std::vector<double> points(front.values().begin(), front.values().end());
    for (std::size_t i = 0; i < front.size(); ++i)
      for (std::size_t o = 0; o < k; ++o) {
        const double range = nadir[o] > ideal[o] ? nadir[o] - ideal[o] : 1.0;
        points[i * k + o] = (points[i * k + o] - ideal[o]) / range;
      }
    const std::vector<double> reference(k, 1.1);
    return engine::hypervolume(points, reference);
  }
};

/// The positions R of a rule (ascending).
std::vector<std::uint64_t> reduced_set(const Problem &problem, const detail::ArchTiles &archs,
                                       const AccuracyOrder &order, const ReductionRule &rule,
                                       std::uint64_t previous_size) {
  std::vector<std::uint64_t> out;
  switch (rule.kind) {
  case RuleKind::semi_decoupled: {
    const std::vector<double> column =
        detail::proxy_column(problem, archs, rule.proxy, rule.metric);
    ProxyFront front;
    front.analyse(order, column, rule.slack == 0);
    for (std::uint64_t a = 0; a < column.size(); ++a)
      if (rule.slack > 0 ? front.within_slack(a, column[a], rule.slack)
                         : front.layer[a] <= rule.layers)
        out.push_back(a);
    break;
  }
  case RuleKind::list:
  case RuleKind::certified:
    out = rule.archs;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    break;
  case RuleKind::random:
    out = search::sample_indices(problem.num_archs(), rule.size ? rule.size : previous_size,
                                 rule.seed, false);
    break;
  }
  return out;
}

std::uint64_t position_of(const Problem &problem, std::uint64_t arch) {
  if (problem.arch_sample.empty())
    return arch;
  return static_cast<std::uint64_t>(
      std::lower_bound(problem.arch_sample.begin(), problem.arch_sample.end(), arch) -
      problem.arch_sample.begin());
}

} // namespace

std::string rule_label(const ReductionRule &rule, std::uint64_t proxy_accel_index) {
  switch (rule.kind) {
  case RuleKind::semi_decoupled:
    return "semi_decoupled(accel " + std::to_string(proxy_accel_index) + ", " +
           std::string(to_string(rule.metric)) +
           (rule.slack > 0 ? ", slack " + number(rule.slack)
                           : ", layers " + std::to_string(rule.layers)) +
           ")";
  case RuleKind::list:
    return "list(" + std::to_string(rule.archs.size()) + " archs)";
  case RuleKind::certified:
    return "certified(" + std::to_string(rule.archs.size()) + " archs)";
  case RuleKind::random:
    return "random(" + (rule.size ? std::to_string(rule.size) : std::string("same size")) +
           ", seed " + std::to_string(rule.seed) + ")";
  }
  return "";
}

std::string target_label(const VerifyTarget &t) {
  std::string label = t.kind == TargetKind::pareto ? "pareto"
                      : t.kind == TargetKind::maximize_accuracy
                          ? "max accuracy"
                          : "min " + std::string(to_string(t.metric));
  std::string bounds;
  auto add = [&](const std::string &bound) { bounds += (bounds.empty() ? "" : ", ") + bound; };
  if (t.accuracy_min > -kInf)
    add("accuracy >= " + number(t.accuracy_min));
  if (t.latency_max_s < kInf)
    add("latency <= " + number(t.latency_max_s) + " s");
  if (t.area_max_mm2 < kInf)
    add("area <= " + number(t.area_max_mm2) + " mm2");
  return bounds.empty() ? label : label + " s.t. " + bounds;
}

VerifyResult verify_reductions(const Problem &problem, const VerifyOptions &options,
                               const SweepResult *ground_truth, const MpiSession *session) {
  check_options(problem, options);
  // This process's share of the passes: the accelerator blocks of its tiles. The ranks merge
  // each pass's partial result; every rank then holds the merged ground truth (so they all
  // compute the same reduced sets), and rank 0 the proxy sweep.
  const bool ranked = session && session->active() && session->size() > 1;
  SweepOptions share;
  share.arch_block = options.arch_block;
  share.accel_block = options.accel_block;
  share.rank = ranked ? session->rank() : 0;
  share.num_ranks = ranked ? session->size() : 1;
  const BlockRange blocks = rank_accel_blocks(problem, share);
  VerifyResult result;
  const std::uint64_t n = problem.num_archs(), num_accels = problem.num_accels();
  result.num_archs = n;
  result.num_accels = num_accels;
  result.objectives = problem.objectives;
  const std::vector<VerifyTarget> &targets = options.targets;
  for (const ReductionRule &rule : options.rules)
    result.rule_labels.push_back(rule_label(rule, problem.accel_at(rule.proxy)));
  for (const VerifyTarget &target : targets)
    result.target_labels.push_back(target_label(target));

  // Ground truth: the constrained optima (per architecture, then overall) and the Pareto set.
  auto start = Clock::now();
  std::vector<std::uint64_t> all(n);
  std::iota(all.begin(), all.end(), std::uint64_t{0});
  const detail::ArchTiles archs(problem, all, options.arch_block);
  auto best = detail::best_per_arch(problem, archs, targets, options.accel_block, blocks);
  if (ranked)
    merge_everywhere(
        *session, [&] { return detail::save_best(best); },
        [&](std::span<const std::byte> state) { detail::merge_best(best, state); },
        [&](std::span<const std::byte> state) {
          for (auto &per_target : best)
            std::fill(per_target.begin(), per_target.end(), detail::ArchBest{});
          detail::merge_best(best, state);
        });
  result.pairs_evaluated += problem.num_pairs();
  result.optima.resize(targets.size());
  std::vector<std::vector<std::uint32_t>> optimal_archs(targets.size());
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (targets[t].kind == TargetKind::pareto)
      continue;
    const Best b = best_over(best[t], nullptr);
    if (!b.feasible) {
      InfeasibleTarget error("target " + std::to_string(t + 1) + " (" + target_label(targets[t]) +
                             "): no pair of the space meets its constraints");
      error.target = t;
      throw error;
    }
    const double sign = targets[t].kind == TargetKind::maximize_accuracy ? -1.0 : 1.0;
    for (std::uint64_t a = 0; a < n; ++a)
      if (best[t][a].feasible() && best[t][a].value == b.value)
        optimal_archs[t].push_back(static_cast<std::uint32_t>(a));
    result.optima[t] = {true, sign * b.value, problem.arch_at(b.arch), problem.accel_at(b.accel),
                        optimal_archs[t].size()};
  }
  std::optional<SweepResult> own_sweep;
  if (!ground_truth) {
    own_sweep.emplace(run_sweep(problem, share));
    if (ranked)
      merge_to_root(*own_sweep, *session);
    result.pairs_evaluated += problem.num_pairs();
    ground_truth = &*own_sweep;
  }
  // The true front: complete on rank 0 (the ranks' sweeps merged there), sent to the others.
  ParetoFront truth = ground_truth->pareto.front();
  if (ranked) {
    std::vector<std::byte> bytes;
    if (session->rank() == 0)
      bytes = truth.save();
    broadcast_from_root(*session, bytes);
    truth = ParetoFront::load(bytes);
  }
  truth.sort_by_id();
  result.pareto.assign(truth.ids().begin(), truth.ids().end());
  const Normaliser normaliser(truth);
  result.hv_ideal = normaliser.ideal;
  result.hv_nadir = normaliser.nadir;
  result.pareto_hypervolume = normaliser.hypervolume(truth);
  std::vector<std::uint64_t> pareto_per_arch(n, 0);
  for (const PairId &id : result.pareto)
    ++pareto_per_arch[position_of(problem, id.arch)];
  std::vector<std::uint32_t> pareto_archs;
  for (std::uint64_t a = 0; a < n; ++a)
    if (pareto_per_arch[a])
      pareto_archs.push_back(static_cast<std::uint32_t>(a));
  result.ground_truth_s = seconds_since(start) + (own_sweep ? 0.0 : ground_truth->wall_s);

  // The rules' reduced sets and rows.
  start = Clock::now();
  std::vector<double> accuracy(n);
  for (std::size_t i = 0; i < archs.num_blocks(); ++i)
    for (std::size_t a = 0; a < archs.block(i).count; ++a)
      accuracy[archs.position(i, a)] = archs.block(i).accuracy[a];
  const AccuracyOrder order(accuracy);
  const auto full_pairs = problem.num_pairs();
  for (std::size_t r = 0; r < options.rules.size(); ++r) {
    const ReductionRule &rule = options.rules[r];
    const std::uint64_t previous = r ? result.reduced_archs[r - 1].size() : 0;
    result.reduced_archs.push_back(reduced_set(problem, archs, order, rule, previous));
    const std::vector<std::uint64_t> &reduced = result.reduced_archs.back();
    std::uint64_t pareto_kept = 0;
    for (std::uint64_t a : reduced)
      pareto_kept += pareto_per_arch[a];
    const bool front_kept = pareto_kept == result.pareto.size();
    // A reduced space that holds every true Pareto pair has exactly the true front.
    double hv_ratio = 1.0;
    if (!front_kept) {
      ParetoFront front = detail::reduced_front(problem, reduced, problem.objectives,
                                                options.arch_block, options.accel_block, blocks);
      if (ranked) // every rank's share of the reduced space, merged on every rank
        merge_everywhere(
            *session, [&] { return front.save(); },
            [&](std::span<const std::byte> state) {
              front.merge(ParetoFront::load(state));
              front.sort_by_id();
            },
            [&](std::span<const std::byte> state) { front = ParetoFront::load(state); });
      hv_ratio = result.pareto_hypervolume > 0
                     ? normaliser.hypervolume(front) / result.pareto_hypervolume
                     : 0.0;
      result.pairs_evaluated += reduced.size() * num_accels;
    }
    for (std::size_t t = 0; t < targets.size(); ++t) {
      VerifyRow row;
      row.rule = r;
      row.target = t;
      row.pareto_recall = result.pareto.empty() ? 1.0
                                                : static_cast<double>(pareto_kept) /
                                                      static_cast<double>(result.pareto.size());
      row.hypervolume_ratio = hv_ratio;
      row.reduced_archs = reduced.size();
      row.full_archs = n;
      row.reduced_pairs = reduced.size() * num_accels;
      row.full_pairs = full_pairs;
      row.reduction = row.reduced_pairs
                          ? static_cast<double>(full_pairs) / static_cast<double>(row.reduced_pairs)
                          : kInf;
      if (targets[t].kind == TargetKind::pareto) {
        row.optimum_kept = front_kept;
        row.regret = 1.0 - hv_ratio;
        row.feasible = !reduced.empty();
      } else {
        const double sign = targets[t].kind == TargetKind::maximize_accuracy ? -1.0 : 1.0;
        const double optimum = sign * result.optima[t].value;
        const Best b = best_over(best[t], &reduced);
        row.feasible = b.feasible;
        row.optimum_kept = b.feasible && b.value == optimum;
        row.regret = b.feasible ? detail::relative_regret(b.value, optimum) : kInf;
        if (b.feasible) {
          row.value = sign * b.value;
          row.arch = problem.arch_at(b.arch);
          row.accel = problem.accel_at(b.accel);
        }
      }
      result.rows.push_back(row);
    }
  }
  result.rules_s = seconds_since(start);

  // The proxy sweep of the semi-decoupled rules.
  start = Clock::now();
  std::vector<std::size_t> semi;
  for (std::size_t r = 0; r < options.rules.size(); ++r)
    if (options.rules[r].kind == RuleKind::semi_decoupled)
      semi.push_back(r);
  if (!semi.empty() && options.proxies != VerifyOptions::Proxies::none) {
    std::vector<std::uint64_t> proxies;
    if (options.proxies == VerifyOptions::Proxies::all) {
      proxies.resize(num_accels);
      std::iota(proxies.begin(), proxies.end(), std::uint64_t{0});
    } else {
      proxies = search::sample_indices(num_accels, options.proxy_count, options.proxy_seed, false);
    }
    const detail::SweepTruth sweep_truth{targets,
                                         best,
                                         result.optima,
                                         optimal_archs,
                                         pareto_archs,
                                         pareto_per_arch,
                                         result.pareto.size()};
    std::vector<std::uint8_t> done;
    result.proxy_sweeps = detail::sweep_proxies(problem, archs, options.rules, semi, proxies,
                                                sweep_truth, options.accel_block, blocks, done);
    if (ranked)
      tree_merge(
          *session, [&] { return detail::save_proxy_sweeps(result.proxy_sweeps, done); },
          [&](std::span<const std::byte> state) {
            detail::merge_proxy_sweeps(result.proxy_sweeps, done, state);
          });
    detail::summarise_proxy_sweeps(result.proxy_sweeps); // complete on rank 0
    result.pairs_evaluated += problem.num_archs() * proxies.size();
  }
  result.proxy_sweep_s = seconds_since(start);
  return result;
}

} // namespace coscan::engine
