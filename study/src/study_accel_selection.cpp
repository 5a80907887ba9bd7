// `[accel_space.constraints]` and `[accel_space] subset, subset_size, subset_seed`: which grid
// points a study sweeps (docs/study.md). The builder applies them (accel_selection.cpp).
#include "study_readers.hpp"

#include <fmt/format.h>

#include <limits>

namespace coscan::study::detail {

void read_accel_constraints(const Section &space, Study &study) {
  auto section = space.section("constraints", false);
  if (!section)
    return;
  section->allow_only({"area_max_mm2", "onchip_max_kib", "max_aspect_ratio", "max_array_side",
                       "dataflow_rules", "filter_size"});
  search::AccelConstraints &c = study.accel_constraints;
  c.area_max_mm2 = section->number("area_max_mm2", 0.0, true);
  c.onchip_max_kib = section->number("onchip_max_kib", 0.0, true);
  c.max_aspect_ratio = section->number("max_aspect_ratio", 1.0, false);
  c.max_array_side = section->integer("max_array_side", 1, 1 << 20);
  c.dataflow_rules = section->boolean("dataflow_rules").value_or(false);
  if (section->has("filter_size") && !c.dataflow_rules)
    section->fail("filter_size", "only with dataflow_rules = true");
  c.filter_size = section->integer("filter_size", 1, 64).value_or(3);
  if (!c.any())
    space.fail("constraints", "the section sets no constraint");
}

void read_accel_subset(const Section &space, Study &study) {
  AccelSubsetSpec &spec = study.accel_subset;
  const std::string name = space.name("subset").value_or("none");
  const auto kind = search::parse_accel_subset(name);
  if (!kind)
    space.fail("subset", fmt::format("unknown subset '{}' (known: none, random, lhs)", name));
  spec.kind = *kind;
  if (spec.kind == search::AccelSubset::none) {
    for (std::string_view key : {"subset_size", "subset_seed"})
      if (space.has(key))
        space.fail(key, "only with subset = \"random\" or \"lhs\"");
    return;
  }
  if (!space.has("subset_size"))
    space.fail("subset_size", fmt::format("missing (required with subset = \"{}\")", name));
  // The Latin hypercube holds a level per sample and axis: bound it.
  constexpr std::int64_t kMaxSubset = std::int64_t{1} << 32;
  spec.size = static_cast<std::uint64_t>(*space.integer("subset_size", 1, kMaxSubset));
  spec.seed = static_cast<std::uint64_t>(
      space.integer("subset_seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));
}

} // namespace coscan::study::detail
