#include <coscan/engine/mpi/rank_progress.hpp>

#include <mpi.h>

#include <mutex>
#include <numeric>
#include <vector>

namespace coscan::engine {
namespace {
constexpr int kTagCount = 1; // a rank's running count
constexpr int kTagFinal = 2; // a rank's last message: its final count
} // namespace

struct RankProgress::Impl {
  std::function<void(std::uint64_t)> report;
  std::chrono::milliseconds interval;
  bool distributed = false; // an active session with several ranks
  int rank = 0, size = 1;
  MPI_Comm comm = MPI_COMM_NULL;
  std::vector<std::uint64_t> counts; // rank 0: each rank's last reported count
  std::uint64_t sending = 0;         // the buffer of the pending send
  MPI_Request request = MPI_REQUEST_NULL;
  std::chrono::steady_clock::time_point last_send{};
  bool finished = false;
  int finals = 0; // rank 0: final counts received

  std::uint64_t total() const { return std::accumulate(counts.begin(), counts.end(), 0ull); }

  /// Rank 0: takes in one message from the other ranks (waiting for it, or only if one is
  /// there); false when there was none.
  bool receive(bool wait) {
    int ready = 1;
    MPI_Status status;
    if (wait)
      MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &status);
    else
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &ready, &status);
    if (!ready)
      return false;
    std::uint64_t count = 0;
    MPI_Recv(&count, 1, MPI_UINT64_T, status.MPI_SOURCE, status.MPI_TAG, comm, MPI_STATUS_IGNORE);
    counts[static_cast<std::size_t>(status.MPI_SOURCE)] = count;
    finals += status.MPI_TAG == kTagFinal;
    return true;
  }
};

RankProgress::RankProgress(const MpiSession &session, std::function<void(std::uint64_t)> report,
                           std::chrono::milliseconds interval)
    : impl_(new Impl) {
  impl_->report = std::move(report);
  impl_->interval = interval;
  impl_->distributed = session.active() && session.size() > 1;
  impl_->rank = session.rank();
  impl_->size = session.size();
  impl_->counts.assign(static_cast<std::size_t>(impl_->size), 0);
  if (impl_->distributed) // its own communicator: never mixes with the merge's messages
    MPI_Comm_dup(MPI_COMM_WORLD, &impl_->comm);
}

RankProgress::~RankProgress() {
  // finish() frees the communicator; after an exception it is left to MPI_Finalize.
}

void RankProgress::update(std::uint64_t done) {
  Impl &m = *impl_;
  if (!m.distributed) {
    if (m.report)
      m.report(done);
    return;
  }
  std::scoped_lock lock(MpiSession::call_mutex());
  if (m.rank == 0) {
    m.counts[0] = done;
    while (m.receive(false)) {
    }
    if (m.report)
      m.report(m.total());
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - m.last_send < m.interval)
    return;
  int idle = 1;
  if (m.request != MPI_REQUEST_NULL)
    MPI_Test(&m.request, &idle, MPI_STATUS_IGNORE);
  if (!idle)
    return; // rank 0 has not taken the last one yet: skip this one
  m.sending = done;
  m.last_send = now;
  MPI_Isend(&m.sending, 1, MPI_UINT64_T, 0, kTagCount, m.comm, &m.request);
}

std::uint64_t RankProgress::finish(std::uint64_t done) {
  Impl &m = *impl_;
  if (m.finished)
    return m.rank == 0 ? m.total() : done;
  m.finished = true;
  if (!m.distributed) {
    if (m.report)
      m.report(done);
    return done;
  }
  std::scoped_lock lock(MpiSession::call_mutex());
  if (m.rank == 0) {
    m.counts[0] = done;
    // Messages from one rank arrive in order, so its final count is its last message.
    while (m.finals < m.size - 1) {
      m.receive(true);
      if (m.report)
        m.report(m.total());
    }
    if (m.report)
      m.report(m.total());
  } else {
    MPI_Wait(&m.request, MPI_STATUS_IGNORE);
    m.sending = done;
    MPI_Send(&m.sending, 1, MPI_UINT64_T, 0, kTagFinal, m.comm);
  }
  MPI_Comm_free(&m.comm);
  return m.rank == 0 ? m.total() : done;
}

} // namespace coscan::engine
