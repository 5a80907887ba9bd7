#pragma once
// Loads a pair-table study's table (`[costmodel] kind = "pair_table"`) and joins it with the
// architecture space.
#include <coscan/costmodel/pair_table.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/study/study.hpp>

#include <memory>

namespace coscan::study::detail {

/// Every architecture of `archs` must have exactly one row (one naming none, a repeat, or a
/// missing architecture is a coscan::InputError naming the file, line, column or architecture);
/// values must be positive numbers; they are converted to seconds and joules.
std::shared_ptr<const costmodel::PairTable> load_pair_table(const Study &study,
                                                            const search::ArchSpace &archs);

} // namespace coscan::study::detail
