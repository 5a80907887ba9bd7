#include <coscan/costmodel/error.hpp>
#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/reduction/certified_reduction.hpp>

#include <fmt/format.h>

#include <limits>

namespace coscan::engine {
namespace {

/// +1 when accuracy is only maximised, -1 when only minimised, 0 when it cannot decide (absent,
/// or both). Throws when a per-pair cost is maximised.
double accuracy_sign(const std::vector<Objective> &objectives) {
  bool maximised = false, minimised = false;
  for (const Objective &o : objectives) {
    switch (o.metric) {
    case Metric::accuracy:
      (o.sense == Sense::maximize ? maximised : minimised) = true;
      break;
    case Metric::latency:
    case Metric::energy:
    case Metric::edp:
      if (o.sense == Sense::maximize)
        throw InputError(fmt::format(
            "certified reduction: objective '{}' is maximised; the certificate needs latency, "
            "energy and EDP minimised (fewer layers must never be worse)",
            to_string(o.metric)));
      break;
    case Metric::area: // the accelerator's alone: equal for every architecture
      break;
    }
  }
  return maximised == minimised ? 0.0 : (maximised ? 1.0 : -1.0);
}

} // namespace

CertifiedSet certified_archs(const Problem &problem) {
  const costmodel::CostModel &model = *problem.cost_model;
  if (!model.additive_nonnegative())
    throw InputError(fmt::format(
        "certified reduction: cost model '{}' does not declare additive, nonnegative per-layer "
        "costs (a per-pair table, a non-additive term such as weight reloads, or a negative "
        "cost would break the certificate)",
        model.name()));
  const double sign = accuracy_sign(problem.objectives);
  const std::uint64_t n = problem.num_archs();
  if (n > kMaxCertifiedArchs)
    throw InputError(fmt::format(
        "certified reduction: {} architectures is more than the {} it enumerates (it reads every "
        "architecture's layer counts); sample the space ([enumeration] mode = \"sample\")",
        n, kMaxCertifiedArchs));

  // A per-network term nondecreasing in params (crossbar weight reloads) keeps the certificate
  // once params is one more count: appended as the id just past the vocabulary (only where an
  // accelerator of the space has such a term; otherwise the counts alone decide).
  const bool with_params = params_join_the_key(problem);
  const auto params_id = static_cast<std::uint32_t>(problem.archs->vocabulary().size());

  CountVectors items;
  items.score.reserve(n);
  items.row_start.reserve(n + 1);
  std::vector<search::LayerCount> counts;
  for (std::uint64_t p = 0; p < n; ++p) {
    const std::uint64_t arch = problem.arch_at(p);
    problem.archs->layer_counts(arch, counts);
    if (with_params) {
      const std::uint64_t params = problem.archs->params(arch);
      if (params > std::numeric_limits<std::uint32_t>::max())
        throw InputError(fmt::format("certified reduction: architecture {} has {} params, more "
                                     "than the 2^32 the certificate's counts hold",
                                     arch, params));
      if (params > 0)
        counts.push_back({params_id, static_cast<std::uint32_t>(params)});
    }
    // sign 0 makes every score equal, so the strict rule removes nothing.
    items.add(sign == 0.0 ? 0.0 : sign * problem.accuracy->at(arch), counts);
  }
  const NonDominated survivors = non_dominated(items, Dominance::strictly_better_score);
  CertifiedSet out;
  out.positions.assign(survivors.items.begin(), survivors.items.end());
  out.count_vectors = survivors.count_vectors;
  out.candidates = n;
  return out;
}

} // namespace coscan::engine
