#pragma once
// netCDF-4 dimensions for /dataset: HDF5 dimension scales, so that xarray (h5netcdf), netCDF
// tools and HDFView see latency_s(arch, accel) with its coordinates, or latency_s(pair).
#include <coscan/engine/evaluation/problem.hpp>

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>

namespace coscan::h5::detail {

/// Adds to a finished /dataset (rank 0, serial): the dimension scales `arch` and `accel` (the
/// indices of its rows and columns, `arch_rows` and `accel_rows`) and the coordinate
/// `arch_str` (the rows' strings); for independent pairs the dimension `pair` (no values: netCDF's
/// "dimension but not a variable") with `arch_index` and `accel_index` as coordinates.
void write_dataset_dimensions(hid_t file, const engine::Problem &problem,
                              std::span<const std::uint64_t> arch_rows,
                              std::span<const std::uint64_t> accel_rows,
                              std::span<const std::string> arch_str);

} // namespace coscan::h5::detail
