#include "layer_walk.hpp"

namespace coscan::search::detail {

std::vector<std::uint64_t> shape_params(const std::vector<costmodel::LayerShape> &vocabulary,
                                        BatchNormAfter batch_norm) {
  using costmodel::LayerType;
  std::vector<std::uint64_t> params(vocabulary.size());
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const costmodel::LayerShape &l = vocabulary[id];
    const bool normed =
        l.type == LayerType::conv ||
        (l.type == LayerType::depthwise && batch_norm == BatchNormAfter::conv_and_depthwise);
    const std::int64_t extra = normed ? 2 * l.k : l.type == LayerType::fc ? l.k : 0;
    params[id] = static_cast<std::uint64_t>(l.weight_elems() + extra);
  }
  return params;
}

} // namespace coscan::search::detail
