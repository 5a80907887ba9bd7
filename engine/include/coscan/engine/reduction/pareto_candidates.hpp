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
//
// The candidates of one group are all equally accurate, so their pairs on one accelerator have
// bit-identical objective vectors: one of them, the group's first (its representative), stands
// for all. Only representatives are evaluated and offered to the reducer; add_ties() then puts
// the others (its ties) beside each representative's front members.
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <cstdint>
#include <unordered_map>
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
  /// Whether the architecture at this position of the swept list (the space, or the sorted
  /// sample) is a representative: a candidate the reducer is offered.
  bool is_representative(std::uint64_t position) const {
    return candidate_.empty() || candidate_[position] == kRepresentative;
  }
  std::uint64_t num_groups() const { return num_groups_; }
  std::uint64_t num_candidates() const { return num_candidates_; }
  /// Candidates that are representatives (the rest are their ties).
  std::uint64_t num_representatives() const { return num_representatives_; }

  /// Adds to a front of representatives' pairs each representative's ties on the same
  /// accelerators, with the same objective values: the front the reducer would have found had
  /// every candidate been offered.
  void add_ties(ParetoFront &front) const;

private:
  static constexpr std::uint8_t kTie = 1, kRepresentative = 2;
  std::uint64_t position_of(std::uint64_t arch) const; // the first position holding `arch`

  std::vector<std::uint8_t> candidate_; // per position: 0, kTie or kRepresentative; empty: all
  std::vector<std::uint64_t> sample_;   // the sorted sample (empty when exhaustive)
  // Per representative's position: its ties' architecture indices, in position order.
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> ties_;
  std::uint64_t num_groups_ = 0;
  std::uint64_t num_candidates_ = 0;
  std::uint64_t num_representatives_ = 0;
};

} // namespace coscan::engine
