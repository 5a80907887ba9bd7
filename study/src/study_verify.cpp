// The `[verify]` section: reduced-space rules, targets and the proxy sweep (docs/study.md).
// Checks that need the problem (accelerator positions, architecture names, sizes) are in
// verify_runner.cpp.
#include "study_readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace coscan::study::detail {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

engine::Metric read_metric(const Section &s, std::string_view key, bool allow_area,
                           engine::Metric fallback) {
  const auto name = s.string(key);
  if (!name)
    return fallback;
  const auto metric = engine::parse_metric(*name);
  const bool ok = metric && *metric != engine::Metric::accuracy &&
                  (allow_area || *metric != engine::Metric::area);
  if (!ok)
    s.fail(key, fmt::format("unknown metric '{}' (known: latency, energy, edp{})", *name,
                            allow_area ? ", area" : ""));
  return *metric;
}

void read_semi_decoupled(const Section &s, engine::ReductionRule &rule) {
  s.allow_only({"kind", "proxy_accel", "metric", "layers", "slack"});
  rule.kind = engine::RuleKind::semi_decoupled;
  rule.proxy = static_cast<std::uint64_t>(s.integer("proxy_accel", 0, kMax).value_or(0));
  rule.metric = read_metric(s, "metric", false, engine::Metric::latency);
  if (s.has("layers") && s.has("slack"))
    s.fail("slack", "give layers or slack, not both");
  rule.layers = static_cast<std::uint64_t>(s.integer("layers", 1, 1'000'000).value_or(1));
  rule.slack = s.number("slack", 0.0, false).value_or(0.0);
}

void read_list(const Section &s, const Study &study, VerifyRuleSpec &spec) {
  s.allow_only({"kind", "archs", "archs_file"});
  spec.rule.kind = engine::RuleKind::list;
  if (s.has("archs") == s.has("archs_file"))
    s.fail("archs", "give archs (a list) or archs_file (a file), exactly one");
  if (s.has("archs_file")) {
    spec.archs_file = resolve(study.file, *s.name("archs_file", true));
    return;
  }
  const toml::node *node = s.node("archs");
  if (!node->is_array() || node->as_array()->empty())
    s.fail("archs", "expected a non-empty list of architecture strings or indices");
  const toml::array &items = *node->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const toml::node &item = *items.get(i);
    if (item.is_string())
      spec.archs.push_back(item.as_string()->get());
    else if (item.is_integer() && item.as_integer()->get() >= 0)
      spec.archs.push_back(std::to_string(item.as_integer()->get()));
    else
      s.fail("archs",
             fmt::format("item {}: expected an architecture string or an index >= 0", i + 1));
  }
}

void read_random(const Section &s, engine::ReductionRule &rule, std::size_t position) {
  s.allow_only({"kind", "size", "seed"});
  rule.kind = engine::RuleKind::random;
  rule.seed = static_cast<std::uint64_t>(s.integer("seed", 0, kMax).value_or(0));
  if (s.is_string("size")) {
    if (*s.string("size") != "same")
      s.fail("size", fmt::format("'{}' is not \"same\" or a count", *s.string("size")));
  } else {
    rule.size = static_cast<std::uint64_t>(s.integer("size", 1, kMax).value_or(0));
  }
  if (rule.size == 0 && position == 0)
    s.fail("size", "\"same\" needs a rule before this one (the size of its reduced space)");
}

} // namespace

engine::VerifyTarget read_target(const Section &s) {
  s.allow_only({"pareto", "minimize", "maximize", "accuracy_min", "latency_max_s", "area_max_mm2"});
  engine::VerifyTarget t;
  const int kinds = s.has("pareto") + s.has("minimize") + s.has("maximize");
  if (kinds != 1)
    s.fail("pareto", "give exactly one of pareto = true, minimize = \"metric\" or maximize = "
                     "\"accuracy\"");
  if (s.has("pareto")) {
    if (!*s.boolean("pareto"))
      s.fail("pareto", "only pareto = true is meaningful");
    for (std::string_view key : {"accuracy_min", "latency_max_s", "area_max_mm2"})
      if (s.has(key))
        s.fail(key, "the Pareto target takes no constraints");
    t.kind = engine::TargetKind::pareto;
    return t;
  }
  if (s.has("maximize")) {
    if (*s.string("maximize") != "accuracy")
      s.fail("maximize",
             fmt::format("'{}': only accuracy can be maximised", *s.string("maximize")));
    t.kind = engine::TargetKind::maximize_accuracy;
  } else {
    t.kind = engine::TargetKind::minimize;
    t.metric = read_metric(s, "minimize", true, engine::Metric::latency);
  }
  if (auto v = s.number("accuracy_min", -std::numeric_limits<double>::max(), false))
    t.accuracy_min = *v;
  if (auto v = s.number("latency_max_s", 0.0, true))
    t.latency_max_s = *v;
  if (auto v = s.number("area_max_mm2", 0.0, true))
    t.area_max_mm2 = *v;
  return t;
}

void read_verify(const Section &root, Study &study) {
  auto section = root.section("verify", false);
  if (!section)
    return;
  section->allow_only({"rules", "targets", "proxies", "proxy_seed"});
  VerifySpec &spec = study.verify;
  spec.enabled = true;
  const auto rules = *section->table_list("rules", true);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Section &s = rules[i];
    VerifyRuleSpec rule;
    const std::string kind = *s.name("kind", true);
    if (kind == "semi_decoupled")
      read_semi_decoupled(s, rule.rule);
    else if (kind == "list")
      read_list(s, study, rule);
    else if (kind == "random")
      read_random(s, rule.rule, i);
    else if (kind == "certified") {
      s.allow_only({"kind"});
      rule.rule.kind = engine::RuleKind::certified;
    } else
      s.fail("kind",
             fmt::format("unknown rule kind '{}' (known: semi_decoupled, list, random, certified)",
                         kind));
    spec.rules.push_back(std::move(rule));
  }
  const auto targets = *section->table_list("targets", true);
  for (const Section &s : targets)
    spec.targets.push_back(read_target(s));
  if (section->is_string("proxies")) {
    const std::string proxies = *section->string("proxies");
    if (proxies == "all")
      spec.proxies = engine::VerifyOptions::Proxies::all;
    else if (proxies == "none")
      spec.proxies = engine::VerifyOptions::Proxies::none;
    else
      section->fail("proxies", fmt::format("'{}' is not \"all\", \"none\" or a count", proxies));
  } else if (section->has("proxies")) {
    spec.proxies = engine::VerifyOptions::Proxies::sample;
    spec.proxy_count = static_cast<std::uint64_t>(*section->integer("proxies", 1, kMax));
  }
  if (section->has("proxy_seed") && spec.proxies != engine::VerifyOptions::Proxies::sample)
    section->fail("proxy_seed", "only with proxies = N (a sample of the accelerators)");
  spec.proxy_seed = static_cast<std::uint64_t>(section->integer("proxy_seed", 0, kMax).value_or(0));
}

} // namespace coscan::study::detail

namespace coscan::study {

engine::VerifyTarget parse_verify_target(std::string_view text, const std::string &origin) {
  toml::table table;
  try {
    table = toml::parse("target = " + std::string(text), origin);
  } catch (const toml::parse_error &error) {
    std::string reason(error.description());
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    throw InputError(fmt::format("{}: '{}' is not a TOML inline table: {}", origin, text, reason));
  }
  const detail::Section root(table, "", origin);
  if (!table["target"].is_table())
    root.fail("target", "expected an inline table such as { minimize = \"latency\" }");
  return detail::read_target(*root.section("target", true));
}

} // namespace coscan::study
