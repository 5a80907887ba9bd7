#include "dataset_dimensions.hpp"
#include "h5_writer.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h> // dimension scales

#include <string>

namespace coscan::h5::detail {
namespace {

h5::Handle open_set(hid_t group, const char *name) {
  return h5::Handle(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose,
                    std::string("open /dataset/") + name);
}

/// `set`'s dimension `dim` is the scale `scale`.
void attach(const h5::Handle &set, const h5::Handle &scale, unsigned dim, const char *what) {
  h5::check(H5DSattach_scale(set.id(), scale.id(), dim),
            fmt::format("attach dimension {} to /dataset/{}", dim, what));
}

/// netCDF's dimension without a coordinate variable: a scale of the dimension's length whose
/// values are never written (and take no space), named as netCDF-C names such scales.
h5::Handle dimension_only(hid_t group, const char *name, hsize_t length) {
  h5::Handle space(H5Screate_simple(1, &length, nullptr), H5Sclose, "create a dataspace");
  h5::Handle create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  h5::check(H5Pset_alloc_time(create.id(), H5D_ALLOC_TIME_LATE), "set allocation time");
  h5::Handle set(
      H5Dcreate2(group, name, H5T_IEEE_F32LE, space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
      H5Dclose, std::string("create /dataset/") + name);
  const std::string label =
      fmt::format("This is a netCDF dimension but not a netCDF variable.{:10}", length);
  h5::check(H5DSset_scale(set.id(), label.c_str()), std::string("make a dimension of ") + name);
  return set;
}

} // namespace

void write_dataset_dimensions(hid_t file, const engine::Problem &problem,
                              std::span<const std::uint64_t> arch_rows,
                              std::span<const std::uint64_t> accel_rows,
                              std::span<const std::string> arch_str) {
  h5::Handle group(H5Gopen2(file, "dataset", H5P_DEFAULT), H5Gclose, "open /dataset");
  const hid_t g = group.id();
  const h5::Handle latency = open_set(g, "latency_s"), energy = open_set(g, "energy_j");
  h5::attribute(latency.id(), "long_name", "latency of one inference (batch 1)");
  h5::attribute(energy.id(), "long_name", "energy of one inference (batch 1)");
  if (!problem.pair_sample.empty()) {
    const h5::Handle pair = dimension_only(g, "pair", problem.pair_sample.size());
    for (const char *name : {"latency_s", "energy_j", "arch_index", "accel_index"})
      attach(open_set(g, name), pair, 0, name);
    for (const h5::Handle *set : {&latency, &energy})
      h5::attribute(set->id(), "coordinates", "arch_index accel_index");
    return;
  }
  h5::write(g, "arch", arch_rows, "1");
  h5::write(g, "accel", accel_rows, "1");
  h5::write(g, "arch_str", arch_str, "");
  const h5::Handle arch = open_set(g, "arch"), accel = open_set(g, "accel");
  h5::check(H5DSset_scale(arch.id(), "arch"), "make a dimension of /dataset/arch");
  h5::check(H5DSset_scale(accel.id(), "accel"), "make a dimension of /dataset/accel");
  h5::attribute(arch.id(), "long_name", "architecture index (arch_index)");
  h5::attribute(accel.id(), "long_name", "accelerator index (accel_index)");
  attach(open_set(g, "arch_str"), arch, 0, "arch_str");
  for (const h5::Handle *set : {&latency, &energy}) {
    attach(*set, arch, 0, "latency_s and energy_j");
    attach(*set, accel, 1, "latency_s and energy_j");
    h5::attribute(set->id(), "coordinates", "arch_str");
  }
}

} // namespace coscan::h5::detail
