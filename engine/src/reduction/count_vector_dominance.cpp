#include <coscan/engine/reduction/count_vector_dominance.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace coscan::engine {
namespace {

bool removes(double score_a, double score_b, Dominance rule) {
  return rule == Dominance::strictly_better_score ? score_a > score_b : score_a >= score_b;
}

bool rows_equal(std::span<const search::LayerCount> a, std::span<const search::LayerCount> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool rows_less(std::span<const search::LayerCount> a, std::span<const search::LayerCount> b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](const search::LayerCount &x, const search::LayerCount &y) {
                                        return x.shape != y.shape ? x.shape < y.shape
                                                                  : x.count < y.count;
                                      });
}

std::uint64_t total(std::span<const search::LayerCount> row) {
  std::uint64_t sum = 0;
  for (const auto &c : row)
    sum += c.count;
  return sum;
}

/// Items sharing one count vector.
struct Group {
  std::size_t first_item; // the representative row
  double best;            // the best non-NaN score, NaN if all are NaN
  std::uint64_t total;    // sum of the counts: a dominator's is never larger
};

} // namespace

void CountVectors::add(double item_score, std::span<const search::LayerCount> counts) {
  score.push_back(item_score);
  entries.insert(entries.end(), counts.begin(), counts.end());
  row_start.push_back(entries.size());
}

bool counts_le(std::span<const search::LayerCount> a, std::span<const search::LayerCount> b) {
  auto j = b.begin();
  for (const auto &x : a) {
    while (j != b.end() && j->shape < x.shape)
      ++j;
    if (j == b.end() || j->shape != x.shape || j->count < x.count)
      return false;
  }
  return true;
}

NonDominated non_dominated(const CountVectors &items, Dominance rule) {
  const std::size_t n = items.size();
  // 1. Group by count vector: sort the items by row, then cut runs of equal rows.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return rows_less(items.row(a), items.row(b));
  });
  std::vector<Group> groups;
  std::vector<std::size_t> group_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t item = order[i];
    if (groups.empty() || !rows_equal(items.row(groups.back().first_item), items.row(item)))
      groups.push_back({item, std::nan(""), total(items.row(item))});
    Group &g = groups.back();
    const double s = items.score[item];
    if (!std::isnan(s) && (std::isnan(g.best) || s > g.best))
      g.best = s;
    group_of[item] = groups.size() - 1;
  }

  // 2. Filter the groups. Any dominator of a group has a score at least as high and a smaller
  // total (equal rows are one group), so in the order (best descending, total ascending) it
  // comes first; dominance is transitive, so comparing with the kept groups suffices. Groups
  // whose scores are all NaN neither dominate nor are dominated (NaN compares false).
  std::vector<std::size_t> by_best;
  std::vector<std::uint8_t> group_kept(groups.size(), 1);
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (!std::isnan(groups[g].best))
      by_best.push_back(g);
  std::stable_sort(by_best.begin(), by_best.end(), [&](std::size_t a, std::size_t b) {
    if (groups[a].best != groups[b].best)
      return groups[a].best > groups[b].best;
    return groups[a].total < groups[b].total;
  });
  std::vector<std::size_t> kept;
  for (std::size_t g : by_best) {
    const Group &candidate = groups[g];
    const bool dominated = std::any_of(kept.begin(), kept.end(), [&](std::size_t k) {
      const Group &keeper = groups[k];
      return keeper.total <= candidate.total && removes(keeper.best, candidate.best, rule) &&
             counts_le(items.row(keeper.first_item), items.row(candidate.first_item));
    });
    group_kept[g] = !dominated;
    if (!dominated)
      kept.push_back(g);
  }

  // 3. A kept group's survivors: its best-scored items (a less accurate member is dominated by
  // a best one under both rules) and its NaN-scored ones.
  NonDominated out;
  out.count_vectors = groups.size();
  for (std::size_t item = 0; item < n; ++item) {
    const Group &g = groups[group_of[item]];
    const double s = items.score[item];
    if (std::isnan(s) || (group_kept[group_of[item]] && s == g.best))
      out.items.push_back(item);
  }
  return out;
}

std::vector<std::size_t> non_dominated_brute_force(const CountVectors &items, Dominance rule) {
  std::vector<std::size_t> out;
  for (std::size_t b = 0; b < items.size(); ++b) {
    bool dominated = false;
    for (std::size_t a = 0; a < items.size() && !dominated; ++a) {
      if (!counts_le(items.row(a), items.row(b)))
        continue;
      const double sa = items.score[a], sb = items.score[b];
      dominated = rule == Dominance::strictly_better_score
                      ? sa > sb
                      : sa >= sb && (sa > sb || !rows_equal(items.row(a), items.row(b)));
    }
    if (!dominated)
      out.push_back(b);
  }
  return out;
}

} // namespace coscan::engine
