// Study parsing: TOML -> Study, validating every key. Every error is one line naming the file
// and the key ("FILE: key 'section.key': reason"); docs/study.md documents the schema.
#include <coscan/costmodel/error.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/study/study.hpp>
#include <fmt/format.h>

#include <toml++/toml.h>

#include "study_readers.hpp"
#include "study_section.hpp"
#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/cost_fields.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace coscan::study {
namespace {

using detail::format_number;
using detail::kDefaultOrigin;
using detail::resolve;
using detail::Section;

void read_study_info(const Section &root, Study &study) {
  auto info = root.section("study", false);
  if (!info)
    return;
  info->allow_only({"name", "description"});
  study.name = info->string("name").value_or("");
  study.description = info->string("description").value_or("");
}

void read_arch_space(const Section &root, Study &study) {
  auto space = root.section("arch_space", true);
  space->allow_only({"kind", "files"});
  study.arch_space = *space->name("kind", true);
  if (study.arch_space == "networks") { // a space of the files' networks (arch_space_builder)
    const std::vector<std::string> files = *space->string_list("files", true);
    for (const std::string &file : files)
      study.arch_files.push_back(resolve(study.file, file));
    return;
  }
  if (space->has("files"))
    space->fail("files", "only with kind = \"networks\"");
  // The search library is the one list of built-in spaces: ask it, and use its reason
  // ("unknown architecture space 'x' (known kinds: ...)").
  try {
    search::make_arch_space(study.arch_space);
  } catch (const InputError &error) {
    space->fail("kind", error.what());
  }
}

void read_accuracy(const Section &root, Study &study) {
  auto accuracy = root.section("accuracy", false);
  if (!accuracy)
    return;
  accuracy->allow_only({"kind", "path", "key", "column", "index_column", "join", "sweep"});
  AccuracySpec &spec = study.accuracy;
  const std::string kind = accuracy->name("kind").value_or("proxy");
  if (kind == "proxy") {
    for (std::string_view key : {"path", "key", "column", "index_column", "join", "sweep"})
      if (accuracy->has(key))
        accuracy->fail(key, "only valid with kind = \"table\" (kind is \"proxy\")");
    return;
  }
  if (kind != "table")
    accuracy->fail("kind", "unknown accuracy kind '" + kind + "' (known: table, proxy)");
  spec.kind = AccuracyKind::table;
  spec.path = resolve(study.file, *accuracy->name("path", true));
  spec.key = accuracy->name("key").value_or("arch_str");
  spec.column = *accuracy->name("column", true);
  spec.index_column = accuracy->name("index_column").value_or("");
  detail::read_accuracy_join(*accuracy, spec);
}

void read_accel_space(const Section &root, Study &study) {
  if (study.cost_model == CostModelKind::pair_table) {
    if (root.has("accel_space"))
      root.fail("accel_space", "not allowed with costmodel.kind = \"pair_table\" (the "
                               "accelerators are the table's latency_columns)");
    return;
  }
  if (study.cost_model == CostModelKind::layer_table) {
    if (root.has("accel_space"))
      root.fail("accel_space", "not allowed with costmodel.kind = \"layer_table\" (the "
                               "accelerators are the table's devices, keyed by accel_columns)");
    return;
  }
  auto space = root.section("accel_space", true);
  std::vector<std::string_view> keys = {"dataflow", "constraints", "subset", "subset_size",
                                        "subset_seed"};
  costmodel::for_each_accel_field([&](const auto &field) { keys.push_back(field.name); });
  space->allow_only(keys);
  search::AccelGrid &grid = study.accel_grid;
  grid.dataflow.clear();
  const std::vector<std::string> names = *space->string_list("dataflow", true);
  for (const std::string &name : names) {
    auto dataflow = costmodel::parse_dataflow(name);
    if (!dataflow)
      space->fail("dataflow", "unknown dataflow '" + name +
                                  "' (known: weight_stationary, output_stationary, "
                                  "row_stationary, imc_crossbar)");
    grid.dataflow.push_back(*dataflow);
  }
  // The digital fields (the array shape and the crossbar lists: read_accel_space_extras); a
  // field left out is the default accelerator's value.
  const costmodel::AccelParams defaults;
  for (const auto &field : costmodel::kIntegerAccelFields)
    if (field.kind == costmodel::AccelFieldKind::digital)
      search::grid_values(grid, field.member) =
          space->integer_list(field.name, field.required, field.lo, field.hi)
              .value_or(std::vector<std::int64_t>{defaults.*field.member});
  for (const auto &field : costmodel::kRealAccelFields)
    search::grid_values(grid, field.member) =
        space->positive_list(field.name, field.required)
            .value_or(std::vector<double>{defaults.*field.member});
  for (std::int64_t bits : grid.data_bits)
    if (!costmodel::is_data_bits(bits))
      space->fail("data_bits", std::to_string(bits) + " is not one of 4, 8, 16, 32");
  detail::read_accel_constraints(*space, study);
  detail::read_accel_subset(*space, study);
  detail::read_accel_space_extras(*space, study);
}

template <class Table, std::size_t N>
void read_cost_table(const Section &costmodel, std::string_view name,
                     const costmodel::CostField<Table> (&fields)[N], Table &table) {
  auto section = costmodel.section(name, false);
  if (!section)
    return;
  std::vector<std::string_view> known;
  for (const auto &field : fields)
    known.push_back(field.key);
  section->allow_only(known);
  for (const auto &field : fields)
    if (auto value = section->number(field.key, 0.0, false))
      table.*field.member = *value;
}

void read_costmodel(const Section &root, Study &study) {
  auto costmodel = root.section("costmodel", false);
  if (!costmodel)
    return;
  costmodel->allow_only({"kind", "energy", "area", "pooling", "path", "key", "latency_columns",
                         "latency_unit", "energy_columns", "energy_unit", "shape_format",
                         "accel_columns", "latency_column", "clock_mhz", "clock_column",
                         "energy_column", "area_column", "incomplete_accels"});
  const std::string kind = costmodel->name("kind").value_or("analytical");
  if (kind == "layer_table")
    study.cost_model = CostModelKind::layer_table;
  else if (kind == "pair_table")
    study.cost_model = CostModelKind::pair_table;
  else if (kind != "analytical")
    costmodel->fail("kind", "unknown cost model '" + kind +
                                "' (known: analytical, pair_table, layer_table)");
  if (study.cost_model == CostModelKind::layer_table) {
    detail::read_layer_table(*costmodel, study);
    return;
  }
  detail::reject_layer_table_keys(*costmodel);
  if (study.cost_model == CostModelKind::pair_table) {
    for (std::string_view key : {"energy", "area", "pooling"})
      if (costmodel->has(key))
        costmodel->fail(key, "only valid with kind = \"analytical\"");
    detail::read_pair_table(*costmodel, study);
    return;
  }
  for (std::string_view key : {"key", "latency_columns", "energy_columns"})
    if (costmodel->has(key))
      costmodel->fail(key, "only valid with kind = \"pair_table\"");
  for (std::string_view key : {"path", "latency_unit", "energy_unit"})
    if (costmodel->has(key))
      costmodel->fail(key, "only valid with kind = \"pair_table\" or \"layer_table\"");
  read_cost_table(*costmodel, "energy", costmodel::kEnergyFields, study.cost_params.energy);
  read_cost_table(*costmodel, "area", costmodel::kAreaFields, study.cost_params.area);
  if (auto pooling = costmodel->name("pooling")) {
    if (*pooling == "dense_conv")
      study.cost_params.pooling = costmodel::PoolingCost::dense_conv;
    else if (*pooling != "native")
      costmodel->fail("pooling",
                      fmt::format("unknown value '{}' (known: native, dense_conv)", *pooling));
  }
}

std::string known_metrics() {
  std::string names;
  for (auto metric : {engine::Metric::accuracy, engine::Metric::latency, engine::Metric::energy,
                      engine::Metric::edp, engine::Metric::area})
    names += (names.empty() ? "" : ", ") + std::string(engine::to_string(metric));
  return names;
}

std::vector<engine::Metric> read_metrics(const Section &objectives, std::string_view key) {
  std::vector<engine::Metric> metrics;
  const auto names = objectives.string_list(key, false).value_or(std::vector<std::string>{});
  for (const std::string &name : names) {
    auto metric = engine::parse_metric(name);
    if (!metric)
      objectives.fail(key, "unknown metric '" + name + "' (known: " + known_metrics() + ")");
    metrics.push_back(*metric);
  }
  return metrics;
}

void read_objectives(const Section &root, Study &study) {
  auto objectives = root.section("objectives", true);
  objectives->allow_only({"maximize", "minimize"});
  auto maximize = read_metrics(*objectives, "maximize");
  auto minimize = read_metrics(*objectives, "minimize");
  if (maximize.empty() && minimize.empty())
    root.fail("objectives", "needs at least one objective (maximize or minimize)");
  for (engine::Metric metric : minimize) {
    std::string name(engine::to_string(metric));
    if (std::find(maximize.begin(), maximize.end(), metric) != maximize.end())
      objectives->fail("minimize", "metric '" + name + "' is also in objectives.maximize");
    if (metric == engine::Metric::accuracy)
      objectives->fail("minimize", "accuracy can only be maximised");
  }
  for (engine::Metric metric : maximize)
    if (metric != engine::Metric::accuracy)
      objectives->fail("maximize", "metric '" + std::string(engine::to_string(metric)) +
                                       "' can only be minimised");
  study.objectives.clear();
  for (engine::Metric metric : maximize)
    study.objectives.push_back({metric, engine::Sense::maximize});
  for (engine::Metric metric : minimize)
    study.objectives.push_back({metric, engine::Sense::minimize});
}

/// After read_output: a compressed dataset's chunks span 128 accelerators, and tiles as wide by
/// default let the sweep compress whole chunks itself (h5/src/dataset_packing.hpp).
void read_engine(const Section &root, Study &study) {
  const std::uint64_t accel_block = study.dataset.enabled && study.dataset.compression ? 128 : 64;
  study.engine.accel_block = accel_block;
  auto engine = root.section("engine", false);
  if (!engine)
    return;
  engine->allow_only({"arch_block", "accel_block", "prune"});
  study.engine.arch_block = engine->integer("arch_block", 1, 1 << 20).value_or(1024);
  study.engine.accel_block = engine->integer("accel_block", 1, 1 << 16).value_or(accel_block);
  const std::string prune = engine->name("prune").value_or("none");
  if (prune != "none" && prune != "certified")
    engine->fail("prune", "unknown value '" + prune + "' (known: none, certified)");
  study.engine.prune = prune == "certified" ? PruneMode::certified : PruneMode::none;
}

/// A pruned sweep drops architectures that cannot be Pareto-optimal; an analysis that needs
/// every architecture cannot run on it.
void check_prune(const Section &root, const Study &study) {
  if (study.engine.prune != PruneMode::none && study.ranking.enabled)
    root.section("engine", true)
        ->fail("prune", "'" + std::string(to_string(study.engine.prune)) +
                            "' sweeps only the architectures that can be Pareto-optimal; "
                            "[ranking] needs all of them (drop one of the two)");
}

void read_enumeration(const Section &root, Study &study) {
  auto section = root.section("enumeration", false);
  if (!section)
    return;
  section->allow_only({"mode", "archs", "accels", "pairs", "seed", "replacement"});
  EnumerationSpec &spec = study.enumeration;
  const std::string mode = section->name("mode").value_or("exhaustive");
  if (mode != "exhaustive" && mode != "sample")
    section->fail("mode", "unknown mode '" + mode + "' (known: exhaustive, sample)");
  spec.mode = mode == "sample" ? EnumerationMode::sample : EnumerationMode::exhaustive;
  if (spec.mode == EnumerationMode::exhaustive) {
    for (std::string_view key : {"archs", "accels", "pairs", "seed", "replacement"})
      if (section->has(key))
        section->fail(key, "only with mode = \"sample\"");
    return;
  }
  constexpr std::int64_t kMaxDraws = std::int64_t{1} << 40;
  spec.archs = static_cast<std::uint64_t>(section->integer("archs", 1, kMaxDraws).value_or(0));
  spec.accels = static_cast<std::uint64_t>(section->integer("accels", 1, kMaxDraws).value_or(0));
  // Independent pairs are kept in memory (16 bytes each on every rank): at most 2^32.
  spec.pairs =
      static_cast<std::uint64_t>(section->integer("pairs", 1, std::int64_t{1} << 32).value_or(0));
  if (spec.pairs > 0 && (spec.archs > 0 || spec.accels > 0))
    section->fail("pairs", "independent pairs are drawn from the whole spaces; drop 'archs' and "
                           "'accels'");
  if (spec.archs == 0 && spec.accels == 0 && spec.pairs == 0)
    section->fail("mode", "a sample needs 'archs' or 'accels' (or both), or 'pairs'");
  spec.seed = static_cast<std::uint64_t>(
      section->integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));
  spec.replacement = section->boolean("replacement").value_or(false);
}

