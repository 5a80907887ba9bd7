#pragma once
// The cost-model interface: per-layer latency and energy on an accelerator, and its area.
#include <coscan/costmodel/accel.hpp>
#include <coscan/costmodel/layer_shape.hpp>

#include <algorithm>
#include <limits>
#include <span>
#include <string_view>

namespace coscan::costmodel {

struct LayerCost {
  double cycles = 0;   ///< latency of the layer in clock cycles
  double energy_j = 0; ///< energy of the layer in joules
};

/// A per-network (non-additive) term on one accelerator: a network with `params` weights costs,
/// on top of the sum of its layers, max(0, params - free_params) times a rate. It depends on the
/// network only through `params`, is zero up to free_params and nondecreasing in params (so a
/// reduction that treats params as one more cost dimension stays exact). Default: no term.
struct NetworkTerm {
  double free_params = std::numeric_limits<double>::infinity(); ///< weights held on chip
  double cycles_per_param = 0;                                  ///< per weight beyond them
  double joules_per_param = 0;

  /// The term for a network of `params` weights. Both evaluators call this one function, so
  /// the factorised and the direct path add the same bits.
  LayerCost at(double params) const {
    const double excess = std::max(0.0, params - free_params);
    return {excess * cycles_per_param, excess * joules_per_param};
  }
  bool is_zero() const { return cycles_per_param == 0 && joules_per_param == 0; }
};

/// What a model's per-network term depends on (one place for every user that needs to know
/// whether the model is additive, e.g. a certified reduction).
enum class NetworkTermKind : std::uint8_t {
  none,                    ///< additive: a network's cost is the sum of its layers' costs
  nondecreasing_in_params, ///< the sum of its layers plus NetworkTerm::at(params): additive once
                           ///< params is one more (nonnegative, nondecreasing) cost dimension
  whole_network            ///< not additive: whole-network values per pair (pair_table())
};

class PairTable;
class LayerCostTable;

/// A cost model: a network's latency and energy are the sums of its layers' costs plus, for
/// models whose network_term_kind() is not none, a per-network term (NetworkTerm).
class CostModel {
public:
  virtual ~CostModel() = default;

  virtual std::string_view name() const = 0;

  /// The scalar reference path: one layer on one accelerator.
  virtual LayerCost layer_cost(const LayerShape &layer, const AccelParams &accel) const = 0;

  /// The batched path: one layer on every accelerator of a block. Must equal layer_cost()
  /// element by element, to the last bit. The default loops over layer_cost().
  virtual void layer_cost_batch(const LayerShape &layer, const AccelBlock &accels,
                                std::span<double> cycles, std::span<double> energy_j) const;

  /// Silicon area of the accelerator in mm^2.
  virtual double area_mm2(const AccelParams &accel) const = 0;

  /// True when the model promises that a network's latency and energy on any accelerator are
  /// the sums of layer_cost() over its layers, plus at most the per-network term that
  /// network_term_kind() describes (no pipelining, no per-pair table), and that every
  /// layer_cost() is >= 0 (and not NaN). Then a network with no more layers of every shape (and,
  /// with a term nondecreasing in params, no more params) than another costs no more on every
  /// accelerator, which the certified reduction (engine/certified_reduction.hpp) relies on.
  /// Defaults to false: a model must opt in, so a new model is never certified by accident.
  virtual bool additive_nonnegative() const { return false; }

  /// What the per-network term depends on; none (the default) means purely additive.
  virtual NetworkTermKind network_term_kind() const { return NetworkTermKind::none; }
  /// The per-network term on `accel` (the default: none, NetworkTerm{}).
  virtual NetworkTerm network_term(const AccelParams &accel) const;
  /// Whether accelerators of `dataflow` can have a per-network term (conservative default: any
  /// dataflow, when network_term_kind() is not none), so that an accelerator space without
  /// such dataflows needs no params where a network term would.
  virtual bool has_network_term(Dataflow dataflow) const {
    (void)dataflow;
    return network_term_kind() != NetworkTermKind::none;
  }

  /// Models whose costs are a table of whole-network values per (architecture, device) return
  /// it here (network_term_kind() is then whole_network); the engine reads it instead of the
  /// per-layer path. Default: nullptr.
  virtual const PairTable *pair_table() const { return nullptr; }

  /// Models whose per-layer costs are a table of (layer shape, device) values, the devices being
  /// the accelerators, return it here; the engine then looks costs up by accelerator index
  /// instead of calling layer_cost(). Default: nullptr.
  virtual const LayerCostTable *layer_cost_table() const { return nullptr; }
};

} // namespace coscan::costmodel
