#pragma once
// Interns layer shapes into a space's vocabulary in first-seen order. Private to the search
// library.
#include <coscan/costmodel/layer_shape.hpp>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace coscan::search {

class VocabularyBuilder {
public:
  explicit VocabularyBuilder(std::vector<costmodel::LayerShape> &vocabulary)
      : vocabulary_(vocabulary) {
    for (std::size_t id = 0; id < vocabulary_.size(); ++id)
      ids_.try_emplace(vocabulary_[id], static_cast<std::uint32_t>(id));
  }
  /// The shape's id, appending it to the vocabulary the first time.
  std::uint32_t id(const costmodel::LayerShape &shape) {
    auto [it, inserted] = ids_.try_emplace(shape, static_cast<std::uint32_t>(vocabulary_.size()));
    if (inserted)
      vocabulary_.push_back(shape);
    return it->second;
  }

private:
  std::vector<costmodel::LayerShape> &vocabulary_;
  std::unordered_map<costmodel::LayerShape, std::uint32_t, costmodel::LayerShapeHash> ids_;
};

} // namespace coscan::search