void read_output(const Section &root, Study &study) {
  auto output = root.section("output", false);
  if (output)
    output->allow_only({"path", "dataset", "dataset_max_gib", "compression"});
  std::string path = output ? output->name("path").value_or("results.h5") : "results.h5";
  study.output_path = resolve(study.file, path);
  if (output) {
    study.dataset.enabled = output->boolean("dataset").value_or(false);
    study.dataset.max_gib = output->number("dataset_max_gib", 0.0, true).value_or(16.0);
    study.dataset.compression = output->boolean("compression").value_or(true);
  }
}

void read_ranking(const Section &root, Study &study) {
  auto section = root.section("ranking", false);
  if (!section)
    return;
  section->allow_only({"metric", "proxy_accel", "topk", "topk_fraction", "matrix_accels"});
  if (study.enumeration.pairs > 0)
    section->fail("metric", "ranking compares accelerators over the same architectures, which "
                            "independent pairs (enumeration.pairs) do not give; sample 'archs' "
                            "and 'accels' instead");
  RankingSpec &spec = study.ranking;
  spec.enabled = true;
  std::vector<std::string> names{"latency"};
  if (section->is_string("metric"))
    names = {*section->string("metric")};
  else if (section->has("metric"))
    names = *section->string_list("metric", true);
  for (const std::string &name : names) {
    auto metric = engine::parse_metric(name);
    if (!metric || (*metric != engine::Metric::latency && *metric != engine::Metric::energy &&
                    *metric != engine::Metric::edp))
      section->fail("metric",
                    "unknown ranking metric '" + name + "' (known: latency, energy, edp)");
    spec.metrics.push_back(*metric);
  }
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  spec.proxy_accel =
      static_cast<std::uint64_t>(section->integer("proxy_accel", 0, kMax).value_or(0));
  if (section->has("topk") && section->has("topk_fraction"))
    section->fail("topk_fraction", "give topk or topk_fraction, not both");
  spec.topk = static_cast<std::uint64_t>(section->integer("topk", 1, kMax).value_or(0));
  spec.topk_fraction = section->number("topk_fraction", 0.0, true).value_or(0.0);
  if (spec.topk_fraction > 1.0)
    section->fail("topk_fraction", format_number(spec.topk_fraction) + " must be <= 1");
  if (auto matrix = section->integer_list("matrix_accels", false, 0, kMax)) {
    constexpr std::size_t kMaxMatrix = 4096;
    if (matrix->size() > kMaxMatrix)
      section->fail("matrix_accels", std::to_string(matrix->size()) + " accelerators; at most " +
                                         std::to_string(kMaxMatrix));
    spec.matrix_accels.assign(matrix->begin(), matrix->end());
  }
}

