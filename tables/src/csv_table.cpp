#include <coscan/costmodel/error.hpp>
#include <coscan/tables/csv_table.hpp>

#include "text_input.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace coscan::tables {
namespace {

[[noreturn]] void fail(const std::filesystem::path &file, std::size_t line,
                       const std::string &reason) {
  throw InputError(file.string() + ":" + std::to_string(line) + ": " + reason);
}

/// Splits CSV text into records. A record is a list of fields plus the line it starts on.
/// Blank lines are skipped (so a trailing newline, or several, is fine).
class CsvScanner {
public:
  CsvScanner(std::string_view text, const std::filesystem::path &file) : text_(text), file_(file) {
    if (text_.starts_with("\xEF\xBB\xBF")) // a UTF-8 byte-order mark, as spreadsheets write
      text_.remove_prefix(3);
  }

  /// Reads the next non-blank record into `fields`; false at the end of the text.
  bool next(std::vector<std::string> &fields, std::size_t &start_line) {
    fields.clear();
    while (pos_ < text_.size() && at_line_end())
      skip_line_end();
    if (pos_ >= text_.size())
      return false;
    start_line = line_;
    while (true) {
      // A comma that ends the text leaves one empty field after it.
      bool quoted = pos_ < text_.size() && text_[pos_] == '"';
      fields.push_back(quoted ? quoted_field() : plain_field());
      if (pos_ >= text_.size())
        return true;
      if (at_line_end()) {
        skip_line_end();
        return true;
      }
      ++pos_; // the comma
    }
  }

private:
  // "\n" and "\r\n" end a line; so does a "\r" that ends the text. A lone "\r" elsewhere is data.
  bool at_line_end() const {
    return text_[pos_] == '\n' ||
           (text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'));
  }
  void skip_line_end() {
    pos_ += text_[pos_] == '\r' && pos_ + 1 < text_.size() ? 2 : 1;
    ++line_;
  }

  std::string plain_field() {
    std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end())
      ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::string quoted_field() {
    std::size_t open_line = line_;
    std::string field;
    ++pos_; // the opening quote
    while (true) {
      if (pos_ >= text_.size())
        fail(file_, open_line, "quoted field is never closed");
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n')
        ++line_;
      field += c;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end())
      fail(file_, line_, "unexpected character after a closing quote");
    return field;
  }

  std::string_view text_;
  const std::filesystem::path &file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

} // namespace

CsvTable CsvTable::read(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(file.string() + ": cannot read the table (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw InputError(file.string() + ": cannot read the table (read error)");
  return parse(text.str(), file);
}

CsvTable CsvTable::parse(std::string_view text, const std::filesystem::path &origin) {
  detail::reject_nul(text, origin, "CSV file");
  CsvTable table;
  table.file_ = origin;
  CsvScanner scanner(text, origin);
  std::size_t line = 1;
  if (!scanner.next(table.header_, line))
    throw InputError(origin.string() + ": the table is empty (no header row)");
  for (std::size_t i = 0; i < table.header_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (table.header_[i] == table.header_[j])
        fail(origin, line, "column '" + table.header_[i] + "': appears twice in the header");

  std::vector<std::string> fields;
  while (scanner.next(fields, line)) {
    if (fields.size() != table.header_.size())
      fail(origin, line,
           std::to_string(fields.size()) + " fields, but the header has " +
               std::to_string(table.header_.size()));
    table.rows_.push_back(std::move(fields));
    table.lines_.push_back(line);
    fields = {};
  }
  return table;
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name)
      return i;
  return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name, std::string_view why) const {
  const auto index = column(name);
  if (!index)
    throw InputError(fmt::format("{}:1: column '{}': not in the table's header ({})",
                                 file_.string(), name, why));
  return *index;
}

void CsvRow::fail(std::string_view column, const std::string &reason) const {
  throw InputError(table_.file().string() + ":" + std::to_string(table_.line_of(row_)) +
                   ": column '" + std::string(column) + "': " + reason);
}

std::string_view CsvRow::text(std::string_view column) const {
  return table_.at(row_, *table_.column(column));
}

std::int64_t CsvRow::integer(std::string_view column, std::int64_t min) const {
  const std::string_view field = text(column);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size())
    fail(column, std::string("'").append(field).append("' is not an integer"));
  if (value < min)
    fail(column, "must be at least " + std::to_string(min) + ", got " + std::string(field));
  return value;
}

double CsvRow::positive_number(std::string_view column) const {
  const std::string_view field = text(column);
  double value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value))
    fail(column, std::string("'").append(field).append("' is not a number"));
  if (!(value > 0))
    fail(column, std::string("must be positive, got ").append(field));
  return value;
}

double CsvRow::nonnegative_number(std::string_view column) const {
  std::string_view field = trim_blanks(text(column));
  if (!field.empty() && field.front() == '+')
    field.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size() ||
      !std::isfinite(value))
    fail(column, fmt::format("'{}' is not a number", text(column)));
  if (value < 0)
    fail(column, fmt::format("must not be negative, got {}", field));
  return value;
}

} // namespace coscan::tables
