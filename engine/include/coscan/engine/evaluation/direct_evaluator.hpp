#pragma once
// The direct reference path: every layer of a network through the cost model's scalar path,
// summed in network order. Slow and plain; the factorised path is tested against it.
#include <coscan/engine/evaluation/pair_metrics.hpp>
#include <coscan/engine/evaluation/problem.hpp>

#include <cstdint>

namespace coscan::engine {

PairMetrics evaluate_pair_direct(const Problem &problem, std::uint64_t arch, std::uint64_t accel);

} // namespace coscan::engine
