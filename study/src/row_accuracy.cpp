#include "row_accuracy.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/search/sparse_accuracy.hpp>
#include <coscan/search/wide_space.hpp>
#include <coscan/tables/arch_columns.hpp>
#include <coscan/tables/csv_table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace coscan::study::detail {
namespace {

std::optional<double> parse_accuracy(std::string_view field) {
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
    field.remove_prefix(1);
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
    field.remove_suffix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || error != std::errc() || end != field.data() + field.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

} // namespace

bool uses_row_accuracy(const Study &study, const search::ArchSpace &space) {
  const AccuracySpec &spec = study.accuracy;
  return spec.kind == AccuracyKind::table &&
         (spec.join == AccuracyJoin::columns || spec.sweep == AccuracySweep::table ||
          dynamic_cast<const search::WideArchSpace *>(&space));
}

void load_row_accuracy(const Study &study, engine::Problem &problem) {
  const AccuracySpec &spec = study.accuracy;
  if (spec.sweep == AccuracySweep::table && study.enumeration.archs > 0)
    throw InputError(fmt::format("{}: key 'accuracy.sweep': \"table\" sweeps the table's "
                                 "architectures, enumeration.archs samples the space: give one",
                                 study.file.string()));
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.path, error))
    throw InputError(fmt::format("{}: key 'accuracy.path': no such file '{}'", study.file.string(),
                                 spec.path.string()));
  const tables::CsvTable table = tables::CsvTable::read(spec.path);
  const std::string file = table.file().string();
  const std::size_t value_column =
      table.require_column(spec.column, "named by study key 'accuracy.column'");
  std::vector<std::string> strings;
  if (spec.join == AccuracyJoin::columns) {
    strings = tables::arch_strings_from_columns(table);
  } else {
    const std::size_t key = table.require_column(spec.key, "named by study key 'accuracy.key'");
    for (std::size_t row = 0; row < table.num_rows(); ++row)
      strings.emplace_back(table.at(row, key));
  }
  search::ArchSpace &space = *problem.archs;
  auto *wide = dynamic_cast<search::WideArchSpace *>(&space);
  const std::string what = spec.join == AccuracyJoin::columns ? "architecture columns" : spec.key;
  // A space beyond 2^64 sweeping its table lists the table's architectures first.
  if (wide && spec.sweep == AccuracySweep::table) {
    std::vector<search::WideIndex> listed;
    for (std::size_t row = 0; row < strings.size(); ++row) {
      const auto index = wide->parse_wide(strings[row]);
      if (!index)
        throw InputError(fmt::format("{}:{}: {}: '{}' is not an architecture of {}", file,
                                     table.line_of(row), what, strings[row], space.kind()));
      listed.push_back(*index);
    }
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    wide->set_list(std::move(listed));
  }
  std::vector<std::pair<std::uint64_t, double>> values;
  std::map<std::uint64_t, std::size_t> row_of;
  for (std::size_t row = 0; row < strings.size(); ++row) {
    const auto index = space.parse(strings[row]);
    // A sampled space beyond 2^64 sweeps its sample: rows of other architectures are not swept.
    if (!index && wide && wide->parse_wide(strings[row]))
      continue;
    if (!index)
      throw InputError(fmt::format("{}:{}: {}: '{}' is not an architecture of {}", file,
                                   table.line_of(row), what, strings[row], space.kind()));
    const auto [it, added] = row_of.try_emplace(*index, row);
    if (!added)
      throw InputError(fmt::format("{}:{}: {}: architecture '{}' repeats line {}", file,
                                   table.line_of(row), what, space.arch_str(*index),
                                   table.line_of(it->second)));
    const auto value = parse_accuracy(table.at(row, value_column));
    if (!value)
      throw InputError(fmt::format("{}:{}: column '{}': '{}' is not a finite number", file,
                                   table.line_of(row), spec.column, table.at(row, value_column)));
    values.emplace_back(*index, *value);
  }
  auto accuracy = std::make_unique<search::SparseTableAccuracy>(
      std::move(values), "table:" + spec.path.string() + "#" + spec.column);
  if (spec.sweep == AccuracySweep::table && !wide)
    problem.arch_sample = accuracy->indices();
  problem.accuracy = std::move(accuracy);
}

void check_row_accuracy_covers(const Study &study, const engine::Problem &problem) {
  if (study.accuracy.sweep != AccuracySweep::space)
    return;
  const auto &table = dynamic_cast<const search::SparseTableAccuracy &>(*problem.accuracy);
  for (std::uint64_t p = 0; p < problem.num_archs(); ++p) {
    const std::uint64_t arch = problem.arch_at(p);
    if (!table.has(arch))
      throw InputError(fmt::format(
          "{}: no row for architecture '{}' ({} index {}); the table covers {} architectures: "
          "sweep them with [accuracy] sweep = \"table\"",
          study.accuracy.path.string(), problem.archs->arch_str(arch), problem.archs->kind(), arch,
          table.indices().size()));
  }
}

} // namespace coscan::study::detail
