// A run of independent pairs through the kernel; pair_chunk.hpp.
#include "evaluation/pair_chunk.hpp"

namespace coscan::engine::detail {

std::optional<ArchBlock> gather_whole_space(const Problem &problem) {
  std::optional<ArchBlock> space;
  if (problem.archs->size() <= kWholeSpaceLimit) {
    space.emplace();
    space->gather(problem, 0, problem.archs->size());
  }
  return space;
}

void PairChunk::build_columns(const Problem &problem, std::span<const PairId> pairs) {
  distinct_.clear();
  column_.resize(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (distinct_.empty() || distinct_.back() != pairs[p].accel)
      distinct_.push_back(pairs[p].accel);
    column_[p] = distinct_.size() - 1;
  }
  table_.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, distinct_);
}

void PairChunk::gather_archs(const Problem &problem, std::span<const PairId> pairs,
                             const ArchBlock *space) {
  pair_arch_.resize(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p)
    pair_arch_[p] = pairs[p].arch;
  space_ = space != nullptr;
  if (space) {
    archs_ = space;
    return;
  }
  gathered_.gather(problem, pair_arch_);
  archs_ = &gathered_;
}

} // namespace coscan::engine::detail
