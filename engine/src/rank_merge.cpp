#include <coscan/engine/rank_merge.hpp>

#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace coscan::engine {
namespace {

constexpr int kTagSize = 1, kTagFront = 2, kTagFigures = 3;

// The figures that travel with a front: counts and seconds.
struct Figures {
  double pairs_evaluated, tiles, cost_tables_s, evaluation_s, reduction_s, merge_s, wall_s;
};

Figures figures_of(const SweepResult &r) {
  return {static_cast<double>(r.pairs_evaluated),
          static_cast<double>(r.tiles),
          r.timings.cost_tables_s,
          r.timings.evaluation_s,
          r.timings.reduction_s,
          r.timings.merge_s,
          r.wall_s};
}

void add_figures(SweepResult &r, const Figures &f) {
  r.pairs_evaluated += static_cast<std::uint64_t>(f.pairs_evaluated);
  r.tiles += static_cast<std::uint64_t>(f.tiles);
  r.timings.cost_tables_s += f.cost_tables_s;
  r.timings.evaluation_s += f.evaluation_s;
  r.timings.reduction_s += f.reduction_s;
  r.timings.merge_s = std::max(r.timings.merge_s, f.merge_s);
  r.wall_s = std::max(r.wall_s, f.wall_s);
}

} // namespace

void merge_to_root(SweepResult &result, const MpiSession &session) {
  if (!session.active() || session.size() == 1)
    return;
  const auto start = std::chrono::steady_clock::now();
  const int rank = session.rank(), size = session.size();
  // Step s: ranks that are odd multiples of 2^s send to the rank 2^s below and drop out.
  for (int step = 1; step < size; step *= 2) {
    if (rank % (2 * step) == step) {
      const std::vector<std::byte> state = result.pareto.front().save();
      const auto bytes = static_cast<std::uint64_t>(state.size());
      const Figures figures = figures_of(result);
      MPI_Send(&bytes, 1, MPI_UINT64_T, rank - step, kTagSize, MPI_COMM_WORLD);
      MPI_Send(state.data(), static_cast<int>(bytes), MPI_BYTE, rank - step, kTagFront,
               MPI_COMM_WORLD);
      MPI_Send(&figures, sizeof figures, MPI_BYTE, rank - step, kTagFigures, MPI_COMM_WORLD);
      return;
    }
    if (rank % (2 * step) == 0 && rank + step < size) {
      std::uint64_t bytes = 0;
      MPI_Recv(&bytes, 1, MPI_UINT64_T, rank + step, kTagSize, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      std::vector<std::byte> state(bytes);
      MPI_Recv(state.data(), static_cast<int>(bytes), MPI_BYTE, rank + step, kTagFront,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      Figures figures{};
      MPI_Recv(&figures, sizeof figures, MPI_BYTE, rank + step, kTagFigures, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      result.pareto.front().merge(ParetoFront::load(state));
      add_figures(result, figures);
    }
  }
  result.pareto.front().sort_by_id();
  result.timings.merge_s +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace coscan::engine
