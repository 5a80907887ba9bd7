#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/reduction/pareto_candidates.hpp>

#include <algorithm>

namespace coscan::engine {

ParetoCandidates ParetoCandidates::compute(const Problem &problem, std::uint64_t max_archs) {
  ParetoCandidates out;
  const std::uint64_t n = problem.num_archs();
  out.num_candidates_ = n;
  out.num_representatives_ = n;
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
  // Each group's first candidate (in position order) represents the others.
  std::vector<std::uint64_t> representative(groups.num_groups(), n);
  out.num_representatives_ = 0;
  for (std::uint64_t p = 0; p < n; ++p) {
    if (!out.candidate_[p])
      continue;
    std::uint64_t &rep = representative[groups.group_of[p]];
    if (rep == n) {
      rep = p;
      out.candidate_[p] = kRepresentative;
      ++out.num_representatives_;
    } else {
      out.candidate_[p] = kTie;
      out.ties_[rep].push_back(out.sample_.empty() ? p : out.sample_[p]);
    }
  }
  return out;
}

std::uint64_t ParetoCandidates::position_of(std::uint64_t arch) const {
  if (sample_.empty())
    return arch;
  return static_cast<std::uint64_t>(std::lower_bound(sample_.begin(), sample_.end(), arch) -
                                    sample_.begin());
}

void ParetoCandidates::add_ties(ParetoFront &front) const {
  if (ties_.empty())
    return;
  std::vector<std::size_t> members;
  std::vector<PairId> ids;
  const std::span<const PairId> have = front.ids();
  for (std::size_t m = 0; m < have.size(); ++m) {
    // A representative is the first position of its index: a repeat of it in a sample is a tie.
    const auto it = ties_.find(position_of(have[m].arch));
    if (it == ties_.end())
      continue;
    for (const std::uint64_t tie : it->second) {
      members.push_back(m);
      ids.push_back({tie, have[m].accel});
    }
  }
  front.add_copies(members, ids);
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
