#pragma once
// Internal: the groups and attributes of a results file, for writers that add more (shards).
#include <coscan/h5/run_report.hpp>
#include <coscan/h5/shard_state.hpp>

#include <hdf5.h>

#include <cstddef>
#include <span>

namespace coscan::h5::detail {

/// Writes the root attributes, /pareto and /accels into an open file.
void write_results_content(hid_t file, const RunReport &report);

/// Writes a shard's /state (what `coscan merge` needs) into an open file.
void write_shard_state(hid_t file, const RunReport &report, const ShardId &shard,
                       std::span<const std::byte> ranking);

} // namespace coscan::h5::detail
