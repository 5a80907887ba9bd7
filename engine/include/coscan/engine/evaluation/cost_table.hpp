#pragma once
// The cost table T[shapes x accels] of factorised evaluation, for one block of accelerators:
// every vocabulary shape's cycles and energy on every accelerator of the block, shape-major so
// that one shape's row is contiguous over the accelerators (the SIMD dimension of H . T).
#include <coscan/costmodel/cost_model.hpp>
#include <coscan/search/accel_space.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

class CostTable {
public:
  /// Evaluates every shape of `vocabulary` on accelerators [first, first + count) of `accels`
  /// with the cost model's batched path. Reuses this object's memory. Throws
  /// coscan::InputError, naming the accelerator, when a cost is not finite or beyond 1e200 (the
  /// study's inputs are outside the model's range).
  void build(const costmodel::CostModel &model, std::span<const costmodel::LayerShape> vocabulary,
             const search::AccelSpace &accels, std::uint64_t first, std::uint64_t count);
  /// The same for a list of accelerator indices (a sampled study).
  void build(const costmodel::CostModel &model, std::span<const costmodel::LayerShape> vocabulary,
             const search::AccelSpace &accels, std::span<const std::uint64_t> indices);

  /// The accelerators' indices in the space, in table order.
  std::span<const std::uint64_t> accel_indices() const { return indices_; }
  std::size_t num_accels() const { return num_accels_; }
  std::size_t num_shapes() const { return num_shapes_; }

  const double *cycles(std::uint32_t shape) const { return &cycles_[shape * num_accels_]; }
  const double *energy_j(std::uint32_t shape) const { return &energy_[shape * num_accels_]; }
  /// Per accelerator: clock in Hz (latency_s = cycles / clock_hz) and area in mm^2.
  std::span<const double> clock_hz() const { return clock_hz_; }
  std::span<const double> area_mm2() const { return area_mm2_; }
  /// The model's per-network term on each accelerator (costmodel::NetworkTerm, structure of
  /// arrays); has_network_term() is false when it is zero on every accelerator of the block.
  bool has_network_term() const { return has_network_term_; }
  /// The model's table of whole-network values (a pair-table study), or nullptr; when set the
  /// table holds no shapes, and evaluate_tile() reads it instead (clock_hz() is 1: seconds).
  const costmodel::PairTable *pair_table() const { return pair_table_; }
  std::span<const double> free_params() const { return free_params_; }
  std::span<const double> cycles_per_param() const { return cycles_per_param_; }
  std::span<const double> joules_per_param() const { return joules_per_param_; }

private:
  void evaluate(const costmodel::CostModel &model,
                std::span<const costmodel::LayerShape> vocabulary);
  void check_range(const search::AccelSpace &accels, bool nan_is_unknown) const;

  std::vector<std::uint64_t> indices_;
  std::size_t num_accels_ = 0;
  std::size_t num_shapes_ = 0;
  std::vector<double> cycles_, energy_, clock_hz_, area_mm2_;
  bool has_network_term_ = false;
  const costmodel::PairTable *pair_table_ = nullptr;
  std::vector<double> free_params_, cycles_per_param_, joules_per_param_;
  costmodel::AccelBlock block_;
};

} // namespace coscan::engine
