#include "dataset_resume.hpp"

#include <coscan/io/atomic_file.hpp>

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace coscan::io::detail {
namespace fs = std::filesystem;

std::uint64_t new_resume_id() {
  std::random_device device;
  const std::uint64_t id =
      (static_cast<std::uint64_t>(device()) << 32 | device()) ^
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  return id == 0 ? 1 : id;
}

std::optional<std::uint64_t> read_u64_attribute(hid_t object, const std::string &name) {
  if (H5Aexists(object, name.c_str()) <= 0)
    return std::nullopt;
  const hid_t attribute = H5Aopen(object, name.c_str(), H5P_DEFAULT);
  if (attribute < 0)
    return std::nullopt;
  std::uint64_t value = 0;
  const herr_t status = H5Aread(attribute, H5T_NATIVE_UINT64, &value);
  H5Aclose(attribute);
  if (status < 0)
    return std::nullopt;
  return value;
}

namespace {

herr_t collect_attribute(hid_t, const char *name, const H5A_info_t *, void *out) {
  static_cast<std::vector<std::string> *>(out)->emplace_back(name);
  return 0;
}

herr_t collect_link(hid_t, const char *name, const H5L_info_t *, void *out) {
  static_cast<std::vector<std::string> *>(out)->emplace_back(name);
  return 0;
}

/// The names of an object's attributes or links, listed before any is deleted.
std::vector<std::string> names(hid_t object, bool attributes) {
  std::vector<std::string> out;
  hsize_t at = 0;
  const herr_t status =
      attributes ? H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_NATIVE, &at, collect_attribute, &out)
                 : H5Literate(object, H5_INDEX_NAME, H5_ITER_NATIVE, &at, collect_link, &out);
  if (status < 0)
    throw std::runtime_error("HDF5: cannot list the contents of a dataset file");
  return out;
}

} // namespace

void remove_unfinished_results(hid_t file,
                               const std::initializer_list<const char *> &dataset_extras) {
  for (const std::string &name : names(file, true))
    if (H5Adelete(file, name.c_str()) < 0)
      throw std::runtime_error("HDF5: cannot delete attribute " + name);
  for (const std::string &name : names(file, false))
    if (name != "dataset" && H5Ldelete(file, name.c_str(), H5P_DEFAULT) < 0)
      throw std::runtime_error("HDF5: cannot delete " + name);
  for (const char *name : dataset_extras)
    if (H5Aexists_by_name(file, "dataset", name, H5P_DEFAULT) > 0 &&
        H5Adelete_by_name(file, "dataset", name, H5P_DEFAULT) < 0)
      throw std::runtime_error(fmt::format("HDF5: cannot delete attribute /dataset {}", name));
}

void move_into_place(const fs::path &from, const fs::path &to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (!ec)
    return;
  if (ec != std::errc::cross_device_link)
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), ec.message()));
  AtomicFile copy(to);
  fs::copy_file(from, copy.temp_path());
  copy.commit();
  fs::remove(from);
}

} // namespace coscan::io::detail
