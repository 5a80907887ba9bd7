#pragma once
// Reduced-space verification: does a rule that shrinks the architecture space (the
// semi-decoupled shortcut, a user's list, a random control) keep the optimum of the full
// co-design space? Each rule gives a set R of architectures; its reduced space is R x every
// accelerator. Each target is judged against the exhaustive ground truth:
// - a constrained optimum (min of a metric, or max accuracy, subject to bounds): optimum kept
//   (R holds an architecture with an optimal pair) and the relative regret of R's best;
// - the full Pareto set over the study's objectives: kept iff R covers every true Pareto pair
//   (then the reduced front equals the true one), regret = 1 - hypervolume ratio.
// Every row also gives the recall of the true Pareto set by the reduced space, the
// hypervolume ratio (hypervolume.hpp; objectives normalised by the true front's ideal and
// nadir, reference point 1.1 in every normalised coordinate) and the sizes.
//
// A proxy sweep repeats each semi-decoupled rule with every accelerator (or a seeded sample)
// as the proxy, and reports how many keep the optimum and the smallest slack (and number of
// layers) that keeps it for all of them.
//
// Architectures are named by position in the problem's (sampled) list, accelerators too.
// Everything is order-independent (minima with ties broken by position, exact fronts as
// sets), so results do not depend on the thread or rank count.
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace coscan::engine {

enum class RuleKind { semi_decoupled, list, random, certified };

struct ReductionRule {
  RuleKind kind = RuleKind::semi_decoupled;
  // semi_decoupled: the proxy's accuracy-vs-metric front (proxy_front.hpp): the first `layers`
  // non-dominated layers, or everything within relative `slack` of the front.
  std::uint64_t proxy = 0;         ///< accelerator position
  Metric metric = Metric::latency; ///< latency, energy or edp
  std::uint64_t layers = 1;
  double slack = 0;
  // list: architecture positions (any order; repeats ignored). certified: the positions of
  // certified_archs() (certified_reduction.hpp), filled in by the caller.
  std::vector<std::uint64_t> archs;
  // random: `size` architectures drawn without replacement (search::sample_indices); size 0
  // means the size of the previous rule's reduced space.
  std::uint64_t size = 0;
  std::uint64_t seed = 0;
};

enum class TargetKind { pareto, minimize, maximize_accuracy };

struct VerifyTarget {
  TargetKind kind = TargetKind::pareto;
  Metric metric = Metric::latency; ///< minimize: latency, energy, edp or area
  double accuracy_min = -std::numeric_limits<double>::infinity();
  double latency_max_s = std::numeric_limits<double>::infinity();
  double area_max_mm2 = std::numeric_limits<double>::infinity();
};

struct VerifyOptions {
  std::vector<ReductionRule> rules;
  std::vector<VerifyTarget> targets;
  /// Proxy sweep: no sweep, every accelerator, or `proxy_count` drawn with `proxy_seed`.
  enum class Proxies { none, all, sample } proxies = Proxies::all;
  std::uint64_t proxy_count = 0;
  std::uint64_t proxy_seed = 0;
  std::uint64_t arch_block = 1024; ///< architectures per tile
  std::uint64_t accel_block = 64;  ///< accelerators per cost table
};

/// The ground truth of one constrained target.
struct TargetOptimum {
  bool feasible = false;
  double value = 0;        ///< in the metric's own sense (accuracy in %, latency in s, ...)
  std::uint64_t arch = 0;  ///< index in the space of the optimal pair (lowest position on ties)
  std::uint64_t accel = 0; ///< index in the space
  std::uint64_t optimal_archs = 0; ///< architectures with a pair achieving the optimum
};

/// One (rule, target) row.
struct VerifyRow {
  std::size_t rule = 0, target = 0;
  bool optimum_kept = false;
  double regret = 0;            ///< relative; +inf when R has no feasible pair
  double pareto_recall = 0;     ///< true Pareto pairs in the reduced space / all
  double hypervolume_ratio = 0; ///< HV(reduced front) / HV(true front)
  bool feasible = false;        ///< the reduced space has a feasible pair (constrained targets)
  double value = 0;             ///< the reduced space's optimum (constrained targets)
  std::uint64_t arch = 0, accel = 0; ///< its pair (indices in the spaces)
  std::uint64_t reduced_archs = 0, full_archs = 0;
  std::uint64_t reduced_pairs = 0, full_pairs = 0;
  double reduction = 0; ///< full_pairs / reduced_pairs (inf when R is empty)
};

/// One semi-decoupled rule repeated over the proxies: per proxy and target.
struct ProxySweep {
  std::size_t rule = 0;
  std::vector<std::uint64_t> accel_index;   ///< the proxies (indices in the space)
  std::vector<std::uint64_t> reduced_archs; ///< per proxy
  std::vector<double> pareto_recall;        ///< per proxy
  /// [target][proxy]
  std::vector<std::vector<std::uint8_t>> kept;
  std::vector<std::vector<double>> regret;
  std::vector<std::vector<double>> min_slack;         ///< smallest slack keeping the optimum
  std::vector<std::vector<std::uint32_t>> min_layers; ///< smallest layer count keeping it
  // Summaries per target.
  std::vector<double> kept_fraction;
  std::vector<double> max_regret;
  std::vector<double> slack_for_all; ///< max over proxies of min_slack
  std::vector<std::uint32_t> layers_for_all;
  double mean_reduced_archs = 0;
  double min_pareto_recall = 0;
};

struct VerifyResult {
  std::uint64_t num_archs = 0, num_accels = 0;
  std::vector<Objective> objectives;      ///< of the Pareto target
  std::vector<PairId> pareto;             ///< the true Pareto set, sorted
  double pareto_hypervolume = 0;          ///< normalised (see above)
  std::vector<double> hv_ideal, hv_nadir; ///< per objective, minimised (accuracy negated)
  std::vector<TargetOptimum> optima;      ///< per target (unused for the Pareto target)
  std::vector<std::vector<std::uint64_t>> reduced_archs; ///< per rule: positions, ascending
  std::vector<std::string> rule_labels, target_labels;   ///< rule_label() and target_label()
  std::vector<VerifyRow> rows;                           ///< rule-major
  std::vector<ProxySweep> proxy_sweeps;                  ///< one per semi-decoupled rule (if swept)
  double ground_truth_s = 0, rules_s = 0, proxy_sweep_s = 0; ///< wall times
  std::uint64_t pairs_evaluated = 0;                         ///< by the ground truth passes
};

/// Thrown when a constrained target has no feasible pair in the full space (the message names
/// the target: "target 2 (...): no pair of the space meets its constraints").
struct InfeasibleTarget : std::domain_error {
  using std::domain_error::domain_error;
  std::size_t target = 0;
};

/// Runs the verification. `ground_truth`, if given, is a finished exhaustive sweep of the same
/// problem (run_sweep) whose Pareto front is the truth (on rank 0, merged from every rank);
/// otherwise verify runs one. With a multi-rank `session`, every rank must call this at the
/// same point: each runs the passes over the accelerator blocks of its own tiles
/// (rank_accel_blocks) and the ranks exchange their partial results; the result is complete on
/// rank 0 and the same as one process's. Throws std::invalid_argument on options out of range
/// (callers validate user input first).
VerifyResult verify_reductions(const Problem &problem, const VerifyOptions &options,
                               const SweepResult *ground_truth = nullptr,
                               const MpiSession *session = nullptr);

/// Short labels for tables and summaries: "semi_decoupled(accel 0, latency, slack 0)",
/// "min latency s.t. accuracy >= 93".
std::string rule_label(const ReductionRule &rule, std::uint64_t proxy_accel_index);
std::string target_label(const VerifyTarget &target);

} // namespace coscan::engine
