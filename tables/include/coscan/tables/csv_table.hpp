#pragma once
// A small reader for the comma-separated tables coscan takes as input (accuracy tables,
// layer tables): a header row, then rows of fields. Quoted fields ("a,b", "" for a quote)
// are supported. Errors name the file and line.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::tables {

/// `field` without leading and trailing blanks (spaces, tabs): table keys such as arch_str are
/// compared trimmed.
inline std::string_view trim_blanks(std::string_view field) {
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
    field.remove_prefix(1);
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
    field.remove_suffix(1);
  return field;
}

class CsvTable {
public:
  /// Reads a whole file; throws coscan::InputError when it is missing, empty, or a row has a
  /// different number of fields than the header.
  static CsvTable read(const std::filesystem::path &file);
  static CsvTable parse(std::string_view text, const std::filesystem::path &origin);

  const std::filesystem::path &file() const { return file_; }
  const std::vector<std::string> &header() const { return header_; }
  std::size_t num_rows() const { return rows_.size(); }
  std::optional<std::size_t> column(std::string_view name) const;
  /// column(name), or an InputError "FILE:1: column 'name': not in the table's header (WHY)".
  std::size_t require_column(std::string_view name, std::string_view why) const;
  std::string_view at(std::size_t row, std::size_t column) const { return rows_[row][column]; }
  /// The file line of data row `row` (1-based, header = line 1), for error messages.
  std::size_t line_of(std::size_t row) const { return lines_[row]; }

private:
  std::filesystem::path file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

/// Typed reads of one data row of a CsvTable; every error is one line,
/// "FILE:LINE: column 'name': reason". Columns are named (they must exist in the header).
class CsvRow {
public:
  CsvRow(const CsvTable &table, std::size_t row) : table_(table), row_(row) {}

  [[noreturn]] void fail(std::string_view column, const std::string &reason) const;
  bool has(std::string_view column) const { return table_.column(column).has_value(); }
  std::string_view text(std::string_view column) const;
  /// A whole number >= `min`: "'x' is not an integer", "must be at least MIN, got x".
  std::int64_t integer(std::string_view column, std::int64_t min) const;
  /// A finite number > 0: "'x' is not a number", "must be positive, got x".
  double positive_number(std::string_view column) const;
  /// A finite number >= 0, blanks around it and a leading '+' allowed (tools pad their columns):
  /// "'x' is not a number", "must not be negative, got x".
  double nonnegative_number(std::string_view column) const;

private:
  const CsvTable &table_;
  std::size_t row_;
};

} // namespace coscan::tables
