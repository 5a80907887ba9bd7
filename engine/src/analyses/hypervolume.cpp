#include <coscan/engine/analyses/hypervolume.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <numeric>
#include <stdexcept>

namespace coscan::engine {
namespace {

using Rows = std::vector<std::vector<double>>;

/// Keeps the rows strictly better than the reference in every coordinate.
Rows inside(std::span<const double> points, std::span<const double> reference) {
  const std::size_t d = reference.size();
  Rows rows;
  for (std::size_t i = 0; i + d <= points.size(); i += d) {
    bool in = true;
    for (std::size_t k = 0; k < d && in; ++k)
      in = points[i + k] < reference[k];
    if (in)
      rows.emplace_back(points.begin() + static_cast<std::ptrdiff_t>(i),
                        points.begin() + static_cast<std::ptrdiff_t>(i + d));
  }
  return rows;
}

void sort_rows(Rows &rows, std::size_t first);

double hv1(const Rows &rows, std::span<const double> ref) {
  double best = ref[0];
  for (const auto &r : rows)
    best = std::min(best, r[0]);
  return ref[0] - best;
}

double hv2(Rows rows, std::span<const double> ref) {
  sort_rows(rows, 0);
  double volume = 0, best_y = ref[1];
  for (std::size_t i = 0; i < rows.size(); ++i) {
    best_y = std::min(best_y, rows[i][1]);
    const double next_x = i + 1 < rows.size() ? rows[i + 1][0] : ref[0];
    volume += (next_x - rows[i][0]) * (ref[1] - best_y);
  }
  return volume;
}

/// The 2-D staircase (x ascending, y strictly descending) of the points inserted so far, and the
/// area it dominates below the reference: step s covers [x_s, x_next) x [y_s, ref_y).
class Staircase {
public:
  Staircase(double ref_x, double ref_y) : ref_x_(ref_x), ref_y_(ref_y) {}

  void insert(double x, double y) {
    auto at_or_left = steps_.upper_bound(x);
    if (at_or_left != steps_.begin() && std::prev(at_or_left)->second <= y)
      return; // dominated by (or equal to) a step
    // The steps (x' >= x, y' >= y) the new point dominates are contiguous from x on.
    auto first = steps_.lower_bound(x), last = first;
    while (last != steps_.end() && last->second >= y)
      ++last;
    const bool has_left = first != steps_.begin();
    const auto left = has_left ? std::prev(first) : steps_.end();
    double before = has_left ? box(left) : 0;
    for (auto s = first; s != last; ++s)
      before += box(s);
    steps_.erase(first, last);
    const auto inserted = steps_.emplace(x, y).first;
    const double after = (has_left ? box(left) : 0) + box(inserted);
    area_ += after - before;
  }
  double area() const { return area_; }

private:
  using Steps = std::map<double, double>;
  double box(Steps::const_iterator s) const {
    const double end = std::next(s) == steps_.end() ? ref_x_ : std::next(s)->first;
    return (end - s->first) * (ref_y_ - s->second);
  }

