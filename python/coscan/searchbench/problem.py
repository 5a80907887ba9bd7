"""What an algorithm is given: the study, its space as dimensions, the objectives, the
constrained target single-objective algorithms optimise, and the semi-decoupled proxy."""

import numpy as np

from .space import SearchSpace
from .truth import METRIC_KEYS, Objectives

SCALED_LOG = ("latency_s", "energy_j", "edp_js", "area_mm2")  # positive, over decades


class ScalarTarget:
    """A target as one number to minimise and constraints that are <= 0 when met, in a scale
    where models fit well (logarithms of the positive metrics)."""

    def __init__(self, spec):
        self.spec = spec
        if "maximize" in spec:
            self.key, self.sign = "accuracy", -1.0
        else:
            self.key, self.sign = METRIC_KEYS[spec["minimize"]], 1.0
        self.bounds = []  # (metric key, bound, +1: value <= bound, -1: value >= bound)
        if "accuracy_min" in spec:
            self.bounds.append(("accuracy", spec["accuracy_min"], -1.0))
        if "latency_max_s" in spec:
            self.bounds.append(("latency_s", spec["latency_max_s"], 1.0))
        if "area_max_mm2" in spec:
            self.bounds.append(("area_mm2", spec["area_max_mm2"], 1.0))

    @staticmethod
    def _scale(key, values):
        values = np.asarray(values, dtype=np.float64)
        if key in SCALED_LOG:
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.log(values)
        return values

    def model_values(self, metrics):
        """(objective, [constraint]) arrays: the objective to minimise, each constraint's
        excess (<= 0 when met)."""
        objective = self.sign * self._scale(self.key, metrics[self.key])
        constraints = [side * (self._scale(key, metrics[key]) - self._scale(key, bound))
                       for key, bound, side in self.bounds]
        return objective, constraints

    def penalised(self, metrics):
        """The objective plus 10 per unit of constraint excess (one number per pair)."""
        objective, constraints = self.model_values(metrics)
        for excess in constraints:
            objective = objective + 10.0 * np.maximum(excess, 0.0)
        return np.where(np.isfinite(objective), objective, 1e300)

    def accuracy_ok(self, accuracy):
        return all(accuracy >= bound for key, bound, _ in self.bounds if key == "accuracy")


class SearchProblem:
    def __init__(self, study, budget, targets, proxy_accel=0):
        self.study, self.budget = study, budget
        self.space = SearchSpace(study)
        self.objectives = Objectives(study)
        self.targets = list(targets)
        self.proxy_accel = proxy_accel
        if not 0 <= proxy_accel < study.num_accels:
            raise ValueError(f"--proxy-accel {proxy_accel}: the space has {study.num_accels} "
                             "accelerators")
        minimised = [METRIC_KEYS[m] for sense, m in self.objectives.pairs
                     if sense == "minimize" and m in ("latency", "energy", "edp")]
        target_metric = [METRIC_KEYS[t["minimize"]] for t in self.targets
                         if t.get("minimize") in ("latency", "energy", "edp")]
        # The proxy's metric: the first target's, else the first such objective, else latency.
        self.proxy_metric = (target_metric + minimised + ["latency_s"])[0]

    def scalar_target(self):
        """The first constrained target, or minimising the first minimised objective."""
        if self.targets:
            return ScalarTarget(self.targets[0])
        for sense, metric in self.objectives.pairs:
            if sense == "minimize":
                return ScalarTarget({"minimize": metric})
        return ScalarTarget({"maximize": "accuracy"})
