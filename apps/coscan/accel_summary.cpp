#include "accel_summary.hpp"
#include "format.hpp"

#include <coscan/study/accel_space_builder.hpp>

#include <fmt/format.h>

namespace coscan::app {

std::string accel_selection_text(const search::AccelSpace &accels) {
  const search::AccelSelection &s = accels.selection();
  std::string text = fmt::format("valid {} / total {} grid points", with_commas(s.valid),
                                 with_commas(accels.grid_size()));
  if (s.valid != accels.grid_size())
    text += "; removed: " + study::removed_summary(s);
  if (s.subset != search::AccelSubset::none)
    text += fmt::format("; {} subset of {} (seed {})", search::to_string(s.subset),
                        with_commas(accels.size()), s.subset_seed);
  return text;
}

} // namespace coscan::app
