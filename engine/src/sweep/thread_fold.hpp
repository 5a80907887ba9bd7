#pragma once
// The fold at the end of a rank's sweep, shared by the cross-product and the pair sweeps: the
// resumed state plus every thread's Pareto front and timings (the threads' states are kept).
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <tbb/enumerable_thread_specific.h>

namespace coscan::engine::detail {

/// `State` has a ParetoReducer `pareto` and SweepTimings `timings`.
template <class State>
SweepResult fold_threads(const Problem &problem, const SweepState *resume,
                         const tbb::enumerable_thread_specific<State> &states) {
  SweepResult result(ParetoReducer(problem.objectives));
  if (resume) {
    result.pareto.front().merge(ParetoFront::load(resume->front));
    result.pairs_evaluated = resume->pairs_evaluated;
    result.pairs_computed = resume->pairs_computed;
    result.wall_s = resume->wall_s;
    result.timings = resume->timings;
  }
  for (const State &state : states) {
    result.pareto.merge(state.pareto);
    result.timings.cost_tables_s += state.timings.cost_tables_s;
    result.timings.evaluation_s += state.timings.evaluation_s;
    result.timings.reduction_s += state.timings.reduction_s;
  }
  return result;
}

} // namespace coscan::engine::detail
