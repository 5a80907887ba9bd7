#pragma once
// Ranking similarity as a reducer over the sweep's accelerator blocks: every rank (or shard)
// updates it with the accelerator blocks of its own tiles (rank_accel_blocks), the states merge
// (MPI, or `coscan merge` of shards) and the root finishes the summaries and the matrix. The
// figures of one accelerator depend only on its own column and the proxy's, so the result is
// the same for any split into ranks, shards and threads.
//
// It works at the cost of the groups, not the rows: architectures of one cost group
// (cost_groups.hpp) cost the same on every accelerator, so each accelerator's column is
// evaluated for one representative per group (NB201: 195 rows instead of 15,625) through the
// one kernel, and Spearman, Kendall tau-b (grouped_rank_statistics.hpp), top-k overlap and
// front overlap are computed exactly on the weighted groups. rank_similarity_reference()
// (ranking.hpp) is the row-wise reference the tests pin this to.
#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

class RankingReducer {
public:
  /// One analysis per entry of `options` (the metrics; a matrix only where options ask for
  /// one). Throws std::invalid_argument on options out of range, as rank_similarity().
  RankingReducer(const Problem &problem, std::vector<RankingOptions> options);

  /// The figures of accelerator positions [first, first + count) (one cost table).
  void update(std::uint64_t first, std::uint64_t count);
  /// Accelerator blocks [first_block, last_block) of `accel_block` positions each, in parallel.
  void update_blocks(std::uint64_t first_block, std::uint64_t last_block,
                     std::uint64_t accel_block);

  /// The state of the accelerators updated so far (for MPI and shard files).
  std::vector<std::byte> save() const;
  /// Adds a saved state of the same problem and options; throws std::invalid_argument if it is
  /// not one (corrupt, another problem, or accelerators this reducer already has).
  void merge(std::span<const std::byte> state);

  /// Every accelerator has been updated (here or through merges).
  bool complete() const;
  /// The results, one per options entry; throws std::logic_error unless complete().
  std::vector<RankingResult> finish() const;

  std::size_t num_groups() const { return groups_.num_groups(); }

private:
  /// One metric: the proxy's figures, and the results per accelerator position.
  struct MetricState {
    std::vector<double> proxy;                     ///< per group
    std::vector<std::uint8_t> proxy_top;           ///< per position: in the proxy's top-k
    std::vector<std::uint64_t> proxy_top_in_group; ///< per group: members in the proxy's top-k
    std::vector<std::size_t> proxy_front;          ///< positions, ascending
    std::vector<double> spearman, kendall_tau_b, topk_overlap, pareto_jaccard, pareto_recall;
  };
  void judge(std::size_t metric, std::uint64_t position, std::span<const double> column,
             std::vector<std::uint32_t> &scratch);
  double topk_common(const MetricState &m, std::uint64_t k, std::span<const double> column,
                     std::vector<std::uint32_t> &scratch) const;

  const Problem &problem_;
  std::vector<RankingOptions> options_;
  std::uint64_t num_archs_ = 0, num_accels_ = 0;
  CostGroups groups_;
  ArchBlock rows_;                     ///< one representative per group
  std::vector<std::uint32_t> members_; ///< positions by group, ascending within a group
  std::vector<std::uint64_t> member_start_;
  std::vector<double> best_accuracy_; ///< per group
  std::vector<std::uint32_t> best_;   ///< each group's most accurate members, ascending
  std::vector<std::uint64_t> best_start_;
  std::vector<MetricState> metrics_;
  std::vector<std::uint8_t> done_;        ///< per accelerator position
  std::vector<std::int64_t> matrix_slot_; ///< per position: its matrix column, or -1
  Eigen::MatrixXd matrix_values_;         ///< groups x matrix columns (the first metric)
};

} // namespace coscan::engine
