#pragma once
// SIGTERM and SIGINT (how Slurm preempts, and Ctrl-C) as a request to checkpoint and stop,
// instead of dying: the sweep finishes its wave, writes a checkpoint and exits with
// kExitCheckpointed.
namespace coscan::jobs {

/// Exit code of a run stopped by a signal after writing its checkpoint (EX_TEMPFAIL: "try
/// again": resume from the checkpoint).
inline constexpr int kExitCheckpointed = 75;

/// Installs the handlers (once); until then the signals keep their default action.
void install_stop_signals();
bool stop_requested();

} // namespace coscan::jobs
