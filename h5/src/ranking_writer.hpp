#pragma once
// Internal: writes /ranking (docs/results-format.md) into an open results file.
#include <coscan/engine/analyses/ranking.hpp>

#include <hdf5.h>

#include <vector>

namespace coscan::h5::detail {

/// Writes /ranking for the first result and /ranking/<metric> for each further one; nothing
/// when `results` is empty.
void write_ranking(hid_t file, const std::vector<engine::RankingResult> &results);

} // namespace coscan::h5::detail
