// A table of measured whole-network latency and energy per device (costmodel.kind = pair_table),
// keyed by the names of a two-network space.
#include "study_tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const std::string study = coscan::fuzz::two_networks() + R"(
[costmodel]
kind = "pair_table"
path = "pairs.csv"
key = "arch_str"
latency_columns = ["a_ms", "b_ms"]
energy_columns = ["a_mj", "b_mj"]
[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy"]
)";
  coscan::fuzz::build_with_table(coscan::fuzz::as_text(data, size), "pairs.csv", study);
  return 0;
}
