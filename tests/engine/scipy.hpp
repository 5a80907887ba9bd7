#pragma once
// SciPy as an outside reference for the rank statistics: a python3 that can import it, and the
// standard output of a command.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <utility>

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

/// scipy.stats' Spearman rho and Kendall tau of the points (x[i], y[i]), passed through the CSV
/// file `csv` (removed after); nullopt when SciPy gives no reply.
inline std::optional<std::pair<double, double>>
scipy_correlations(const std::string &python, std::span<const double> x, std::span<const double> y,
                   const std::filesystem::path &csv) {
  {
    std::ofstream out(csv);
    out.precision(17);
    for (std::size_t i = 0; i < x.size(); ++i)
      out << x[i] << ',' << y[i] << '\n';
  }
  const std::string script =
      "import numpy as np, scipy.stats as s; d = np.loadtxt('" + csv.string() +
      "', delimiter=',', ndmin=2); print(repr(float(s.spearmanr(d[:,0], d[:,1])[0])), "
      "repr(float(s.kendalltau(d[:,0], d[:,1])[0])))";
  std::istringstream reply(run_command(python + " -c \"" + script + "\""));
  std::filesystem::remove(csv);
  double rho = NAN, tau = NAN;
  reply >> rho >> tau;
  if (reply.fail())
    return std::nullopt;
  return std::pair{rho, tau};
}

} // namespace coscan::testing
