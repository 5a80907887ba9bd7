#pragma once
// Independent random (architecture, accelerator) pairs (`[enumeration] pairs = N`): draw i
// depends only on (seed, i), so the sample never depends on the rank or thread count.
#include <coscan/engine/reduction/pareto_front.hpp>

#include <cstdint>
#include <vector>

namespace coscan::engine {

/// `count` pairs of the archs x accels space, sorted by (accel, arch) so that a sweep builds
/// each accelerator's cost column once per tile. Without replacement (count <= archs x accels
/// < 2^64): the first `count` values of a keyed permutation of the pair indices (arch x accels
/// + accel); with replacement: the architecture and the accelerator of draw i are independent
/// uniform draws (so every pair has probability 1 / (archs x accels); repeats are kept).
std::vector<PairId> sample_pairs(std::uint64_t archs, std::uint64_t accels, std::uint64_t count,
                                 std::uint64_t seed, bool with_replacement);

} // namespace coscan::engine
