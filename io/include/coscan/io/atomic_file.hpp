#pragma once
// Outputs appear whole or not at all: a file is written under a temporary name in its final
// folder and renamed into place only when complete.
#include <filesystem>
#include <string_view>

namespace coscan::io {

/// Throws coscan::InputError ("WHAT FILE: reason") unless `file` can be created: its folder
/// exists and is writable, and it is not a folder itself. Call it before long work.
void check_writable(const std::filesystem::path &file, std::string_view what);

class AtomicFile {
public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile(); ///< removes the temporary file unless commit() ran
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  /// Where to write: a unique name beside the final one.
  const std::filesystem::path &temp_path() const { return temp_; }
  const std::filesystem::path &final_path() const { return final_; }
  /// Renames the finished temporary file to the final name (atomic on POSIX).
  void commit();

private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

} // namespace coscan::io
