#pragma once
// Failures that strike some MPI ranks only (a file one node cannot see, a write that fails on
// one rank) must not leave the other ranks waiting in a collective: the ranks meet at fixed
// points, agree on the lowest failing rank's error, and all stop with it.
#include <coscan/engine/mpi/mpi_session.hpp>

#include <exception>
#include <functional>
#include <stdexcept>
#include <string>

namespace coscan::jobs {

/// An internal failure of one rank, raised on every rank once they agreed on it: main prints it
/// once (rank 0) and exits 1, with no MPI_Abort (every rank is stopping anyway).
class RankFailure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A failed write of one rank (coscan::OutputError there), raised on every rank: main prints it
/// once as an error, not an internal one, and exits 1.
class RankWriteFailure : public RankFailure {
public:
  using RankFailure::RankFailure;
};

/// What a step threw on this rank, if anything.
struct CaughtFailure {
  std::exception_ptr error;
  int exit_code = 0; ///< 2: coscan::InputError; 1: any other exception
  std::string message;
  bool write_failure = false; ///< a coscan::OutputError
};

CaughtFailure catch_failure(const std::function<void()> &step);

/// Collective (every rank calls it at the same point): when some rank failed, throws on every
/// rank the lowest failing rank's error, as a coscan::InputError (exit 2) or a RankFailure
/// (exit 1) naming that rank. Without MPI (or with one rank) rethrows this rank's own error.
void agree_on_failure(const engine::MpiSession &mpi, const CaughtFailure &mine);

/// Collective: true on every rank when `mine` is true on some rank.
bool any_rank(const engine::MpiSession &mpi, bool mine);

/// Runs `step` on every rank, then agrees on its failures.
inline void on_all_ranks(const engine::MpiSession &mpi, const std::function<void()> &step) {
  agree_on_failure(mpi, catch_failure(step));
}

} // namespace coscan::jobs
