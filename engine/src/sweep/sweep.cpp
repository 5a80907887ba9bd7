#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/reduction/pareto_candidate_accels.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/engine/sweep/tile_plan.hpp>

#include "sweep/pair_sweep.hpp"
#include "sweep/thread_fold.hpp"
#include "sweep/waves.hpp"
#include <coscan/engine/sweep/parallel.hpp>
#include <coscan/engine/sweep/worker_threads.hpp>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>

namespace coscan::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint64_t num_blocks(std::uint64_t n, std::uint64_t block) { return (n + block - 1) / block; }

/// What one thread accumulates over the tiles it runs.
struct ThreadState {
  explicit ThreadState(const std::vector<Objective> &objectives) : pareto(objectives) {}
  ParetoReducer pareto;
  ArchBlock arch_scratch;
  TileMetrics tile;
  SweepTimings timings;
};

/// The architectures' layer counts, gathered once when the space is small enough to keep them
/// (the common case: NAS-Bench-201 needs about 3 MB); otherwise gathered per tile. When only
/// the Pareto reducer reads the tiles (`representatives_only`), a block holds just the
/// candidates' representatives (ParetoCandidates): the other architectures' pairs are either
/// dominated or equal to a representative's, so they are never evaluated. Otherwise it holds
/// every architecture, flagged for the reducer where it is a representative.
class ArchBlocks {
public:
  ArchBlocks(const Problem &problem, std::uint64_t block, const ParetoCandidates &candidates,
             bool representatives_only)
      : problem_(problem), block_(block), candidates_(candidates),
        representatives_only_(representatives_only && candidates.active()) {
    const std::uint64_t n = num_blocks(problem.num_archs(), block);
    if (problem.num_archs() > kCacheLimit)
      return;
    cache_.resize(n);
    engine::parallel_for(std::uint64_t{0}, n, [&](std::uint64_t i) { fill(i, cache_[i]); });
  }

  const ArchBlock &get(std::uint64_t i, ArchBlock &scratch) const {
    if (!cache_.empty())
      return cache_[i];
    fill(i, scratch);
    return scratch;
  }

  /// The architectures block i stands for (its own, or those its representatives cover).
  std::uint64_t covered(std::uint64_t i) const {
    return std::min(block_, problem_.num_archs() - i * block_);
  }

private:
  static constexpr std::uint64_t kCacheLimit = 1u << 22;

  std::uint64_t index_at(std::uint64_t position) const {
    return problem_.arch_sample.empty() ? position : problem_.arch_sample[position];
  }

  void fill(std::uint64_t i, ArchBlock &out) const {
    const std::uint64_t first = i * block_;
    const std::uint64_t count = covered(i);
    std::vector<std::uint64_t> indices;
    indices.reserve(count);
    for (std::uint64_t p = first; p < first + count; ++p)
      if (!representatives_only_ || candidates_.is_representative(p))
        indices.push_back(index_at(p));
    out.gather(problem_, indices);
    // Flagged by position: a sample's repeats of one index are a representative and its ties.
    if (!representatives_only_)
      for (std::uint64_t a = 0; a < count; ++a)
        out.pareto_candidate[a] = candidates_.is_representative(first + a) ? 1 : 0;
  }

  const Problem &problem_;
  std::uint64_t block_;
  const ParetoCandidates &candidates_;
  bool representatives_only_;
  std::vector<ArchBlock> cache_;
};

} // namespace

TileRange tiles_of_rank(std::uint64_t num_tiles, int rank, int num_ranks) {
  // floor(num_tiles * r / num_ranks) without overflowing 64 bits.
  const auto bound = [&](int r) {
    const auto n = static_cast<std::uint64_t>(num_ranks), ur = static_cast<std::uint64_t>(r);
    return num_tiles / n * ur + num_tiles % n * ur / n;
  };
  return {bound(rank), bound(rank + 1)};
}

namespace {

/// Runs tiles [first, last) of the sweep (tile t = accelerator block t / n_arch_blocks, arch
/// block t % n_arch_blocks) on oneTBB, each thread reducing into its own state.
class TileRunner {
public:
  TileRunner(const Problem &problem, const SweepOptions &options, const ArchBlocks &arch_blocks,
             const ParetoCandidateAccels &accels,
             tbb::enumerable_thread_specific<ThreadState> &states)
      : problem_(problem), options_(options), arch_blocks_(arch_blocks), accels_(accels),
        states_(states), n_arch_blocks_(num_blocks(problem.num_archs(), options.arch_block)) {}

  void run(std::uint64_t first, std::uint64_t last) {
    for_each_tile(
        problem_, {first, last}, n_arch_blocks_, options_.accel_block,
        [&](std::uint64_t i, std::uint64_t b, const CostTable &table) { run_tile(i, b, table); },
        [&](double seconds) { states_.local().timings.cost_tables_s += seconds; },
        accels_.positions());
  }

