// The coscan command line: parses arguments and calls the libraries. Exit codes: 0 success,
// 2 bad input (study, flags, files), 1 internal failure.
#include "commands.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/io/version.hpp>

#include <fmt/format.h>

#include <exception>
#include <string>

int main(int argc, char **argv) {
  using namespace coscan;
  CLI::App app("coscan: batch evaluation of neural-architecture x accelerator co-design spaces",
               "coscan");
  app.set_version_flag("--version",
                       fmt::format("coscan {} (git {})", io::coscan_version(), io::git_revision()));
  app.require_subcommand(1);
  const app::Action run = app::add_run_command(app);
  const app::Action validate = app::add_validate_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0)
      return app.exit(e); // --help, --version
    fmt::print(stderr, "coscan: error: {}\n", e.what());
    return 2;
  }

  try {
    if (app.got_subcommand("run"))
      return run();
    return validate();
  } catch (const InputError &e) {
    fmt::print(stderr, "coscan: error: {}\n", e.what());
    return 2;
  } catch (const std::exception &e) {
    fmt::print(stderr, "coscan: internal error: {}\n", e.what());
    return 1;
  }
}
