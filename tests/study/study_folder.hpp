#pragma once
// A test with a scratch folder of its own for a study and the tables it names: a study text is
// parsed as FOLDER/s.toml (so its relative paths resolve there), and error_of gives the one-line
// InputError of building its problem.
#include <coscan/costmodel/error.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

namespace coscan::study {

class StudyFolderTest : public ::testing::Test {
protected:
  /// `prefix` names the folder: PREFIX_PID_TESTNAME in the temporary directory.
  explicit StudyFolderTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + "_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Study parse(const std::string &text) const { return parse_study(text, dir_ / "s.toml"); }

  /// The error building the study's problem gives; empty when it builds.
  std::string error_of(const std::string &text) const {
    try {
      build_problem(parse(text));
    } catch (const InputError &e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path dir_;

private:
  std::string prefix_;
};

} // namespace coscan::study
