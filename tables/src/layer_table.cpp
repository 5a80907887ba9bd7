#include <coscan/costmodel/error.hpp>
#include <coscan/tables/layer_table.hpp>

#include <charconv>
#include <optional>
#include <string_view>
#include <tuple>

namespace coscan::tables {
namespace {

void require_column(const CsvTable &table, std::string_view name) {
  const auto column = table.column(name);
  if (!column)
    throw InputError(table.file().string() + ":1: missing column '" + std::string(name) +
                     "' (a layer table needs network, layer_name, type, N, K, C, R, S, Y, X, G, "
                     "stride)");
}

} // namespace

costmodel::LayerShape maestro_shape(const MaestroDims &d, const MaestroFail &fail) {
  const std::int64_t n = d.n, k = d.k, c = d.c, r = d.r, s = d.s, y = d.y, x = d.x, g = d.g,
                     stride = d.stride;
  costmodel::LayerShape shape;
  shape.n = n;
  shape.r = r;
  shape.s = s;
  shape.y = y;
  shape.x = x;
  shape.stride = stride;
  const std::string_view t = d.type;
  if (t == "CONV") {
    shape.type = costmodel::LayerType::conv;
    shape.k = k;
    shape.c = c;
    shape.groups = g;
  } else if (t == "DSCONV") {
    // MAESTRO writes depthwise layers with K = 1 and C channels: one filter per channel.
    if (g != 1 && g != c)
      fail("G", "a DSCONV layer has G = 1 or G = C");
    if (k != 1 && k != c)
      fail("K", "a DSCONV layer has K = 1 (MAESTRO's form) or K = C");
    shape.type = costmodel::LayerType::depthwise;
    shape.k = c;
    shape.c = c;
    shape.groups = c;
  } else if (t == "NGCONV") {
    // K per group, C total (ResNeXt50's table: C = 128 = the previous layer's K, K = 4, G = 32).
    shape.type = costmodel::LayerType::conv;
    shape.k = g * k;
    shape.c = c;
    shape.groups = g;
    if (c % g != 0)
      fail("C", "an NGCONV layer's C (" + std::to_string(c) + ") is not divisible by G (" +
                    std::to_string(g) + ")");
  } else if (t == "FC" || t == "GEMM") {
    if (g != 1)
      fail("G", "a fully connected layer has G = 1");
    shape.k = k;
    shape.c = c;
    shape.type = (r == 1 && s == 1 && y == 1 && x == 1) ? costmodel::LayerType::fc
                                                        : costmodel::LayerType::conv;
  } else if (t == "TRCONV") {
    // The stride-1 convolution with the same MACs (N*K*C*R*S*Y*X) and weights.
    if (stride != 1)
      fail("stride", "a TRCONV layer is read as a stride-1 convolution; stride must be 1");
    shape.type = costmodel::LayerType::conv;
    shape.k = k;
    shape.c = c;
    shape.groups = g;
    shape.y = y + r - 1;
    shape.x = x + s - 1;
  } else {
    fail("type",
         "unknown layer type '" + d.type + "' (known: CONV, DSCONV, NGCONV, FC, GEMM, TRCONV)");
  }
  if (shape.r > shape.y)
    fail("R", "filter height " + std::to_string(r) + " exceeds the input height Y = " +
                  std::to_string(y) + " (Y is the input the filter slides over)");
  if (shape.s > shape.x)
    fail("S", "filter width " + std::to_string(s) + " exceeds the input width X = " +
                  std::to_string(x) + " (X is the input the filter slides over)");
  if (shape.c % shape.groups != 0 || shape.k % shape.groups != 0)
    fail("G", "channels are not divisible by G = " + std::to_string(g));
  try {
    shape.validate();
  } catch (const InputError &e) {
    fail("type", e.what());
  }
  return shape;
}

std::vector<NamedLayer> layer_table_from(const CsvTable &table) {
  static constexpr std::string_view kDims[] = {"N", "K", "C", "R", "S", "Y", "X", "G", "stride"};
  for (std::string_view column : {"network", "layer_name", "type"})
    require_column(table, column);
  for (std::string_view column : kDims)
    require_column(table, column);
  const bool has_stride_y = table.column("stride_y").has_value();

  std::vector<NamedLayer> layers;
  layers.reserve(table.num_rows());
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const CsvRow in(table, row);
    std::int64_t v[std::size(kDims)];
    for (std::size_t i = 0; i < std::size(kDims); ++i)
      v[i] = in.integer(kDims[i], 1);
    const auto [n, k, c, r, s, y, x, g, stride] =
        std::tuple{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
    if (has_stride_y && in.integer("stride_y", 1) != stride)
      in.fail("stride_y", "differs from stride; coscan's layers have one stride");

    NamedLayer layer;
    layer.network = std::string(in.text("network"));
    layer.name = std::string(in.text("layer_name"));
    layer.maestro_type = std::string(in.text("type"));
    layer.line = table.line_of(row);
    const MaestroDims dims{layer.maestro_type, n, k, c, r, s, y, x, g, stride};
    layer.shape = maestro_shape(
        dims, [&](std::string_view column, const std::string &reason) { in.fail(column, reason); });
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::vector<NamedLayer> read_layer_table(const std::filesystem::path &file) {
  return layer_table_from(CsvTable::read(file));
}

} // namespace coscan::tables
