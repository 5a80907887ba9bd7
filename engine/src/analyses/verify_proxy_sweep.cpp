// The proxy sweep of verify: every semi-decoupled rule repeated with each proxy accelerator.
// One pass over the full pair space per metric the rules use; each proxy's column is analysed
// on its own (proxy_front.hpp), so the figures depend only on the proxy, never on the threads.
#include "analyses/verify_passes.hpp"
#include <coscan/engine/sweep/parallel.hpp>

#include <coscan/engine/analyses/proxy_front.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace coscan::engine::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ProxySweep empty_sweep(std::size_t rule, std::size_t num_targets, std::size_t num_proxies) {
  ProxySweep s;
  s.rule = rule;
  s.accel_index.resize(num_proxies);
  s.reduced_archs.resize(num_proxies);
  s.pareto_recall.resize(num_proxies);
  s.kept.assign(num_targets, std::vector<std::uint8_t>(num_proxies));
  s.regret.assign(num_targets, std::vector<double>(num_proxies));
  s.min_slack.assign(num_targets, std::vector<double>(num_proxies));
  s.min_layers.assign(num_targets, std::vector<std::uint32_t>(num_proxies));
  return s;
}

/// The rule `rule` on proxy number `p` whose column is `metric`.
void judge_proxy(const ReductionRule &rule, const AccuracyOrder &order,
                 std::span<const double> metric, const SweepTruth &truth, std::size_t p,
                 ProxySweep &out) {
  ProxyFront front;
  front.analyse(order, metric, true);
  const std::size_t n = metric.size();
  std::vector<std::uint8_t> member(n);
  std::uint64_t count = 0, pareto_kept = 0;
  for (std::size_t a = 0; a < n; ++a) {
    member[a] = rule.slack > 0 ? front.within_slack(a, metric[a], rule.slack)
                               : front.layer[a] <= rule.layers;
    if (member[a]) {
      ++count;
      pareto_kept += truth.pareto_pairs_per_arch[a];
    }
  }
  out.reduced_archs[p] = count;
  out.pareto_recall[p] =
      truth.pareto_size ? static_cast<double>(pareto_kept) / static_cast<double>(truth.pareto_size)
                        : kNaN;
  for (std::size_t t = 0; t < truth.targets.size(); ++t) {
    if (truth.targets[t].kind == TargetKind::pareto) {
      // Kept iff every architecture with a true Pareto pair is in the reduced set.
      double slack = 0;
      std::uint32_t layers = 1;
      for (std::uint32_t a : truth.pareto_archs) {
        slack = std::max(slack, front.min_slack(a, metric[a]));
        layers = std::max(layers, front.layer[a]);
      }
      out.kept[t][p] = pareto_kept == truth.pareto_size;
      out.regret[t][p] = kNaN; // the hypervolume is computed for the study's own proxy only
      out.min_slack[t][p] = slack;
      out.min_layers[t][p] = layers;
      continue;
    }
    double best = kInf;
    for (std::size_t a = 0; a < n; ++a)
      if (member[a] && truth.best[t][a].feasible())
        best = std::min(best, truth.best[t][a].value);
    const double optimum = truth.optima[t].value;
    const double signed_optimum =
        truth.targets[t].kind == TargetKind::maximize_accuracy ? -optimum : optimum;
    out.kept[t][p] = best == signed_optimum;
    out.regret[t][p] = best == kInf ? kInf : relative_regret(best, signed_optimum);
    double slack = kInf;
    std::uint32_t layers = std::numeric_limits<std::uint32_t>::max();
    for (std::uint32_t a : truth.optimal_archs[t]) {
      slack = std::min(slack, front.min_slack(a, metric[a]));
      layers = std::min(layers, front.layer[a]);
    }
    out.min_slack[t][p] = slack;
    out.min_layers[t][p] = layers;
  }
}

void summarise_one(ProxySweep &s) {
  const std::size_t num_targets = s.kept.size(), num_proxies = s.accel_index.size();
  s.kept_fraction.assign(num_targets, kNaN);
  s.max_regret.assign(num_targets, kNaN);
  s.slack_for_all.assign(num_targets, kNaN);
  s.layers_for_all.assign(num_targets, 0);
  double reduced = 0;
  s.min_pareto_recall = kNaN;
  for (std::size_t p = 0; p < num_proxies; ++p) {
    reduced += static_cast<double>(s.reduced_archs[p]);
    if (std::isnan(s.min_pareto_recall) || s.pareto_recall[p] < s.min_pareto_recall)
      s.min_pareto_recall = s.pareto_recall[p];
  }
  s.mean_reduced_archs = num_proxies ? reduced / static_cast<double>(num_proxies) : kNaN;
  if (num_proxies == 0)
    return;
  for (std::size_t t = 0; t < num_targets; ++t) {
    std::uint64_t kept = 0;
    double regret = -kInf, slack = 0;
    std::uint32_t layers = 0;
    for (std::size_t p = 0; p < num_proxies; ++p) {
      kept += s.kept[t][p];
      if (!std::isnan(s.regret[t][p]))
        regret = std::max(regret, s.regret[t][p]);
      slack = std::max(slack, s.min_slack[t][p]);
      layers = std::max(layers, s.min_layers[t][p]);
    }
    s.kept_fraction[t] = static_cast<double>(kept) / static_cast<double>(num_proxies);
    s.max_regret[t] = regret == -kInf ? kNaN : regret;
    s.slack_for_all[t] = slack;
    s.layers_for_all[t] = layers;
  }
}

} // namespace

