#pragma once
// The cost-model interface: per-layer latency and energy on an accelerator, and its area.
#include <coscan/costmodel/accel.hpp>
#include <coscan/costmodel/layer_shape.hpp>

#include <span>
#include <string_view>

namespace coscan::costmodel {

struct LayerCost {
  double cycles = 0;   ///< latency of the layer in clock cycles
  double energy_j = 0; ///< energy of the layer in joules
};

/// An additive cost model: a network's latency and energy are the sums of its layers' costs.
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
  /// exactly the sums of layer_cost() over its layers (no per-network term: no weight reloads,
  /// no pipelining, no per-pair table) and that every layer_cost() is >= 0 (and not NaN). Then a
  /// network with no more layers of every shape than another costs no more on every
  /// accelerator, which the certified reduction (engine/certified_reduction.hpp) relies on.
  /// Defaults to false: a model must opt in, so a new model is never certified by accident.
  virtual bool additive_nonnegative() const { return false; }
};

} // namespace coscan::costmodel
