// The /verify group of a results file: one row per (rule, target), the ground truth per
// target, each rule's reduced architectures, and the proxy sweeps.
#include "verify_writer.hpp"
#include "h5_writer.hpp"

#include <fmt/format.h>

#include <vector>

namespace coscan::h5::detail {
namespace {

template <class T, class F> std::vector<T> column(const engine::VerifyResult &r, F field) {
  std::vector<T> out;
  for (const engine::VerifyRow &row : r.rows)
    out.push_back(static_cast<T>(field(row)));
  return out;
}

void write_rows(hid_t g, const engine::VerifyResult &r) {
  using Row = engine::VerifyRow;
  std::vector<std::string> rule, target;
  for (const Row &row : r.rows) {
    rule.push_back(r.rule_labels[row.rule]);
    target.push_back(r.target_labels[row.target]);
  }
  h5::write(g, "rule", std::span<const std::string>(rule), "");
  h5::write(g, "target", std::span<const std::string>(target), "");
  auto u64 = [&](const char *name, auto field) {
    const auto values = column<std::uint64_t>(r, field);
    h5::write(g, name, std::span<const std::uint64_t>(values), "1");
  };
  auto f64 = [&](const char *name, auto field, std::string_view units) {
    const auto values = column<double>(r, field);
    h5::write(g, name, std::span<const double>(values), units);
  };
  u64("rule_index", [](const Row &x) { return x.rule; });
  u64("target_index", [](const Row &x) { return x.target; });
  u64("optimum_kept", [](const Row &x) { return x.optimum_kept; });
  f64(
      "regret", [](const Row &x) { return x.regret; }, "1");
  f64(
      "pareto_recall", [](const Row &x) { return x.pareto_recall; }, "1");
  f64(
      "hypervolume_ratio", [](const Row &x) { return x.hypervolume_ratio; }, "1");
  u64("feasible", [](const Row &x) { return x.feasible; });
  f64(
      "value", [](const Row &x) { return x.value; }, "target metric");
  u64("arch_index", [](const Row &x) { return x.arch; });
  u64("accel_index", [](const Row &x) { return x.accel; });
  u64("reduced_archs", [](const Row &x) { return x.reduced_archs; });
  u64("full_archs", [](const Row &x) { return x.full_archs; });
  u64("reduced_pairs", [](const Row &x) { return x.reduced_pairs; });
  u64("full_pairs", [](const Row &x) { return x.full_pairs; });
  f64(
      "reduction", [](const Row &x) { return x.reduction; }, "1");
}

void write_targets(hid_t file_group, const engine::VerifyResult &r) {
  h5::Handle group = h5::create_group(file_group, "targets");
  const hid_t g = group.id();
  std::vector<double> value;
  std::vector<std::uint64_t> arch, accel, optimal;
  for (const engine::TargetOptimum &o : r.optima) {
    value.push_back(o.feasible ? o.value : std::numeric_limits<double>::quiet_NaN());
    arch.push_back(o.arch);
    accel.push_back(o.accel);
    optimal.push_back(o.optimal_archs);
  }
  h5::write(g, "label", std::span<const std::string>(r.target_labels), "");
  h5::write(g, "optimum", std::span<const double>(value), "target metric");
  h5::write(g, "arch_index", std::span<const std::uint64_t>(arch), "1");
  h5::write(g, "accel_index", std::span<const std::uint64_t>(accel), "1");
  h5::write(g, "optimal_archs", std::span<const std::uint64_t>(optimal), "1");
}

void write_proxy_sweep(hid_t parent, const engine::ProxySweep &s, const engine::VerifyResult &r) {
  h5::Handle group = h5::create_group(parent, fmt::format("rule_{}", s.rule + 1));
  const hid_t g = group.id();
  h5::attribute(g, "rule", r.rule_labels[s.rule]);
  h5::attribute(g, "mean_reduced_archs", s.mean_reduced_archs);
  h5::attribute(g, "min_pareto_recall", s.min_pareto_recall);
  h5::write(g, "accel_index", std::span<const std::uint64_t>(s.accel_index), "1");
  h5::write(g, "reduced_archs", std::span<const std::uint64_t>(s.reduced_archs), "1");
  h5::write(g, "pareto_recall", std::span<const double>(s.pareto_recall), "1");
  h5::write(g, "kept_fraction", std::span<const double>(s.kept_fraction), "1");
  h5::write(g, "max_regret", std::span<const double>(s.max_regret), "1");
  h5::write(g, "slack_for_all", std::span<const double>(s.slack_for_all), "1");
  const std::vector<std::uint64_t> layers(s.layers_for_all.begin(), s.layers_for_all.end());
  h5::write(g, "layers_for_all", std::span<const std::uint64_t>(layers), "1");
  for (std::size_t t = 0; t < s.kept.size(); ++t) {
    h5::Handle target = h5::create_group(g, fmt::format("target_{}", t + 1));
    const hid_t tg = target.id();
    h5::attribute(tg, "target", r.target_labels[t]);
    const std::vector<std::uint64_t> kept(s.kept[t].begin(), s.kept[t].end());
    const std::vector<std::uint64_t> min_layers(s.min_layers[t].begin(), s.min_layers[t].end());
    h5::write(tg, "kept", std::span<const std::uint64_t>(kept), "1");
    h5::write(tg, "regret", std::span<const double>(s.regret[t]), "1");
    h5::write(tg, "min_slack", std::span<const double>(s.min_slack[t]), "1");
    h5::write(tg, "min_layers", std::span<const std::uint64_t>(min_layers), "1");
  }
}

} // namespace

void write_verify(hid_t file, const engine::VerifyResult &r) {
  h5::Handle group = h5::create_group(file, "verify");
  const hid_t g = group.id();
  write_rows(g, r);
  write_targets(g, r);
  {
    h5::Handle rules = h5::create_group(g, "rules");
    for (std::size_t i = 0; i < r.reduced_archs.size(); ++i) {
      h5::Handle rule = h5::create_group(rules.id(), fmt::format("rule_{}", i + 1));
      h5::attribute(rule.id(), "rule", r.rule_labels[i]);
      h5::write(rule.id(), "arch_position", std::span<const std::uint64_t>(r.reduced_archs[i]),
                "1");
    }
  }
  if (!r.proxy_sweeps.empty()) {
    h5::Handle sweeps = h5::create_group(g, "proxy_sweep");
    for (const engine::ProxySweep &s : r.proxy_sweeps)
      write_proxy_sweep(sweeps.id(), s, r);
  }
  h5::write(g, "hv_ideal", std::span<const double>(r.hv_ideal), "minimised objective");
  h5::write(g, "hv_nadir", std::span<const double>(r.hv_nadir), "minimised objective");
  h5::attribute(g, "hv_reference",
                std::string_view("1.1 in every objective normalised by (v - hv_ideal) / "
                                 "(hv_nadir - hv_ideal) over the true Pareto set"));
  h5::attribute(g, "pareto_size", static_cast<std::uint64_t>(r.pareto.size()));
  h5::attribute(g, "pareto_hypervolume", r.pareto_hypervolume);
  h5::attribute(g, "num_archs", r.num_archs);
  h5::attribute(g, "num_accels", r.num_accels);
  h5::attribute(g, "pairs_evaluated", r.pairs_evaluated);
  h5::attribute(g, "ground_truth_s", r.ground_truth_s);
  h5::attribute(g, "rules_s", r.rules_s);
  h5::attribute(g, "proxy_sweep_s", r.proxy_sweep_s);
}

} // namespace coscan::h5::detail
