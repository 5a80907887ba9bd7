#include <coscan/engine/analyses/proxy_front.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace coscan::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The eps-dominance test of proxy_front.hpp for one architecture.
bool kept(double m, double best_at_least, double best_above, double slack) {
  const double scale = 1.0 + slack;
  return !(scale * best_at_least < m) && !(scale * best_above <= m);
}

} // namespace

AccuracyOrder::AccuracyOrder(std::span<const double> accuracy) {
  if (accuracy.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("AccuracyOrder: too many architectures");
  order_.resize(accuracy.size());
  std::iota(order_.begin(), order_.end(), 0u);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return accuracy[a] > accuracy[b]; });
  for (std::size_t i = 0; i < order_.size(); ++i)
    if (i == 0 || accuracy[order_[i]] != accuracy[order_[i - 1]])
      group_start_.push_back(static_cast<std::uint32_t>(i));
  group_start_.push_back(static_cast<std::uint32_t>(order_.size()));
}

void ProxyFront::analyse(const AccuracyOrder &accuracy_order, std::span<const double> metric,
                         bool with_layers) {
  const auto order = accuracy_order.order();
  const auto groups = accuracy_order.group_start();
  const std::size_t n = order.size();
  best_at_least.resize(n);
  best_above.resize(n);
  layer.clear();
  if (with_layers)
    layer.resize(n);
  // layer_min[k]: the smallest metric in layer k + 1 among the more accurate groups seen so
  // far; nondecreasing in k, so a binary search finds the first layer with no dominator.
  std::vector<double> layer_min;
  std::vector<std::uint32_t> in_group;
  double above = kInf;
  for (std::size_t g = 0; g + 1 < groups.size(); ++g) {
    const auto first = order.begin() + groups[g], last = order.begin() + groups[g + 1];
    double group_min = kInf;
    for (auto it = first; it != last; ++it)
      group_min = std::min(group_min, metric[*it]);
    const double at_least = std::min(above, group_min);
    for (auto it = first; it != last; ++it) {
      best_at_least[*it] = at_least;
      best_above[*it] = above;
    }
    above = at_least;
    if (!with_layers)
      continue;
    // Within a group (equal accuracy) a smaller metric dominates: visit by metric.
    in_group.assign(first, last);
    std::stable_sort(in_group.begin(), in_group.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return metric[a] < metric[b]; });
    std::uint32_t previous_layer = 0; // of the previous distinct metric value in the group
    double previous_metric = -kInf;
    std::uint32_t current_layer = 0;
    for (std::uint32_t a : in_group) {
      const double m = metric[a];
      if (m != previous_metric) {
        previous_layer = current_layer;
        previous_metric = m;
        // Layers 1..k hold a more accurate point with metric <= m (a dominator).
        const auto k = static_cast<std::uint32_t>(
            std::upper_bound(layer_min.begin(), layer_min.end(), m) - layer_min.begin());
        current_layer = std::max(k + 1, previous_layer + 1);
      }
      layer[a] = current_layer;
    }
    for (std::uint32_t a : in_group) {
      if (layer[a] > layer_min.size())
        layer_min.resize(layer[a], kInf);
      layer_min[layer[a] - 1] = std::min(layer_min[layer[a] - 1], metric[a]);
    }
  }
}

bool ProxyFront::within_slack(std::size_t a, double metric_a, double slack) const {
  return kept(metric_a, best_at_least[a], best_above[a], slack);
}

double ProxyFront::min_slack(std::size_t a, double metric_a) const {
  const double m1 = best_at_least[a], m2 = best_above[a];
  if (kept(metric_a, m1, m2, 0.0))
    return 0.0;
  // The bounds from the two conditions, then a few ulps of adjustment so that the returned
  // value is the smallest double that passes the test as the rule evaluates it.
  double eps = std::max({0.0, metric_a / m1 - 1.0, std::isfinite(m2) ? metric_a / m2 - 1.0 : 0.0});
  for (int i = 0; i < 64 && !kept(metric_a, m1, m2, eps); ++i)
    eps = std::nextafter(eps, kInf);
  while (!kept(metric_a, m1, m2, eps))
    eps = eps * 2 + std::numeric_limits<double>::min();
  for (int i = 0; i < 64 && eps > 0; ++i) {
    const double lower = std::nextafter(eps, 0.0);
    if (!kept(metric_a, m1, m2, lower))
      break;
    eps = lower;
  }
  return eps;
}

std::vector<std::uint32_t> nondominated_layers_reference(std::span<const double> accuracy,
                                                         std::span<const double> metric) {
  const std::size_t n = accuracy.size();
  std::vector<std::uint32_t> layer(n, 0);
  std::size_t left = n;
  for (std::uint32_t current = 1; left > 0; ++current) {
    std::vector<std::size_t> front;
    for (std::size_t a = 0; a < n; ++a) {
      if (layer[a] != 0)
        continue;
      bool dominated = false;
      for (std::size_t b = 0; b < n && !dominated; ++b)
        dominated = layer[b] == 0 && accuracy[b] >= accuracy[a] && metric[b] <= metric[a] &&
                    (accuracy[b] > accuracy[a] || metric[b] < metric[a]);
      if (!dominated)
        front.push_back(a);
    }
    for (std::size_t a : front)
      layer[a] = current;
    left -= front.size();
  }
  return layer;
}

} // namespace coscan::engine
