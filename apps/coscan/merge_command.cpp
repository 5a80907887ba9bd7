// coscan merge: fold the shards of one study (`coscan run --shard I/K`) into one results file.
// The merge itself is jobs::merge_shards; this file holds the flags and what it prints.
#include "commands.hpp"
#include "format.hpp"

#include <coscan/jobs/merge_shards.hpp>

#include <fmt/format.h>

#include <memory>

namespace coscan::app {

Action add_merge_command(CLI::App &app, const engine::MpiSession &mpi) {
  auto *command =
      app.add_subcommand("merge", "Merge the shards of a study (`run --shard I/K`) into results");
  auto request = std::make_shared<jobs::MergeRequest>();
  auto quiet = std::make_shared<bool>(false);
  command->add_option("SHARD", request->shards, "The shards' results files (all K of them)")
      ->required();
  command->add_option("--out", request->out, "Merged results file (HDF5)")->required();
  command->add_option("--summary", request->summary, "Also write a JSON summary here");
  command->add_flag("--quiet", *quiet, "Print nothing but errors");
  return [request, quiet, &mpi] {
    const jobs::MergeOutcome merged = jobs::merge_shards(*request, mpi);
    if (!*quiet)
      fmt::print("coscan merge: {} shards of study {}: {} pairs evaluated, Pareto set {} pairs\n"
                 "  results: {}\n",
                 merged.shards, merged.study_file.string(), with_commas(merged.pairs_evaluated),
                 with_commas(merged.pareto_pairs), request->out);
    return 0;
  };
}

} // namespace coscan::app
