#pragma once
// Constraints on an accelerator grid, checked per grid point before any pair is evaluated
// (`[accel_space.constraints]`, docs/study.md; the rules are documented in docs/spaces.md).
// Each rule has a name (its study key); a point that breaks several is charged to the first.
#include <coscan/costmodel/accel.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace coscan::search {

struct AccelConstraints {
  std::optional<double> area_max_mm2;   ///< the cost model's area_mm2 <= this
  std::optional<double> onchip_max_kib; ///< L2 + num_pes x L1 (KiB) <= this
  /// The array shape (default_array_shape: the most square factorisation of num_pes, so no
  /// other shape does better) must have cols / rows <= this and max(rows, cols) <= max_array_side.
  std::optional<double> max_aspect_ratio;
  std::optional<std::int64_t> max_array_side;
  /// Per-dataflow minimums (dataflow_violation()); filter_size is the filter width/height S.
  bool dataflow_rules = false;
  std::int64_t filter_size = 3;

  bool any() const {
    return area_max_mm2 || onchip_max_kib || max_aspect_ratio || max_array_side || dataflow_rules;
  }
};

/// Rules in checking order; the name is the study key that enables the rule.
inline constexpr std::string_view kAccelRuleNames[] = {
    "max_aspect_ratio", "max_array_side", "dataflow_rules", "onchip_max_kib", "area_max_mm2"};
inline constexpr std::size_t kNumAccelRules = std::size(kAccelRuleNames);

/// On-chip memory in KiB: the global buffer plus every PE's L1.
double onchip_kib(const costmodel::AccelParams &accel);

/// Why `accel`'s dataflow cannot run on it (a reason), or nullopt. Per PE, L1 must hold
/// weight stationary: a weight and a partial sum (2 words); output stationary: a partial sum,
/// an input and a weight (3 words); row stationary: a filter row, an input window of S and a
/// partial sum ((2S + 1) words), and the array needs rows >= S (one filter's rows down a column).
std::optional<std::string_view> dataflow_violation(const costmodel::AccelParams &accel,
                                                   std::int64_t filter_size);

/// The checker: `area` is the cost model's area_mm2 (only called when area_max_mm2 is set).
class AccelConstraintCheck {
public:
  using AreaFunction = std::function<double(const costmodel::AccelParams &)>;
  AccelConstraintCheck(AccelConstraints constraints, AreaFunction area);

  /// The index into kAccelRuleNames of the first rule `accel` breaks, or nullopt when valid.
  std::optional<std::size_t> first_violation(const costmodel::AccelParams &accel) const;

private:
  AccelConstraints c_;
  AreaFunction area_;
};

} // namespace coscan::search
