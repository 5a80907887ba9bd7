#pragma once
// Per-component energies fitted to a reference (MAESTRO's per-layer energy): our L1, NoC and L2
// traffic, with their access counts as the model computes them, weighted by constants (pJ per
// byte) chosen by least squares on the relative error, constants >= 0. Fitted on every network
// (in-sample) and leaving each network out in turn (its points predicted by the constants fitted
// on the others), so the held-out figure says whether the structure, not the constants, ranks
// the layers. Used by calibration.hpp.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace coscan::calibration {

/// pJ per byte of L1, NoC and L2 traffic.
using ComponentEnergies = std::array<double, 3>;

/// The points a fit sees: our bytes per component, the reference energy (nJ), the network.
struct EnergyPoints {
  std::vector<std::array<double, 3>> bytes;
  std::vector<double> reference_nj;
  std::vector<const std::string *> network;

  void add(const std::array<double, 3> &b, double nj, const std::string &net) {
    bytes.push_back(b);
    reference_nj.push_back(nj);
    network.push_back(&net);
  }
  /// Our energy (nJ) of point i with the given constants.
  double predict(std::size_t i, const ComponentEnergies &pj) const {
    return (bytes[i][0] * pj[0] + bytes[i][1] * pj[1] + bytes[i][2] * pj[2]) * 1e-3;
  }
};

namespace detail {

/// Solves the normal equations restricted to the components in `mask` (bit c: component c);
/// false when they are singular.
inline bool solve_subset(const double (&ata)[3][3], const double (&atb)[3], unsigned mask,
                         ComponentEnergies &out) {
  int idx[3], n = 0;
  for (int c = 0; c < 3; ++c)
    if (mask & (1u << c))
      idx[n++] = c;
  double m[3][4] = {};
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c)
      m[r][c] = ata[idx[r]][idx[c]];
    m[r][n] = atb[idx[r]];
  }
  for (int col = 0; col < n; ++col) { // Gauss-Jordan with partial pivoting
    int pivot = col;
    for (int r = col + 1; r < n; ++r)
      if (std::abs(m[r][col]) > std::abs(m[pivot][col]))
        pivot = r;
    if (std::abs(m[pivot][col]) < 1e-300)
      return false;
    for (int c = 0; c <= n; ++c)
      std::swap(m[col][c], m[pivot][c]);
    for (int r = 0; r < n; ++r) {
      if (r == col)
        continue;
      const double f = m[r][col] / m[col][col];
      for (int c = col; c <= n; ++c)
        m[r][c] -= f * m[col][c];
    }
  }
  out = {0, 0, 0};
  for (int r = 0; r < n; ++r)
    out[idx[r]] = m[r][n] / m[r][r];
  return true;
}

} // namespace detail

/// The constants (pJ per byte, >= 0) minimising sum ((ours - reference) / reference)^2 over the
/// points whose network is not `left_out` (nullptr: all of them). Non-negative least squares
/// over three unknowns by trying every subset of components.
inline ComponentEnergies fit_component_energies(const EnergyPoints &p,
                                                const std::string *left_out = nullptr) {
  double ata[3][3] = {}, atb[3] = {};
  for (std::size_t i = 0; i < p.bytes.size(); ++i) {
    if (left_out && *p.network[i] == *left_out)
      continue;
    double row[3];
    for (int c = 0; c < 3; ++c)
      row[c] = p.bytes[i][c] * 1e-3 / p.reference_nj[i]; // per pJ/byte, relative to the reference
    for (int r = 0; r < 3; ++r) {
      atb[r] += row[r];
      for (int c = 0; c < 3; ++c)
        ata[r][c] += row[r] * row[c];
    }
  }
  ComponentEnergies best{0, 0, 0};
  double best_loss = std::numeric_limits<double>::infinity();
  for (unsigned mask = 1; mask < 8; ++mask) {
    ComponentEnergies w;
    if (!detail::solve_subset(ata, atb, mask, w) || w[0] < 0 || w[1] < 0 || w[2] < 0)
      continue;
    // sum (row . w - 1)^2 = w' ata w - 2 w' atb + count; the count is the same for every subset.
    double loss = 0;
    for (int r = 0; r < 3; ++r) {
      loss -= 2 * w[r] * atb[r];
      for (int c = 0; c < 3; ++c)
        loss += w[r] * ata[r][c] * w[c];
    }
    if (loss < best_loss) {
      best_loss = loss;
      best = w;
    }
  }
  return best;
}

} // namespace coscan::calibration
