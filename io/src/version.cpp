#include <coscan/io/version.hpp>

namespace coscan::io {

std::string_view coscan_version() { return COSCAN_VERSION; }
std::string_view git_revision() { return COSCAN_GIT_REVISION; }

} // namespace coscan::io
