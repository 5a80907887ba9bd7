#pragma once
// Exact hypervolume of a set of points, all objectives minimised: the measure of the region
// they dominate below a reference point. Points not strictly better than the reference in
// every coordinate contribute nothing. Exact for any dimension:
// - 1-D: the best value's distance to the reference;
// - 2-D: one sweep in x order (O(n log n));
// - 3-D: a sweep in z order over the 2-D staircase of the points seen so far, kept in an
//   ordered map and updated incrementally (O(n log n));
// - d >= 4: slicing (HSO): the points sorted by the coordinate with the fewest distinct
//   values, each slab between two consecutive distinct values contributing its thickness times
//   the (d-1)-D hypervolume of the points at or below it.
#include <cstddef>
#include <span>
#include <vector>

namespace coscan::engine {

/// Hypervolume of the rows of a row-major n x d matrix `points` with respect to `reference`
/// (d entries).
double hypervolume(std::span<const double> points, std::span<const double> reference);

/// Reference for tests: sums the cells of the grid spanned by the points' coordinates that some
/// point dominates (O(n^(d+1))); small inputs only.
double hypervolume_grid_reference(std::span<const double> points,
                                  std::span<const double> reference);

} // namespace coscan::engine
