// The coscan command line: parses arguments and calls the libraries. Exit codes: 0 success,
// 2 bad input (study, flags, files), 1 a failed write or an internal failure.
#include "commands.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/h5/hdf5_library.hpp>
#include <coscan/h5/version.hpp>
#include <coscan/jobs/rank_agreement.hpp>

#include <fmt/format.h>
#include <mpi.h>

#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

/// An error message as one printable line: control characters (a CR or NUL from an input file,
/// a newline inside a value) shown as \xNN, so that every error stays one line on a terminal.
std::string one_line(std::string_view message) {
  std::string out;
  for (const unsigned char c : message)
    out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, char(c));
  return out;
}

/// `COSCAN_KERNEL=sse2|avx2|avx512` runs the evaluation kernel on that instruction set instead
/// of the widest the CPU has (benchmarks; a node whose OS hides what its CPU reports). The
/// results are the same bits on each.
void choose_kernel_target() {
  const char *name = std::getenv("COSCAN_KERNEL");
  if (!name || !*name)
    return;
  const std::optional<coscan::engine::KernelTarget> target =
      coscan::engine::parse_kernel_target(name);
  if (!target)
    throw coscan::InputError(
        fmt::format("environment variable COSCAN_KERNEL={}: expected sse2, avx2 or avx512", name));
  try {
    coscan::engine::set_kernel_target(*target);
  } catch (const std::invalid_argument &e) {
    throw coscan::InputError(
        fmt::format("environment variable COSCAN_KERNEL={}: {}", name, e.what()));
  }
}

} // namespace

int main(int argc, char **argv) {
  using namespace coscan;
  h5::keep_hdf5_out_of_exit();
  // Before parsing: MPI_Init may consume launcher arguments.
  const engine::MpiSession mpi(argc, argv);
  const bool root = mpi.rank() == 0;
  CLI::App app("coscan: batch evaluation of neural-architecture x accelerator co-design spaces",
               "coscan");
  app.set_version_flag("--version",
                       fmt::format("coscan {} (git {})", h5::coscan_version(), h5::git_revision()));
  app.require_subcommand(1);
  const app::Action run = app::add_run_command(app, mpi);
  const app::Action validate = app::add_validate_command(app);
  const app::Action archs = app::add_archs_command(app);
  const app::Action cost = app::add_cost_command(app);
  const app::Action merge = app::add_merge_command(app, mpi);
  const app::Action slurm = app::add_slurm_command(app);
  const app::Action verify = app::add_verify_command(app, mpi);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0)
      return root ? app.exit(e) : 0; // --help, --version
    if (root)
      fmt::print(stderr, "coscan: error: {}\n", one_line(e.what()));
    return 2;
  }

  try {
    choose_kernel_target();
    if (app.got_subcommand("run"))
      return run();
    if (app.got_subcommand("archs"))
      return archs();
    if (app.got_subcommand("cost"))
      return cost();
    if (app.got_subcommand("merge"))
      return merge();
    if (app.got_subcommand("slurm"))
      return slurm();
    if (app.got_subcommand("verify"))
      return verify();
    return validate();
  } catch (const InputError &e) {
    // Every rank checks the same inputs, so all of them stop here together.
    if (root)
      fmt::print(stderr, "coscan: error: {}\n", one_line(e.what()));
    return 2;
  } catch (const OutputError &e) {
    // A write that failed (nothing is left under the file's name): on this rank.
    fmt::print(stderr, "coscan: error: {}\n", one_line(e.what()));
    if (mpi.active() && mpi.size() > 1)
      MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
  } catch (const jobs::RankWriteFailure &e) {
    // One rank's failed write, which every rank agreed on: all of them stop here together.
    if (root)
      fmt::print(stderr, "coscan: error: {}\n", one_line(e.what()));
    return 1;
  } catch (const jobs::RankFailure &e) {
    // One rank's failure, which every rank agreed on: all of them stop here together.
    if (root)
      fmt::print(stderr, "coscan: internal error ({})\n", one_line(e.what()));
    return 1;
  } catch (const std::exception &e) {
    fmt::print(stderr, "coscan: internal error (rank {}): {}\n", mpi.rank(), one_line(e.what()));
    // An internal failure may strike one rank only: abort the job rather than leave the
    // other ranks waiting in a collective.
    if (mpi.active() && mpi.size() > 1)
      MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
  }
}
