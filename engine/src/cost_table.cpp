#include <coscan/engine/cost_table.hpp>

namespace coscan::engine {

void CostTable::build(const costmodel::CostModel &model,
                      std::span<const costmodel::LayerShape> vocabulary,
                      const search::AccelSpace &accels, std::uint64_t first, std::uint64_t count) {
  indices_.resize(count);
  for (std::uint64_t j = 0; j < count; ++j)
    indices_[j] = first + j;
  accels.block(first, count, block_);
  evaluate(model, vocabulary);
}

void CostTable::build(const costmodel::CostModel &model,
                      std::span<const costmodel::LayerShape> vocabulary,
                      const search::AccelSpace &accels, std::span<const std::uint64_t> indices) {
  indices_.assign(indices.begin(), indices.end());
  block_.clear();
  for (std::uint64_t index : indices)
    block_.push_back(accels.at(index));
  evaluate(model, vocabulary);
}

void CostTable::evaluate(const costmodel::CostModel &model,
                         std::span<const costmodel::LayerShape> vocabulary) {
  num_accels_ = block_.size();
  num_shapes_ = vocabulary.size();
  cycles_.resize(num_shapes_ * num_accels_);
  energy_.resize(num_shapes_ * num_accels_);
  for (std::size_t s = 0; s < num_shapes_; ++s)
    model.layer_cost_batch(vocabulary[s], block_,
                           std::span<double>(&cycles_[s * num_accels_], num_accels_),
                           std::span<double>(&energy_[s * num_accels_], num_accels_));
  clock_hz_.resize(num_accels_);
  area_mm2_.resize(num_accels_);
  for (std::size_t j = 0; j < num_accels_; ++j) {
    clock_hz_[j] = block_.clock_mhz[j] * 1e6;
    area_mm2_[j] = model.area_mm2(block_.at(j));
  }
}

} // namespace coscan::engine
