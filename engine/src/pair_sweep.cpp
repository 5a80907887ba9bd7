#include "pair_sweep.hpp"
#include "row_kernel.hpp"
#include "thread_fold.hpp"
#include "waves.hpp"
#include <coscan/engine/parallel.hpp>
#include <coscan/engine/worker_threads.hpp>

#include <coscan/engine/factorised_evaluator.hpp>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

namespace coscan::engine::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Spaces up to this many architectures have all their layer counts gathered once (NB201:
/// 15,625, ~3 MB); larger ones (AlphaNet) gather each tile's architectures.
constexpr std::uint64_t kWholeSpaceLimit = 1u << 22;

struct ThreadState {
  explicit ThreadState(const std::vector<Objective> &objectives) : pareto(objectives) {}
  ParetoReducer pareto;
  CostTable table;
  ArchBlock archs;                   // the tile's architectures, when not gathered once
  std::vector<std::uint64_t> column; // per pair: its accelerator's column in the table
  std::vector<std::uint64_t> distinct;
  PairTile tile;
  SweepTimings timings;
};

class PairTileRunner {
public:
  PairTileRunner(const Problem &problem, const SweepOptions &options,
                 const std::optional<ArchBlock> &space,
                 tbb::enumerable_thread_specific<ThreadState> &states)
      : problem_(problem), options_(options), space_(space), states_(states),
        tile_pairs_(options.arch_block * options.accel_block) {}

  void run(std::uint64_t first, std::uint64_t last) {
    engine::parallel_for(first, last, [&](std::uint64_t t) { run_tile(t); });
  }
  std::uint64_t pairs_done() const { return pairs_done_.load(); }

private:
  void run_tile(std::uint64_t t) {
    ThreadState &s = states_.local();
    const std::uint64_t begin = t * tile_pairs_;
    const std::uint64_t end = std::min(problem_.pair_sample.size(), begin + tile_pairs_);
    const std::span<const PairId> pairs(problem_.pair_sample.data() + begin, end - begin);

    // One cost column per distinct accelerator of the tile (the list is sorted by accel).
    const auto t0 = Clock::now();
    s.distinct.clear();
    s.column.resize(pairs.size());
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      if (s.distinct.empty() || s.distinct.back() != pairs[p].accel)
        s.distinct.push_back(pairs[p].accel);
      s.column[p] = s.distinct.size() - 1;
    }
    s.table.build(*problem_.cost_model, problem_.archs->vocabulary(), *problem_.accels, s.distinct);
    const auto t1 = Clock::now();
    s.timings.cost_tables_s += std::chrono::duration<double>(t1 - t0).count();

    const ArchBlock *archs = space_ ? &*space_ : &s.archs;
    if (!space_) {
      std::vector<std::uint64_t> indices(pairs.size());
      for (std::size_t p = 0; p < pairs.size(); ++p)
        indices[p] = pairs[p].arch;
      s.archs.gather(problem_, indices);
    }
    evaluate(pairs, *archs, s);
    s.timings.evaluation_s += seconds_since(t1);
    if (options_.pair_sink)
      options_.pair_sink(begin, s.tile);
    const auto t2 = Clock::now();
    s.pareto.update(s.tile);
    s.timings.reduction_s += seconds_since(t2);
    const std::uint64_t done = pairs_done_ += pairs.size();
    if (options_.progress) {
      std::scoped_lock lock(progress_mutex_);
      options_.progress(done);
    }
  }

  /// Each pair through the one kernel (row_kernel.hpp) on its accelerator's column alone:
  /// bit-identical to the cross-product sweep's value for the same pair.
  void evaluate(std::span<const PairId> pairs, const ArchBlock &archs, ThreadState &s) const {
    PairTile &out = s.tile;
    const std::size_t n = pairs.size();
    out.ids.assign(pairs.begin(), pairs.end());
    out.latency_s.resize(n);
    out.energy_j.resize(n);
    out.accuracy.resize(n);
    out.area_mm2.resize(n);
    out.pareto_candidate.resize(n);
    const auto area = s.table.area_mm2();
    for (std::size_t p = 0; p < n; ++p) {
      const std::size_t row = space_ ? pairs[p].arch : p;
      const std::size_t j = s.column[p];
      evaluate_row(archs, row, s.table, j, 1, &out.latency_s[p], &out.energy_j[p]);
      out.accuracy[p] = archs.accuracy[row];
      out.pareto_candidate[p] = archs.pareto_candidate[row];
      out.area_mm2[p] = area[j];
    }
  }

  const Problem &problem_;
  const SweepOptions &options_;
  const std::optional<ArchBlock> &space_;
  tbb::enumerable_thread_specific<ThreadState> &states_;
  std::uint64_t tile_pairs_;
  std::atomic<std::uint64_t> pairs_done_{0};
  std::mutex progress_mutex_;
};

/// The sample's distinct architectures: all of them reach the Pareto reducer.
std::uint64_t distinct_archs(const std::vector<PairId> &pairs) {
  std::vector<std::uint64_t> archs(pairs.size());
  engine::parallel_for(std::size_t{0}, pairs.size(),
                       [&](std::size_t p) { archs[p] = pairs[p].arch; });
  engine::parallel_sort(archs.begin(), archs.end());
  return static_cast<std::uint64_t>(std::unique(archs.begin(), archs.end()) - archs.begin());
}

} // namespace

SweepResult run_pair_sweep(const Problem &problem, const SweepOptions &options) {
  const auto start = Clock::now();
  const TileRange mine = rank_tiles(problem, options);
  const SweepState *resume = options.resume;
  if (resume && (resume->next_tile < mine.first || resume->next_tile > mine.last))
    throw std::invalid_argument("run_sweep: the resumed state is not of this rank's tiles");

  // No ParetoCandidates pruning: an architecture dominated by its group's most accurate
  // member on every accelerator is not dominated when that member's pair was not drawn.
  std::optional<ArchBlock> space;
  if (problem.archs->size() <= kWholeSpaceLimit) {
    space.emplace();
    space->gather(problem, 0, problem.archs->size());
  }
  tbb::enumerable_thread_specific<ThreadState> states(std::cref(problem.objectives));
  PairTileRunner runner(problem, options, space, states);

  // As run_sweep: with checkpointing, waves of a few tiles per thread.
  const std::uint64_t wave_tiles = 16 * static_cast<std::uint64_t>(worker_threads());
  const auto state_now = [&](std::uint64_t next_tile) {
    SweepResult folded = fold_threads(problem, resume, states);
    return SweepState{next_tile,
                      folded.pareto.front().save(),
                      folded.pairs_evaluated + runner.pairs_done(),
                      folded.wall_s + seconds_since(start),
                      folded.timings,
                      folded.pairs_computed + runner.pairs_done()};
  };
  const bool stopped = run_waves(
      resume ? resume->next_tile : mine.first, mine.last, wave_tiles, options,
      [&](std::uint64_t first, std::uint64_t end) { runner.run(first, end); }, state_now);

  const auto merge_start = Clock::now();
  SweepResult result = fold_threads(problem, resume, states);
  result.pareto.front().sort_by_id();
  result.timings.merge_s = seconds_since(merge_start);
  result.pairs_evaluated += runner.pairs_done();
  result.pairs_computed += runner.pairs_done(); // every sampled pair is computed
  result.tiles = mine.last - mine.first;
  result.pareto_candidate_archs = distinct_archs(problem.pair_sample);
  result.threads = worker_threads();
  result.wall_s += seconds_since(start);
  result.stopped = stopped;
  return result;
}

} // namespace coscan::engine::detail
