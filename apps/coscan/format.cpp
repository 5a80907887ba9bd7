#include "format.hpp"

#include <fmt/format.h>

namespace coscan::app {

std::string with_commas(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

std::string si(double value) {
  const char *prefixes[] = {"", " k", " M", " G", " T"};
  int p = 0;
  while (value >= 1000 && p < 4) {
    value /= 1000;
    ++p;
  }
  return fmt::format("{:.3g}{}", value, prefixes[p]);
}

} // namespace coscan::app
