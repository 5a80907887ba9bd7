#pragma once
// Turns a validated study into a Problem: builds the spaces and the cost model, and loads the
// accuracy table (a missing file, a missing column or an architecture the table lacks is an
// InputError naming the file and key).
#include <coscan/engine/problem.hpp>
#include <coscan/io/study.hpp>

namespace coscan::io {

engine::Problem build_problem(const Study &study);

} // namespace coscan::io
