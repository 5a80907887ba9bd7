// A layer table in MAESTRO's convention (the `networks` space's files).
#include "fuzz_target.hpp"

#include <coscan/tables/layer_table.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto file = coscan::fuzz::write_file("layers.csv", coscan::fuzz::as_text(data, size));
  coscan::fuzz::expect_success_or_refusal([&] { (void)coscan::tables::read_layer_table(file); });
  return 0;
}
