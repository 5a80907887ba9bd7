#pragma once
// The coscan subcommands. Each registers its options on the CLI11 app and returns the action to
// run after parsing; actions throw coscan::InputError for bad input (exit code 2).
#include <coscan/engine/mpi/mpi_session.hpp>

#include <CLI/CLI.hpp>

#include <functional>

namespace coscan::app {

using Action = std::function<int()>;

Action add_run_command(CLI::App &app, const engine::MpiSession &mpi);
Action add_validate_command(CLI::App &app);
Action add_cost_command(CLI::App &app);
Action add_archs_command(CLI::App &app);
Action add_merge_command(CLI::App &app, const engine::MpiSession &mpi);
Action add_slurm_command(CLI::App &app);
Action add_verify_command(CLI::App &app, const engine::MpiSession &mpi);

} // namespace coscan::app
