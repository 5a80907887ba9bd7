#include <coscan/costmodel/error.hpp>
#include <coscan/search/fbnet.hpp>
#include <coscan/tables/arch_columns.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace coscan::tables {
namespace {

/// The AlphaNet layout: resolution and per searchable stage 1..5 its depth, kernel and expand.
std::vector<std::string> alphanet_columns() {
  std::vector<std::string> columns = {"resolution"};
  for (const char *name : {"depth", "kernel", "expand"})
    for (int s = 1; s <= 5; ++s)
      columns.push_back(fmt::format("{}_{}", name, s));
  return columns;
}

/// The FBNet layout: one block name per searchable layer, op_0 .. op_21.
std::vector<std::string> fbnet_columns() {
  std::vector<std::string> columns;
  for (int l = 0; l < search::FbnetSpace::kNumLayers; ++l)
    columns.push_back(fmt::format("op_{}", l));
  return columns;
}

/// The positions of `names` in the table (into `at`); returns the names it lacks.
std::vector<std::string> find_columns(const CsvTable &table, const std::vector<std::string> &names,
                                      std::vector<std::size_t> &at) {
  std::vector<std::string> missing;
  for (const std::string &name : names) {
    if (const auto c = table.column(name))
      at.push_back(*c);
    else
      missing.push_back(name);
  }
  return missing;
}

/// Missing column names, abbreviated past four (FBNet's 22 would drown the message).
std::string missing_list(const std::vector<std::string> &missing) {
  return missing.size() > 4 ? fmt::format("{}, ... ({} columns)", missing.front(), missing.size())
                            : fmt::format("{}", fmt::join(missing, ", "));
}

} // namespace

std::vector<std::string> arch_strings_from_columns(const CsvTable &table) {
  const std::string file = table.file().string();
  std::vector<std::string> out;
  out.reserve(table.num_rows());
  if (const auto arch_col = table.column("arch_str")) {
    for (std::size_t row = 0; row < table.num_rows(); ++row)
      out.emplace_back(table.at(row, *arch_col));
    return out;
  }
  std::vector<std::size_t> darts;
  const auto darts_missing =
      find_columns(table, {"normal_cell", "normal_concat", "reduce_cell", "reduce_concat"}, darts);
  if (darts_missing.empty()) {
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      for (std::size_t concat : {darts[1], darts[3]})
        if (table.at(row, concat) != "2|3|4|5")
          throw InputError(fmt::format("{}:{}: column '{}': concat '{}' is not 2|3|4|5 (DARTS "
                                       "cells concatenate all four nodes)",
                                       file, table.line_of(row), table.header()[concat],
                                       table.at(row, concat)));
      out.push_back(fmt::format("{}/{}", table.at(row, darts[0]), table.at(row, darts[2])));
    }
    return out;
  }
  std::vector<std::size_t> ops;
  const auto fbnet_missing = find_columns(table, fbnet_columns(), ops);
  if (fbnet_missing.empty()) {
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      std::string text;
      for (std::size_t l = 0; l < ops.size(); ++l) {
        const std::string_view op = table.at(row, ops[l]);
        if (!search::FbnetSpace::block_digit(op))
          throw InputError(fmt::format("{}:{}: column 'op_{}': unknown block '{}' (known: {})",
                                       file, table.line_of(row), l, op,
                                       fmt::join(search::FbnetSpace::kBlockNames, ", ")));
        if (l > 0)
          text += '-';
        text += op;
      }
      out.push_back(std::move(text));
    }
    return out;
  }
  std::vector<std::size_t> at;
  const auto alphanet_missing = find_columns(table, alphanet_columns(), at);
  if (!alphanet_missing.empty())
    throw InputError(fmt::format(
        "{}: unknown column layout: no 'arch_str' column (NAS-Bench-201 layout); the DARTS layout "
        "misses {}; the FBNet layout misses {}; the AlphaNet layout misses {}",
        file, missing_list(darts_missing), missing_list(fbnet_missing),
        fmt::join(alphanet_missing, ", ")));
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    // The AlphaNet arch string, r<res>_k<k1-..-k5>_e<e1-..>_d<d1-..> (docs/spaces.md).
    const auto list = [&](std::size_t first) {
      std::string text;
      for (std::size_t s = 0; s < 5; ++s) {
        if (s > 0)
          text += '-';
        text += table.at(row, at[first + s]);
      }
      return text;
    };
    out.push_back(fmt::format("r{}_k{}_e{}_d{}", table.at(row, at[0]), list(6), list(11), list(1)));
  }
  return out;
}

} // namespace coscan::tables
