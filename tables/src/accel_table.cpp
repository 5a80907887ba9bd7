#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/tables/accel_table.hpp>
#include <coscan/tables/csv_table.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

namespace coscan::tables {
namespace {

/// The columns a table must have: dataflow and the fields a study must give.
std::vector<std::string_view> required_columns() {
  std::vector<std::string_view> names = {"dataflow"};
  costmodel::for_each_accel_field([&](const auto &field) {
    if (field.required)
      names.push_back(field.name);
  });
  return names;
}

/// Every column a table may have: those, `name`, and the other fields.
std::vector<std::string_view> known_columns() {
  std::vector<std::string_view> names = {"dataflow", "name"};
  costmodel::for_each_accel_field([&](const auto &field) { names.push_back(field.name); });
  return names;
}

} // namespace

std::vector<AccelRow> read_accel_table(const std::filesystem::path &file) {
  const CsvTable table = CsvTable::read(file);
  for (std::string_view name : required_columns())
    if (!table.column(name))
      throw InputError(file.string() + ":1: missing column '" + std::string(name) + "'");
  const std::vector<std::string_view> known = known_columns();
  for (const std::string &name : table.header())
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (std::string_view k : known)
        list.append(list.empty() ? "" : ", ").append(k);
      throw InputError(file.string() + ":1: column '" + name + "': unknown (known: " + list + ")");
    }
  if (table.num_rows() == 0)
    throw InputError(file.string() + ": no accelerators (the table has only a header)");

  std::vector<AccelRow> accels;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const CsvRow in(table, row);
    AccelRow out;
    out.line = table.line_of(row);
    if (in.has("name"))
      out.name = std::string(in.text("name"));
    costmodel::AccelParams &a = out.params;
    const auto dataflow = costmodel::parse_dataflow(in.text("dataflow"));
    if (!dataflow)
      in.fail("dataflow", "unknown dataflow '" + std::string(in.text("dataflow")) +
                              "' (known: weight_stationary, output_stationary, row_stationary, "
                              "imc_crossbar)");
    a.dataflow = *dataflow;
    // The digital fields: the required ones, and the optional ones where given.
    for (const auto &field : costmodel::kIntegerAccelFields)
      if (field.kind == costmodel::AccelFieldKind::digital &&
          (field.required || in.has(field.name)))
        a.*field.member = in.integer(field.name, 1);
    for (const auto &field : costmodel::kRealAccelFields)
      if (field.required || in.has(field.name))
        a.*field.member = in.positive_number(field.name);
    if (!costmodel::is_data_bits(a.data_bits))
      in.fail("data_bits", std::to_string(a.data_bits) + " is not one of 4, 8, 16, 32");
    const bool has_rows = in.has("array_rows") && !in.text("array_rows").empty();
    const bool has_cols = in.has("array_cols") && !in.text("array_cols").empty();
    std::tie(a.array_rows, a.array_cols) = costmodel::default_array_shape(a.num_pes);
    if (has_rows)
      a.array_rows = in.integer("array_rows", 1);
    if (has_cols)
      a.array_cols = in.integer("array_cols", 1);
    if (has_rows && !has_cols) {
      if (a.num_pes % a.array_rows != 0)
        in.fail("array_rows", "does not divide num_pes = " + std::to_string(a.num_pes));
      a.array_cols = a.num_pes / a.array_rows;
    } else if (has_cols && !has_rows) {
      if (a.num_pes % a.array_cols != 0)
        in.fail("array_cols", "does not divide num_pes = " + std::to_string(a.num_pes));
      a.array_rows = a.num_pes / a.array_cols;
    }
    if (a.array_rows * a.array_cols != a.num_pes)
      in.fail(has_cols ? "array_cols" : "array_rows",
              "array_rows x array_cols = " + std::to_string(a.array_rows * a.array_cols) +
                  " differs from num_pes = " + std::to_string(a.num_pes));
    // The crossbar columns, read by imc_crossbar rows only (other rows must leave them empty).
    for (const auto &column : costmodel::kIntegerAccelFields) {
      if (column.kind != costmodel::AccelFieldKind::crossbar || !in.has(column.name) ||
          in.text(column.name).empty())
        continue;
      if (a.dataflow != costmodel::Dataflow::imc_crossbar)
        in.fail(column.name, "only valid for dataflow imc_crossbar (leave it empty)");
      a.*column.member = in.integer(column.name, 1);
    }
    if (auto error = costmodel::crossbar_field_error(a))
      in.fail(error->first, error->second);
    accels.push_back(std::move(out));
  }
  return accels;
}

} // namespace coscan::tables
