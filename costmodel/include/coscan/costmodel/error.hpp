#pragma once
// The error type for bad user input, shared by every coscan library.
#include <stdexcept>

namespace coscan {

/// Bad input from the user (a study, a flag, a data file). The message is one line that names
/// the file, the key or line, and the reason; the command line reports it with exit code 2.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace coscan
