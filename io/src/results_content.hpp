#pragma once
// Internal: the groups and attributes of a results file, for writers that add more (shards).
#include <coscan/io/run_report.hpp>

#include <hdf5.h>

namespace coscan::io::detail {

/// Writes the root attributes, /pareto and /accels into an open file.
void write_results_content(hid_t file, const RunReport &report);

} // namespace coscan::io::detail
