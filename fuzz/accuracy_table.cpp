// An accuracy table joined to NAS-Bench-201 by architecture string; sweep = "table", so that a
// table of a few rows is a whole study (and the fuzzer gets past the join).
#include "study_tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const std::string study = std::string(R"(
[arch_space]
kind = "nasbench201"
[accuracy]
kind = "table"
path = "accuracy.csv"
key = "arch_str"
column = "acc"
sweep = "table"
[objectives]
maximize = ["accuracy"]
minimize = ["latency"]
)") + std::string(coscan::fuzz::kOneAccelerator);
  coscan::fuzz::build_with_table(coscan::fuzz::as_text(data, size), "accuracy.csv", study);
  return 0;
}
