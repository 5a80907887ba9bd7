#include <coscan/costmodel/error.hpp>
#include <coscan/io/atomic_file.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <system_error>

namespace coscan::io {
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

void AtomicFile::commit() {
  fs::rename(temp_, final_);
  committed_ = true;
}

} // namespace coscan::io
