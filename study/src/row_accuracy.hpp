#pragma once
// Accuracy tables that cover part of a space (internal to coscan::study): `[accuracy] join =
// "columns"` (architectures read from the shared tables' column layouts) or `sweep = "table"`
// (the study sweeps the table's architectures). docs/study.md, "[accuracy]".
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/study/study.hpp>

namespace coscan::study::detail {

/// True when the study's accuracy table takes this path rather than the dense join: join =
/// "columns", sweep = "table", or a space beyond 2^64 (whose sample no table covers whole).
bool uses_row_accuracy(const Study &study, const search::ArchSpace &space);

/// Reads the table into problem.accuracy; with sweep = "table" also makes the table's
/// architectures the swept ones (problem.arch_sample, or the list of a space beyond 2^64).
void load_row_accuracy(const Study &study, engine::Problem &problem);

/// With sweep = "space": every swept architecture must have a row (InputError naming the table
/// and the first one missing).
void check_row_accuracy_covers(const Study &study, const engine::Problem &problem);

} // namespace coscan::study::detail
