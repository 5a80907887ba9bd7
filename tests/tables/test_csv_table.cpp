#include <coscan/costmodel/error.hpp>
#include <coscan/tables/csv_table.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

using coscan::InputError;
using coscan::tables::CsvTable;
using ::testing::HasSubstr;

/// The message of the InputError `f` throws ("" when it throws none).
template <class F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(CsvTable, ReadsHeaderAndRows) {
  auto t = CsvTable::parse("a,b,c\n1,2,3\n4,5,6\n", "t.csv");
  EXPECT_EQ(t.header(), (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.at(1, 2), "6");
  EXPECT_EQ(t.column("b"), 1u);
  EXPECT_EQ(t.column("z"), std::nullopt);
  EXPECT_EQ(t.line_of(0), 2u);
  EXPECT_EQ(t.line_of(1), 3u);
  EXPECT_EQ(t.file(), "t.csv");
}

TEST(CsvTable, ToleratesCrLfAndMissingOrExtraTrailingNewlines) {
  for (std::string_view text :
       {"a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\n1,2\n\n", "a,b\r\n1,2\r\n\r\n"}) {
    auto t = CsvTable::parse(text, "t.csv");
    ASSERT_EQ(t.num_rows(), 1u) << text;
    EXPECT_EQ(t.at(0, 1), "2") << text;
  }
}

TEST(CsvTable, SkipsBlankLinesButCountsThem) {
  auto t = CsvTable::parse("a\n\nx\n", "t.csv");
  ASSERT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.line_of(0), 3u);
}

TEST(CsvTable, QuotedFields) {
  auto t = CsvTable::parse("name,value\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,\"\"\n",
                           "t.csv");
  ASSERT_EQ(t.num_rows(), 3u);
  EXPECT_EQ(t.at(0, 0), "a,b");
  EXPECT_EQ(t.at(0, 1), "say \"hi\"");
  EXPECT_EQ(t.at(1, 0), "two\nlines");
  EXPECT_EQ(t.line_of(2), 5u); // the quoted newline counts as a file line
  EXPECT_EQ(t.at(2, 1), "");
}

TEST(CsvTable, EmptyFieldsAndByteOrderMark) {
  auto t = CsvTable::parse("\xEF\xBB\xBF"
                           "a,b,c\n,,\n",
                           "t.csv");
  EXPECT_EQ(t.column("a"), 0u);
  ASSERT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.at(0, 2), "");
}

TEST(CsvTable, ACommaThatEndsTheTextLeavesAnEmptyLastField) {
  // The text is a view with nothing after it (found by fuzzing: a read past its end).
  std::string text = "a,b\n1,";
  auto t = CsvTable::parse(std::string_view(text), "t.csv");
  ASSERT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.at(0, 0), "1");
  EXPECT_EQ(t.at(0, 1), "");
}

TEST(CsvTable, WrongFieldCountNamesFileAndLine) {
  auto message = error_of([] { CsvTable::parse("a,b\n1,2\n1,2,3\n", "dir/t.csv"); });
  EXPECT_THAT(message, HasSubstr("dir/t.csv:3:"));
  EXPECT_THAT(message, HasSubstr("3 fields"));
  EXPECT_THAT(error_of([] { CsvTable::parse("a,b\n1\n", "t.csv"); }), HasSubstr("t.csv:2:"));
}

TEST(CsvTable, BadQuotingNamesTheLine) {
  EXPECT_THAT(error_of([] { CsvTable::parse("a\n\"open\n", "t.csv"); }),
              HasSubstr("t.csv:2: quoted field is never closed"));
  EXPECT_THAT(error_of([] { CsvTable::parse("a,b\n\"x\"y,1\n", "t.csv"); }),
              HasSubstr("t.csv:2: unexpected character"));
}

TEST(CsvTable, EmptyTableAndDuplicateHeader) {
  EXPECT_THAT(error_of([] { CsvTable::parse("", "t.csv"); }),
              HasSubstr("t.csv: the table is empty"));
  EXPECT_THAT(error_of([] { CsvTable::parse("\n\n", "t.csv"); }), HasSubstr("empty"));
  EXPECT_THAT(error_of([] { CsvTable::parse("a,b,a\n", "t.csv"); }),
              HasSubstr("t.csv:1: column 'a': appears twice"));
}

TEST(CsvTable, ANulByteIsRefusedWithItsLine) {
  // A NUL would cut the message that quotes its field (what() is a C string).
  using namespace std::string_view_literals;
  EXPECT_EQ(error_of([] { CsvTable::parse("arch_str,acc\nab\0cd,1\n"sv, "t.csv"); }),
            "t.csv:2: contains a NUL byte: not a text CSV file");
}

TEST(CsvTable, HeaderOnlyHasNoRows) { EXPECT_EQ(CsvTable::parse("a,b\n", "t.csv").num_rows(), 0u); }

TEST(CsvTable, ReadsFilesAndReportsMissingOnes) {
  auto dir = std::filesystem::temp_directory_path() /
             ("coscan_test_csv_table_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "t.csv") << "k,v\nx,1.5\n"; }
  auto t = CsvTable::read(dir / "t.csv");
  EXPECT_EQ(t.at(0, 1), "1.5");
  EXPECT_EQ(t.file(), dir / "t.csv");
  auto missing = (dir / "missing.csv").string();
  EXPECT_THAT(error_of([&] { CsvTable::read(missing); }), HasSubstr(missing + ": cannot read"));
  std::filesystem::remove_all(dir);
}

} // namespace
