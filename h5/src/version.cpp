#include <coscan/h5/version.hpp>

namespace coscan::h5 {

std::string_view coscan_version() { return COSCAN_VERSION; }
std::string_view git_revision() { return COSCAN_GIT_REVISION; }

} // namespace coscan::h5
