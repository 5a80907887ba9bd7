// [verify] against the problem: resolving list rules, range checks, running, the table.
#include <coscan/costmodel/error.hpp>
#include <coscan/engine/reduction/certified_reduction.hpp>
#include <coscan/study/verify.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace coscan::study {
namespace {

/// Verify keeps every architecture's layer counts and per-target optimum in memory.
constexpr std::uint64_t kMaxVerifyArchs = std::uint64_t{1} << 22;

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos)
    return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

/// One architecture per line (a string or an index); blank lines and '#' comments skipped.
std::vector<std::string> read_archs_file(const std::filesystem::path &file, const std::string &key,
                                         const std::string &study_file) {
  std::ifstream in(file);
  if (!in)
    throw InputError(fmt::format("{}: key '{}': cannot read {}", study_file, key, file.string()));
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    const std::string name = trim(line.substr(0, line.find('#')));
    if (!name.empty())
      names.push_back(name);
  }
  if (names.empty())
    throw InputError(
        fmt::format("{}: key '{}': {} lists no architectures", study_file, key, file.string()));
  return names;
}

/// An architecture string or a decimal index of the space -> its position in the swept list.
std::uint64_t arch_position(const engine::Problem &problem, const std::string &name,
                            const std::string &where) {
  std::uint64_t index = 0;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), index);
  if (error != std::errc() || end != name.data() + name.size()) {
    const auto parsed = problem.archs->parse(name);
    if (!parsed)
      throw InputError(
          fmt::format("{}: '{}' is not an architecture of {}", where, name, problem.archs->kind()));
    index = *parsed;
  } else if (index >= problem.archs->size()) {
    throw InputError(fmt::format("{}: architecture index {} is out of range 0..{}", where, index,
                                 problem.archs->size() - 1));
  }
  if (problem.arch_sample.empty())
    return index;
  const auto it = std::lower_bound(problem.arch_sample.begin(), problem.arch_sample.end(), index);
  if (it == problem.arch_sample.end() || *it != index)
    throw InputError(
        fmt::format("{}: architecture '{}' is not in the study's sample", where, name));
  return static_cast<std::uint64_t>(it - problem.arch_sample.begin());
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }

std::string number(double value) {
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  if (std::isnan(value))
    return "n/a";
  return fmt::format("{:.4g}", value);
}

} // namespace

engine::VerifyOptions verify_options(const Study &study, const engine::Problem &problem) {
  const std::string file = study.file.string();
  auto fail = [&](const std::string &key, const std::string &reason) {
    throw InputError(fmt::format("{}: key 'verify{}': {}", file, key, reason));
  };
  const VerifySpec &spec = study.verify;
  if (!spec.enabled)
    throw InputError(file + ": no [verify] section (rules and targets; see docs/study.md)");
  if (study.enumeration.replacement)
    fail("", "needs architectures drawn without replacement ([enumeration] replacement = false)");
  const std::uint64_t num_archs = problem.num_archs(), num_accels = problem.num_accels();
  if (num_archs > kMaxVerifyArchs)
    fail("", fmt::format("{} architectures; verify handles at most {} (sample them with "
                         "[enumeration] archs = N)",
                         num_archs, kMaxVerifyArchs));
  engine::VerifyOptions options;
  options.arch_block = study.engine.arch_block;
  options.accel_block = study.engine.accel_block;
  options.targets = spec.targets;
  options.proxies = spec.proxies;
  options.proxy_count = spec.proxy_count;
  options.proxy_seed = spec.proxy_seed;
  if (spec.proxies == engine::VerifyOptions::Proxies::sample && spec.proxy_count > num_accels)
    fail(".proxies",
         fmt::format("{} proxies exceed the {} swept accelerators", spec.proxy_count, num_accels));
  for (std::size_t r = 0; r < spec.rules.size(); ++r) {
    const std::string key = fmt::format(".rules[{}]", r + 1);
    engine::ReductionRule rule = spec.rules[r].rule;
    switch (rule.kind) {
    case engine::RuleKind::semi_decoupled:
      if (rule.proxy >= num_accels)
        fail(key + ".proxy_accel", fmt::format("{} is out of range 0..{} (the swept accelerators)",
                                               rule.proxy, num_accels - 1));
      break;
    case engine::RuleKind::list: {
      const std::string where =
          fmt::format("{}: key 'verify{}.{}'", file, key,
                      spec.rules[r].archs_file.empty() ? "archs" : "archs_file");
      const std::vector<std::string> names =
          spec.rules[r].archs_file.empty()
              ? spec.rules[r].archs
              : read_archs_file(spec.rules[r].archs_file, fmt::format("verify{}.archs_file", key),
                                file);
      for (const std::string &name : names)
        rule.archs.push_back(arch_position(problem, name, where));
      break;
    }
    case engine::RuleKind::certified:
      // Exact for every accelerator at once, or refused with the reason (the cost model is
      // not additive with nonnegative costs, an objective breaks the certificate, ...).
      try {
        rule.archs = engine::certified_archs(problem).positions;
      } catch (const InputError &error) {
        fail(key + ".kind", fmt::format("certified: {}", error.what()));
      }
      break;
    case engine::RuleKind::random:
      if (rule.size > num_archs)
        fail(key + ".size",
             fmt::format("{} exceeds the {} swept architectures", rule.size, num_archs));
      break;
    }
    options.rules.push_back(std::move(rule));
  }
  return options;
}

