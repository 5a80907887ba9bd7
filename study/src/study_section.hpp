#pragma once
// Typed, validated access to one table of a study's TOML, shared by the readers of each
// section (study_parser.cpp and the study_*.cpp files). Every error is one line naming the
// file and the dotted key: "FILE: key 'section.key': reason".
#include <coscan/costmodel/error.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::study::detail {

inline constexpr std::string_view kDefaultOrigin = "<default>";

inline std::string_view type_name(toml::node_type type) {
  switch (type) {
  case toml::node_type::table:
    return "a table";
  case toml::node_type::array:
    return "a list";
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a float";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::date:
  case toml::node_type::time:
  case toml::node_type::date_time:
    return "a date or time";
  default:
    return "nothing";
  }
}

inline std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// The study's TOML table with typed, validated access. `section` is the dotted path of the
/// table ("" for the root); every error names "section.key".
class Section {
public:
  Section(const toml::table &table, std::string path, const std::string &file)
      : table_(table), path_(std::move(path)), file_(file) {}

  [[noreturn]] void fail(std::string_view key, const std::string &reason) const {
    throw InputError(file_ + ": key '" + qualified(key) + "': " + reason);
  }

  /// Rejects every key not in `known`.
  void allow_only(const std::vector<std::string_view> &known) const {
    for (auto &&[key, node] : table_)
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        fail(key.str(), node.is_table() ? "unknown section" : "unknown key");
  }

  bool has(std::string_view key) const { return table_.contains(key); }
  bool is_string(std::string_view key) const {
    const toml::node *node = table_.get(key);
    return node && node->is_string();
  }

  std::optional<Section> section(std::string_view key, bool required) const {
    const toml::node *node = table_.get(key);
    if (!node) {
      if (required)
        fail(key, "missing section");
      return std::nullopt;
    }
    if (!node->is_table())
      fail(key, "expected a section (table), got " + std::string(type_name(node->type())));
    return Section(*node->as_table(), qualified(key), file_);
  }

  /// A list of tables (TOML `key = [{...}, {...}]` or `[[section.key]]`); item i is the
  /// Section "section.key[i]" (1-based in messages).
  std::optional<std::vector<Section>> table_list(std::string_view key, bool required) const {
    const toml::array *items = list(key, required);
    if (!items)
      return std::nullopt;
    std::vector<Section> sections;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::node &item = *items->get(i);
      if (!item.is_table())
        fail(key, item_label(i) + "expected a table ({ kind = ... }), got " +
                      std::string(type_name(item.type())));
      sections.emplace_back(*item.as_table(), qualified(key) + "[" + std::to_string(i + 1) + "]",
                            file_);
    }
    return sections;
  }

  /// The raw node of `key` (null when absent), for values of more than one shape.
  const toml::node *node(std::string_view key) const { return table_.get(key); }

  std::optional<std::string> string(std::string_view key, bool required = false) const {
    const toml::node *node = get(key, required);
    if (!node)
      return std::nullopt;
    if (!node->is_string())
      fail(key, "expected a string, got " + std::string(type_name(node->type())));
    return node->as_string()->get();
  }

  /// A non-empty string (paths, names of things).
  std::optional<std::string> name(std::string_view key, bool required = false) const {
    auto value = string(key, required);
    if (value && value->empty())
      fail(key, "must not be empty");
    return value;
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo,
                                      std::int64_t hi) const {
    const toml::node *node = get(key, false);
    if (!node)
      return std::nullopt;
    return to_integer(key, *node, "", lo, hi);
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node *node = get(key, false);
    if (!node)
      return std::nullopt;
    if (!node->is_boolean())
      fail(key, "expected true or false, got " + std::string(type_name(node->type())));
    return node->as_boolean()->get();
  }

  /// A finite number >= `min` (> `min` when `strict`); integers are accepted.
  std::optional<double> number(std::string_view key, double min, bool strict) const {
    const toml::node *node = get(key, false);
    if (!node)
      return std::nullopt;
    return to_number(key, *node, "", min, strict);
  }

  std::optional<std::vector<std::string>> string_list(std::string_view key, bool required) const {
    const toml::array *items = list(key, required);
    if (!items)
      return std::nullopt;
    std::vector<std::string> values;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const toml::node &item = *items->get(i);
      if (!item.is_string())
        fail(key, item_label(i) + "expected a string, got " + std::string(type_name(item.type())));
      values.push_back(item.as_string()->get());
      reject_repeat(key, seen, values.back(), [](const std::string &s) { return "'" + s + "'"; });
    }
    return values;
  }

  std::optional<std::vector<std::int64_t>> integer_list(std::string_view key, bool required,
                                                        std::int64_t lo, std::int64_t hi) const {
    const toml::array *items = list(key, required);
    if (!items)
      return std::nullopt;
    std::vector<std::int64_t> values;
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < items->size(); ++i) {
      values.push_back(to_integer(key, *items->get(i), item_label(i), lo, hi));
      reject_repeat(key, seen, values.back(), [](std::int64_t v) { return std::to_string(v); });
    }
    return values;
  }

  /// Finite numbers > 0; integers are accepted.
  std::optional<std::vector<double>> positive_list(std::string_view key, bool required) const {
    const toml::array *items = list(key, required);
    if (!items)
      return std::nullopt;
    std::vector<double> values;
    std::set<double> seen;
    for (std::size_t i = 0; i < items->size(); ++i) {
      values.push_back(to_number(key, *items->get(i), item_label(i), 0.0, true));
      reject_repeat(key, seen, values.back(), format_number);
    }
    return values;
  }

