#pragma once
// What a space that walks an architecture's layers in network order (darts, fbnet, imc_blocks)
// derives from that walk: the layers, their counts over the vocabulary, the MACs and the
// parameters; and each vocabulary shape's parameters. Private to the search library.
#include <coscan/costmodel/layer_shape.hpp>
#include <coscan/search/arch_space.hpp>

#include <cstdint>
#include <vector>

namespace coscan::search::detail {

/// Which layers a batch norm (2 parameters per output channel) follows.
enum class BatchNormAfter { conv, conv_and_depthwise };

/// Each vocabulary shape's trainable parameters: its weights, a batch norm's affine parameters
/// where one follows it, and a classifier's bias.
std::vector<std::uint64_t> shape_params(const std::vector<costmodel::LayerShape> &vocabulary,
                                        BatchNormAfter batch_norm);

// `walk(visit)` calls visit(id) for every layer of one architecture, in network order.

template <class Walk>
void walked_layers(Walk &&walk, const std::vector<costmodel::LayerShape> &vocabulary,
                   std::vector<costmodel::LayerShape> &out) {
  out.clear();
  walk([&](std::uint32_t id) { out.push_back(vocabulary[id]); });
}

template <class Walk> void walked_layer_counts(Walk &&walk, std::vector<LayerCount> &out) {
  out.clear();
  walk([&](std::uint32_t id) { out.push_back({id, 1}); });
  tally_layer_counts(out);
}

template <class Walk>
std::uint64_t walked_macs(Walk &&walk, const std::vector<costmodel::LayerShape> &vocabulary) {
  std::uint64_t total = 0;
  walk([&](std::uint32_t id) { total += static_cast<std::uint64_t>(vocabulary[id].macs()); });
  return total;
}

template <class Walk>
std::uint64_t walked_params(Walk &&walk, const std::vector<std::uint64_t> &shape_params) {
  std::uint64_t total = 0;
  walk([&](std::uint32_t id) { total += shape_params[id]; });
  return total;
}

} // namespace coscan::search::detail
