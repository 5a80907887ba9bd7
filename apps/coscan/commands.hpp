#pragma once
// The coscan subcommands. Each registers its options on the CLI11 app and returns the action to
// run after parsing; actions throw coscan::InputError for bad input (exit code 2).
#include <CLI/CLI.hpp>

#include <functional>

namespace coscan::app {

using Action = std::function<int()>;

Action add_run_command(CLI::App &app);
Action add_validate_command(CLI::App &app);

} // namespace coscan::app
