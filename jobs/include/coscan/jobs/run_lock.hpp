#pragma once
// A checkpoint belongs to one run at a time: the run holds an exclusive flock on `FILE.lock`
// beside it for its whole life, so a second run given the same --checkpoint (a job launched
// twice, a requeue racing the old job) stops at once instead of truncating the first's files.
#include <filesystem>
#include <string>

namespace coscan::jobs {

class RunLock {
public:
  /// Locks `file` + ".lock" (created if missing), without waiting. Throws coscan::InputError
  /// ("WHAT FILE: in use by another coscan run (FILE.lock is locked)") when another process
  /// holds it, or coscan::OutputError when the lock file cannot be created.
  RunLock(const std::filesystem::path &file, const std::string &what);
  /// Removes the lock file, then releases the lock.
  ~RunLock();
  RunLock(const RunLock &) = delete;
  RunLock &operator=(const RunLock &) = delete;

  const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
  int fd_ = -1;
};

} // namespace coscan::jobs
