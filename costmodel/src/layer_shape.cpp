#include <coscan/costmodel/error.hpp>
#include <coscan/costmodel/layer_shape.hpp>

#include <fmt/format.h>

#include <functional>

namespace coscan::costmodel {

std::string_view to_string(LayerType type) {
  switch (type) {
  case LayerType::conv:
    return "conv";
  case LayerType::depthwise:
    return "depthwise";
  case LayerType::fc:
    return "fc";
  case LayerType::pool:
    return "pool";
  case LayerType::add:
    return "add";
  }
  return "?";
}

std::int64_t LayerShape::macs() const {
  switch (type) {
  case LayerType::conv:
  case LayerType::depthwise:
  case LayerType::fc:
    return n * k * (c / groups) * r * s * out_y() * out_x();
  case LayerType::pool:
  case LayerType::add:
    return 0;
  }
  return 0;
}

std::int64_t LayerShape::ops() const {
  switch (type) {
  case LayerType::pool:
    return n * c * r * s * out_y() * out_x();
  case LayerType::add:
    return output_elems();
  default:
    return macs();
  }
}

std::int64_t LayerShape::weight_elems() const {
  if (type == LayerType::pool || type == LayerType::add)
    return 0;
  return k * (c / groups) * r * s;
}

std::int64_t LayerShape::input_elems() const {
  const std::int64_t one = n * c * y * x;
  return type == LayerType::add ? 2 * one : one;
}

std::int64_t LayerShape::output_elems() const { return n * k * out_y() * out_x(); }

void LayerShape::validate() const {
  auto fail = [&](std::string_view why) {
    throw InputError(fmt::format("layer {}: {}", to_string(), why));
  };
  if (n < 1 || k < 1 || c < 1 || r < 1 || s < 1 || y < 1 || x < 1 || stride < 1 || groups < 1)
    fail("every dimension must be at least 1");
  if (r > y || s > x)
    fail("the filter is larger than the (padded) input");
  if (c % groups != 0 || k % groups != 0)
    fail("channels are not divisible by groups");
  switch (type) {
  case LayerType::conv:
    break;
  case LayerType::depthwise:
    if (groups != c || k != c)
      fail("a depthwise layer needs groups == C == K");
    break;
  case LayerType::fc:
    if (r != 1 || s != 1 || y != 1 || x != 1 || groups != 1)
      fail("a fully connected layer needs R == S == Y == X == groups == 1");
    break;
  case LayerType::pool:
    if (k != c || groups != 1)
      fail("a pooling layer needs K == C and groups == 1");
    break;
  case LayerType::add:
    if (k != c || r != 1 || s != 1 || stride != 1 || groups != 1)
      fail("an add layer needs K == C and R == S == stride == groups == 1");
    break;
  }
}

std::string LayerShape::to_string() const {
  return fmt::format("{} N{} K{} C{} R{} S{} Y{} X{} s{} g{}", costmodel::to_string(type), n, k, c,
                     r, s, y, x, stride, groups);
}

std::size_t LayerShapeHash::operator()(const LayerShape &l) const noexcept {
  std::size_t h = static_cast<std::size_t>(l.type);
  for (std::int64_t v : {l.n, l.k, l.c, l.r, l.s, l.y, l.x, l.stride, l.groups})
    h = h * 1000003u ^ std::hash<std::int64_t>{}(v);
  return h;
}

} // namespace coscan::costmodel
