#pragma once
// Reads back datasets and attributes of a results file in tests (HDF5 C API).
#include <hdf5.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace coscan::testing {

class H5Reader {
public:
  explicit H5Reader(const std::filesystem::path &file)
      : file_(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
  ~H5Reader() {
    if (file_ >= 0)
      H5Fclose(file_);
  }
  bool ok() const { return file_ >= 0; }
  bool exists(const std::string &path) const {
    return H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0;
  }

  template <class T> std::vector<T> numbers(const std::string &path) const {
    const hid_t set = H5Dopen2(file_, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(set, 0) << path;
    const hid_t space = H5Dget_space(set);
    std::vector<T> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    hid_t type = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, std::uint64_t>)
      type = H5T_NATIVE_UINT64;
    else if constexpr (std::is_same_v<T, std::int64_t>)
      type = H5T_NATIVE_INT64;
    if (!out.empty())
      H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
    H5Sclose(space);
    H5Dclose(set);
    return out;
  }

  std::vector<std::string> strings(const std::string &path) const {
    const hid_t set = H5Dopen2(file_, path.c_str(), H5P_DEFAULT);
    const hid_t space = H5Dget_space(set);
    std::vector<char *> raw(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    const hid_t type = string_type();
    if (!raw.empty())
      H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
    std::vector<std::string> out(raw.begin(), raw.end());
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(set);
    return out;
  }

  std::string string_attribute(const std::string &object, const std::string &name) const {
    const hid_t attr =
        H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attr, 0) << object << " @" << name;
    char *raw = nullptr;
    const hid_t type = string_type();
    H5Aread(attr, type, &raw);
    std::string out = raw ? raw : "";
    H5free_memory(raw);
    H5Tclose(type);
    H5Aclose(attr);
    return out;
  }

  template <class T> T number_attribute(const std::string &object, const std::string &name) const {
    const hid_t attr =
        H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attr, 0) << object << " @" << name;
    T value{};
    hid_t type = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, std::uint64_t>)
      type = H5T_NATIVE_UINT64;
    else if constexpr (std::is_same_v<T, std::int64_t>)
      type = H5T_NATIVE_INT64;
    H5Aread(attr, type, &value);
    H5Aclose(attr);
    return value;
  }

private:
  static hid_t string_type() {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
  }
  hid_t file_;
};

} // namespace coscan::testing
