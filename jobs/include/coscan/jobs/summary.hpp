#pragma once
// The JSON summary of a run (docs/results-format.md): the results file's root figures, the
// analyses' summaries and the Pareto-set size.
#include <coscan/h5/run_report.hpp>

#include <filesystem>

namespace coscan::jobs {

/// Writes the JSON summary of `report` to `file`, whole or not at all.
void write_summary(const h5::RunReport &report, const std::filesystem::path &file);

} // namespace coscan::jobs
