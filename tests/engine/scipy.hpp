#pragma once
// SciPy as an outside reference for the rank statistics: a python3 that can import it, and the
// standard output of a command.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace coscan::testing {

/// A python interpreter that can import SciPy, or empty.
inline std::string scipy_python() {
  for (const char *python : {"python3", "/usr/bin/python3"}) {
    const std::string command = std::string(python) + " -c 'import scipy' >/dev/null 2>&1";
    if (std::system(command.c_str()) == 0)
      return python;
  }
  return {};
}

/// The standard output of a shell command.
inline std::string run_command(const std::string &command) {
  std::string out;
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe))
    out += buffer;
  pclose(pipe);
  return out;
}

} // namespace coscan::testing
