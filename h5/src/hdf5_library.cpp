#include <coscan/h5/hdf5_library.hpp>

#include <hdf5.h>

namespace coscan::h5 {

void keep_hdf5_out_of_exit() { H5dont_atexit(); }

} // namespace coscan::h5
