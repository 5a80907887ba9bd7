// Lists of pairs through the kernel; pair_evaluator.hpp.
#include "evaluation/pair_chunk.hpp"
#include "evaluation/row_kernel.hpp"

#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/sweep/parallel.hpp>

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace coscan::engine {
namespace {

/// Pairs per run: enough that a run's cost columns (one per distinct accelerator) are shared by
/// many pairs once the list is sorted by accelerator, few enough for two threads to share a
/// batch of 10^5.
constexpr std::size_t kRunPairs = 4096;

/// Accelerators per kept cost table (a sweep's default accelerator block).
constexpr std::uint64_t kTableAccels = 64;

/// Kept cost tables hold at most this many (shape, accelerator) cells: 2^22, 64 MB of cycles
/// and energy (NB201 x the semi-decoupled grid of 1,008: a few MB).
constexpr std::uint64_t kKeptCells = 1u << 22;

void check_indices(std::span<const std::uint64_t> indices, std::uint64_t size, const char *what) {
  for (const std::uint64_t index : indices)
    if (index >= size)
      throw std::out_of_range(
          fmt::format("{} index {} is out of range (the space has {})", what, index, size));
}

} // namespace

PairEvaluator::PairEvaluator(const Problem &problem)
    : problem_(problem), space_(detail::gather_whole_space(problem)),
      keeps_tables_(problem.accels->size() <=
                    kKeptCells / std::max<std::size_t>(1, problem.archs->vocabulary().size())) {}

void PairEvaluator::evaluate(std::span<const std::uint64_t> archs,
                             std::span<const std::uint64_t> accels, const PairColumns &out) const {
  if (archs.size() != accels.size())
    throw std::invalid_argument(fmt::format("{} architecture indices but {} accelerator indices",
                                            archs.size(), accels.size()));
  check_indices(archs, problem_.archs->size(), "architecture");
  check_indices(accels, problem_.accels->size(), "accelerator");
  // The kept tables cost every accelerator's costs once: built once the calls have asked for as
  // many pairs as the space has accelerators (a search's batches, or its many one-pair calls),
  // used by every call after (the count only grows). Until then a call builds only its own
  // accelerators' columns (a results file's Pareto set: a few thousand pairs over 10^5
  // accelerators, in one call).
  if (keeps_tables_ &&
      pairs_asked_.fetch_add(archs.size()) + archs.size() >= problem_.accels->size())
    evaluate_in_order(archs, accels, out);
  else
    evaluate_sorted(archs, accels, out);
}

void PairEvaluator::evaluate_in_order(std::span<const std::uint64_t> archs,
                                      std::span<const std::uint64_t> accels,
                                      const PairColumns &out) const {
  std::call_once(tables_built_, [&] {
    const std::uint64_t n = problem_.accels->size();
    std::vector<CostTable> tables((n + kTableAccels - 1) / kTableAccels);
    engine::parallel_for(std::size_t{0}, tables.size(), [&](std::size_t b) {
      tables[b].build(*problem_.cost_model, problem_.archs->vocabulary(), *problem_.accels,
                      b * kTableAccels, std::min(kTableAccels, n - b * kTableAccels));
    });
    tables_ = std::move(tables);
  });
  tbb::enumerable_thread_specific<ArchBlock> gathered;
  const std::size_t n = archs.size();
  engine::parallel_for(std::size_t{0}, (n + kRunPairs - 1) / kRunPairs, [&](std::size_t r) {
    const std::size_t first = r * kRunPairs, count = std::min(kRunPairs, n - first);
    const ArchBlock *block = space_ ? &*space_ : &gathered.local();
    if (!space_)
      gathered.local().gather(problem_, archs.subspan(first, count));
    for (std::size_t i = first; i < first + count; ++i) {
      const std::size_t row = space_ ? archs[i] : i - first;
      const CostTable &table = tables_[accels[i] / kTableAccels];
      const std::size_t column = accels[i] % kTableAccels;
      detail::evaluate_row(*block, row, table, column, 1, &out.latency_s[i], &out.energy_j[i]);
      out.accuracy[i] = block->accuracy[row];
      out.area_mm2[i] = table.area_mm2()[column];
    }
  });
}

void PairEvaluator::evaluate_sorted(std::span<const std::uint64_t> archs,
                                    std::span<const std::uint64_t> accels,
                                    const PairColumns &out) const {
  const std::size_t n = archs.size();

  // The pairs sorted by accelerator (then by position: a total order), so that each run builds
  // few cost columns; `position` says where each goes back.
  std::vector<std::pair<PairId, std::size_t>> sorted(n);
  for (std::size_t i = 0; i < n; ++i)
    sorted[i] = {{archs[i], accels[i]}, i};
  engine::parallel_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
    return a.first.accel != b.first.accel ? a.first.accel < b.first.accel : a.second < b.second;
  });
  std::vector<PairId> pairs(n);
  for (std::size_t i = 0; i < n; ++i)
    pairs[i] = sorted[i].first;

  tbb::enumerable_thread_specific<detail::PairChunk> chunks;
  const std::size_t runs = (n + kRunPairs - 1) / kRunPairs;
  engine::parallel_for(std::size_t{0}, runs, [&](std::size_t r) {
    detail::PairChunk &chunk = chunks.local();
    const std::size_t first = r * kRunPairs;
    const std::span<const PairId> run(pairs.data() + first, std::min(kRunPairs, n - first));
    chunk.build_columns(problem_, run);
    chunk.gather_archs(problem_, run, space_ ? &*space_ : nullptr);
    for (std::size_t p = 0; p < run.size(); ++p) {
      const std::size_t i = sorted[first + p].second;
      chunk.evaluate(p, out.latency_s[i], out.energy_j[i]);
      out.accuracy[i] = chunk.accuracy(p);
      out.area_mm2[i] = chunk.area_mm2(p);
    }
  });
}

std::vector<PairMetrics> evaluate_pairs(const Problem &problem, std::span<const PairId> pairs) {
  std::vector<std::uint64_t> archs(pairs.size()), accels(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    archs[i] = pairs[i].arch;
    accels[i] = pairs[i].accel;
  }
  std::vector<double> accuracy(pairs.size()), latency(pairs.size()), energy(pairs.size()),
      area(pairs.size());
  PairEvaluator(problem).evaluate(archs, accels,
                                  {accuracy.data(), latency.data(), energy.data(), area.data()});
  std::vector<PairMetrics> out(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i)
    out[i] = {accuracy[i], latency[i], energy[i], area[i]};
  return out;
}

} // namespace coscan::engine
