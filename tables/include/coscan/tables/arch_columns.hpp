#pragma once
// Architectures as the shared tables write them: the column layouts of ../shared/data's CSVs,
// turned into the spaces' architecture strings (docs/cli.md, coscan archs --from).
//   arch_str                                             the space's own strings (NB201, ...)
//   normal_cell, normal_concat, reduce_cell, reduce_concat   DARTS / NAS-Bench-301
//   op_0 .. op_21                                        FBNet
//   resolution, depth_1..5, kernel_1..5, expand_1..5     AlphaNet
#include <coscan/tables/csv_table.hpp>

#include <string>
#include <vector>

namespace coscan::tables {

/// One architecture string per row, in row order, from the first layout (in the order above)
/// whose columns the table has. Throws coscan::InputError naming the file and the missing
/// columns of every layout, or "FILE:LINE: column 'C': reason" for a DARTS concat other than
/// 2|3|4|5 or an unknown FBNet block.
std::vector<std::string> arch_strings_from_columns(const CsvTable &table);

} // namespace coscan::tables
