// coscan validate STUDY.toml: parse and check a study, build its spaces, print their sizes.
#include "commands.hpp"
#include "format.hpp"
#include "study_source.hpp"

#include <coscan/io/problem_builder.hpp>

#include <fmt/format.h>

#include <memory>

namespace coscan::app {

Action add_validate_command(CLI::App &app) {
  auto *command = app.add_subcommand("validate", "Check a study and print its space sizes");
  auto source = std::make_shared<StudySource>();
  source->add_options(*command);
  return [source] {
    const io::Study study = source->load();
    const engine::Problem problem = io::build_problem(study);
    fmt::print("study {}: valid\n", study.file.string());
    fmt::print("  architectures  {:>16}  ({})\n", with_commas(problem.archs->size()),
               problem.archs->kind());
    fmt::print("  layer shapes   {:>16}  (vocabulary)\n",
               with_commas(problem.archs->vocabulary().size()));
    fmt::print("  accelerators   {:>16}\n", with_commas(problem.accels->size()));
    fmt::print("  pairs          {:>16}\n", with_commas(problem.num_pairs()));
    fmt::print("  accuracy       {}\n", problem.accuracy->source());
    return 0;
  };
}

} // namespace coscan::app
