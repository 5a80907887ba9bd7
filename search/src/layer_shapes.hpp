#pragma once
// Builders of the layer shapes the built-in spaces are made of (MAESTRO convention: Y and X
// are the padded input size). Private to the search library.
#include <coscan/costmodel/layer_shape.hpp>

#include <cstdint>

namespace coscan::search::layers {

using costmodel::LayerShape;
using costmodel::LayerType;

inline LayerShape conv(std::int64_t k, std::int64_t c, std::int64_t r, std::int64_t padded,
                       std::int64_t stride = 1) {
  return {.type = LayerType::conv,
          .k = k,
          .c = c,
          .r = r,
          .s = r,
          .y = padded,
          .x = padded,
          .stride = stride};
}

inline LayerShape conv1x1(std::int64_t k, std::int64_t c, std::int64_t size,
                          std::int64_t stride = 1) {
  return conv(k, c, 1, size, stride);
}

inline LayerShape depthwise(std::int64_t c, std::int64_t r, std::int64_t padded,
                            std::int64_t stride) {
  LayerShape shape = conv(c, c, r, padded, stride);
  shape.type = LayerType::depthwise;
  shape.groups = c;
  return shape;
}

inline LayerShape pool(std::int64_t c, std::int64_t r, std::int64_t padded, std::int64_t stride) {
  LayerShape shape = conv(c, c, r, padded, stride);
  shape.type = LayerType::pool;
  return shape;
}

inline LayerShape fc(std::int64_t k, std::int64_t c) {
  return {.type = LayerType::fc, .k = k, .c = c};
}

inline LayerShape add(std::int64_t c, std::int64_t size) {
  return {.type = LayerType::add, .k = c, .c = c, .y = size, .x = size};
}

} // namespace coscan::search::layers
