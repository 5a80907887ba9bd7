// The semi-decoupled rule's proxy front: layers and slack against O(n^2) definitions.
#include <coscan/engine/analyses/proxy_front.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace coscan::engine {
namespace {

struct Column {
  std::vector<double> accuracy, metric;
};

Column random_column(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> acc(0, 15), met(1, 40); // heavy ties on both axes
  Column c;
  for (std::size_t i = 0; i < n; ++i) {
    c.accuracy.push_back(80 + acc(rng) * 0.5);
    c.metric.push_back(met(rng) * 1e-3);
  }
  return c;
}

/// The eps-dominance definition of proxy_front.hpp, pair by pair.
bool kept_by_definition(const Column &c, std::size_t a, double slack) {
  for (std::size_t b = 0; b < c.accuracy.size(); ++b) {
    const double scaled = (1.0 + slack) * c.metric[b];
    if ((c.accuracy[b] >= c.accuracy[a] && scaled < c.metric[a]) ||
        (c.accuracy[b] > c.accuracy[a] && scaled <= c.metric[a]))
      return false;
  }
  return true;
}

TEST(ProxyFront, LayersMatchPeeling) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const Column c = random_column(300, seed);
    const AccuracyOrder order(c.accuracy);
    ProxyFront front;
    front.analyse(order, c.metric, true);
    EXPECT_EQ(front.layer, nondominated_layers_reference(c.accuracy, c.metric)) << seed;
  }
}

TEST(ProxyFront, SlackMatchesDefinitionAndMinSlackIsTight) {
  const Column c = random_column(250, 11);
  const AccuracyOrder order(c.accuracy);
  ProxyFront front;
  front.analyse(order, c.metric, true);
  for (double slack : {0.0, 0.05, 0.2, 1.0})
    for (std::size_t a = 0; a < c.metric.size(); ++a)
      ASSERT_EQ(front.within_slack(a, c.metric[a], slack), kept_by_definition(c, a, slack))
          << a << " slack " << slack;
  for (std::size_t a = 0; a < c.metric.size(); ++a) {
    // Slack 0 is the front (layer 1).
    EXPECT_EQ(front.within_slack(a, c.metric[a], 0.0), front.layer[a] == 1) << a;
    const double eps = front.min_slack(a, c.metric[a]);
    EXPECT_TRUE(kept_by_definition(c, a, eps)) << a;
    if (eps > 0) {
      EXPECT_FALSE(kept_by_definition(c, a, std::nextafter(eps, 0.0))) << a;
    }
  }
}

} // namespace
} // namespace coscan::engine
