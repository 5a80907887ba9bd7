#pragma once
// What resumable dataset tables need beyond creating and writing them: their identity
// (attributes read back on resume), the name they are completed under, and the move of the
// finished file into place.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace coscan::h5::detail {

/// A fresh random identity for a resumable file (never 0, which means "none").
std::uint64_t new_resume_id();

/// The uint64 attribute `name` of `object`, or nothing when it has none.
std::optional<std::uint64_t> read_u64_attribute(hid_t object, const std::string &name);

/// Where a resumable file is completed (renamed before its metadata change): its presence
/// says that a run was killed while completing it.
std::filesystem::path finishing_path(const std::filesystem::path &file);

/// Renames `from` to `to`; across file systems, copies to a temporary beside `to`, renames that
/// into place, then removes `from`.
void move_into_place(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace coscan::h5::detail
