#pragma once
// Architectures that cost exactly the same on every accelerator. Under factorised evaluation two
// architectures with the same layer-count vector get bit-identical latency, energy and EDP on
// every accelerator (the same products summed in the same order); when the cost model has a
// per-network term (costmodel::NetworkTermKind), its input, params, joins the key. Whole-network
// costs (a pair table) are not a function of the count vector: there every architecture is a
// group of its own. NAS-Bench-201: 195 groups for 15,625 architectures.
//
// The one grouping rule: the Pareto candidates, verify's reduced fronts and the grouped ranking
// all use it.
#include <coscan/engine/evaluation/problem.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

struct CostGroups {
  /// False for whole-network cost models: every member is its own group.
  bool by_cost = false;
  /// Per member (the positions given to compute(), in their order): its group, numbered in
  /// order of first appearance, so the numbering depends only on the members' order.
  std::vector<std::uint32_t> group_of;
  /// Per group: its members' count.
  std::vector<std::uint64_t> size;
  /// Per group: its first member.
  std::vector<std::uint32_t> first;

  std::size_t num_groups() const { return size.size(); }

  /// Groups the architectures at these positions of the problem's (sampled) list.
  static CostGroups compute(const Problem &problem, std::span<const std::uint64_t> positions);
  /// Groups all of the problem's architectures (positions 0 .. num_archs() - 1).
  static CostGroups compute(const Problem &problem);
};

/// Whether the problem's cost model makes architectures of one count vector cost the same.
bool groups_by_cost(const Problem &problem);

/// Whether params joins the count vector in the grouping (and in the certified reduction's
/// dominance): the model's per-network term is nondecreasing in params and some dataflow of the
/// accelerator space has one (crossbars).
bool params_join_the_key(const Problem &problem);

/// Per member of `groups` (computed over `positions`): 1 where its accuracy is the best of its
/// group (ties all 1). Under accuracy maximisation only these can be Pareto-optimal: another
/// member's pair is dominated by the most accurate one's on the same accelerator.
std::vector<std::uint8_t> most_accurate(const Problem &problem,
                                        std::span<const std::uint64_t> positions,
                                        const CostGroups &groups);

} // namespace coscan::engine
