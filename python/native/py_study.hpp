#pragma once
// coscan.Study: a study loaded once, then evaluated from Python. Every metric comes from the
// engine's PairEvaluator (the sweep's kernel), every ground truth from the engine's sweep and
// verification, on a task arena of the study's own thread count, with the GIL released.
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/study.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <tbb/task_arena.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace coscan::python {

namespace py = pybind11;

class PyStudy {
public:
  /// The study file `path` (docs/study.md), or the embedded default study when empty; `threads`
  /// 0: every core.
  PyStudy(const std::string &path, int threads);

  const study::Study &study() const { return study_; }
  const engine::Problem &problem() const { return problem_; }
  int threads() const { return arena_.max_concurrency(); }

  /// {"accuracy", "latency_s", "energy_j", "edp_js", "area_mm2"}: numpy arrays of the pairs
  /// (archs[i], accels[i]); a length-1 side is repeated to the other's length.
  py::dict evaluate(const py::object &archs, const py::object &accels) const;

  py::object arch_str(const py::object &indices) const;
  py::object arch_index(const py::object &names) const;
  py::dict accel(std::uint64_t index) const;
  std::uint64_t accel_index(const py::dict &fields) const;

  /// The accelerator index's mixed-radix digits, most significant first, as (field, radix):
  /// the grid's lists (docs/spaces.md) when the space is a whole uniform grid; empty otherwise
  /// (constrained, subset, device or mixed crossbar spaces).
  std::vector<std::pair<std::string, std::uint64_t>> accel_digits() const;
  /// The study's constrained `[verify] targets`, as dicts optimum() takes.
  py::list verify_targets() const;

  /// The exact Pareto set of the study's swept pairs (its objectives), sorted by pair, with
  /// every metric: {"arch", "accel", "accuracy", ..., "area_mm2"}.
  py::dict pareto() const;
  /// The optimum of a constrained target (a `[verify] targets` item as a dict or TOML text):
  /// {"feasible", "value", "arch", "accel", "optimal_archs", "label"}.
  py::dict optimum(const py::object &target) const;

private:
  /// The study's exhaustive sweep (its Pareto front), run once.
  const engine::SweepResult &ground_truth() const;
  py::dict metrics_of(std::span<const std::uint64_t> archs,
                      std::span<const std::uint64_t> accels) const;

  study::Study study_;
  engine::Problem problem_;
  std::unique_ptr<engine::PairEvaluator> evaluator_;
  mutable tbb::task_arena arena_;
  mutable std::once_flag ground_truth_once_;
  mutable std::optional<engine::SweepResult> ground_truth_;
};

} // namespace coscan::python
