#pragma once
// Outputs appear whole or not at all: a file is written under a temporary name in its final
// folder and renamed into place only when complete.
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::tables {

/// Throws coscan::InputError ("WHAT FILE: reason") unless `file` can be created: its folder
/// exists and is writable, and it is not a folder itself. Call it before long work.
void check_writable(const std::filesystem::path &file, std::string_view what);

/// A file a command reads or writes, with the option or role that names it in messages.
struct NamedFile {
  std::string what; ///< e.g. "--out", "--summary", "the study", "the accuracy table"
  std::filesystem::path path;
};

/// Throws coscan::InputError ("--out FILE: is also the study (...); choose another name") when
/// an output is one of the inputs or another output: the same file by identity (device and
/// inode, so links and `..` do not slip through) where it exists, the same absolute path
/// otherwise. Never overwrite an input. Empty paths are skipped.
void check_distinct_files(const std::vector<NamedFile> &outputs,
                          const std::vector<NamedFile> &inputs);

class AtomicFile {
public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile(); ///< removes the temporary file unless commit() ran
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  /// Where to write: a unique name beside the final one.
  const std::filesystem::path &temp_path() const { return temp_; }
  const std::filesystem::path &final_path() const { return final_; }
  /// Writes the whole temporary file: every write, the sync to disk and the close checked.
  /// Throws coscan::OutputError ("cannot write FINAL: reason") on any failure.
  void write(std::span<const std::byte> bytes);
  void write(std::string_view text);
  /// For writers that stream (CSV rows): `rows` writes to the temporary file opened as a stream;
  /// a failed write there (fmt's std::system_error, or the stream's error flag), the flush, the
  /// sync and the close are all checked and thrown as coscan::OutputError.
  void write_stream(const std::function<void(std::FILE *)> &rows);
  /// Renames the finished temporary file to the final name (atomic on POSIX); throws
  /// coscan::OutputError if the rename fails. Call it only once the temporary file was written
  /// and closed without error.
  void commit();
  /// "cannot write FINAL: reason", as every failed write of this file is reported.
  [[noreturn]] void fail(const std::string &reason) const;

private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

} // namespace coscan::tables
