#pragma once
// How the command line sets up the HDF5 library.

namespace coscan::h5 {

/// Call first in main, before any other HDF5 call: HDF5 then does no clean-up at exit. After a
/// file's close has failed (a full disk), that clean-up retries the file and crashes the process
/// (SIGSEGV after coscan reported the error); without it the process ends with the exit code of
/// the error it reported. Every file coscan writes is closed explicitly and checked.
void keep_hdf5_out_of_exit();

} // namespace coscan::h5
