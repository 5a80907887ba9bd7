// The [accel_space] keys beyond the PE-array grid: the optional array shape (array_rows,
// array_cols) and the in-memory crossbar lists, which apply to dataflow imc_crossbar only.
#include <coscan/costmodel/accel_fields.hpp>
#include <coscan/search/accel_space.hpp>

#include "study_readers.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace coscan::study::detail {
namespace {

void read_array_shape(const Section &space, search::AccelGrid &grid) {
  for (const auto &field : costmodel::kIntegerAccelFields)
    if (field.kind == costmodel::AccelFieldKind::array_side)
      search::grid_values(grid, field.member) =
          space.integer_list(field.name, false, field.lo, field.hi)
              .value_or(std::vector<std::int64_t>{});
  // Every (num_pes, rows, cols) combination of the grid must be a valid array.
  const std::vector<std::int64_t> none{0};
  const auto &rows = grid.array_rows.empty() ? none : grid.array_rows;
  const auto &cols = grid.array_cols.empty() ? none : grid.array_cols;
  for (std::int64_t pes : grid.num_pes)
    for (std::int64_t r : rows)
      for (std::int64_t c : cols) {
        if (search::array_shape(pes, r, c))
          continue;
        if (c == 0)
          space.fail("array_rows", fmt::format("{} does not divide num_pes = {}", r, pes));
        if (r == 0)
          space.fail("array_cols", fmt::format("{} does not divide num_pes = {}", c, pes));
        space.fail("array_cols",
                   fmt::format("array_rows x array_cols = {} x {} = {} differs from num_pes = {}",
                               r, c, r * c, pes));
      }
}

void read_crossbar(const Section &space, search::AccelGrid &grid) {
  const bool imc = std::find(grid.dataflow.begin(), grid.dataflow.end(),
                             costmodel::Dataflow::imc_crossbar) != grid.dataflow.end();
  for (const auto &field : costmodel::kIntegerAccelFields) {
    if (field.kind != costmodel::AccelFieldKind::crossbar || !space.has(field.name))
      continue;
    if (!imc)
      space.fail(field.name, "only valid when accel_space.dataflow lists \"imc_crossbar\"");
    search::grid_values(grid, field.member) =
        *space.integer_list(field.name, true, field.lo, field.hi);
  }
  const std::int64_t adcs = *std::max_element(grid.adcs_per_xbar.begin(), grid.adcs_per_xbar.end());
  const std::int64_t cols = *std::min_element(grid.xbar_cols.begin(), grid.xbar_cols.end());
  if (adcs > cols)
    space.fail("adcs_per_xbar",
               fmt::format("{} ADCs per crossbar exceed its {} bit lines (xbar_cols)", adcs, cols));
}

} // namespace

void read_accel_space_extras(const Section &space, Study &study) {
  read_array_shape(space, study.accel_grid);
  read_crossbar(space, study.accel_grid);
}

} // namespace coscan::study::detail
