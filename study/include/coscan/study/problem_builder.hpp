#pragma once
// Turns a validated study into a Problem: builds the spaces and the cost model, and loads the
// accuracy table (a missing file, a missing column or an architecture the table lacks is an
// InputError naming the file and key).
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/study/study.hpp>

namespace coscan::study {

/// A space larger than 2^64 (FBNet) sweeps the study's seeded sample; a study that samples no
/// architectures of it is an InputError, unless `allow_unlisted_archs` (coscan archs, which lists
/// architectures itself).
engine::Problem build_problem(const Study &study, bool allow_unlisted_archs = false);

} // namespace coscan::study
