#pragma once
// The error types for bad user input and failed writes, shared by every coscan library.
#include <stdexcept>

namespace coscan {

/// Bad input from the user (a study, a flag, a data file). The message is one line that names
/// the file, the key or line, and the reason; the command line reports it with exit code 2.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A write that failed (a full disk, a quota, an I/O error). The message is one line naming the
/// file and the operating system's (or HDF5's) reason; the command line reports it with exit
/// code 1, and nothing is left under the file's final name.
class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace coscan
