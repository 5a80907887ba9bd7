#include "dataset_resume.hpp"

#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <system_error>

namespace coscan::h5::detail {
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

fs::path finishing_path(const fs::path &file) {
  fs::path path = file;
  path += ".finishing";
  return path;
}

void move_into_place(const fs::path &from, const fs::path &to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (!ec)
    return;
  if (ec != std::errc::cross_device_link)
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), ec.message()));
  tables::AtomicFile copy(to);
  fs::copy_file(from, copy.temp_path());
  copy.commit();
  fs::remove(from);
}

} // namespace coscan::h5::detail
