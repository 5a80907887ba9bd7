#pragma once
// Internal: the groups and attributes of a results file, for writers that add more (shards).
#include <coscan/io/run_report.hpp>
#include <coscan/io/shard_state.hpp>

#include <hdf5.h>

#include <cstddef>
#include <span>

namespace coscan::io::detail {

/// Writes the root attributes, /pareto and /accels into an open file.
void write_results_content(hid_t file, const RunReport &report);

/// Writes a shard's /state (what `coscan merge` needs) into an open file.
void write_shard_state(hid_t file, const RunReport &report, const ShardId &shard,
                       std::span<const std::byte> ranking);

} // namespace coscan::io::detail
