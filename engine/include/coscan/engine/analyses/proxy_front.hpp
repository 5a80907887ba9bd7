#pragma once
// The semi-decoupled rule on one proxy accelerator: which architectures lie on (or near) the
// proxy's accuracy-vs-metric Pareto front (accuracy maximised, the metric minimised).
//
// - Layers: non-dominated sorting; layer 1 is the front, layer k+1 the front of what is left
//   after removing layers 1..k. Identical points share a layer.
// - Slack: architecture a is kept at relative slack eps iff no b "eps-dominates" it:
//   acc_b >= acc_a and (1 + eps) m_b < m_a, or acc_b > acc_a and (1 + eps) m_b <= m_a. At
//   eps = 0 this is exactly the front; larger eps keeps a superset. With m* = the smallest
//   metric among the architectures at least as accurate as a and m** = the smallest among the
//   strictly more accurate ones, a is kept iff (1 + eps) m* >= m_a and (1 + eps) m** > m_a (in
//   floating point, as written: rounding is monotone, so this equals the pairwise test).
//
// The architectures' accuracy order is the same on every accelerator, so it is sorted once
// (AccuracyOrder) and each proxy column costs O(n) (slack) or O(n log n) (layers).
#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// Architecture positions by accuracy, descending (ties by position), with the groups of equal
/// accuracy marked.
class AccuracyOrder {
public:
  explicit AccuracyOrder(std::span<const double> accuracy);
  std::span<const std::uint32_t> order() const { return order_; }
  /// Group g is order()[group_start()[g] .. group_start()[g + 1]).
  std::span<const std::uint32_t> group_start() const { return group_start_; }

private:
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> group_start_;
};

/// One proxy column analysed: per architecture position, m* and m** (see above) and, if asked,
/// the non-dominated layer (1-based).
struct ProxyFront {
  std::vector<double> best_at_least; ///< m*
  std::vector<double> best_above;    ///< m** (+inf for the most accurate architectures)
  std::vector<std::uint32_t> layer;  ///< empty unless computed

  void analyse(const AccuracyOrder &order, std::span<const double> metric, bool with_layers);
  /// Kept at relative slack `slack` (>= 0)?
  bool within_slack(std::size_t a, double metric_a, double slack) const;
  /// The smallest slack (a double >= 0) at which `a` is kept.
  double min_slack(std::size_t a, double metric_a) const;
};

/// The reference for tests: layers by repeated O(n^2) front peeling.
std::vector<std::uint32_t> nondominated_layers_reference(std::span<const double> accuracy,
                                                         std::span<const double> metric);

} // namespace coscan::engine
