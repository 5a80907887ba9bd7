// RunLock: one run per checkpoint. flock locks belong to open files, so two locks taken in one
// process conflict as two processes' do.
#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/run_lock.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace {

using ::testing::HasSubstr;

std::filesystem::path fresh_dir(const std::string &name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("coscan-run-lock-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(RunLock, ASecondLockOfTheSameCheckpointIsRefused) {
  const auto dir = fresh_dir("second");
  std::optional<coscan::jobs::RunLock> first;
  first.emplace(dir / "ck", "--checkpoint");
  EXPECT_TRUE(std::filesystem::exists(dir / "ck.lock"));
  try {
    coscan::jobs::RunLock second(dir / "ck", "--checkpoint");
    ADD_FAILURE() << "the second lock was taken";
  } catch (const coscan::InputError &e) {
    EXPECT_THAT(e.what(), HasSubstr("--checkpoint " + (dir / "ck").string() +
                                    ": in use by another coscan run"));
  }
  // Another checkpoint beside it is free.
  EXPECT_NO_THROW(coscan::jobs::RunLock(dir / "other", "--checkpoint"));
  first.reset(); // released and removed: the next run takes it
  EXPECT_FALSE(std::filesystem::exists(dir / "ck.lock"));
  EXPECT_NO_THROW(coscan::jobs::RunLock(dir / "ck", "--checkpoint"));
  std::filesystem::remove_all(dir);
}

TEST(RunLock, ALeftoverLockFileIsNoLock) {
  // A run killed with SIGKILL leaves its lock file, but the kernel released the lock.
  const auto dir = fresh_dir("leftover");
  { std::ofstream(dir / "ck.lock") << ""; }
  EXPECT_NO_THROW(coscan::jobs::RunLock(dir / "ck", "--checkpoint"));
  std::filesystem::remove_all(dir);
}

TEST(RunLock, AMissingFolderIsAWriteError) {
  EXPECT_THROW(coscan::jobs::RunLock("/nonexistent-coscan-folder/ck", "--checkpoint"),
               coscan::OutputError);
}

} // namespace
