#include <coscan/engine/pareto_candidates.hpp>

#include <algorithm>
#include <map>

namespace coscan::engine {

ParetoCandidates ParetoCandidates::compute(const Problem &problem, std::uint64_t max_archs) {
  ParetoCandidates out;
  const std::uint64_t n = problem.num_archs();
  out.num_candidates_ = n;
  const bool accuracy_maximised =
      std::any_of(problem.objectives.begin(), problem.objectives.end(), [](const Objective &o) {
        return o.metric == Metric::accuracy && o.sense == Sense::maximize;
      });
  // Whole-network costs (a pair table) are not a function of the count vector.
  const costmodel::NetworkTermKind kind = problem.cost_model->network_term_kind();
  if (!accuracy_maximised || n > max_archs || kind == costmodel::NetworkTermKind::whole_network)
    return out;

  // Group by count vector (and, when the cost model has a per-network term, by params, its only
  // other input), keeping each group's best accuracy.
  const bool by_params = kind == costmodel::NetworkTermKind::nondecreasing_in_params;
  std::map<std::vector<std::uint32_t>, double> best;
  std::vector<std::vector<std::uint32_t>> key_of(n);
  std::vector<search::LayerCount> counts;
  for (std::uint64_t p = 0; p < n; ++p) {
    problem.archs->layer_counts(problem.arch_at(p), counts);
    auto &key = key_of[p];
    for (const auto &c : counts)
      key.insert(key.end(), {c.shape, c.count});
    if (by_params) {
      const std::uint64_t params = problem.archs->params(problem.arch_at(p));
      key.insert(key.end(),
                 {static_cast<std::uint32_t>(params >> 32), static_cast<std::uint32_t>(params)});
    }
    const double accuracy = problem.accuracy->at(problem.arch_at(p));
    auto [it, inserted] = best.try_emplace(key, accuracy);
    if (!inserted)
      it->second = std::max(it->second, accuracy);
  }
  out.candidate_.resize(n);
  out.num_candidates_ = 0;
  for (std::uint64_t p = 0; p < n; ++p) {
    out.candidate_[p] = problem.accuracy->at(problem.arch_at(p)) == best.at(key_of[p]);
    out.num_candidates_ += out.candidate_[p];
  }
  out.num_groups_ = best.size();
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
