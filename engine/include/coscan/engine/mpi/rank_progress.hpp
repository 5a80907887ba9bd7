#pragma once
// Progress over all ranks of an MPI run: every rank reports its finished pair count to rank 0
// now and then (nonblocking sends on a communicator of its own, at tile granularity), and rank 0
// shows the sum. Only progress display depends on it, never results.
#include <coscan/engine/mpi/mpi_session.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace coscan::engine {

class RankProgress {
public:
  /// Collective over the session's ranks. `report` (called on rank 0 only) receives the pairs
  /// done by all ranks together; `interval` is how often a rank sends its count.
  RankProgress(const MpiSession &session, std::function<void(std::uint64_t all_done)> report,
               std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~RankProgress();
  RankProgress(const RankProgress &) = delete;
  RankProgress &operator=(const RankProgress &) = delete;

  /// This rank's own count so far (monotone). Callers serialise calls; MPI calls inside hold
  /// MpiSession::call_mutex(). On rank 0 it also takes in the counts the others sent.
  void update(std::uint64_t done);

  /// Collective, once, after the rank's sweep: sends this rank's final count, and on rank 0
  /// waits for every rank's final count. Returns the total on rank 0 (this rank's own count on
  /// the others).
  std::uint64_t finish(std::uint64_t done);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace coscan::engine
