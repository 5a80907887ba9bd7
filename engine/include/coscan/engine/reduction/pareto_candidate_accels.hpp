#pragma once
// Which accelerators can be on the Pareto set at all: the accelerator side of ParetoCandidates.
// Under factorised evaluation an architecture's latency is (sum of count x cycles over its
// layers + the per-network term) / clock and its energy the same sum of joules, with
// nonnegative counts. So when accelerator A costs no more than B on every shape of the
// vocabulary (cycles and joules), has no smaller clock and no larger network term, and no
// larger area, then on every architecture A's pair is at least as good as B's in latency,
// energy, EDP and area (the same products summed in the same order, and rounding is monotone),
// with the same accuracy. When moreover A's area is strictly smaller, or A's clock is so much
// faster that the rounded latency is strictly smaller whatever the cycles, B's pair is strictly
// dominated on every architecture, and B is never computed. Exact: the Pareto set is the same,
// bit for bit; only the conditions the study's objectives need are asked (no area objective:
// only latency can make the dominance strict). On the default grid at two data widths, 467 of
// 3,240 accelerators remain for AlphaNet's vocabulary.
#include <coscan/engine/evaluation/problem.hpp>

#include <cstdint>
#include <vector>

namespace coscan::engine {

class ParetoCandidateAccels {
public:
  /// The candidates among the problem's (possibly sampled) accelerator list. Inactive (every
  /// accelerator a candidate) when the objectives allow no such dominance (a maximised cost, or
  /// neither area nor latency among them), for a whole-network pair table, or when the work
  /// would exceed a fixed budget (the filter then stops: a pure function of the problem, so
  /// every rank decides alike).
  static ParetoCandidateAccels compute(const Problem &problem);
  /// Every accelerator a candidate (for sweeps whose tiles other readers need whole).
  static ParetoCandidateAccels all(const Problem &problem);

  bool active() const { return active_; }
  /// The candidates' positions in the problem's accelerator list, ascending; empty when
  /// inactive (every position is one).
  const std::vector<std::uint64_t> &positions() const { return positions_; }
  std::uint64_t num_candidates() const { return active_ ? positions_.size() : num_accels_; }

private:
  bool active_ = false;
  std::uint64_t num_accels_ = 0;
  std::vector<std::uint64_t> positions_;
};

} // namespace coscan::engine
