#pragma once
// Access to ../shared (public reference data) from tests: a test that needs it skips with a
// clear message where it is absent.
#include <gtest/gtest.h>

#include <filesystem>

namespace coscan::testing {

inline std::filesystem::path shared_dir() { return COSCAN_SHARED_DIR; }

inline std::filesystem::path shared_file(const std::filesystem::path &relative) {
  return shared_dir() / relative;
}

} // namespace coscan::testing

/// Skips the current test unless ../shared/<relative> exists.
#define COSCAN_REQUIRE_SHARED(relative)                                                            \
  do {                                                                                             \
    if (!std::filesystem::exists(::coscan::testing::shared_file(relative)))                        \
      GTEST_SKIP() << "needs " << ::coscan::testing::shared_file(relative)                         \
                   << " (the shared data folder beside the project); absent here";                 \
  } while (0)
