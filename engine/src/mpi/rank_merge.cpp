#include <coscan/engine/mpi/rank_merge.hpp>

#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace coscan::engine {
namespace {

constexpr int kTagSize = 1, kTagState = 2;

// The figures that travel with a front: counts and seconds.
struct Figures {
  double pairs_evaluated, pairs_computed, tiles, cost_tables_s, evaluation_s, reduction_s, merge_s,
      candidates_s, wall_s;
};

Figures figures_of(const SweepResult &r) {
  return {static_cast<double>(r.pairs_evaluated),
          static_cast<double>(r.pairs_computed),
          static_cast<double>(r.tiles),
          r.timings.cost_tables_s,
          r.timings.evaluation_s,
          r.timings.reduction_s,
          r.timings.merge_s,
          r.timings.candidates_s,
          r.wall_s};
}

void add_figures(SweepResult &r, const Figures &f) {
  r.pairs_evaluated += static_cast<std::uint64_t>(f.pairs_evaluated);
  r.pairs_computed += static_cast<std::uint64_t>(f.pairs_computed);
  r.tiles += static_cast<std::uint64_t>(f.tiles);
  r.timings.cost_tables_s += f.cost_tables_s;
  r.timings.evaluation_s += f.evaluation_s;
  r.timings.reduction_s += f.reduction_s;
  r.timings.merge_s = std::max(r.timings.merge_s, f.merge_s);
  r.timings.candidates_s = std::max(r.timings.candidates_s, f.candidates_s);
  r.wall_s = std::max(r.wall_s, f.wall_s);
}

/// Sends `bytes` in pieces MPI's int counts can carry.
void send_bytes(const std::vector<std::byte> &bytes, int to) {
  const auto size = static_cast<std::uint64_t>(bytes.size());
  MPI_Send(&size, 1, MPI_UINT64_T, to, kTagSize, MPI_COMM_WORLD);
  constexpr std::uint64_t kPiece = std::numeric_limits<int>::max();
  for (std::uint64_t at = 0; at < size; at += kPiece)
    MPI_Send(bytes.data() + at, static_cast<int>(std::min(kPiece, size - at)), MPI_BYTE, to,
             kTagState, MPI_COMM_WORLD);
}

std::vector<std::byte> receive_bytes(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, kTagSize, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::vector<std::byte> bytes(size);
  constexpr std::uint64_t kPiece = std::numeric_limits<int>::max();
  for (std::uint64_t at = 0; at < size; at += kPiece)
    MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kPiece, size - at)), MPI_BYTE, from,
             kTagState, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

} // namespace

void tree_merge(const MpiSession &session, const std::function<std::vector<std::byte>()> &save,
                const std::function<void(std::span<const std::byte>)> &merge) {
  if (!session.active() || session.size() == 1)
    return;
  const int rank = session.rank(), size = session.size();
  for (int step = 1; step < size; step *= 2) {
    if (rank % (2 * step) == step) {
      send_bytes(save(), rank - step);
      return;
    }
    if (rank % (2 * step) == 0 && rank + step < size)
      merge(receive_bytes(rank + step));
  }
}

void broadcast_from_root(const MpiSession &session, std::vector<std::byte> &bytes) {
  if (!session.active() || session.size() == 1)
    return;
  auto size = static_cast<std::uint64_t>(bytes.size());
  MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  bytes.resize(size);
  constexpr std::uint64_t kPiece = std::numeric_limits<int>::max();
  for (std::uint64_t at = 0; at < size; at += kPiece)
    MPI_Bcast(bytes.data() + at, static_cast<int>(std::min(kPiece, size - at)), MPI_BYTE, 0,
              MPI_COMM_WORLD);
}

void merge_everywhere(const MpiSession &session,
                      const std::function<std::vector<std::byte>()> &save,
                      const std::function<void(std::span<const std::byte>)> &merge,
                      const std::function<void(std::span<const std::byte>)> &load) {
  if (!session.active() || session.size() == 1)
    return;
  tree_merge(session, save, merge);
  std::vector<std::byte> merged;
  if (session.rank() == 0)
    merged = save();
  broadcast_from_root(session, merged);
  if (session.rank() != 0)
    load(merged);
}

void merge_to_root(SweepResult &result, const MpiSession &session) {
  if (!session.active() || session.size() == 1)
    return;
  const auto start = std::chrono::steady_clock::now();
  tree_merge(
      session,
      [&] {
        std::vector<std::byte> state = result.pareto.front().save();
        const Figures figures = figures_of(result);
        const auto *p = reinterpret_cast<const std::byte *>(&figures);
        state.insert(state.end(), p, p + sizeof figures);
        return state;
      },
      [&](std::span<const std::byte> state) {
        if (state.size() < sizeof(Figures))
          throw std::runtime_error("rank merge: a truncated sweep state");
        const std::size_t front_bytes = state.size() - sizeof(Figures);
        Figures figures{};
        std::memcpy(&figures, state.data() + front_bytes, sizeof figures);
        result.pareto.front().merge(ParetoFront::load(state.first(front_bytes)));
        add_figures(result, figures);
      });
  result.pareto.front().sort_by_id();
  result.timings.merge_s +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void merge_to_root(RankingReducer &ranking, const MpiSession &session) {
  tree_merge(
      session, [&] { return ranking.save(); },
      [&](std::span<const std::byte> state) { ranking.merge(state); });
}

} // namespace coscan::engine
