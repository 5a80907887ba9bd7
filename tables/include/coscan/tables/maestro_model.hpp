#pragma once
// MAESTRO model files (.m): networks of layers in MAESTRO's own syntax,
//
//   Network NAME {
//     Layer NAME {
//       Type: CONV
//       Stride { X: 2, Y: 2 }
//       Dimensions { K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224 }
//     }
//   }
//
// with `//` comments. Dimensions take N, K, C, R, S, Y, X and G (N and G default to 1), Stride
// X and Y (default 1; they must be equal); types and their meaning are those of layer tables
// (layer_table.hpp). A ';' may end the Type line.
#include <coscan/tables/layer_table.hpp>

#include <filesystem>
#include <string_view>
#include <vector>

namespace coscan::tables {

/// Every layer of every network of the file, in file order. Throws coscan::InputError
/// "FILE:LINE: reason" on a syntax error, an unknown key or type, a missing dimension or an
/// inconsistent layer.
std::vector<NamedLayer> read_maestro_model(const std::filesystem::path &file);
std::vector<NamedLayer> parse_maestro_model(std::string_view text,
                                            const std::filesystem::path &origin);

} // namespace coscan::tables
