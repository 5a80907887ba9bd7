#pragma once
// The Pareto reducer: the exact Pareto set of every pair it is shown, over a study's
// objectives. update(tile) offers a tile's pairs; merge(other) folds in another reducer.
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/evaluation/pair_tile.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <vector>

namespace coscan::engine {

class ParetoReducer {
public:
  explicit ParetoReducer(std::vector<Objective> objectives);

  /// Offers the tile's pairs whose architecture is a Pareto candidate (TileMetrics).
  void update(const TileMetrics &tile);
  /// Offers an independent-pair tile's pairs whose architecture is a Pareto candidate.
  void update(const PairTile &tile);
  void merge(const ParetoReducer &other);

  const std::vector<Objective> &objectives() const { return objectives_; }
  /// Values are stored minimised: a maximised objective's column holds its negation.
  ParetoFront &front() { return front_; }
  const ParetoFront &front() const { return front_; }

private:
  std::vector<Objective> objectives_;
  ParetoFront front_;
  std::vector<double> values_; // scratch: the objective vectors of a row of a tile, or a pair tile
  std::vector<PairId> ids_;
  std::vector<std::size_t> rows_; // scratch: a pair tile's candidate pairs
};

} // namespace coscan::engine
