// The CSV reader every table goes through: parse, then read each field as each kind of value.
#include "fuzz_target.hpp"

#include <coscan/tables/csv_table.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using coscan::tables::CsvRow;
  using coscan::tables::CsvTable;
  coscan::fuzz::expect_success_or_refusal([&] {
    const CsvTable table = CsvTable::parse(coscan::fuzz::as_text(data, size), "fuzz.csv");
    for (std::size_t row = 0; row < table.num_rows() && row < 64; ++row)
      for (const std::string &column : table.header()) {
        const CsvRow in(table, row);
        coscan::fuzz::expect_success_or_refusal([&] { (void)in.positive_number(column); });
        coscan::fuzz::expect_success_or_refusal([&] { (void)in.nonnegative_number(column); });
        coscan::fuzz::expect_success_or_refusal([&] { (void)in.integer(column, 0); });
      }
  });
  return 0;
}
