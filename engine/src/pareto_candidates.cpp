#include <coscan/engine/cost_groups.hpp>
#include <coscan/engine/pareto_candidates.hpp>

#include <algorithm>

namespace coscan::engine {

ParetoCandidates ParetoCandidates::compute(const Problem &problem, std::uint64_t max_archs) {
  ParetoCandidates out;
  const std::uint64_t n = problem.num_archs();
  out.num_candidates_ = n;
  const bool accuracy_maximised =
      std::any_of(problem.objectives.begin(), problem.objectives.end(), [](const Objective &o) {
        return o.metric == Metric::accuracy && o.sense == Sense::maximize;
      });
  if (!accuracy_maximised || n > max_archs || !groups_by_cost(problem))
    return out;

  // Each cost group's most accurate members are the candidates.
  std::vector<std::uint64_t> positions(n);
  for (std::uint64_t p = 0; p < n; ++p)
    positions[p] = p;
  const CostGroups groups = CostGroups::compute(problem, positions);
  out.candidate_ = most_accurate(problem, positions, groups);
  out.num_candidates_ = static_cast<std::uint64_t>(
      std::count(out.candidate_.begin(), out.candidate_.end(), std::uint8_t{1}));
  out.num_groups_ = groups.num_groups();
  out.sample_ = problem.arch_sample;
  return out;
}

bool ParetoCandidates::is_candidate(std::uint64_t arch) const {
  if (candidate_.empty())
    return true;
  if (sample_.empty())
    return candidate_[arch] != 0;
  // Repeats of an index (sampling with replacement) share count vector and accuracy, hence
  // the flag: any of their positions answers.
  const auto it = std::lower_bound(sample_.begin(), sample_.end(), arch);
  return it != sample_.end() && *it == arch && candidate_[it - sample_.begin()] != 0;
}

} // namespace coscan::engine
