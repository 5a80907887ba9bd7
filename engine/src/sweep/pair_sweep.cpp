#include "sweep/pair_sweep.hpp"
#include "evaluation/pair_chunk.hpp"
#include "sweep/thread_fold.hpp"
#include "sweep/waves.hpp"
#include <coscan/engine/sweep/parallel.hpp>
#include <coscan/engine/sweep/worker_threads.hpp>

#include <coscan/engine/evaluation/factorised_evaluator.hpp>

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

struct ThreadState {
  explicit ThreadState(const std::vector<Objective> &objectives) : pareto(objectives) {}
  ParetoReducer pareto;
  PairChunk chunk;
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
    s.chunk.build_columns(problem_, pairs);
    const auto t1 = Clock::now();
    s.timings.cost_tables_s += std::chrono::duration<double>(t1 - t0).count();
    s.chunk.gather_archs(problem_, pairs, space_ ? &*space_ : nullptr);
    evaluate(pairs, s);
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

  void evaluate(std::span<const PairId> pairs, ThreadState &s) const {
    PairTile &out = s.tile;
    const std::size_t n = pairs.size();
    out.ids.assign(pairs.begin(), pairs.end());
    out.latency_s.resize(n);
    out.energy_j.resize(n);
    out.accuracy.resize(n);
    out.area_mm2.resize(n);
    out.pareto_candidate.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
      s.chunk.evaluate(p, out.latency_s[p], out.energy_j[p]);
      out.accuracy[p] = s.chunk.accuracy(p);
      out.pareto_candidate[p] = s.chunk.pareto_candidate(p);
      out.area_mm2[p] = s.chunk.area_mm2(p);
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

/// The pairs are sorted by accelerator: a new one starts wherever it changes.
std::uint64_t distinct_accels(const std::vector<PairId> &pairs) {
  std::uint64_t count = 0;
  for (std::size_t p = 0; p < pairs.size(); ++p)
    count += p == 0 || pairs[p].accel != pairs[p - 1].accel ? 1 : 0;
  return count;
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
  const std::optional<ArchBlock> space = gather_whole_space(problem);
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
  result.tile_range = mine;
  result.pareto_candidate_archs = distinct_archs(problem.pair_sample);
  result.pareto_candidate_accels = distinct_accels(problem.pair_sample);
  result.threads = worker_threads();
  result.wall_s += seconds_since(start);
  result.stopped = stopped;
  return result;
}

} // namespace coscan::engine::detail
