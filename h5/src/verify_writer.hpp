#pragma once
// Internal: writes /verify (docs/results-format.md) into an open results file.
#include <coscan/engine/analyses/verify.hpp>

#include <hdf5.h>

namespace coscan::h5::detail {

void write_verify(hid_t file, const engine::VerifyResult &result);

} // namespace coscan::h5::detail
