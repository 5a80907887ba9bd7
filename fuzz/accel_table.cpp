// An accelerator table ([accel_space] from a CSV file): every row checked, or refused.
#include "fuzz_target.hpp"

#include <coscan/tables/accel_table.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto file = coscan::fuzz::write_file("accels.csv", coscan::fuzz::as_text(data, size));
  coscan::fuzz::expect_success_or_refusal([&] { (void)coscan::tables::read_accel_table(file); });
  return 0;
}
