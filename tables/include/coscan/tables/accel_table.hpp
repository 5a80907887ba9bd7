#pragma once
// Accelerator tables: one accelerator per row, columns named as the study's [accel_space] keys.
//   required: dataflow, num_pes, l1_bytes, l2_kib, noc_bw, offchip_bw
//   optional: clock_mhz (500), data_bits (8; one of 4, 8, 16, 32),
//             array_rows, array_cols (costmodel::default_array_shape(num_pes); given one, the
//             other is num_pes / it; rows * cols must equal num_pes), name (a label, kept),
//             xbar_rows, xbar_cols, xbars, cell_bits, weight_bits, adc_bits, adcs_per_xbar
//             (imc_crossbar rows only, empty elsewhere; defaults costmodel::AccelParams's)
// Any other column is an error (a misspelt key should not silently take its default).
#include <coscan/costmodel/accel.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace coscan::tables {

struct AccelRow {
  std::string name; ///< the optional name column, empty if absent
  costmodel::AccelParams params;
  std::size_t line = 0; ///< file line of the row (header = 1)
};

/// Throws coscan::InputError "FILE:LINE: column 'COL': reason" on a bad row or column.
std::vector<AccelRow> read_accel_table(const std::filesystem::path &file);

} // namespace coscan::tables
