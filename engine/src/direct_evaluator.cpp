#include <coscan/engine/direct_evaluator.hpp>

#include <vector>

namespace coscan::engine {

PairMetrics evaluate_pair_direct(const Problem &problem, std::uint64_t arch, std::uint64_t accel) {
  const costmodel::AccelParams params = problem.accels->at(accel);
  std::vector<costmodel::LayerShape> layers;
  problem.archs->layers(arch, layers);
  double cycles = 0, energy = 0;
  for (const auto &layer : layers) {
    const costmodel::LayerCost cost = problem.cost_model->layer_cost(layer, params);
    cycles += cost.cycles;
    energy += cost.energy_j;
  }
  return {problem.accuracy->at(arch), cycles / (params.clock_mhz * 1e6), energy,
          problem.cost_model->area_mm2(params)};
}

} // namespace coscan::engine
