// Reader: whole datasets and attributes through the typed layer's handles (h5_writer.hpp).
#include "h5_writer.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/h5/reader.hpp>

#include <fmt/format.h>

#include <type_traits>

namespace coscan::h5 {
namespace {

static_assert(std::is_same_v<hid_t, std::int64_t>, "Reader stores the file's hid_t as int64");

template <class T> hid_t memory_type() {
  if constexpr (std::is_same_v<T, double>)
    return H5T_NATIVE_DOUBLE;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else
    return H5T_NATIVE_UINT8; // std::byte
}

/// Frees HDF5's variable-length strings into std::strings.
std::vector<std::string> take_strings(std::vector<char *> &raw) {
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (char *text : raw) {
    out.emplace_back(text ? text : "");
    H5free_memory(text);
  }
  return out;
}

/// `id` owned, or the reader's InputError: a failure on an object that exists is the file's.
Handle owned(const Reader &reader, hid_t id, Handle::Closer closer, const std::string &reason) {
  if (id < 0)
    reader.fail(reason);
  return Handle(id, closer, reason);
}

} // namespace

Reader::Reader(const std::filesystem::path &file) : file_(file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // failures are reported here, not printed
  if (!std::filesystem::exists(file))
    fail("no such file");
  id_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id_ < 0)
    fail("not an HDF5 file");
}

Reader::~Reader() {
  if (id_ >= 0)
    H5Fclose(id_);
}

void Reader::fail(const std::string &reason) const {
  throw InputError(fmt::format("{}: {}", file_.string(), reason));
}

bool Reader::exists(std::string_view path) const {
  // H5Lexists needs every group on the way to exist; check them from the root down.
  std::string prefix;
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    prefix = std::string(path.substr(0, end));
    if (!prefix.empty() && prefix != "/" && H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0)
      return false;
    start = end + 1;
  }
  return true;
}

template <class T> std::vector<T> Reader::read(std::string_view path) const {
  const std::string name(path);
  if (!exists(path))
    fail(fmt::format("no dataset {}", name));
  const std::string cannot = fmt::format("cannot read dataset {}", name);
  const Handle set = owned(*this, H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose, cannot);
  const Handle space = owned(*this, H5Dget_space(set.id()), H5Sclose, cannot);
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id()));
  herr_t status = 0;
  std::vector<T> out;
  if constexpr (std::is_same_v<T, std::string>) {
    std::vector<char *> raw(count, nullptr);
    const Handle type = string_type();
    if (count > 0)
      status = H5Dread(set.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
    out = take_strings(raw);
  } else {
    out.resize(count);
    if (count > 0)
      status = H5Dread(set.id(), memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  }
  if (status < 0)
    fail(cannot);
  return out;
}

template <class T> T Reader::attribute(std::string_view object, std::string_view name) const {
  const std::string on(object), key(name);
  if (!exists(object) || H5Aexists_by_name(id_, on.c_str(), key.c_str(), H5P_DEFAULT) <= 0)
    fail(fmt::format("no attribute {} on {}", key, on));
  const std::string cannot = fmt::format("cannot read attribute {} on {}", key, on);
  const Handle attr =
      owned(*this, H5Aopen_by_name(id_, on.c_str(), key.c_str(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, cannot);
  T value{};
  herr_t status = 0;
  if constexpr (std::is_same_v<T, std::string>) {
    std::vector<char *> raw(1, nullptr);
    const Handle type = string_type();
    status = H5Aread(attr.id(), type.id(), raw.data());
    value = take_strings(raw).front();
  } else {
    status = H5Aread(attr.id(), memory_type<T>(), &value);
  }
  if (status < 0)
    fail(cannot);
  return value;
}

template std::vector<double> Reader::read<double>(std::string_view) const;
template std::vector<std::int64_t> Reader::read<std::int64_t>(std::string_view) const;
template std::vector<std::uint64_t> Reader::read<std::uint64_t>(std::string_view) const;
template std::vector<std::byte> Reader::read<std::byte>(std::string_view) const;
template std::vector<std::string> Reader::read<std::string>(std::string_view) const;
template double Reader::attribute<double>(std::string_view, std::string_view) const;
template std::int64_t Reader::attribute<std::int64_t>(std::string_view, std::string_view) const;
template std::uint64_t Reader::attribute<std::uint64_t>(std::string_view, std::string_view) const;
template std::string Reader::attribute<std::string>(std::string_view, std::string_view) const;

} // namespace coscan::h5
