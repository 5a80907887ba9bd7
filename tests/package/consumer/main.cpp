// Sweeps coscan's embedded default study through the installed libraries and prints the size of
// its Pareto set, which tests/package/check_install.sh compares with `coscan run --default`.
#include <coscan/engine/sweep.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/io/study.hpp>

#include <cstdio>

int main() {
  const coscan::engine::Problem problem = coscan::io::build_problem(coscan::io::default_study());
  const coscan::engine::SweepResult sweep = coscan::engine::run_sweep(problem, {});
  std::printf("pareto_size %zu\n", sweep.pareto.front().size());
  return sweep.pareto.front().size() > 0 ? 0 : 1;
}