  double ref_x_, ref_y_;
  Steps steps_;
  double area_ = 0;
};

/// Lexicographic order with coordinate `first` leading: a total order, so equal sets of points
/// are always processed in the same order and give bit-identical volumes.
void sort_rows(Rows &rows, std::size_t first) {
  std::sort(rows.begin(), rows.end(), [first](const auto &a, const auto &b) {
    if (a[first] != b[first])
      return a[first] < b[first];
    return a < b;
  });
}

double hv3(Rows rows, std::span<const double> ref) {
  sort_rows(rows, 2);
  Staircase stairs(ref[0], ref[1]);
  double volume = 0;
  for (std::size_t i = 0; i < rows.size();) {
    const double level = rows[i][2];
    for (; i < rows.size() && rows[i][2] == level; ++i)
      stairs.insert(rows[i][0], rows[i][1]);
    const double next = i < rows.size() ? rows[i][2] : ref[2];
    volume += (next - level) * stairs.area();
  }
  return volume;
}

double hv(Rows rows, std::span<const double> ref);

double hv_slices(Rows rows, std::span<const double> ref) {
  const std::size_t d = ref.size();
  // Slice along the coordinate with the fewest distinct values.
  std::size_t axis = d - 1, fewest = rows.size() + 1;
  for (std::size_t k = 0; k < d; ++k) {
    std::vector<double> v;
    for (const auto &r : rows)
      v.push_back(r[k]);
    std::sort(v.begin(), v.end());
    const auto distinct = static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
    if (distinct < fewest) {
      fewest = distinct;
      axis = k;
    }
  }
  sort_rows(rows, axis);
  std::vector<double> sub_ref;
  for (std::size_t k = 0; k < d; ++k)
    if (k != axis)
      sub_ref.push_back(ref[k]);
  // The projections of the points at or below the current level, reduced to their own exact
  // front: a projection dominated at one level stays dominated at every later one, and the
  // (d-1)-D hypervolume of a set is that of its front.
  ParetoFront below(d - 1);
  std::vector<double> level_points;
  std::vector<PairId> level_ids;
  double volume = 0;
  for (std::size_t i = 0; i < rows.size();) {
    const double level = rows[i][axis];
    level_points.clear();
    level_ids.clear();
    for (; i < rows.size() && rows[i][axis] == level; ++i) {
      for (std::size_t k = 0; k < d; ++k)
        if (k != axis)
          level_points.push_back(rows[i][k]);
      level_ids.push_back({i, 0});
    }
    below.insert(level_points, level_ids);
    const double next = i < rows.size() ? rows[i][axis] : ref[axis];
    Rows front;
    const auto values = below.values();
    for (std::size_t r = 0; r < below.size(); ++r)
      front.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(r * (d - 1)),
                         values.begin() + static_cast<std::ptrdiff_t>((r + 1) * (d - 1)));
    volume += (next - level) * hv(std::move(front), sub_ref);
  }
  return volume;
}

double hv(Rows rows, std::span<const double> ref) {
  switch (ref.size()) {
  case 1:
    return hv1(rows, ref);
  case 2:
    return hv2(std::move(rows), ref);
  case 3:
    return hv3(std::move(rows), ref);
  default:
    return hv_slices(std::move(rows), ref);
  }
}

} // namespace

double hypervolume(std::span<const double> points, std::span<const double> reference) {
  if (reference.empty() || points.size() % reference.size() != 0)
    throw std::invalid_argument("hypervolume: points and reference disagree in dimension");
  return hv(inside(points, reference), reference);
}

} // namespace coscan::engine

namespace coscan::engine {

double hypervolume_grid_reference(std::span<const double> points,
                                  std::span<const double> reference) {
  const std::size_t d = reference.size();
  const Rows rows = inside(points, reference);
  // Per dimension, the sorted distinct coordinates of the points and the reference: the grid.
  std::vector<std::vector<double>> axes(d);
  for (std::size_t k = 0; k < d; ++k) {
    for (const auto &r : rows)
      axes[k].push_back(r[k]);
    axes[k].push_back(reference[k]);
    std::sort(axes[k].begin(), axes[k].end());
    axes[k].erase(std::unique(axes[k].begin(), axes[k].end()), axes[k].end());
  }
  double volume = 0;
  std::vector<std::size_t> cell(d, 0);
  for (;;) {
    bool empty = false;
    for (std::size_t k = 0; k < d; ++k)
      empty = empty || cell[k] + 1 >= axes[k].size();
    if (!empty) {
      // The cell is dominated iff a point is <= its lower corner everywhere.
      const bool covered = std::any_of(rows.begin(), rows.end(), [&](const auto &r) {
        for (std::size_t k = 0; k < d; ++k)
          if (r[k] > axes[k][cell[k]])
            return false;
        return true;
      });
      if (covered) {
        double box = 1;
        for (std::size_t k = 0; k < d; ++k)
          box *= axes[k][cell[k] + 1] - axes[k][cell[k]];
        volume += box;
      }
    }
    std::size_t k = 0;
    while (k < d && ++cell[k] >= axes[k].size())
      cell[k++] = 0;
    if (k == d)
      break;
  }
  return volume;
}

} // namespace coscan::engine
