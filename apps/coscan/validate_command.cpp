// coscan validate STUDY.toml: parse and check a study, build its spaces, print their sizes.
#include "accel_summary.hpp"
#include "commands.hpp"
#include "format.hpp"
#include "study_source.hpp"

#include <coscan/search/wide_space.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/prune.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace coscan::app {

namespace {

/// Spaces up to this size get their distinct per-architecture count vectors counted.
constexpr std::uint64_t kMaxCountedSpace = 4'000'000;

/// Orders layer-count vectors (rows of H) lexicographically.
struct CountVectorLess {
  bool operator()(const std::vector<search::LayerCount> &a,
                  const std::vector<search::LayerCount> &b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(), [](const auto &x, const auto &y) {
          return x.shape != y.shape ? x.shape < y.shape : x.count < y.count;
        });
  }
};

/// How many distinct layer-count vectors (rows of H) the space has: architectures with equal
/// vectors cost the same on every accelerator. Empty when the space is too large to count.
std::optional<std::uint64_t> distinct_count_vectors(const search::ArchSpace &space) {
  if (space.size() > kMaxCountedSpace)
    return std::nullopt;
  std::set<std::vector<search::LayerCount>, CountVectorLess> distinct;
  std::vector<search::LayerCount> counts;
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    space.layer_counts(i, counts);
    distinct.insert(counts);
  }
  return distinct.size();
}

} // namespace

Action add_validate_command(CLI::App &app) {
  auto *command = app.add_subcommand("validate", "Check a study and print its space sizes");
  auto source = std::make_shared<StudySource>();
  source->add_options(*command);
  return [source] {
    const study::Study study = source->load();
    engine::Problem problem = study::build_problem(study);
    const study::PruneReport prune = study::prune_problem(study, problem);
    fmt::print("study {}: valid\n", study.file.string());
    fmt::print("  architectures  {:>16}  ({})\n", with_commas(problem.archs->size()),
               problem.archs->kind());
    if (const auto *wide = dynamic_cast<const search::WideArchSpace *>(problem.archs.get()))
      fmt::print("  whole space    {:>16}  (more than 2^64: the study sweeps the sample above)\n",
                 search::to_string(wide->wide_size()));
    fmt::print("  layer shapes   {:>16}  (vocabulary)\n",
               with_commas(problem.archs->vocabulary().size()));
    if (const auto distinct = distinct_count_vectors(*problem.archs))
      fmt::print("  count vectors  {:>16}  (distinct per-architecture layer counts)\n",
                 with_commas(*distinct));
    else
      fmt::print("  count vectors  n/a (space too large)\n");
    fmt::print("  accelerators   {:>16}  ({})\n", with_commas(problem.accels->size()),
               accel_selection_text(*problem.accels));
    if (study.enumeration.mode == study::EnumerationMode::sample)
      fmt::print("  sample         {:>16}  architectures x {} accelerators (seed {}{})\n",
                 with_commas(problem.num_archs()), with_commas(problem.num_accels()),
                 study.enumeration.seed, study.enumeration.replacement ? ", with replacement" : "");
    if (study.accuracy.sweep == study::AccuracySweep::table)
      fmt::print("  swept          {:>16}  architectures (the accuracy table's)\n",
                 with_commas(problem.num_archs()));
    if (prune.mode != study::PruneMode::none)
      fmt::print("  {:<15}{:>16}  architectures can be Pareto-optimal, of {} ({} count vectors)\n",
                 study::to_string(prune.mode), with_commas(prune.archs_swept),
                 with_commas(prune.archs_covered), with_commas(prune.count_vectors));
    const bool swept = study.enumeration.mode == study::EnumerationMode::sample ||
                       prune.mode != study::PruneMode::none ||
                       study.accuracy.sweep == study::AccuracySweep::table;
    fmt::print("  pairs          {:>16}{}\n", with_commas(problem.num_pairs()),
               swept ? "  (swept)" : "");
    fmt::print("  accuracy       {}\n", problem.accuracy->source());
    return 0;
  };
}

} // namespace coscan::app
