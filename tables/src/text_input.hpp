#pragma once
// Checks shared by the readers of text inputs (CSV tables, MAESTRO model files).
#include <coscan/costmodel/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace coscan::tables::detail {

/// Throws coscan::InputError ("FILE:LINE: contains a NUL byte: not a text KIND") when `text` has
/// a NUL: a binary file, whose values would also cut every message that quotes them.
inline void reject_nul(std::string_view text, const std::filesystem::path &file,
                       std::string_view kind) {
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos)
    return;
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
  throw InputError(
      fmt::format("{}:{}: contains a NUL byte: not a text {}", file.string(), line, kind));
}

} // namespace coscan::tables::detail
