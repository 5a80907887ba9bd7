#pragma once
// The study's accelerator space: its grid, minus the points the constraints remove, then its
// random or Latin-hypercube subset. An impossible constraint (nothing valid) or a subset larger
// than the valid points is an InputError naming the study key.
#include <coscan/costmodel/cost_model.hpp>
#include <coscan/search/accel_space.hpp>
#include <coscan/study/study.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace coscan::study {

/// Constraints are checked point by point: grids up to this size (the bitmap of valid points
/// then takes at most 512 MiB, plus 1/8 for its rank directory).
inline constexpr std::uint64_t kMaxConstrainedGrid = std::uint64_t{1} << 32;

/// `area` is the cost model whose area_mm2 the area budget limits.
std::unique_ptr<search::AccelSpace> build_accel_space(const Study &study,
                                                      const costmodel::CostModel &area);

/// "max_aspect_ratio 12, area_max_mm2 40" (rules that removed points), or "none".
std::string removed_summary(const search::AccelSelection &selection);

} // namespace coscan::study
