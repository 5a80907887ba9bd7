// Study -> Problem. The only real work is joining an accuracy table to the architecture space:
// every architecture of the space must appear exactly once, and every row must name one.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/engine/sweep/pair_sample.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>
#include <coscan/study/accel_space_builder.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/tables/csv_table.hpp>

#include "arch_space_builder.hpp"
#include "row_accuracy.hpp"

#include "layer_cost_loader.hpp"
#include "pair_table_loader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace coscan::study {
namespace {

/// 'text', quoted for messages (also sidesteps GCC 12's false -Wrestrict on "'" + string).
std::string quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '\'';
  quoted += text;
  quoted += '\'';
  return quoted;
}

template <class T> std::optional<T> parse_number(std::string_view field) {
  field = tables::trim_blanks(field);
  if (!field.empty() && field.front() == '+') // from_chars takes no '+'; tables may have it
    field.remove_prefix(1);
  T value{};
  auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || error != std::errc() || end != field.data() + field.size())
    return std::nullopt;
  return value;
}

/// Where each table row's values go, with errors that name the table's file, line and column.
class AccuracyTableJoin {
public:
  AccuracyTableJoin(const Study &study, const tables::CsvTable &table)
      : spec_(study.accuracy), table_(table), key_(require_column(spec_.key, "accuracy.key")),
        value_(require_column(spec_.column, "accuracy.column")) {
    if (!spec_.index_column.empty())
      index_ = require_column(spec_.index_column, "accuracy.index_column");
  }

  void fill(const search::ArchSpace &archs, std::vector<double> &values,
            std::vector<std::int64_t> &table_index) const {
    constexpr std::size_t kNoRow = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> row_of(archs.size(), kNoRow);
    values.assign(archs.size(), 0.0);
    if (index_)
      table_index.assign(archs.size(), 0);
    for (std::size_t row = 0; row < table_.num_rows(); ++row) {
      std::string_view arch_str = tables::trim_blanks(table_.at(row, key_));
      auto arch = archs.parse(arch_str);
      if (!arch)
        fail(row, spec_.key,
             quote(arch_str) + " is not an architecture of " + std::string(archs.kind()));
      if (row_of[*arch] != kNoRow)
        fail(row, spec_.key,
             "architecture " + quote(arch_str) + " repeats line " +
                 std::to_string(table_.line_of(row_of[*arch])));
      row_of[*arch] = row;
      values[*arch] = accuracy(row);
      if (index_)
        table_index[*arch] = integer(row, *index_, spec_.index_column);
    }
    for (std::uint64_t arch = 0; arch < archs.size(); ++arch)
      if (row_of[arch] == kNoRow)
        throw InputError(table_.file().string() + ": column '" + spec_.key +
                         "': no row for architecture '" + archs.arch_str(arch) + "' (" +
                         std::string(archs.kind()) + " index " + std::to_string(arch) + ")");
  }

private:
  std::size_t require_column(const std::string &name, std::string_view study_key) const {
    return table_.require_column(name, fmt::format("named by study key '{}'", study_key));
  }

  [[noreturn]] void fail(std::size_t row, const std::string &column,
                         const std::string &reason) const {
    throw InputError(table_.file().string() + ":" + std::to_string(table_.line_of(row)) +
                     ": column '" + column + "': " + reason);
  }

  double accuracy(std::size_t row) const {
    auto value = parse_number<double>(table_.at(row, value_));
    if (!value || !std::isfinite(*value))
      fail(row, spec_.column, quote(table_.at(row, value_)) + " is not a finite number");
    return *value;
  }

  std::int64_t integer(std::size_t row, std::size_t column, const std::string &name) const {
    auto value = parse_number<std::int64_t>(table_.at(row, column));
    if (!value)
      fail(row, name, quote(table_.at(row, column)) + " is not an integer");
    return *value;
  }

  const AccuracySpec &spec_;
  const tables::CsvTable &table_;
  std::size_t key_;
  std::size_t value_;
  std::optional<std::size_t> index_;
};

std::unique_ptr<search::AccuracySource>
load_accuracy_table(const Study &study, const search::ArchSpace &archs, engine::Problem &problem) {
  const AccuracySpec &spec = study.accuracy;
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.path, error))
    throw InputError(study.file.string() + ": key 'accuracy.path': no such file '" +
                     spec.path.string() + "'");
  tables::CsvTable table = tables::CsvTable::read(spec.path);
  std::vector<double> values;
  AccuracyTableJoin(study, table).fill(archs, values, problem.table_index);
  if (!spec.index_column.empty())
    problem.table_index_name = spec.index_column;
  return std::make_unique<search::TableAccuracy>(std::move(values),
                                                 "table:" + spec.path.string() + "#" + spec.column);
}

} // namespace

