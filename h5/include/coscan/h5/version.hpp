#pragma once
// coscan's version and the git revision it was built from (recorded in every result).
#include <string_view>

namespace coscan::h5 {

std::string_view coscan_version();
std::string_view git_revision();

} // namespace coscan::h5