/// One line: TOML error descriptions are single sentences, but be sure.
std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

} // namespace

Study parse_study(std::string_view text, const std::filesystem::path &origin, StudyUse use) {
  const std::string file = origin.string();
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error &error) {
    const auto &begin = error.source().begin;
    throw InputError(file + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                     ": " + one_line(error.description()));
  }
  Study study;
  study.file = origin;
  study.text = std::string(text);
  Section root(table, "", file);
  root.allow_only({"study", "arch_space", "accuracy", "accel_space", "costmodel", "objectives",
                   "enumeration", "engine", "output", "ranking", "verify"});
  read_study_info(root, study);
  read_arch_space(root, study);
  read_accuracy(root, study);
  read_costmodel(root, study); // first: a pair table replaces [accel_space]
  const bool listing = use == StudyUse::list_archs;
  if (listing && study.cost_model == CostModelKind::analytical && !root.has("accel_space"))
    study.accel_grid = default_study().accel_grid;
  else
    read_accel_space(root, study);
  if (listing && !root.has("objectives"))
    study.objectives = default_study().objectives;
  else
    read_objectives(root, study);
  read_enumeration(root, study);
  read_output(root, study);
  read_engine(root, study);
  read_ranking(root, study);
  check_prune(root, study);
  detail::read_verify(root, study);
  detail::check_pair_table_use(root, study);
  detail::check_layer_table_use(root, study);
  return study;
}

Study load_study(const std::filesystem::path &file, StudyUse use) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    throw InputError(file.string() + ": cannot read the study file (it is a directory)");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(file.string() + ": cannot read the study file (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw InputError(file.string() + ": cannot read the study file (read error)");
  return parse_study(text.str(), file, use);
}

std::string_view to_string(EnumerationMode mode) {
  return mode == EnumerationMode::sample ? "sample" : "exhaustive";
}

std::string_view to_string(AccuracyKind kind) {
  return kind == AccuracyKind::table ? "table" : "proxy";
}

std::string_view to_string(AccuracyJoin join) {
  return join == AccuracyJoin::columns ? "columns" : "key";
}

std::string_view to_string(AccuracySweep sweep) {
  return sweep == AccuracySweep::table ? "table" : "space";
}

std::string_view to_string(PruneMode mode) {
  return mode == PruneMode::certified ? "certified" : "none";
}

std::string_view to_string(CostModelKind kind) {
  switch (kind) {
  case CostModelKind::pair_table:
    return "pair_table";
  case CostModelKind::layer_table:
    return "layer_table";
  case CostModelKind::analytical:
    break;
  }
  return "analytical";
}

} // namespace coscan::study
