#pragma once
// Fuzz targets for the tables a study joins to its spaces (accuracy, pair and layer-cost
// tables): the input is written as the table of a fixed study, whose problem is then built.
#include "fuzz_target.hpp"

#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <string>
#include <string_view>

namespace coscan::fuzz {

/// The `[objectives]` and `[accel_space]` every study below shares (one accelerator).
inline constexpr std::string_view kOneAccelerator = R"(
[accel_space]
dataflow   = ["weight_stationary"]
num_pes    = [64]
l1_bytes   = [256]
l2_kib     = [64]
noc_bw     = [64]
offchip_bw = [16]
)";

/// Writes (once) `networks.csv`, a `networks` space of two small networks, "a" and "b", for the
/// studies whose tables are keyed by network name; returns the `[arch_space]` that reads it.
inline std::string two_networks() {
  static const bool written = [] {
    write_file("networks.csv", "network,layer_name,type,N,K,C,R,S,Y,X,G,stride\n"
                               "a,conv1,CONV,1,16,3,3,3,34,34,1,1\n"
                               "a,fc,FC,1,10,16,1,1,1,1,1,1\n"
                               "b,conv1,CONV,1,32,3,3,3,34,34,1,1\n");
    return true;
  }();
  (void)written;
  return "[arch_space]\nkind = \"networks\"\nfiles = [\"networks.csv\"]\n";
}

/// Writes `table` as `table_name`, then parses `study_text` (which names it) as a study in the
/// same folder and builds its problem: the table is loaded and joined as `coscan run` does.
inline void build_with_table(std::string_view table, const std::string &table_name,
                             const std::string &study_text) {
  write_file(table_name, table);
  expect_success_or_refusal([&] {
    const study::Study study = study::parse_study(study_text, work_dir() / "study.toml");
    (void)study::build_problem(study);
  });
}

} // namespace coscan::fuzz