namespace {

/// A sampled study's index lists (`[enumeration] mode = "sample"`).
std::vector<std::uint64_t> draw(const Study &study, std::string_view key, std::uint64_t count,
                                std::uint64_t space_size, std::string_view what,
                                std::uint64_t stream) {
  const EnumerationSpec &spec = study.enumeration;
  if (!spec.replacement && count > space_size)
    throw InputError(study.file.string() + ": key 'enumeration." + std::string(key) +
                     "': " + std::to_string(count) + " draws without replacement from " +
                     std::to_string(space_size) + " " + std::string(what));
  // Architectures and accelerators draw from independent streams of the same seed.
  return search::sample_indices(space_size, count, search::mix64(spec.seed) ^ stream,
                                spec.replacement);
}

void draw_samples(const Study &study, engine::Problem &problem) {
  const EnumerationSpec &spec = study.enumeration;
  if (spec.mode != EnumerationMode::sample)
    return;
  // A space beyond 2^64 holds its sample itself (arch_space_builder.hpp).
  if (spec.archs > 0 && !dynamic_cast<const search::WideArchSpace *>(problem.archs.get()))
    problem.arch_sample =
        draw(study, "archs", spec.archs, problem.archs->size(), "architectures", 0x61726368);
  if (spec.accels > 0)
    problem.accel_sample =
        draw(study, "accels", spec.accels, problem.accels->size(), "accelerators", 0x61636365);
  if (spec.pairs > 0) {
    const std::uint64_t archs = problem.archs->size(), accels = problem.accels->size();
    const bool fits = archs <= std::numeric_limits<std::uint64_t>::max() / accels;
    if (!spec.replacement && (!fits || spec.pairs > archs * accels))
      throw InputError(fmt::format("{}: key 'enumeration.pairs': {} draws without replacement "
                                   "from {} x {} pairs{}",
                                   study.file.string(), spec.pairs, archs, accels,
                                   fits ? "" : " (over 2^64: draw with replacement)"));
    problem.pair_sample =
        engine::sample_pairs(archs, accels, spec.pairs, spec.seed, spec.replacement);
  }
}

} // namespace

engine::Problem build_problem(const Study &study, bool allow_unlisted_archs) {
  engine::Problem problem;
  problem.archs = detail::build_arch_space(study);
  // A table covering part of the space (row_accuracy.hpp); sweep = "table" lists it instead.
  const bool row_accuracy = detail::uses_row_accuracy(study, *problem.archs);
  detail::list_wide_sample(study, *problem.archs,
                           allow_unlisted_archs ||
                               (row_accuracy && study.accuracy.sweep == AccuracySweep::table));
  if (study.cost_model == CostModelKind::pair_table) {
    // The table's devices are the accelerators.
    search::AccelGrid devices;
    devices.devices = study.pair_table.latency_columns;
    problem.accels = std::make_unique<search::AccelSpace>(std::move(devices));
    problem.cost_model =
        std::make_unique<costmodel::PairTableModel>(detail::load_pair_table(study, *problem.archs));
  } else if (study.cost_model == CostModelKind::layer_table) {
    // Imported per-layer costs: the table's devices are the accelerators.
    auto table = detail::load_layer_cost_table(study, *problem.archs);
    search::AccelGrid devices;
    for (const costmodel::LayerTableDevice &device : table->devices())
      devices.devices.push_back(device.name);
    problem.accels = std::make_unique<search::AccelSpace>(std::move(devices));
    problem.cost_model = std::make_unique<costmodel::LayerTableModel>(std::move(table));
  } else {
    problem.cost_model = std::make_unique<costmodel::AnalyticalModel>(study.cost_params);
    problem.accels = build_accel_space(study, *problem.cost_model);
  }
  problem.accels->set_origin(study.file.string());
  if (row_accuracy)
    detail::load_row_accuracy(study, problem);
  else if (study.accuracy.kind == AccuracyKind::table)
    problem.accuracy = load_accuracy_table(study, *problem.archs, problem);
  else
    problem.accuracy = std::make_unique<search::ProxyAccuracy>(*problem.archs);
  problem.objectives = study.objectives;
  draw_samples(study, problem);
  if (row_accuracy)
    detail::check_row_accuracy_covers(study, problem);
  // Pair indices and counts are 64-bit: a larger cross product must be sampled.
  if (problem.pair_sample.empty() && problem.num_accels() != 0 &&
      problem.num_archs() > std::numeric_limits<std::uint64_t>::max() / problem.num_accels())
    throw InputError(study.file.string() +
                     ": key 'enumeration': " + std::to_string(problem.num_archs()) +
                     " architectures x " + std::to_string(problem.num_accels()) +
                     " accelerators exceed 2^64 pairs; sample them (mode = \"sample\")");
  return problem;
}

} // namespace coscan::study
