#include <coscan/io/hdf5_library.hpp>

#include <hdf5.h>

namespace coscan::io {

void keep_hdf5_out_of_exit() { H5dont_atexit(); }

} // namespace coscan::io