  std::uint64_t pairs_done() const { return pairs_done_.load(); }
  std::uint64_t pairs_computed() const { return pairs_computed_.load(); }

private:
  void run_tile(std::uint64_t arch_block, std::uint64_t accel_block, const CostTable &table) {
    ThreadState &state = states_.local();
    const auto t0 = Clock::now();
    const ArchBlock &archs = arch_blocks_.get(arch_block, state.arch_scratch);
    evaluate_tile(archs, table, state.tile);
    pairs_computed_ += state.tile.num_pairs();
    state.timings.evaluation_s += seconds_since(t0);
    if (options_.tile_sink) // times its own output
      options_.tile_sink(arch_block * options_.arch_block, accel_block * options_.accel_block,
                         state.tile);
    const auto t1 = Clock::now();
    state.pareto.update(state.tile);
    state.timings.reduction_s += seconds_since(t1);
    const std::uint64_t done = pairs_done_ +=
        arch_blocks_.covered(arch_block) * accels_covered(accel_block, table.num_accels());
    if (options_.progress) {
      std::scoped_lock lock(progress_mutex_);
      options_.progress(done);
    }
  }

  /// The accelerators block b stands for: its own, or, when only the candidates are swept, the
  /// positions from its first candidate up to the next block's (all of them over the blocks).
  std::uint64_t accels_covered(std::uint64_t b, std::uint64_t in_table) const {
    const std::vector<std::uint64_t> &positions = accels_.positions();
    if (positions.empty())
      return in_table;
    const std::uint64_t block = options_.accel_block;
    const std::uint64_t begin = b == 0 ? 0 : positions[b * block];
    const std::uint64_t end =
        (b + 1) * block >= positions.size() ? problem_.num_accels() : positions[(b + 1) * block];
    return end - begin;
  }

  const Problem &problem_;
  const SweepOptions &options_;
  const ArchBlocks &arch_blocks_;
  const ParetoCandidateAccels &accels_;
  tbb::enumerable_thread_specific<ThreadState> &states_;
  std::uint64_t n_arch_blocks_;
  std::atomic<std::uint64_t> pairs_done_{0}, pairs_computed_{0};
  std::mutex progress_mutex_;
};

} // namespace

SweepResult run_sweep(const Problem &problem, const SweepOptions &options) {
  if (options.arch_block == 0 || options.accel_block == 0)
    throw std::invalid_argument("run_sweep: block sizes must be positive");
  if (options.num_ranks < 1 || options.rank < 0 || options.rank >= options.num_ranks)
    throw std::invalid_argument("run_sweep: rank out of range");
  if (!problem.pair_sample.empty())
    return detail::run_pair_sweep(problem, options);
  const auto start = Clock::now();
  const std::uint64_t n_arch_blocks = num_blocks(problem.num_archs(), options.arch_block);
  // Only the Pareto reducer reads the tiles: the accelerators that are never Pareto-optimal are
  // not swept, and the tiles are numbered over the others.
  const auto candidates_start = Clock::now();
  const ParetoCandidateAccels accels = options.tile_sink ? ParetoCandidateAccels::all(problem)
                                                         : ParetoCandidateAccels::compute(problem);
  const TileRange mine =
      tiles_of_rank(n_arch_blocks * num_blocks(accels.num_candidates(), options.accel_block),
                    options.rank, options.num_ranks);
  const SweepState *resume = options.resume;
  if (resume && (resume->next_tile < mine.first || resume->next_tile > mine.last))
    throw std::invalid_argument("run_sweep: the resumed state is not of this rank's tiles");

  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  const ArchBlocks arch_blocks(problem, options.arch_block, candidates, !options.tile_sink);
  const double candidates_s = seconds_since(candidates_start);
  tbb::enumerable_thread_specific<ThreadState> states(std::cref(problem.objectives));
  TileRunner runner(problem, options, arch_blocks, accels, states);

  // With checkpointing, waves of a few accelerator blocks per thread, so that a checkpoint or
  // a stop waits for little work.
  const std::uint64_t wave_tiles = 4 * n_arch_blocks * static_cast<std::uint64_t>(worker_threads());
  const auto state_now = [&](std::uint64_t next_tile) {
    SweepResult folded = detail::fold_threads(problem, resume, states);
    return SweepState{next_tile,
                      folded.pareto.front().save(),
                      folded.pairs_evaluated + runner.pairs_done(),
                      folded.wall_s + seconds_since(start),
                      folded.timings,
                      folded.pairs_computed + runner.pairs_computed()};
  };
  const bool stopped = detail::run_waves(
      resume ? resume->next_tile : mine.first, mine.last, wave_tiles, options,
      [&](std::uint64_t first, std::uint64_t end) { runner.run(first, end); }, state_now);

  const auto merge_start = Clock::now();
  SweepResult result = detail::fold_threads(problem, resume, states);
  result.state_front = result.pareto.front().save();
  candidates.add_ties(result.pareto.front());
  result.pareto.front().sort_by_id();
  result.timings.merge_s = seconds_since(merge_start);
  result.timings.candidates_s += candidates_s;
  result.pairs_evaluated += runner.pairs_done();
  result.pairs_computed += runner.pairs_computed();
  result.tiles = mine.last - mine.first;
  result.tile_range = mine;
  result.pareto_candidate_archs = candidates.num_candidates();
  result.pareto_candidate_accels = accels.num_candidates();
  result.threads = worker_threads();
  result.wall_s += seconds_since(start);
  result.stopped = stopped;
  return result;
}

} // namespace coscan::engine