private:
  std::string qualified(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  static std::string item_label(std::size_t i) { return "item " + std::to_string(i + 1) + ": "; }

  const toml::node *get(std::string_view key, bool required) const {
    const toml::node *node = table_.get(key);
    if (!node && required)
      fail(key, "missing (required)");
    return node;
  }

  const toml::array *list(std::string_view key, bool required) const {
    const toml::node *node = get(key, required);
    if (!node)
      return nullptr;
    if (!node->is_array())
      fail(key, "expected a list, got " + std::string(type_name(node->type())));
    if (node->as_array()->empty())
      fail(key, "the list is empty");
    return node->as_array();
  }

  std::int64_t to_integer(std::string_view key, const toml::node &node, const std::string &label,
                          std::int64_t lo, std::int64_t hi) const {
    if (!node.is_integer())
      fail(key, label + "expected an integer, got " + std::string(type_name(node.type())));
    std::int64_t value = node.as_integer()->get();
    if (value < lo || value > hi)
      fail(key, label + std::to_string(value) + " is out of range " + std::to_string(lo) + ".." +
                    std::to_string(hi));
    return value;
  }

  double to_number(std::string_view key, const toml::node &node, const std::string &label,
                   double min, bool strict) const {
    if (!node.is_number())
      fail(key, label + "expected a number, got " + std::string(type_name(node.type())));
    double value = node.is_integer() ? static_cast<double>(node.as_integer()->get())
                                     : node.as_floating_point()->get();
    if (!std::isfinite(value))
      fail(key, label + format_number(value) + " is not a finite number");
    if (strict ? !(value > min) : !(value >= min))
      fail(key, label + format_number(value) + " must be " + (strict ? "> " : ">= ") +
                    format_number(min));
    return value;
  }

  /// The last value of `values` must not occur earlier in the list.
  template <class T, class Format>
  void reject_repeat(std::string_view key, std::set<T> &seen, const T &value, Format format) const {
    // A set, not a scan of the list: a list of a million entries is checked in a second.
    if (!seen.insert(value).second)
      fail(key, format(value) + " is listed twice");
  }

  const toml::table &table_;
  std::string path_;
  const std::string &file_;
};

/// A path from the study, relative to the study file's folder.
inline std::filesystem::path resolve(const std::filesystem::path &origin,
                                     const std::filesystem::path &path) {
  if (path.is_absolute() || origin == kDefaultOrigin)
    return path;
  return (origin.parent_path() / path).lexically_normal();
}

} // namespace coscan::study::detail
