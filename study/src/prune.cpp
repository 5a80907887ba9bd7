#include <coscan/costmodel/error.hpp>
#include <coscan/engine/reduction/certified_reduction.hpp>
#include <coscan/study/prune.hpp>

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

namespace coscan::study {

PruneReport prune_problem(const Study &study, engine::Problem &problem) {
  PruneReport report;
  report.mode = study.engine.prune;
  report.archs_covered = problem.num_archs();
  report.archs_swept = problem.num_archs();
  report.pairs_covered = problem.num_pairs();
  if (study.engine.prune == PruneMode::none)
    return report;
  if (!problem.pair_sample.empty())
    throw InputError(fmt::format("{}: key 'engine.prune': \"certified\" prunes whole "
                                 "architectures, not independent random pairs ([enumeration] "
                                 "pairs)",
                                 study.file.string()));

  const auto start = std::chrono::steady_clock::now();
  engine::CertifiedSet certified;
  try {
    certified = engine::certified_archs(problem);
  } catch (const InputError &e) {
    throw InputError(fmt::format("{}: key 'engine.prune': {}", study.file.string(), e.what()));
  }
  // At least the most accurate architecture survives, so the list is never empty (an empty
  // arch_sample would mean the whole space).
  if (certified.positions.empty())
    throw std::logic_error("prune_problem: empty certified set");
  std::vector<std::uint64_t> archs(certified.positions.size());
  for (std::size_t i = 0; i < archs.size(); ++i)
    archs[i] = problem.arch_at(certified.positions[i]); // ascending, as the list is
  problem.arch_sample = std::move(archs);
  report.archs_swept = problem.num_archs();
  report.count_vectors = certified.count_vectors;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

} // namespace coscan::study
