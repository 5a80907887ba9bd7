"""The exact ground truth a search is judged against: the study's true Pareto set (coscan's
sweep) and the optimum of each constrained target (coscan's verification).

Objectives are compared minimised (accuracy negated, an exact operation) and normalised by the
true front's ideal and nadir, with the reference point 1.1 in every coordinate: the convention
of `coscan verify` (docs/results-format.md, /verify), so that the hypervolume ratios agree.
"""

import numpy as np

from .. import _native

METRIC_KEYS = {"accuracy": "accuracy", "latency": "latency_s", "energy": "energy_j",
               "edp": "edp_js", "area": "area_mm2"}
REFERENCE = 1.1


class Objectives:
    """The study's objectives as minimised columns of a metrics dict."""

    def __init__(self, study):
        self.pairs = list(study.objectives)  # [(sense, metric)]
        self.keys = [METRIC_KEYS[metric] for _, metric in self.pairs]
        self.signs = np.array([-1.0 if sense == "maximize" else 1.0 for sense, _ in self.pairs])

    def minimised(self, metrics):
        """n x k: each objective's values, negated where maximised."""
        return np.stack([metrics[key] for key in self.keys], axis=1) * self.signs

    def labels(self):
        return [f"{sense} {metric}" for sense, metric in self.pairs]


class Target:
    """A constrained target ({'minimize': 'edp', 'accuracy_min': 93.0}) and its true optimum."""

    def __init__(self, study, spec):
        self.spec = dict(spec)
        found = study.optimum(self.spec)
        self.label = found["label"]
        self.feasible = found["feasible"]
        if "maximize" in self.spec:
            self.key, self.sign = "accuracy", -1.0
        else:
            self.key, self.sign = METRIC_KEYS[self.spec["minimize"]], 1.0
        # Signed (minimised) optimum, as coscan verify's regret uses it.
        self.optimum = self.sign * found["value"] if self.feasible else np.nan
        self.arch, self.accel = found["arch"], found["accel"]

    def feasible_mask(self, metrics):
        ok = np.ones(len(metrics[self.key]), dtype=bool)
        if "accuracy_min" in self.spec:
            ok &= metrics["accuracy"] >= self.spec["accuracy_min"]
        if "latency_max_s" in self.spec:
            ok &= metrics["latency_s"] <= self.spec["latency_max_s"]
        if "area_max_mm2" in self.spec:
            ok &= metrics["area_mm2"] <= self.spec["area_max_mm2"]
        return ok

    def signed(self, metrics):
        """Per pair: the target's minimised value, +inf where infeasible."""
        return np.where(self.feasible_mask(metrics), self.sign * metrics[self.key], np.inf)


def relative_regret(best, optimum):
    """(best - optimum) / |optimum| of minimised values (1 as the scale of a zero optimum):
    coscan verify's regret; 0 exactly when the optimum itself was found."""
    scale = abs(optimum) if optimum != 0 else 1.0
    return (best - optimum) / scale


class GroundTruth:
    """The true front (normalised) and the targets' optima of one study."""

    def __init__(self, study, targets):
        self.objectives = Objectives(study)
        front = study.pareto()
        self.front_pairs = (front["arch"], front["accel"])
        values = self.objectives.minimised(front)
        self.ideal, self.nadir = values.min(axis=0), values.max(axis=0)
        self.front = self.normalise(values)
        self.reference = np.full(values.shape[1], REFERENCE)
        self.hypervolume = _native.hypervolume(self.front, self.reference)
        self.targets = [Target(study, spec) for spec in targets]

    def normalise(self, values):
        span = np.where(self.nadir > self.ideal, self.nadir - self.ideal, 1.0)
        return (values - self.ideal) / span
