#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/run_lock.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coscan::jobs {

RunLock::RunLock(const std::filesystem::path &file, const std::string &what)
    : path_(file.string() + ".lock") {
  // The holder removes the lock file when it ends, so a process may lock a file that was just
  // unlinked: it then sees that the name no longer points to its file and tries again.
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw OutputError(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK)
        throw InputError(fmt::format("{} {}: in use by another coscan run ({} is locked); wait "
                                     "for it to end or choose another checkpoint",
                                     what, file.string(), path_.string()));
      throw OutputError(fmt::format("cannot lock {}: {}", path_.string(), std::strerror(error)));
    }
    struct stat held {
    }, named{};
    if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino)
      return;
    ::close(fd_);
    fd_ = -1;
  }
}

RunLock::~RunLock() {
  if (fd_ < 0)
    return;
  ::unlink(path_.c_str()); // a leftover file is harmless: the lock, not the file, is what counts
  ::close(fd_);
}

} // namespace coscan::jobs
