// Study -> AccelSpace: constraints first (one pass over the grid), then the subset, drawn from
// the valid points only, on its own seed.
#include <coscan/costmodel/error.hpp>
#include <coscan/search/accel_selection.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/study/accel_space_builder.hpp>

#include <fmt/format.h>

namespace coscan::study {

std::string removed_summary(const search::AccelSelection &selection) {
  std::string text;
  for (std::size_t r = 0; r < search::kNumAccelRules; ++r)
    if (selection.removed[r] > 0)
      text += fmt::format("{}{} {}", text.empty() ? "" : ", ", search::kAccelRuleNames[r],
                          selection.removed[r]);
  return text.empty() ? "none" : text;
}

std::unique_ptr<search::AccelSpace> build_accel_space(const Study &study,
                                                      const costmodel::CostModel &area) {
  const std::string file = study.file.string();
  const search::AccelSpace grid(study.accel_grid);
  const search::AccelConstraints &constraints = study.accel_constraints;
  search::AccelSelection selection;
  search::IndexSubset valid = search::IndexSubset::all(grid.grid_size());
  if (constraints.any()) {
    if (grid.grid_size() > kMaxConstrainedGrid)
      throw InputError(fmt::format("{}: key 'accel_space.constraints': the grid has {} points; "
                                   "constraints are checked point by point on grids of at most "
                                   "2^32",
                                   file, grid.grid_size()));
    const search::AccelConstraintCheck check(
        constraints, [&area](const costmodel::AccelParams &a) { return area.area_mm2(a); });
    valid = search::valid_points(grid, check, selection.removed);
    if (valid.size() == 0)
      throw InputError(fmt::format("{}: key 'accel_space.constraints': no accelerator of the "
                                   "grid's {} satisfies the constraints (removed: {})",
                                   file, grid.grid_size(), removed_summary(selection)));
  }
  selection.valid = valid.size();
  const AccelSubsetSpec &subset = study.accel_subset;
  if (subset.kind != search::AccelSubset::none) {
    if (subset.size > valid.size())
      throw InputError(fmt::format("{}: key 'accel_space.subset_size': {} exceeds the {} valid "
                                   "accelerators",
                                   file, subset.size, valid.size()));
    if (subset.kind == search::AccelSubset::lhs && grid.radices().empty())
      throw InputError(fmt::format(
          "{}: key 'accel_space.subset': \"lhs\" needs the same parameter lists for every "
          "dataflow (the crossbar lists apply to imc_crossbar only); use \"random\"",
          file));
    selection.subset = subset.kind;
    selection.subset_seed = subset.seed;
    // Its own stream of the seed, apart from [enumeration]'s draws.
    const std::uint64_t seed = search::mix64(subset.seed) ^ 0x73756273; // "subs"
    std::vector<std::uint64_t> points =
        subset.kind == search::AccelSubset::random
            ? search::random_subset(valid, subset.size, seed)
            : search::latin_hypercube_subset(grid.radices(), valid, subset.size, seed).points;
    valid = search::IndexSubset::from_sorted(grid.grid_size(), std::move(points));
  }
  return std::make_unique<search::AccelSpace>(study.accel_grid, std::move(valid),
                                              std::move(selection));
}

} // namespace coscan::study
