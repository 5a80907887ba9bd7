#include "format.hpp"

#include <fmt/format.h>

namespace coscan::app {

std::string with_commas(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
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
