#pragma once
// What every fuzz target shares. A target feeds one input to a reader and accepts exactly one
// outcome besides success: coscan::InputError, the clear "bad input" refusal (exit 2). Any other
// exception (std::bad_alloc, std::length_error, ...) escapes and is reported as a crash, as are
// the sanitizers' findings: an input file must never get anything but a one-line refusal.
#include <coscan/costmodel/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace coscan::fuzz {

inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// Runs `read`; a coscan::InputError is the expected refusal of a bad input.
template <class F> void expect_success_or_refusal(F &&read) {
  try {
    read();
  } catch (const coscan::InputError &) {
  }
}

/// A folder of this process's own for the files a reader opens by name (removed at exit).
inline const std::filesystem::path &work_dir() {
  static const std::filesystem::path dir = [] {
    const char *tmp = std::getenv("TMPDIR");
    std::filesystem::path d = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                              ("coscan-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(work_dir(), ec);
    });
    return d;
  }();
  return dir;
}

/// Writes `bytes` to `name` in work_dir() and returns its path.
inline std::filesystem::path write_file(const std::string &name, std::string_view bytes) {
  const std::filesystem::path file = work_dir() / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", file.c_str());
    std::abort();
  }
  return file;
}

} // namespace coscan::fuzz
