#pragma once
// Everything a sweep needs, assembled from a study: the two spaces, the cost model, where
// accuracy comes from, and the objectives.
#include <coscan/costmodel/cost_model.hpp>
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>
#include <coscan/search/accel_space.hpp>
#include <coscan/search/accuracy.hpp>
#include <coscan/search/arch_space.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace coscan::engine {

struct Problem {
  std::unique_ptr<search::ArchSpace> archs;
  std::unique_ptr<search::AccelSpace> accels;
  std::unique_ptr<costmodel::CostModel> cost_model;
  std::unique_ptr<search::AccuracySource> accuracy;
  std::vector<Objective> objectives;
  /// Optional: the accuracy table's own index of every architecture (for NB201, the
  /// benchmark's `arch_index`, which is not a formula of the architecture), or empty.
  std::vector<std::int64_t> table_index;
  std::string table_index_name; ///< the table column it came from

  /// A sampled study sweeps the cross product of these sorted index lists instead of the
  /// whole spaces (empty: the whole space). Positions index the lists.
  std::vector<std::uint64_t> arch_sample, accel_sample;
  /// An independent-pair sample (`[enumeration] pairs`), sorted by (accel, arch); when not
  /// empty the sweep evaluates exactly these pairs, and num_archs()/num_accels() are the
  /// spaces the pairs were drawn from.
  std::vector<PairId> pair_sample;

  std::uint64_t num_archs() const {
    return arch_sample.empty() ? archs->size() : arch_sample.size();
  }
  std::uint64_t num_accels() const {
    return accel_sample.empty() ? accels->size() : accel_sample.size();
  }
  std::uint64_t arch_at(std::uint64_t position) const {
    return arch_sample.empty() ? position : arch_sample[position];
  }
  std::uint64_t accel_at(std::uint64_t position) const {
    return accel_sample.empty() ? position : accel_sample[position];
  }
  /// Pairs swept: the cross product of the (sampled) architectures and accelerators, or the
  /// independent pairs.
  std::uint64_t num_pairs() const {
    return pair_sample.empty() ? num_archs() * num_accels() : pair_sample.size();
  }
};

} // namespace coscan::engine
