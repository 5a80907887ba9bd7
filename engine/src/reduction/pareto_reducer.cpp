#include <coscan/engine/reduction/pareto_reducer.hpp>

namespace coscan::engine {

ParetoReducer::ParetoReducer(std::vector<Objective> objectives)
    : objectives_(std::move(objectives)), front_(objectives_.size()) {}

// The tile goes to the front one architecture's row at a time (offer), so its pairs are
// written once, into a row that stays in L1, and only the few that the front's most frequent
// dominators do not dominate are kept for the rest of the batch (close_batch).
void ParetoReducer::update(const TileMetrics &tile) {
  const std::size_t k = objectives_.size();
  const std::size_t nj = tile.accel_count;
  if (nj == 0)
    return;
  values_.resize(nj * k);
  ids_.resize(nj);
  for (std::size_t a = 0; a < tile.arch_count; ++a) {
    // Only the architectures that can be Pareto-optimal (ParetoCandidates) are offered.
    if (!tile.pareto_candidate.empty() && !tile.pareto_candidate[a])
      continue;
    for (std::size_t j = 0; j < nj; ++j)
      ids_[j] = {tile.arch_index[a], tile.accel_index[j]};
    // One column per objective, stored minimised (negation is exact), filled by the metric's own
    // loop: per architecture, per accelerator or per pair.
    for (std::size_t o = 0; o < k; ++o) {
      const double sign = objectives_[o].sense == Sense::maximize ? -1.0 : 1.0;
      double *out = values_.data() + o;
      tile.with_metric(objectives_[o].metric, [&](const auto &value) {
        for (std::size_t j = 0; j < nj; ++j)
          out[j * k] = sign * value(a, j);
      });
    }
    front_.offer(values_, ids_);
  }
  front_.close_batch();
}

void ParetoReducer::update(const PairTile &tile) {
  const std::size_t k = objectives_.size();
  rows_.clear();
  for (std::size_t p = 0; p < tile.num_pairs(); ++p)
    if (tile.pareto_candidate.empty() || tile.pareto_candidate[p])
      rows_.push_back(p);
  values_.resize(rows_.size() * k);
  ids_.resize(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    ids_[r] = tile.ids[rows_[r]];
    for (std::size_t o = 0; o < k; ++o) {
      const double sign = objectives_[o].sense == Sense::maximize ? -1.0 : 1.0;
      values_[r * k + o] = sign * tile.value(objectives_[o].metric, rows_[r]);
    }
  }
  front_.insert(values_, ids_);
}

void ParetoReducer::merge(const ParetoReducer &other) { front_.merge(other.front_); }

} // namespace coscan::engine
