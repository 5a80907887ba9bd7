#include "pair_table_loader.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/tables/csv_table.hpp>

#include <fmt/format.h>

#include <limits>

namespace coscan::study::detail {
namespace {

void require_columns(const tables::CsvTable &table, const std::vector<std::string> &columns,
                     std::string_view study_key) {
  for (const std::string &name : columns)
    table.require_column(name, fmt::format("named by study key '{}'", study_key));
}

} // namespace

std::shared_ptr<const costmodel::PairTable> load_pair_table(const Study &study,
                                                            const search::ArchSpace &archs) {
  const PairTableSpec &spec = study.pair_table;
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.path, error))
    throw InputError(fmt::format("{}: key 'costmodel.path': no such file '{}'", study.file.string(),
                                 spec.path.string()));
  const tables::CsvTable table = tables::CsvTable::read(spec.path);
  require_columns(table, {spec.key}, "costmodel.key");
  require_columns(table, spec.latency_columns, "costmodel.latency_columns");
  require_columns(table, spec.energy_columns, "costmodel.energy_columns");

  const std::size_t devices = spec.latency_columns.size();
  const std::uint64_t n = archs.size();
  constexpr std::size_t kNoRow = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> row_of(n, kNoRow);
  std::vector<double> latency(n * devices), energy(spec.energy_columns.empty() ? 0 : n * devices);
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const tables::CsvRow in(table, row);
    const std::string_view arch_str = tables::trim_blanks(in.text(spec.key));
    const auto arch = archs.parse(arch_str);
    if (!arch)
      in.fail(spec.key, fmt::format("'{}' is not an architecture of {}", arch_str, archs.kind()));
    if (row_of[*arch] != kNoRow)
      in.fail(spec.key, fmt::format("architecture '{}' repeats line {}", arch_str,
                                    table.line_of(row_of[*arch])));
    row_of[*arch] = row;
    for (std::size_t d = 0; d < devices; ++d) {
      latency[*arch * devices + d] =
          in.positive_number(spec.latency_columns[d]) * spec.latency_scale;
      if (!energy.empty())
        energy[*arch * devices + d] =
            in.positive_number(spec.energy_columns[d]) * spec.energy_scale;
    }
  }
  for (std::uint64_t arch = 0; arch < n; ++arch)
    if (row_of[arch] == kNoRow)
      throw InputError(fmt::format("{}: column '{}': no row for architecture '{}' ({} index {})",
                                   table.file().string(), spec.key, archs.arch_str(arch),
                                   archs.kind(), arch));
  return std::make_shared<costmodel::PairTable>(spec.latency_columns, n, std::move(latency),
                                                std::move(energy),
                                                "pair_table:" + spec.path.string());
}

} // namespace coscan::study::detail
