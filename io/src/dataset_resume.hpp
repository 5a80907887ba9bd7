#pragma once
// What resumable dataset tables need beyond creating and writing them: their identity
// (attributes read back on resume), the cleanup of an earlier, interrupted finish, and the move
// of the finished file into place.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace coscan::io::detail {

/// A fresh random identity for a resumable file (never 0, which means "none").
std::uint64_t new_resume_id();

/// The uint64 attribute `name` of `object`, or nothing when it has none.
std::optional<std::uint64_t> read_u64_attribute(hid_t object, const std::string &name);

/// Deletes what an interrupted finish may have added to a resumable file: every root attribute,
/// every root link but /dataset, and /dataset's attributes in `dataset_extras`. The tables stay.
void remove_unfinished_results(hid_t file,
                               const std::initializer_list<const char *> &dataset_extras);

/// Renames `from` to `to`; across file systems, copies to a temporary beside `to`, renames that
/// into place, then removes `from`.
void move_into_place(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace coscan::io::detail
