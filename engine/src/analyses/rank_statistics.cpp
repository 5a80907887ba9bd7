#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace coscan::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_sizes(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw std::invalid_argument("rank statistics: the two vectors differ in length");
}

/// Sum over the runs of equal values of an ordered sequence of t * (t - 1) / 2.
template <class Equal> std::uint64_t tied_pairs(std::size_t n, Equal equal) {
  std::uint64_t pairs = 0, run = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
      continue;
    }
    pairs += run * (run - 1) / 2;
    run = 1;
  }
  return pairs;
}

/// Stable merge sort of `y`; returns the number of inversions (pairs with y strictly
/// decreasing). `buffer` is scratch of the same size.
std::uint64_t sort_counting_swaps(std::vector<double> &y, std::vector<double> &buffer) {
  const std::size_t n = y.size();
  std::uint64_t swaps = 0;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (y[j] < y[i]) {
          swaps += mid - i; // y[j] jumps over every remaining left element
          buffer[k++] = y[j++];
        } else {
          buffer[k++] = y[i++];
        }
      }
      while (i < mid)
        buffer[k++] = y[i++];
      while (j < hi)
        buffer[k++] = y[j++];
    }
    y.swap(buffer);
  }
  return swaps;
}

} // namespace

std::vector<double> average_ranks(std::span<const double> x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> ranks(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && x[order[j]] == x[order[i]])
      ++j;
    // Positions i..j-1 (0-based) share the mean of ranks i+1..j.
    const double rank = 0.5 * static_cast<double>(i + 1 + j);
    for (std::size_t t = i; t < j; ++t)
      ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

double pearson(std::span<const double> x, std::span<const double> y) {
  check_sizes(x, y);
  const std::size_t n = x.size();
  if (n < 2)
    return kNaN;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0)
    return kNaN;
  return std::clamp(sxy / (std::sqrt(sxx) * std::sqrt(syy)), -1.0, 1.0);
}

double spearman(std::span<const double> x, std::span<const double> y) {
  check_sizes(x, y);
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  return pearson(rx, ry);
}

double kendall_tau_b(std::span<const double> x, std::span<const double> y) {
  check_sizes(x, y);
  const std::size_t n = x.size();
  if (n < 2)
    return kNaN;
  // Knight: sort the pairs by x, then y; count the pairs tied in x and tied in both.
  std::vector<std::pair<double, double>> xy(n);
  for (std::size_t i = 0; i < n; ++i)
    xy[i] = {x[i], y[i]};
  std::sort(xy.begin(), xy.end());
  const std::uint64_t x_ties =
      tied_pairs(n, [&](std::size_t i, std::size_t j) { return xy[i].first == xy[j].first; });
  const std::uint64_t joint_ties =
      tied_pairs(n, [&](std::size_t i, std::size_t j) { return xy[i] == xy[j]; });
  // Sorting by y now, every swap is a discordant pair (pairs tied in x are already in y order).
  std::vector<double> ys(n), buffer(n);
  for (std::size_t i = 0; i < n; ++i)
    ys[i] = xy[i].second;
  const std::uint64_t discordant = sort_counting_swaps(ys, buffer);
  const std::uint64_t y_ties =
      tied_pairs(n, [&](std::size_t i, std::size_t j) { return ys[i] == ys[j]; });
  const std::uint64_t total = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  if (x_ties == total || y_ties == total)
    return kNaN;
  // concordant - discordant = total - x_ties - y_ties + joint_ties - 2 * discordant
  const double con_minus_dis = static_cast<double>(total - x_ties - y_ties + joint_ties) -
                               2.0 * static_cast<double>(discordant);
  const double tau = con_minus_dis / std::sqrt(static_cast<double>(total - x_ties)) /
                     std::sqrt(static_cast<double>(total - y_ties));
  return std::clamp(tau, -1.0, 1.0);
}

std::vector<std::size_t> top_k(std::span<const double> x, std::size_t k) {
  if (k < 1 || k > x.size())
    throw std::invalid_argument("top_k: k must be in 1..n");
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto before = [&](std::size_t a, std::size_t b) {
    return x[a] < x[b] || (x[a] == x[b] && a < b);
  };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k - 1), order.end(),
                   before);
  order.resize(k);
  std::sort(order.begin(), order.end());
  return order;
}

double topk_overlap(std::span<const double> x, std::span<const double> y, std::size_t k) {
  check_sizes(x, y);
  const std::vector<std::size_t> a = top_k(x, k), b = top_k(y, k);
  std::vector<std::size_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(k);
}

std::vector<std::size_t> accuracy_metric_front(std::span<const double> accuracy,
                                               std::span<const double> metric) {
  check_sizes(accuracy, metric);
  const std::size_t n = accuracy.size();
  std::vector<double> values(2 * n);
  std::vector<PairId> ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[2 * i] = -accuracy[i];
    values[2 * i + 1] = metric[i];
    ids[i] = {i, 0};
  }
  ParetoFront front(2);
  front.insert(values, ids);
  front.sort_by_id();
  std::vector<std::size_t> out;
  out.reserve(front.size());
  for (const PairId &id : front.ids())
    out.push_back(static_cast<std::size_t>(id.arch));
  return out;
}

FrontOverlap front_overlap(std::span<const std::size_t> front,
                           std::span<const std::size_t> proxy_front) {
  std::vector<std::size_t> common;
  std::set_intersection(front.begin(), front.end(), proxy_front.begin(), proxy_front.end(),
                        std::back_inserter(common));
  const double both = static_cast<double>(common.size());
  const double either = static_cast<double>(front.size() + proxy_front.size()) - both;
  FrontOverlap out;
  out.jaccard = either > 0 ? both / either : kNaN;
  out.recall = front.empty() ? kNaN : both / static_cast<double>(front.size());
  return out;
}

Eigen::MatrixXd spearman_matrix(const Eigen::MatrixXd &values) {
  const Eigen::Index n = values.rows(), m = values.cols();
  Eigen::MatrixXd ranks(n, m);
  std::vector<bool> constant(static_cast<std::size_t>(m), false);
  for (Eigen::Index c = 0; c < m; ++c) {
    const std::vector<double> r =
        average_ranks(std::span<const double>(values.col(c).data(), static_cast<std::size_t>(n)));
    auto col = ranks.col(c);
    for (Eigen::Index i = 0; i < n; ++i)
      col(i) = r[static_cast<std::size_t>(i)];
    col.array() -= col.mean();
    const double norm = col.norm();
    if (norm == 0 || n < 2)
      constant[static_cast<std::size_t>(c)] = true;
    else
      col /= norm;
  }
  Eigen::MatrixXd rho = ranks.transpose() * ranks;
  for (Eigen::Index c = 0; c < m; ++c) {
    if (constant[static_cast<std::size_t>(c)]) {
      rho.row(c).setConstant(kNaN);
      rho.col(c).setConstant(kNaN);
    } else {
      rho(c, c) = 1.0;
    }
  }
  return rho.cwiseMax(-1.0).cwiseMin(1.0);
}

} // namespace coscan::engine
