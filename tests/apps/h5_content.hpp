#pragma once
// The whole content of an HDF5 file as a map from "object" (a dataset's values) and
// "object@attribute" (an attribute's value) to bytes, for tests that need two files to be the
// same in every value, not only in the datasets a test thought of. Strings are compared as
// text; numbers as their native bytes (so bit for bit); dimension scales by the scales'
// names (their object references are file addresses, which differ between equal files).
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h> // dimension scales

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace coscan::testing {

using H5Content = std::map<std::string, std::string>;

namespace detail {

/// The bytes of `count` values of `type` read by `read(memory_type, buffer)`.
inline std::string value_bytes(hid_t type, hssize_t count,
                               const std::function<herr_t(hid_t, void *)> &read) {
  std::string out = "<unreadable>";
  if (H5Tget_class(type) == H5T_STRING) {
    const hid_t text = H5Tcopy(H5T_C_S1);
    H5Tset_size(text, H5T_VARIABLE);
    H5Tset_cset(text, H5Tget_cset(type));
    if (H5Tis_variable_str(type) > 0) {
      std::vector<char *> values(static_cast<std::size_t>(count));
      if (read(text, values.data()) >= 0) {
        out.clear();
        for (char *v : values) {
          out += (v ? v : "<null>");
          out += '\0';
          H5free_memory(v);
        }
      }
    } else {
      std::string fixed(static_cast<std::size_t>(count) * H5Tget_size(type), '\0');
      if (read(type, fixed.data()) >= 0)
        out = fixed;
    }
    H5Tclose(text);
    return out;
  }
  const hid_t native = H5Tget_native_type(type, H5T_DIR_ASCEND);
  std::string raw(static_cast<std::size_t>(count) * H5Tget_size(native), '\0');
  if (read(native, raw.data()) >= 0)
    out = raw;
  H5Tclose(native);
  return out;
}

/// A dataset's DIMENSION_LIST as text: per dimension, the paths of the scales attached to it.
inline std::string attached_scales(hid_t dataset) {
  std::string out;
  const hid_t space = H5Dget_space(dataset);
  const int rank = H5Sget_simple_extent_ndims(space);
  H5Sclose(space);
  for (int d = 0; d < rank; ++d) {
    out += std::to_string(d) + ":";
    H5DSiterate_scales(
        dataset, static_cast<unsigned>(d), nullptr,
        [](hid_t, unsigned, hid_t scale, void *text) -> herr_t {
          char path[1024] = "";
          H5Iget_name(scale, path, sizeof path);
          *static_cast<std::string *>(text) += std::string(path) + ";";
          return 0;
        },
        &out);
  }
  return out;
}

struct Visit {
  H5Content *content;
  std::function<bool(const std::string &)> skip_attribute;
};

inline herr_t add_attribute(hid_t object, const char *name, const H5A_info_t *, void *data) {
  auto &visit = *static_cast<Visit *>(data);
  if (visit.skip_attribute(name))
    return 0;
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute), space = H5Aget_space(attribute);
  char path[1024] = "";
  H5Iget_name(object, path, sizeof path);
  const std::string key = std::string(path) + "@" + name;
  if (std::string(name) == "DIMENSION_LIST")
    (*visit.content)[key] = attached_scales(object);
  else if (std::string(name) == "REFERENCE_LIST") // the datasets' DIMENSION_LISTs say it
    (*visit.content)[key] = std::to_string(H5Sget_simple_extent_npoints(space)) + " references";
  else
    (*visit.content)[key] =
        value_bytes(type, H5Sget_simple_extent_npoints(space),
                    [&](hid_t memory, void *buffer) { return H5Aread(attribute, memory, buffer); });
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(attribute);
  return 0;
}

inline herr_t add_object(hid_t file, const char *name, const H5O_info_t *info, void *data) {
  auto &visit = *static_cast<Visit *>(data);
  const hid_t object = H5Oopen(file, name, H5P_DEFAULT);
  hsize_t at = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &at, add_attribute, data);
  if (info->type == H5O_TYPE_DATASET) {
    const hid_t type = H5Dget_type(object), space = H5Dget_space(object);
    (*visit.content)[std::string("/") + name] =
        value_bytes(type, H5Sget_simple_extent_npoints(space), [&](hid_t memory, void *buffer) {
          return H5Dread(object, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
        });
    H5Sclose(space);
    H5Tclose(type);
  } else if (info->type == H5O_TYPE_GROUP) {
    (*visit.content)[std::string("/") + name] = "<group>";
  }
  H5Oclose(object);
  return 0;
}

} // namespace detail

/// Every dataset and attribute of `file` but the attributes `skip_attribute` names; empty when
/// the file cannot be opened.
inline H5Content h5_content(const std::filesystem::path &file,
                            const std::function<bool(const std::string &)> &skip_attribute) {
  H5Content content;
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0)
    return content;
  detail::Visit visit{&content, skip_attribute};
  H5Ovisit2(id, H5_INDEX_NAME, H5_ITER_INC, detail::add_object, &visit, H5O_INFO_BASIC);
  H5Fclose(id);
  return content;
}

/// Timings, which differ between any two runs: wall_s, pairs_per_s and time_*.
inline bool is_timing(const std::string &attribute) {
  return attribute == "wall_s" || attribute == "pairs_per_s" || attribute.rfind("time_", 0) == 0;
}

/// Expects `b` to hold every dataset and attribute of `reference`, with the same values, and
/// nothing more, but the attributes `skip_attribute` names. Asserts that `reference` has a
/// dataset (/dataset/latency_s).
inline void expect_same_content(const std::filesystem::path &reference,
                                const std::filesystem::path &b,
                                const std::function<bool(const std::string &)> &skip_attribute) {
  const H5Content x = h5_content(reference, skip_attribute), y = h5_content(b, skip_attribute);
  ASSERT_TRUE(x.contains("/dataset/latency_s")) << reference;
  EXPECT_EQ(x.size(), y.size()) << b;
  for (const auto &[name, value] : x) {
    const auto other = y.find(name);
    ASSERT_NE(other, y.end()) << name << " missing in " << b;
    EXPECT_TRUE(other->second == value) << name << " differs in " << b;
  }
}

} // namespace coscan::testing
