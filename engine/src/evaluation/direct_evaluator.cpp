#include <coscan/costmodel/layer_cost_table.hpp>
#include <coscan/costmodel/pair_table.hpp>
#include <coscan/engine/evaluation/direct_evaluator.hpp>

#include <vector>

namespace coscan::engine {

PairMetrics evaluate_pair_direct(const Problem &problem, std::uint64_t arch, std::uint64_t accel) {
  const costmodel::AccelParams params = problem.accels->at(accel);
  if (const costmodel::PairTable *pairs = problem.cost_model->pair_table())
    return {problem.accuracy->at(arch), pairs->latency_s(arch, accel), pairs->energy_j(arch, accel),
            problem.cost_model->area_mm2(params)};
  std::vector<costmodel::LayerShape> layers;
  problem.archs->layers(arch, layers);
  double cycles = 0, energy = 0;
  if (const costmodel::LayerCostTable *lookup = problem.cost_model->layer_cost_table()) {
    // Imported per-layer costs: the accelerator index is the table's device.
    for (const auto &layer : layers) {
      const costmodel::LayerCost cost = lookup->cost(layer, accel);
      cycles += cost.cycles;
      energy += cost.energy_j;
    }
    return {problem.accuracy->at(arch), cycles / lookup->clock_hz(accel), energy,
            lookup->area_mm2(accel)};
  }
  for (const auto &layer : layers) {
    const costmodel::LayerCost cost = problem.cost_model->layer_cost(layer, params);
    cycles += cost.cycles;
    energy += cost.energy_j;
  }
  // The per-network term (weights reloaded when they do not fit): after the layer sum, as the
  // factorised path adds it.
  const costmodel::LayerCost network =
      problem.cost_model->network_term(params).at(static_cast<double>(problem.archs->params(arch)));
  cycles += network.cycles;
  energy += network.energy_j;
  return {problem.accuracy->at(arch), cycles / (params.clock_mhz * 1e6), energy,
          problem.cost_model->area_mm2(params)};
}

} // namespace coscan::engine