std::vector<ProxySweep> sweep_proxies(const Problem &problem, const ArchTiles &archs,
                                      const std::vector<ReductionRule> &rules,
                                      const std::vector<std::size_t> &rule_index,
                                      std::span<const std::uint64_t> proxies,
                                      const SweepTruth &truth, std::uint64_t accel_block,
                                      BlockRange blocks, std::vector<std::uint8_t> &done) {
  const std::size_t n = archs.size(), num_proxies = proxies.size();
  done.assign(num_proxies, 0);
  const std::size_t num_targets = truth.targets.size();
  std::vector<ProxySweep> sweeps;
  for (std::size_t r : rule_index)
    sweeps.push_back(empty_sweep(r, num_targets, num_proxies));
  if (num_proxies == 0)
    return sweeps;

  std::vector<double> accuracy(n);
  for (std::size_t i = 0; i < archs.num_blocks(); ++i)
    for (std::size_t a = 0; a < archs.block(i).count; ++a)
      accuracy[archs.position(i, a)] = archs.block(i).accuracy[a];
  const AccuracyOrder order(accuracy);

  // Proxy number of each accelerator position (or none).
  std::vector<std::int64_t> proxy_number(problem.num_accels(), -1);
  for (std::size_t p = 0; p < num_proxies; ++p)
    proxy_number[proxies[p]] = static_cast<std::int64_t>(p);
  for (std::size_t s = 0; s < sweeps.size(); ++s)
    for (std::size_t p = 0; p < num_proxies; ++p)
      sweeps[s].accel_index[p] = problem.accel_at(proxies[p]);

  // The proxies' columns are gathered per accelerator block (a few MB), then judged.
  const std::uint64_t block = std::max<std::uint64_t>(1, accel_block);
  const std::uint64_t num_blocks =
      std::min(blocks.last, (problem.num_accels() + block - 1) / block);
  std::vector<Metric> metrics;
  for (std::size_t r : rule_index)
    if (std::find(metrics.begin(), metrics.end(), rules[r].metric) == metrics.end())
      metrics.push_back(rules[r].metric);
  for (Metric metric : metrics) {
    engine::parallel_for(std::min(blocks.first, num_blocks), num_blocks, [&](std::uint64_t b) {
      const std::uint64_t first = b * block;
      const std::uint64_t count = std::min(block, problem.num_accels() - first);
      std::vector<std::size_t> in_block; // proxy numbers in this block, by accelerator
      for (std::uint64_t j = 0; j < count; ++j)
        if (proxy_number[first + j] >= 0)
          in_block.push_back(static_cast<std::size_t>(proxy_number[first + j]));
      if (in_block.empty())
        return;
      // One cost table for the block's proxies; their columns over every architecture.
      std::vector<std::uint64_t> indices;
      for (std::size_t p : in_block)
        indices.push_back(problem.accel_at(proxies[p]));
      CostTable table;
      table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, indices);
      std::vector<std::vector<double>> columns(in_block.size(), std::vector<double>(n));
      TileMetrics tile;
      for (std::size_t i = 0; i < archs.num_blocks(); ++i) {
        evaluate_tile(archs.block(i), table, tile);
        for (std::size_t a = 0; a < tile.arch_count; ++a)
          for (std::size_t c = 0; c < in_block.size(); ++c)
            columns[c][archs.position(i, a)] = tile.value(metric, a, c);
      }
      for (std::size_t c = 0; c < in_block.size(); ++c) {
        for (std::size_t s = 0; s < sweeps.size(); ++s)
          if (rules[rule_index[s]].metric == metric)
            judge_proxy(rules[rule_index[s]], order, columns[c], truth, in_block[c], sweeps[s]);
        done[in_block[c]] = 1;
      }
    });
  }
  return sweeps;
}

namespace {

/// Every per-proxy figure of one sweep, in one order, for saving and merging.
template <class Sweep, class Visit> void for_each_figure(Sweep &s, std::size_t p, Visit &&visit) {
  visit(s.reduced_archs[p]);
  visit(s.pareto_recall[p]);
  for (std::size_t t = 0; t < s.kept.size(); ++t) {
    visit(s.kept[t][p]);
    visit(s.regret[t][p]);
    visit(s.min_slack[t][p]);
    visit(s.min_layers[t][p]);
  }
}

} // namespace

std::vector<std::byte> save_proxy_sweeps(const std::vector<ProxySweep> &sweeps,
                                         const std::vector<std::uint8_t> &done) {
  std::vector<std::byte> out;
  const auto put = [&](const auto &value) {
    const auto *p = reinterpret_cast<const std::byte *>(&value);
    out.insert(out.end(), p, p + sizeof value);
  };
  for (std::size_t p = 0; p < done.size(); ++p) {
    if (!done[p])
      continue;
    put(static_cast<std::uint64_t>(p));
    for (const ProxySweep &s : sweeps)
      for_each_figure(s, p, put);
  }
  return out;
}

void merge_proxy_sweeps(std::vector<ProxySweep> &sweeps, std::vector<std::uint8_t> &done,
                        std::span<const std::byte> state) {
  std::size_t at = 0;
  const auto get = [&](auto &value) {
    if (state.size() - at < sizeof value)
      throw std::runtime_error("verify: a truncated proxy-sweep state");
    std::memcpy(&value, state.data() + at, sizeof value);
    at += sizeof value;
  };
  while (at < state.size()) {
    std::uint64_t p = 0;
    get(p);
    if (p >= done.size() || done[p])
      throw std::runtime_error("verify: a proxy out of range or given twice");
    for (ProxySweep &s : sweeps)
      for_each_figure(s, p, get);
    done[p] = 1;
  }
}

void summarise_proxy_sweeps(std::vector<ProxySweep> &sweeps) {
  for (ProxySweep &s : sweeps)
    summarise_one(s);
}

} // namespace coscan::engine::detail
