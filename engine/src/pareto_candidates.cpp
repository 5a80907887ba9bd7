#include <coscan/engine/pareto_candidates.hpp>

#include <algorithm>
#include <map>

namespace coscan::engine {

ParetoCandidates ParetoCandidates::compute(const Problem &problem, std::uint64_t max_archs) {
  ParetoCandidates out;
  const std::uint64_t n = problem.archs->size();
  out.num_candidates_ = n;
  const bool accuracy_maximised =
      std::any_of(problem.objectives.begin(), problem.objectives.end(), [](const Objective &o) {
        return o.metric == Metric::accuracy && o.sense == Sense::maximize;
      });
  if (!accuracy_maximised || n > max_archs)
    return out;

  // Group by count vector, keeping each group's best accuracy.
  std::map<std::vector<std::uint32_t>, double> best;
  std::vector<std::vector<std::uint32_t>> key_of(n);
  std::vector<search::LayerCount> counts;
  for (std::uint64_t a = 0; a < n; ++a) {
    problem.archs->layer_counts(a, counts);
    auto &key = key_of[a];
    for (const auto &c : counts)
      key.insert(key.end(), {c.shape, c.count});
    const double accuracy = problem.accuracy->at(a);
    auto [it, inserted] = best.try_emplace(key, accuracy);
    if (!inserted)
      it->second = std::max(it->second, accuracy);
  }
  out.candidate_.resize(n);
  out.num_candidates_ = 0;
  for (std::uint64_t a = 0; a < n; ++a) {
    out.candidate_[a] = problem.accuracy->at(a) == best.at(key_of[a]);
    out.num_candidates_ += out.candidate_[a];
  }
  out.num_groups_ = best.size();
  return out;
}

} // namespace coscan::engine
