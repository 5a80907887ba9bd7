#include <coscan/engine/factorised_evaluator.hpp>
#include <coscan/engine/sweep.hpp>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
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
/// (the common case: NAS-Bench-201 needs about 3 MB); otherwise gathered per tile.
class ArchBlocks {
public:
  ArchBlocks(const Problem &problem, std::uint64_t block, const ParetoCandidates &candidates)
      : problem_(problem), block_(block), candidates_(candidates) {
    const std::uint64_t n = num_blocks(problem.archs->size(), block);
    if (problem.archs->size() > kCacheLimit)
      return;
    cache_.resize(n);
    tbb::parallel_for(std::uint64_t{0}, n, [&](std::uint64_t i) { fill(i, cache_[i]); });
  }

  const ArchBlock &get(std::uint64_t i, ArchBlock &scratch) const {
    if (!cache_.empty())
      return cache_[i];
    fill(i, scratch);
    return scratch;
  }

private:
  static constexpr std::uint64_t kCacheLimit = 1u << 22;

  void fill(std::uint64_t i, ArchBlock &out) const {
    const std::uint64_t first = i * block_;
    out.gather(problem_, first, std::min(block_, problem_.archs->size() - first), &candidates_);
  }

  const Problem &problem_;
  std::uint64_t block_;
  const ParetoCandidates &candidates_;
  std::vector<ArchBlock> cache_;
};

} // namespace

SweepResult run_sweep(const Problem &problem, const SweepOptions &options) {
  if (options.arch_block == 0 || options.accel_block == 0)
    throw std::invalid_argument("run_sweep: block sizes must be positive");
  const auto start = Clock::now();
  const std::uint64_t n_archs = problem.archs->size();
  const std::uint64_t n_accels = problem.accels->size();
  const std::uint64_t n_arch_blocks = num_blocks(n_archs, options.arch_block);
  const std::uint64_t n_accel_blocks = num_blocks(n_accels, options.accel_block);
  const auto &vocabulary = problem.archs->vocabulary();

  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  const ArchBlocks arch_blocks(problem, options.arch_block, candidates);
  tbb::enumerable_thread_specific<ThreadState> states(std::cref(problem.objectives));
  std::atomic<std::uint64_t> pairs_done{0};
  std::mutex progress_mutex;

  tbb::parallel_for(std::uint64_t{0}, n_accel_blocks, [&](std::uint64_t b) {
    // The table lives in this task's frame, not in thread-local storage: while the nested loop
    // below waits, this thread may run another accelerator block's task.
    const auto table_start = Clock::now();
    const std::uint64_t first_accel = b * options.accel_block;
    CostTable table;
    table.build(*problem.cost_model, vocabulary, *problem.accels, first_accel,
                std::min(options.accel_block, n_accels - first_accel));
    states.local().timings.cost_tables_s += seconds_since(table_start);

    tbb::parallel_for(std::uint64_t{0}, n_arch_blocks, [&](std::uint64_t i) {
      ThreadState &state = states.local();
      auto t0 = Clock::now();
      const ArchBlock &archs = arch_blocks.get(i, state.arch_scratch);
      evaluate_tile(archs, table, state.tile);
      auto t1 = Clock::now();
      state.pareto.update(state.tile);
      state.timings.evaluation_s += std::chrono::duration<double>(t1 - t0).count();
      state.timings.reduction_s += seconds_since(t1);
      const std::uint64_t done = pairs_done += state.tile.num_pairs();
      if (options.progress) {
        std::scoped_lock lock(progress_mutex);
        options.progress(done);
      }
    });
  });

  SweepResult result{ParetoReducer(problem.objectives), 0, 0, 0, 0, 1, {}};
  const auto merge_start = Clock::now();
  for (const ThreadState &state : states) {
    result.pareto.merge(state.pareto);
    result.timings.cost_tables_s += state.timings.cost_tables_s;
    result.timings.evaluation_s += state.timings.evaluation_s;
    result.timings.reduction_s += state.timings.reduction_s;
  }
  result.pareto.front().sort_by_id();
  result.timings.merge_s = seconds_since(merge_start);
  result.pairs_evaluated = pairs_done.load();
  result.tiles = n_arch_blocks * n_accel_blocks;
  result.pareto_candidate_archs = candidates.num_candidates();
  result.threads = tbb::this_task_arena::max_concurrency();
  result.wall_s = seconds_since(start);
  return result;
}

} // namespace coscan::engine
