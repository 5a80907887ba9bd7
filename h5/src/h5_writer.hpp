#pragma once
// Internal: the typed layer over the HDF5 C API that every coscan HDF5 file goes through: RAII
// handles, checked writes of datasets and attributes, block reads and writes (reading whole
// objects: coscan/h5/reader.hpp). HDF5 failures here are internal errors (std::runtime_error);
// bad user input is checked before.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::h5 {

/// Owns an HDF5 identifier and closes it with the matching H5?close.
class Handle {
public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, std::string_view what);
  Handle(Handle &&other) noexcept;
  Handle &operator=(Handle &&other) noexcept;
  ~Handle(); ///< closes, ignoring a failure: call close() where a failure matters
  hid_t id() const { return id_; }
  /// Closes now and throws std::runtime_error (with HDF5's reason) if that fails: a file's
  /// close writes its metadata, so a full disk shows here. Idempotent.
  void close();

private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// What HDF5's error stack says went wrong at its bottom: the operating system's message of a
/// failed read or write ("No space left on device"), or empty.
std::string failure_reason();

/// Throws std::runtime_error "HDF5: cannot <what>: <reason>" when `status` is negative.
void check(herr_t status, std::string_view what);

/// The block of `count` values at `start` of dataset `set` (of start.size() dimensions), read
/// into or written from `values` as `memory_type`. False on an HDF5 failure (failure_reason()
/// says why), so that the caller names the file and the kind of error.
bool read_block(hid_t set, std::span<const hsize_t> start, std::span<const hsize_t> count,
                hid_t memory_type, void *values);
bool write_block(hid_t set, std::span<const hsize_t> start, std::span<const hsize_t> count,
                 hid_t memory_type, const void *values);

/// A variable-length UTF-8 string type, as every string dataset and attribute is stored.
Handle string_type();

Handle create_file(const std::filesystem::path &path);
Handle create_group(hid_t parent, const std::string &name);

void write(hid_t loc, const std::string &name, std::span<const double> data,
           std::string_view units);
void write(hid_t loc, const std::string &name, std::span<const std::uint64_t> data,
           std::string_view units);
void write(hid_t loc, const std::string &name, std::span<const std::int64_t> data,
           std::string_view units);
void write(hid_t loc, const std::string &name, std::span<const std::string> data,
           std::string_view units);

void attribute(hid_t loc, const std::string &name, std::string_view value);
void attribute(hid_t loc, const std::string &name, double value);
void attribute(hid_t loc, const std::string &name, std::uint64_t value);
void attribute(hid_t loc, const std::string &name, std::int64_t value);
void attribute(hid_t loc, const std::string &name, const std::vector<std::string> &values);

} // namespace coscan::h5
