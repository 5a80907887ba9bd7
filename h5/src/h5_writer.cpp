#include "h5_writer.hpp"

#include <fmt/format.h>

#include <regex>
#include <stdexcept>
#include <utility>

namespace coscan::h5 {
namespace {

[[noreturn]] void fail(std::string_view what) {
  const std::string reason = failure_reason();
  throw std::runtime_error(
      fmt::format("HDF5: cannot {}{}{}", what, reason.empty() ? "" : ": ", reason));
}

hid_t checked(hid_t id, std::string_view what) {
  if (id < 0)
    fail(what);
  return id;
}

void checked(herr_t status, std::string_view what, int) {
  if (status < 0)
    fail(what);
}

herr_t find_reason(unsigned, const H5E_error2_t *error, void *data) {
  static const std::regex message(R"(error message = '([^']*)')");
  std::cmatch match;
  if (error->desc && std::regex_search(error->desc, match, message))
    *static_cast<std::string *>(data) = match[1].str(); // the deepest one wins
  return 0;
}

template <class T>
void write_numbers(hid_t loc, const std::string &name, std::span<const T> data, hid_t mem_type,
                   hid_t file_type, std::string_view units) {
  const hsize_t dims[1] = {data.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create a dataspace");
  Handle set(
      H5Dcreate2(loc, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, "create dataset " + name);
  if (!data.empty())
    checked(H5Dwrite(set.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
            "write dataset " + name, 0);
  attribute(set.id(), "units", units);
}

} // namespace

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
  checked(H5Tset_size(type.id(), H5T_VARIABLE), "size a string type", 0);
  checked(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set a string charset", 0);
  return type;
}

Handle::Handle(hid_t id, Closer closer, std::string_view what)
    : id_(checked(id, what)), closer_(closer) {}

Handle::Handle(Handle &&other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

Handle &Handle::operator=(Handle &&other) noexcept {
  std::swap(id_, other.id_);
  std::swap(closer_, other.closer_);
  return *this;
}

Handle::~Handle() {
  if (id_ >= 0 && closer_)
    closer_(id_);
}

void Handle::close() {
  if (id_ < 0 || !closer_)
    return;
  if (closer_(std::exchange(id_, H5I_INVALID_HID)) < 0)
    fail("close");
}

void check(herr_t status, std::string_view what) { checked(status, what, 0); }

std::string failure_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, find_reason, &reason);
  return reason;
}

namespace {

/// `set`'s dataspace with the block selected, and a memory dataspace of its shape.
std::pair<Handle, Handle> block_spaces(hid_t set, std::span<const hsize_t> start,
                                       std::span<const hsize_t> count) {
  const int rank = static_cast<int>(start.size());
  Handle memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "create a dataspace");
  Handle file(H5Dget_space(set), H5Sclose, "get a dataspace");
  check(
      H5Sselect_hyperslab(file.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "select a block of a dataset");
  return {std::move(memory), std::move(file)};
}

} // namespace

bool read_block(hid_t set, std::span<const hsize_t> start, std::span<const hsize_t> count,
                hid_t memory_type, void *values) {
  const auto [memory, file] = block_spaces(set, start, count);
  return H5Dread(set, memory_type, memory.id(), file.id(), H5P_DEFAULT, values) >= 0;
}

bool write_block(hid_t set, std::span<const hsize_t> start, std::span<const hsize_t> count,
                 hid_t memory_type, const void *values) {
  const auto [memory, file] = block_spaces(set, start, count);
  return H5Dwrite(set, memory_type, memory.id(), file.id(), H5P_DEFAULT, values) >= 0;
}

Handle create_file(const std::filesystem::path &path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "create " + path.string());
}

Handle create_group(hid_t parent, const std::string &name) {
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "create group " + name);
}

void write(hid_t loc, const std::string &name, std::span<const double> data,
           std::string_view units) {
  write_numbers(loc, name, data, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, units);
}

void write(hid_t loc, const std::string &name, std::span<const std::uint64_t> data,
           std::string_view units) {
  write_numbers(loc, name, data, H5T_NATIVE_UINT64, H5T_STD_U64LE, units);
}

void write(hid_t loc, const std::string &name, std::span<const std::int64_t> data,
           std::string_view units) {
  write_numbers(loc, name, data, H5T_NATIVE_INT64, H5T_STD_I64LE, units);
}

void write(hid_t loc, const std::string &name, std::span<const std::string> data,
           std::string_view units) {
  std::vector<const char *> pointers;
  pointers.reserve(data.size());
  for (const auto &s : data)
    pointers.push_back(s.c_str());
  const Handle type = string_type();
  const hsize_t dims[1] = {data.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create a dataspace");
  Handle set(
      H5Dcreate2(loc, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, "create dataset " + name);
  if (!data.empty())
    checked(H5Dwrite(set.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
            "write dataset " + name, 0);
  attribute(set.id(), "units", units);
}

namespace {
template <class T>
void scalar_attribute(hid_t loc, const std::string &name, const T &value, hid_t mem_type,
                      hid_t file_type) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
  Handle attr(H5Acreate2(loc, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  checked(H5Awrite(attr.id(), mem_type, &value), "write attribute " + name, 0);
}
} // namespace

void attribute(hid_t loc, const std::string &name, std::string_view value) {
  const std::string text(value);
  const char *pointer = text.c_str();
  const Handle type = string_type();
  scalar_attribute(loc, name, pointer, type.id(), type.id());
}

void attribute(hid_t loc, const std::string &name, double value) {
  scalar_attribute(loc, name, value, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE);
}

void attribute(hid_t loc, const std::string &name, std::uint64_t value) {
  scalar_attribute(loc, name, value, H5T_NATIVE_UINT64, H5T_STD_U64LE);
}

void attribute(hid_t loc, const std::string &name, std::int64_t value) {
  scalar_attribute(loc, name, value, H5T_NATIVE_INT64, H5T_STD_I64LE);
}

void attribute(hid_t loc, const std::string &name, const std::vector<std::string> &values) {
  std::vector<const char *> pointers;
  for (const auto &s : values)
    pointers.push_back(s.c_str());
  const Handle type = string_type();
  const hsize_t dims[1] = {values.size()};
  Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create a dataspace");
  Handle attr(H5Acreate2(loc, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  checked(H5Awrite(attr.id(), type.id(), pointers.data()), "write attribute " + name, 0);
}

} // namespace coscan::h5
