#include "arch_space_builder.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>

#include <fmt/format.h>

namespace coscan::io::detail {

std::unique_ptr<search::ArchSpace> build_arch_space(const Study &study) {
  return search::make_arch_space(study.arch_space);
}

void list_wide_sample(const Study &study, search::ArchSpace &space, bool allow_unlisted) {
  auto *wide = dynamic_cast<search::WideArchSpace *>(&space);
  if (wide == nullptr)
    return;
  const EnumerationSpec &spec = study.enumeration;
  if (spec.mode != "sample" || spec.archs == 0) {
    if (allow_unlisted)
      return;
    throw InputError(fmt::format(
        "{}: key 'enumeration.archs': the '{}' space has {} architectures, more than 2^64: "
        "sample them ([enumeration] mode = \"sample\", archs = N)",
        study.file.string(), space.kind(), search::to_string(wide->wide_size())));
  }
  // The stream of the 64-bit spaces' architecture sample (problem_builder.cpp), so a seed means
  // the same kind of draw everywhere.
  wide->set_list(search::sample_wide(*wide, spec.archs, search::mix64(spec.seed) ^ 0x61726368,
                                     spec.replacement));
}

} // namespace coscan::io::detail
