#pragma once
// The shard merge behind `coscan merge`: the shards of one study (`coscan run --shard I/K`)
// folded into one results file, identical in /pareto, /accels and /ranking to a single run's,
// and with `[output] dataset = true` in every dataset (the shards' parts of the tables copied
// into whole ones).
#include <coscan/engine/mpi/mpi_session.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace coscan::jobs {

struct MergeRequest {
  std::vector<std::string> shards; ///< the shards' results files, all K of them, in any order
  std::string out;                 ///< the merged results file
  std::string summary;             ///< a JSON summary too, or empty
};

struct MergeOutcome {
  int shards = 0;
  std::filesystem::path study_file;
  std::uint64_t pairs_evaluated = 0;
  std::uint64_t pareto_pairs = 0;
};

/// Checks every shard (one study, each of the K shards once) and writes the merged file whole
/// or not at all. One process (an MPI launch of several ranks is refused); bad shards throw
/// coscan::InputError naming the file.
MergeOutcome merge_shards(const MergeRequest &request, const engine::MpiSession &mpi);

} // namespace coscan::jobs
