#pragma once
// The non-dominated filter behind the certified reduction: items (architectures) with a score
// (higher is better) and a sparse count vector; an item is removed when another has a score at
// least as good and a count vector componentwise no larger. Exact and fast: items are grouped by
// count vector first (a space has few distinct vectors), then the groups are filtered in order
// of decreasing score against the groups kept so far.
#include <coscan/search/arch_space.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// n items: a score each and a count vector each, rows of (shape, count) sorted by shape without
/// zero counts (ArchSpace::layer_counts() form). Shapes are plain ids: a caller may append
/// further monotone per-item terms as ids past the vocabulary.
struct CountVectors {
  std::vector<double> score;               ///< per item; NaN: incomparable (always kept)
  std::vector<std::size_t> row_start{0};   ///< n + 1 offsets into entries
  std::vector<search::LayerCount> entries; ///< the rows, one after the other

  std::size_t size() const { return score.size(); }
  std::span<const search::LayerCount> row(std::size_t i) const {
    return std::span(entries).subspan(row_start[i], row_start[i + 1] - row_start[i]);
  }
  void add(double item_score, std::span<const search::LayerCount> counts);
};

/// When item a removes item b (count(a) <= count(b) componentwise in both rules).
enum class Dominance {
  /// score(a) > score(b). What a tie-keeping Pareto front needs: an equally accurate
  /// architecture with fewer layers costs no more, but may cost exactly as much on some
  /// accelerator (a zero-cost layer, or rounding), and the front keeps exact ties.
  strictly_better_score,
  /// score(a) >= score(b) and a != b somewhere (the textbook rule; items equal in both are kept).
  weak,
};

/// a <= b componentwise (an id missing from a row counts 0).
bool counts_le(std::span<const search::LayerCount> a, std::span<const search::LayerCount> b);

struct NonDominated {
  std::vector<std::size_t> items;  ///< the survivors, ascending
  std::uint64_t count_vectors = 0; ///< distinct count vectors among the items
};

/// The survivors: within a count vector, the items of the best score (all on a tie); across
/// vectors, the groups no other group removes. O(n log n + groups x kept groups x row length).
NonDominated non_dominated(const CountVectors &items, Dominance rule);

/// O(n^2) reference of non_dominated(): every pair compared directly. For tests.
std::vector<std::size_t> non_dominated_brute_force(const CountVectors &items, Dominance rule);

} // namespace coscan::engine
