#pragma once
// Number formatting for people: thousands separators and SI-scaled rates.
#include <cstdint>
#include <string>

namespace coscan::app {

std::string with_commas(std::uint64_t value);
/// 1.23e8 -> "123 M"; 4.5e3 -> "4.50 k".
std::string si(double value);

} // namespace coscan::app
