#include <coscan/engine/evaluation/cost_groups.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace coscan::engine {

bool groups_by_cost(const Problem &problem) {
  return problem.cost_model->network_term_kind() != costmodel::NetworkTermKind::whole_network;
}

bool params_join_the_key(const Problem &problem) {
  const costmodel::CostModel &model = *problem.cost_model;
  if (model.network_term_kind() != costmodel::NetworkTermKind::nondecreasing_in_params)
    return false;
  const auto &dataflows = problem.accels->grid().dataflow;
  return std::any_of(dataflows.begin(), dataflows.end(),
                     [&](costmodel::Dataflow d) { return model.has_network_term(d); });
}

CostGroups CostGroups::compute(const Problem &problem, std::span<const std::uint64_t> positions) {
  if (positions.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("cost groups: too many architectures");
  CostGroups out;
  out.by_cost = groups_by_cost(problem);
  const std::size_t n = positions.size();
  out.group_of.resize(n);
  if (!out.by_cost) {
    out.size.assign(n, 1);
    out.first.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      out.group_of[i] = out.first[i] = static_cast<std::uint32_t>(i);
    return out;
  }
  const bool by_params = params_join_the_key(problem);
  std::map<std::vector<std::uint32_t>, std::uint32_t> group;
  std::vector<search::LayerCount> counts;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  std::vector<std::uint32_t> key;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t arch = problem.arch_at(positions[i]);
    problem.archs->layer_counts(arch, counts);
    entries.clear();
    for (const search::LayerCount &c : counts)
      entries.emplace_back(c.shape, c.count);
    std::sort(entries.begin(), entries.end()); // a key independent of the listing order
    key.clear();
    for (const auto &[shape, count] : entries)
      key.insert(key.end(), {shape, count});
    if (by_params) {
      const std::uint64_t params = problem.archs->params(arch);
      key.insert(key.end(),
                 {static_cast<std::uint32_t>(params >> 32), static_cast<std::uint32_t>(params)});
    }
    const auto [it, inserted] = group.try_emplace(key, static_cast<std::uint32_t>(out.size.size()));
    if (inserted) {
      out.size.push_back(0);
      out.first.push_back(static_cast<std::uint32_t>(i));
    }
    out.group_of[i] = it->second;
    ++out.size[it->second];
  }
  return out;
}

std::vector<std::uint8_t> most_accurate(const Problem &problem,
                                        std::span<const std::uint64_t> positions,
                                        const CostGroups &groups) {
  std::vector<double> accuracy(positions.size());
  std::vector<double> best(groups.num_groups(), -std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < positions.size(); ++i) {
    accuracy[i] = problem.accuracy->at(problem.arch_at(positions[i]));
    double &b = best[groups.group_of[i]];
    b = std::max(b, accuracy[i]);
  }
  std::vector<std::uint8_t> flags(positions.size());
  for (std::size_t i = 0; i < positions.size(); ++i)
    flags[i] = accuracy[i] == best[groups.group_of[i]];
  return flags;
}

CostGroups CostGroups::compute(const Problem &problem) {
  std::vector<std::uint64_t> positions(problem.num_archs());
  for (std::uint64_t p = 0; p < positions.size(); ++p)
    positions[p] = p;
  return compute(problem, positions);
}

} // namespace coscan::engine
