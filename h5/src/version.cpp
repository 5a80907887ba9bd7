#include <coscan/h5/version.hpp>

namespace coscan::h5 {

std::string_view coscan_version() { return COSCAN_VERSION; }
// git_revision() is generated at build time: build/generated/git_revision.cpp.

} // namespace coscan::h5
