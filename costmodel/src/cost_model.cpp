#include <coscan/costmodel/cost_model.hpp>

namespace coscan::costmodel {

void CostModel::layer_cost_batch(const LayerShape &layer, const AccelBlock &accels,
                                 std::span<double> cycles, std::span<double> energy_j) const {
  for (std::size_t i = 0; i < accels.size(); ++i) {
    const LayerCost cost = layer_cost(layer, accels.at(i));
    cycles[i] = cost.cycles;
    energy_j[i] = cost.energy_j;
  }
}

NetworkTerm CostModel::network_term(const AccelParams &) const { return {}; }

} // namespace coscan::costmodel
