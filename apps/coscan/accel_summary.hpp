#pragma once
// One line on how a study's accelerators were selected from its grid, for validate and run.
#include <coscan/search/accel_space.hpp>

#include <string>

namespace coscan::app {

/// "valid 1,200 / total 1,620 grid points; removed: area_max_mm2 420" and, with a subset,
/// "; lhs subset of 64 (seed 7)".
std::string accel_selection_text(const search::AccelSpace &accels);

} // namespace coscan::app
