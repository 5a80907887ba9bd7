#include <coscan/costmodel/error.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace coscan::tables {
namespace fs = std::filesystem;

void check_writable(const fs::path &file, std::string_view what) {
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(
        fmt::format("{} {}: folder '{}' does not exist", what, file.string(), folder.string()));
  if (fs::is_directory(file, ec))
    throw InputError(fmt::format("{} {}: is a folder", what, file.string()));
  if (::access(folder.c_str(), W_OK) != 0)
    throw InputError(
        fmt::format("{} {}: folder '{}' is not writable", what, file.string(), folder.string()));
}

namespace {

/// Whether two names are the same file: by device and inode if both exist, else by path.
bool same_file(const fs::path &a, const fs::path &b) {
  struct stat sa {
  }, sb{};
  const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
  if (ea && eb)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea != eb)
    return false;
  std::error_code ec1, ec2;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), ec1);
  const fs::path cb = fs::weakly_canonical(fs::absolute(b), ec2);
  return !ec1 && !ec2 && ca == cb;
}

} // namespace

void check_distinct_files(const std::vector<NamedFile> &outputs,
                          const std::vector<NamedFile> &inputs) {
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const NamedFile &out = outputs[o];
    if (out.path.empty())
      continue;
    const auto refuse = [&](const NamedFile &other, std::string_view kind) {
      throw InputError(fmt::format("{} {}: is also {} ({}{}); choose another name", out.what,
                                   out.path.string(), other.what, other.path.string(), kind));
    };
    for (const NamedFile &in : inputs)
      if (!in.path.empty() && same_file(out.path, in.path))
        refuse(in, ", an input of this run");
    for (std::size_t p = 0; p < o; ++p)
      if (!outputs[p].path.empty() && same_file(out.path, outputs[p].path))
        refuse(outputs[p], ", another output");
  }
}

AtomicFile::AtomicFile(fs::path final_path) : final_(std::move(final_path)) {
  static std::atomic<unsigned> counter{0};
  temp_ = final_;
  temp_ += fmt::format(".tmp-{}-{}", ::getpid(), counter++);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::fail(const std::string &reason) const {
  throw OutputError(fmt::format("cannot write {}: {}", final_.string(), reason));
}

void AtomicFile::write(std::span<const std::byte> bytes) {
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    fail(std::strerror(errno));
  const auto close_and_fail = [&](int error) {
    ::close(fd);
    fail(std::strerror(error));
  };
  for (std::size_t at = 0; at < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      close_and_fail(n < 0 ? errno : EIO);
    at += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0)
    close_and_fail(errno);
  if (::close(fd) != 0)
    fail(std::strerror(errno));
}

void AtomicFile::write(std::string_view text) {
  write(std::as_bytes(std::span(text.data(), text.size())));
}

void AtomicFile::write_stream(const std::function<void(std::FILE *)> &rows) {
  std::FILE *stream = std::fopen(temp_.c_str(), "w");
  if (!stream)
    fail(std::strerror(errno));
  int error = 0;
  try {
    rows(stream);
  } catch (const std::system_error &e) { // fmt::print to a stream that failed
    error = e.code().value() ? e.code().value() : EIO;
  } catch (...) {
    std::fclose(stream);
    throw;
  }
  if (!error && std::ferror(stream))
    error = errno ? errno : EIO;
  if (!error && std::fflush(stream) != 0)
    error = errno;
  if (!error && ::fsync(::fileno(stream)) != 0)
    error = errno;
  if (std::fclose(stream) != 0 && !error)
    error = errno;
  if (error)
    fail(std::strerror(error));
}

void AtomicFile::commit() {
  std::error_code ec;
  fs::rename(temp_, final_, ec);
  if (ec)
    fail(ec.message());
  committed_ = true;
}

} // namespace coscan::tables
