// Imported per-layer costs in MAESTRO's columns (costmodel.kind = layer_table) for a fixed
// two-network `networks` space.
#include "study_tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const std::string study = coscan::fuzz::two_networks() + R"(
[costmodel]
kind = "layer_table"
path = "costs.csv"
shape_format = "maestro"
accel_columns = ["dataflow", "num_pes"]
latency_column = "runtime_cycles"
latency_unit = "cycles"
clock_mhz = 1000
energy_column = "energy_nJ"
energy_unit = "nJ"
incomplete_accels = "skip"
[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy"]
)";
  coscan::fuzz::build_with_table(coscan::fuzz::as_text(data, size), "costs.csv", study);
  return 0;
}
