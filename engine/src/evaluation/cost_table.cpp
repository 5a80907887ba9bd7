#include <coscan/costmodel/error.hpp>
#include <coscan/costmodel/layer_cost_table.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>

#include <fmt/format.h>

#include <cmath>

namespace coscan::engine {
namespace {

/// The largest cost a table may hold. Extreme but finite inputs (a bandwidth of 1e-308, an
/// energy constant of 1e308) overflow to inf, or to values whose sums over a network do, and
/// inf or NaN would reach the results (NaN also breaks dominance). No real accelerator comes
/// near 1e200 cycles, joules, Hz or mm^2.
constexpr double kMaxCost = 1e200;

} // namespace

void CostTable::build(const costmodel::CostModel &model,
                      std::span<const costmodel::LayerShape> vocabulary,
                      const search::AccelSpace &accels, std::uint64_t first, std::uint64_t count) {
  indices_.resize(count);
  for (std::uint64_t j = 0; j < count; ++j)
    indices_[j] = first + j;
  accels.block(first, count, block_);
  evaluate(model, vocabulary);
  // A measured table without an energy or area column has NaN there: "not measured".
  check_range(accels, model.layer_cost_table() || model.pair_table());
}

void CostTable::build(const costmodel::CostModel &model,
                      std::span<const costmodel::LayerShape> vocabulary,
                      const search::AccelSpace &accels, std::span<const std::uint64_t> indices) {
  indices_.assign(indices.begin(), indices.end());
  block_.clear();
  for (std::uint64_t index : indices)
    block_.push_back(accels.at(index));
  evaluate(model, vocabulary);
  // A measured table without an energy or area column has NaN there: "not measured".
  check_range(accels, model.layer_cost_table() || model.pair_table());
}

void CostTable::evaluate(const costmodel::CostModel &model,
                         std::span<const costmodel::LayerShape> vocabulary) {
  num_accels_ = block_.size();
  pair_table_ = model.pair_table();
  num_shapes_ = pair_table_ ? 0 : vocabulary.size();
  cycles_.resize(num_shapes_ * num_accels_);
  energy_.resize(num_shapes_ * num_accels_);
  // An imported layer table is looked up by accelerator index (its devices are the space).
  const costmodel::LayerCostTable *lookup = model.layer_cost_table();
  for (std::size_t s = 0; s < num_shapes_; ++s) {
    const std::span<double> cycles(&cycles_[s * num_accels_], num_accels_);
    const std::span<double> energy(&energy_[s * num_accels_], num_accels_);
    if (lookup)
      lookup->costs(vocabulary[s], indices_, cycles, energy);
    else
      model.layer_cost_batch(vocabulary[s], block_, cycles, energy);
  }
  clock_hz_.resize(num_accels_);
  area_mm2_.resize(num_accels_);
  free_params_.resize(num_accels_);
  cycles_per_param_.resize(num_accels_);
  joules_per_param_.resize(num_accels_);
  has_network_term_ = false;
  for (std::size_t j = 0; j < num_accels_; ++j) {
    const costmodel::AccelParams accel = block_.at(j);
    clock_hz_[j] = pair_table_ ? 1.0
                   : lookup    ? lookup->clock_hz(indices_[j])
                               : block_.clock_mhz[j] * 1e6;
    area_mm2_[j] = lookup ? lookup->area_mm2(indices_[j]) : model.area_mm2(accel);
    const costmodel::NetworkTerm term = model.network_term(accel);
    free_params_[j] = term.free_params;
    cycles_per_param_[j] = term.cycles_per_param;
    joules_per_param_[j] = term.joules_per_param;
    has_network_term_ = has_network_term_ || !term.is_zero();
  }
}

void CostTable::check_range(const search::AccelSpace &accels, bool nan_is_unknown) const {
  const auto fail = [&](std::size_t j, const char *what, double value) {
    throw InputError(fmt::format(
        "{}{}accelerator {} ({}): the cost model gives {} = {}: an input (a bandwidth, clock, "
        "buffer size, or a [costmodel] energy or area constant) is outside the model's range",
        accels.origin(), accels.origin().empty() ? "" : ": ", indices_[j],
        accels.label(indices_[j]), what, value));
  };
  const auto check = [&](const std::vector<double> &values, bool per_shape, bool nan_allowed,
                         const char *what) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!(std::fabs(values[i]) <= kMaxCost) && !(nan_allowed && std::isnan(values[i])))
        fail(per_shape ? i % num_accels_ : i, what, values[i]);
  };
  check(cycles_, true, false, "a layer's cycles");
  check(energy_, true, nan_is_unknown, "a layer's energy in J");
  check(clock_hz_, false, false, "a clock in Hz");
  check(cycles_per_param_, false, false, "cycles per parameter");
  check(joules_per_param_, false, false, "joules per parameter");
  check(area_mm2_, false, nan_is_unknown, "an area in mm^2");
}

} // namespace coscan::engine
