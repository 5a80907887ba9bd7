#pragma once
// The certified reduction: the architectures that can be on SOME accelerator's Pareto front.
// Under a cost model whose latency and energy are sums of nonnegative per-layer costs, an
// architecture A that is more accurate than B and has no more layers of any shape than B costs
// no more than B on every accelerator (the same nonnegative products summed in the same order;
// rounding is monotone) and is strictly more accurate, so B's pair is strictly dominated by A's
// on every accelerator: B is never Pareto-optimal anywhere. What survives is a reduced space
// that is exact for every accelerator at once (docs/spaces.md gives the sizes).
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/reduction/count_vector_dominance.hpp>

#include <cstdint>
#include <vector>

namespace coscan::engine {

struct CertifiedSet {
  /// Sorted positions in the problem's architecture list (Problem::arch_at): the certified
  /// survivors.
  std::vector<std::uint64_t> positions;
  std::uint64_t count_vectors = 0; ///< distinct count vectors among the candidates
  std::uint64_t candidates = 0;    ///< architectures examined
};

/// Architectures enumerated at most by certified_archs() (every one's layer counts are read).
inline constexpr std::uint64_t kMaxCertifiedArchs = std::uint64_t{1} << 24;

/// Architectures that can be on SOME accelerator's Pareto front (accuracy max; latency/energy/
/// edp min, area min) under an additive cost model with nonnegative per-layer costs.
/// - B is removed when some A has count(A) <= count(B) over the vocabulary and a strictly better
///   accuracy (Dominance::strictly_better_score): equally accurate architectures are all kept,
///   since one with fewer layers may still tie exactly on an accelerator and the front keeps
///   ties. Architectures sharing a count vector and an accuracy are kept together.
/// - Without accuracy among the objectives (or with it both maximised and minimised) nothing
///   is strictly better anywhere, so every architecture is certified. Area is the accelerator's
///   alone and does not matter. The analytical model has no per-architecture term beyond the
///   layer counts (MACs and params are not objectives).
/// Throws coscan::InputError naming the reason when the problem's cost model or objectives break
/// the conditions: a cost model that does not declare CostModel::additive_nonnegative(), a
/// latency/energy/edp objective that is maximised, more than kMaxCertifiedArchs architectures.
CertifiedSet certified_archs(const Problem &problem);

} // namespace coscan::engine
