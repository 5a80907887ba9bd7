#pragma once
// Layer tables in MAESTRO's convention (the CSV form of MAESTRO's .m model files, as in
// ../shared/data/maestro_layers/): one layer per row, columns network, layer_name, type, N, K, C,
// R, S, Y, X, G, stride (stride_y optional, must equal stride); other columns are ignored.
// Y and X are the input size the filter slides over, so the output is (Y - R) / stride + 1.
#include <coscan/costmodel/layer_shape.hpp>
#include <coscan/tables/csv_table.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::tables {

/// One row of a layer table, converted to coscan's LayerShape.
struct NamedLayer {
  std::string network;
  std::string name;
  std::string maestro_type; ///< the type as written (CONV, DSCONV, NGCONV, TRCONV, FC, GEMM)
  costmodel::LayerShape shape;
  std::size_t line = 0; ///< file line of the row (header = 1)
};

/// One MAESTRO layer as written (a table row or a .m file's Layer block).
struct MaestroDims {
  std::string type; ///< CONV, DSCONV, NGCONV, TRCONV, FC, GEMM
  std::int64_t n = 1, k = 1, c = 1, r = 1, s = 1, y = 1, x = 1, g = 1, stride = 1;
};
/// Reports a bad field (its column or key name and the reason); must throw.
using MaestroFail = std::function<void(std::string_view field, const std::string &reason)>;
/// The LayerShape of a MAESTRO layer (the conversions below); calls `fail` on a bad one.
costmodel::LayerShape maestro_shape(const MaestroDims &dims, const MaestroFail &fail);

/// MAESTRO types to coscan's (docs/costmodel.md, "Layer tables"):
/// - CONV: conv (grouped with G groups when G > 1; K and C are totals);
/// - DSCONV: depthwise over C channels (MAESTRO writes K = 1; MACs N*C*R*S*Y'*X');
/// - NGCONV: grouped conv, K per group and C the total input channels (as ResNeXt50's table has
///   it), so K_total = G*K; MACs N*G*K*(C/G)*R*S*Y'*X';
/// - FC / GEMM: fc when R = S = Y = X = 1, otherwise the 1x1-style conv the row describes;
/// - TRCONV: the stride-1 convolution with the same MACs and weights (input grown by R-1, S-1 so
///   that the output is Y x X); its output tensor is the input-sized one, not the upsampled one.
/// Throws coscan::InputError "FILE:LINE: column 'COL': reason" on a bad row.
std::vector<NamedLayer> read_layer_table(const std::filesystem::path &file);
std::vector<NamedLayer> layer_table_from(const CsvTable &table);

} // namespace coscan::tables