engine::VerifyResult run_verify(const Study &study, const engine::Problem &problem,
                                const engine::SweepResult &ground_truth,
                                const engine::MpiSession *session) {
  const engine::VerifyOptions options = verify_options(study, problem);
  try {
    return engine::verify_reductions(problem, options, &ground_truth, session);
  } catch (const engine::InfeasibleTarget &error) {
    throw InputError(fmt::format("{}: key 'verify.targets[{}]': {}", study.file.string(),
                                 error.target + 1, error.what()));
  }
}

std::vector<std::string> verify_table_lines(const engine::VerifyResult &r) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("ground truth: {} archs x {} accels = {} pairs; Pareto set {} pairs",
                              r.num_archs, r.num_accels, r.num_archs * r.num_accels,
                              r.pareto.size()));
  for (std::size_t t = 0; t < r.target_labels.size(); ++t)
    if (r.optima[t].feasible)
      lines.push_back(fmt::format("  target {}: {}: optimum {} (arch {}, accel {}; {} optimal "
                                  "archs)",
                                  t + 1, r.target_labels[t], number(r.optima[t].value),
                                  r.optima[t].arch, r.optima[t].accel, r.optima[t].optimal_archs));
  lines.push_back(fmt::format("{:<44} {:<44} {:>4} {:>9} {:>7} {:>7} {:>8} {:>9}", "rule", "target",
                              "kept", "regret", "recall", "HV", "archs", "reduction"));
  for (const engine::VerifyRow &row : r.rows)
    lines.push_back(fmt::format(
        "{:<44} {:<44} {:>4} {:>9} {:>7} {:>7} {:>8} {:>8}x", r.rule_labels[row.rule],
        r.target_labels[row.target], row.optimum_kept ? "yes" : "NO", number(row.regret),
        percent(row.pareto_recall), fmt::format("{:.4f}", row.hypervolume_ratio), row.reduced_archs,
        number(row.reduction)));
  for (const engine::ProxySweep &s : r.proxy_sweeps) {
    lines.push_back(fmt::format("proxy sweep of {} over {} proxies (mean {:.1f} archs kept, min "
                                "Pareto recall {}):",
                                r.rule_labels[s.rule], s.accel_index.size(), s.mean_reduced_archs,
                                percent(s.min_pareto_recall)));
    for (std::size_t t = 0; t < r.target_labels.size(); ++t)
      lines.push_back(fmt::format("  {:<44} optimum kept by {} of proxies; max regret {}; "
                                  "kept by all at slack >= {} or {} layers",
                                  r.target_labels[t], percent(s.kept_fraction[t]),
                                  number(s.max_regret[t]), number(s.slack_for_all[t]),
                                  s.layers_for_all[t]));
  }
  return lines;
}

} // namespace coscan::study
