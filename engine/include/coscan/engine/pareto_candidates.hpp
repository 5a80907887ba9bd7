#pragma once
// Which architectures can be on the Pareto set at all. Under factorised evaluation two
// architectures with the same layer-count vector get bit-identical latency, energy and EDP on
// every accelerator (the same products summed in the same order), so their pairs differ only in
// accuracy. When accuracy is maximised, a pair whose architecture is less accurate than another
// of its group is strictly dominated by that one's pair on the same accelerator, so only the
// most accurate architectures of each group (all of them on a tie) are candidates. Exact: no
// assumption about the cost model beyond factorised evaluation. When the model has a per-network
// term (costmodel::NetworkTermKind), its input, params, joins the group key. On NAS-Bench-201,
// 15,625 architectures fall into 195 count vectors.
#include <coscan/engine/problem.hpp>

#include <cstdint>
#include <vector>

namespace coscan::engine {

class ParetoCandidates {
public:
  /// Groups the swept architectures (the space, or the study's sample of it) by count vector
  /// when there are at most `max_archs` (and accuracy is maximised); otherwise every
  /// architecture is a candidate.
  static ParetoCandidates compute(const Problem &problem, std::uint64_t max_archs = 1u << 22);

  bool active() const { return !candidate_.empty(); }
  /// `arch` is an index of the space (one of the sample's, in a sampled study).
  bool is_candidate(std::uint64_t arch) const;
  std::uint64_t num_groups() const { return num_groups_; }
  std::uint64_t num_candidates() const { return num_candidates_; }

private:
  std::vector<std::uint8_t> candidate_; // per position; empty: all are candidates
  std::vector<std::uint64_t> sample_;   // the sorted sample (empty when exhaustive)
  std::uint64_t num_groups_ = 0;
  std::uint64_t num_candidates_ = 0;
};

} // namespace coscan::engine
