#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/sweep/parallel.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace coscan::engine {
namespace {

/// An architecture's group key: its (shape, count) pairs (layer_counts() lists them sorted by
/// shape, so equal vectors give equal keys), then its params when they join the key.
void key_of(const Problem &problem, std::uint64_t arch, bool by_params,
            std::vector<std::uint32_t> &key) {
  thread_local std::vector<search::LayerCount> counts; // scratch: no allocation per member
  problem.archs->layer_counts(arch, counts);
  key.clear();
  for (const search::LayerCount &c : counts)
    key.insert(key.end(), {c.shape, c.count});
  if (by_params) {
    const std::uint64_t params = problem.archs->params(arch);
    key.insert(key.end(),
               {static_cast<std::uint32_t>(params >> 32), static_cast<std::uint32_t>(params)});
  }
}

std::uint64_t hash_of(const std::vector<std::uint32_t> &key) {
  std::uint64_t h = 0xcbf29ce484222325; // FNV-1a over the words
  for (const std::uint32_t word : key)
    h = (h ^ word) * 0x100000001b3;
  return h;
}

} // namespace

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
  // The keys are computed in parallel, a chunk at a time (memory stays bounded), and grouped
  // in member order by one thread: a hash finds the groups to compare keys with, so the
  // numbering is the same whatever the thread count.
  constexpr std::size_t kChunk = 8192;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> groups_of_hash;
  std::vector<std::vector<std::uint32_t>> group_key; // per group: its key
  std::vector<std::vector<std::uint32_t>> keys;
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t count = std::min(kChunk, n - first);
    keys.resize(count);
    engine::parallel_for(std::size_t{0}, count, [&](std::size_t i) {
      key_of(problem, problem.arch_at(positions[first + i]), by_params, keys[i]);
    });
    for (std::size_t c = 0; c < count; ++c) {
      std::vector<std::uint32_t> &key = keys[c];
      std::vector<std::uint32_t> &same_hash = groups_of_hash[hash_of(key)];
      const auto it = std::find_if(same_hash.begin(), same_hash.end(),
                                   [&](std::uint32_t g) { return group_key[g] == key; });
      std::uint32_t g;
      if (it != same_hash.end()) {
        g = *it;
      } else {
        g = static_cast<std::uint32_t>(out.size.size());
        same_hash.push_back(g);
        group_key.push_back(std::move(key));
        out.size.push_back(0);
        out.first.push_back(static_cast<std::uint32_t>(first + c));
      }
      out.group_of[first + c] = g;
      ++out.size[g];
    }
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
