#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/tables/accel_table.hpp>
#include <coscan/tables/csv_table.hpp>

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <tuple>

namespace coscan::tables {
namespace {

constexpr std::string_view kRequired[] = {"dataflow", "num_pes", "l1_bytes",
                                          "l2_kib",   "noc_bw",  "offchip_bw"};
constexpr std::string_view kOptional[] = {
    "clock_mhz", "data_bits", "array_rows", "array_cols",  "name",     "xbar_rows",
    "xbar_cols", "xbars",     "cell_bits",  "weight_bits", "adc_bits", "adcs_per_xbar"};

} // namespace

std::vector<AccelRow> read_accel_table(const std::filesystem::path &file) {
  const CsvTable table = CsvTable::read(file);
  for (std::string_view name : kRequired)
    if (!table.column(name))
      throw InputError(file.string() + ":1: missing column '" + std::string(name) + "'");
  for (const std::string &name : table.header()) {
    bool known = false;
    for (std::string_view k : kRequired)
      known = known || name == k;
    for (std::string_view k : kOptional)
      known = known || name == k;
    if (!known)
      throw InputError(file.string() + ":1: column '" + name +
                       "': unknown (known: dataflow, num_pes, l1_bytes, l2_kib, noc_bw, "
                       "offchip_bw, clock_mhz, data_bits, array_rows, array_cols, name, "
                       "xbar_rows, xbar_cols, xbars, cell_bits, weight_bits, adc_bits, "
                       "adcs_per_xbar)");
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
    a.num_pes = in.integer("num_pes", 1);
    a.l1_bytes = in.positive_number("l1_bytes");
    a.l2_kib = in.positive_number("l2_kib");
    a.noc_bw = in.positive_number("noc_bw");
    a.offchip_bw = in.positive_number("offchip_bw");
    if (in.has("clock_mhz"))
      a.clock_mhz = in.positive_number("clock_mhz");
    if (in.has("data_bits")) {
      a.data_bits = in.integer("data_bits", 1);
      if (a.data_bits != 4 && a.data_bits != 8 && a.data_bits != 16 && a.data_bits != 32)
        in.fail("data_bits", std::to_string(a.data_bits) + " is not one of 4, 8, 16, 32");
    }
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
