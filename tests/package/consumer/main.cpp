// Sweeps coscan's embedded default study through the installed libraries and prints the size of
// its Pareto set, which tests/package/check_install.sh compares with `coscan run --default`.
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <cstdio>

int main() {
  const coscan::engine::Problem problem =
      coscan::study::build_problem(coscan::study::default_study());
  const coscan::engine::SweepResult sweep = coscan::engine::run_sweep(problem, {});
  std::printf("pareto_size %zu\n", sweep.pareto.front().size());
  return sweep.pareto.front().size() > 0 ? 0 : 1;
}
