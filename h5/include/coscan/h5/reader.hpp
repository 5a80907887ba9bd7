#pragma once
// Reading an HDF5 file back, typed and checked: the results files, shard states and datasets
// coscan wrote (docs/results-format.md), for `coscan merge`, resumes and the tests. Every
// failure names the file: coscan::InputError ("FILE: no dataset /pareto/latency_s").
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::h5 {

class Reader {
public:
  /// Opens `file` read-only; throws coscan::InputError ("FILE: no such file" or "FILE: not an
  /// HDF5 file").
  explicit Reader(const std::filesystem::path &file);
  ~Reader();
  Reader(const Reader &) = delete;
  Reader &operator=(const Reader &) = delete;

  const std::filesystem::path &file() const { return file_; }

  /// True when the object at `path` ("/pareto/latency_s") exists, each group on the way too.
  bool exists(std::string_view path) const;

  /// Every value of the dataset at `path`, in row-major order, converted to T by HDF5.
  /// T: double, std::int64_t, std::uint64_t, std::byte (raw bytes) or std::string.
  template <class T> std::vector<T> read(std::string_view path) const;

  /// The attribute `name` of the object at `object` ("/" for the file's root).
  /// T: double, std::int64_t, std::uint64_t or std::string.
  template <class T> T attribute(std::string_view object, std::string_view name) const;

  /// Throws coscan::InputError ("FILE: reason").
  [[noreturn]] void fail(const std::string &reason) const;

private:
  std::filesystem::path file_;
  std::int64_t id_ = -1; ///< the HDF5 file identifier (hid_t)
};

extern template std::vector<double> Reader::read<double>(std::string_view) const;
extern template std::vector<std::int64_t> Reader::read<std::int64_t>(std::string_view) const;
extern template std::vector<std::uint64_t> Reader::read<std::uint64_t>(std::string_view) const;
extern template std::vector<std::byte> Reader::read<std::byte>(std::string_view) const;
extern template std::vector<std::string> Reader::read<std::string>(std::string_view) const;
extern template double Reader::attribute<double>(std::string_view, std::string_view) const;
extern template std::int64_t Reader::attribute<std::int64_t>(std::string_view,
                                                             std::string_view) const;
extern template std::uint64_t Reader::attribute<std::uint64_t>(std::string_view,
                                                               std::string_view) const;
extern template std::string Reader::attribute<std::string>(std::string_view,
                                                           std::string_view) const;

} // namespace coscan::h5
