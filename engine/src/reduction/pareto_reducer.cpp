#include <coscan/engine/reduction/pareto_reducer.hpp>

namespace coscan::engine {

ParetoReducer::ParetoReducer(std::vector<Objective> objectives)
    : objectives_(std::move(objectives)), front_(objectives_.size()) {}

void ParetoReducer::update(const TileMetrics &tile) {
  const std::size_t k = objectives_.size();
  const std::size_t nj = tile.accel_count;
  // Only the architectures that can be Pareto-optimal (ParetoCandidates) are offered.
  rows_.clear();
  for (std::size_t a = 0; a < tile.arch_count; ++a)
    if (tile.pareto_candidate.empty() || tile.pareto_candidate[a])
      rows_.push_back(a);
  const std::size_t na = rows_.size();
  if (na == 0 || nj == 0) // no candidate in the tile (and an empty values_ has no data())
    return;
  values_.resize(na * nj * k);
  ids_.resize(na * nj);
  for (std::size_t r = 0; r < na; ++r)
    for (std::size_t j = 0; j < nj; ++j)
      ids_[r * nj + j] = {tile.arch_index[rows_[r]], tile.accel_index[j]};

  // One column per objective, stored minimised (negation is exact), filled by the metric's own
  // loop: per architecture, per accelerator or per pair.
  for (std::size_t o = 0; o < k; ++o) {
    const double sign = objectives_[o].sense == Sense::maximize ? -1.0 : 1.0;
    double *out = values_.data() + o;
    tile.with_metric(objectives_[o].metric, [&](const auto &value) {
      for (std::size_t r = 0; r < na; ++r) {
        const std::size_t a = rows_[r];
        double *row = out + r * nj * k;
        for (std::size_t j = 0; j < nj; ++j)
          row[j * k] = sign * value(a, j);
      }
    });
  }
  front_.insert(values_, ids_);
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
