"""One search run: an algorithm, a seed, a budget of evaluations through coscan's evaluator."""

import time

import numpy as np

METRICS = ("accuracy", "latency_s", "energy_j", "edp_js", "area_mm2")


class BudgetExhausted(Exception):
    """Raised by Evaluations when the budget is spent; ends the run."""


class Evaluations:
    """The evaluator an algorithm sees: study.evaluate with a budget and a record.

    Every evaluated pair counts against the budget, a repeated one too (an algorithm that wants
    to spare its budget keeps its own memory, as AskTellAlgorithm does). A batch that crosses
    the budget is cut at it; the call then raises BudgetExhausted."""

    def __init__(self, study, budget):
        self.study, self.budget = study, budget
        self.archs, self.accels = [], []
        self.metrics = {key: [] for key in METRICS}
        self.used = 0

    def __call__(self, archs, accels):
        archs = np.atleast_1d(np.asarray(archs, dtype=np.int64))
        accels = np.atleast_1d(np.asarray(accels, dtype=np.int64))
        if self.used >= self.budget:
            raise BudgetExhausted
        take = min(len(archs), self.budget - self.used)
        metrics = self.study.evaluate(archs[:take], accels[:take])
        self.archs.append(archs[:take])
        self.accels.append(accels[:take])
        for key in METRICS:
            self.metrics[key].append(metrics[key])
        self.used += take
        if take < len(archs):
            raise BudgetExhausted
        return metrics

    def history(self):
        """(archs, accels, metrics) in evaluation order."""
        join = (lambda parts: np.concatenate(parts)) if self.archs else (lambda _: np.empty(0))
        return (join(self.archs).astype(np.int64), join(self.accels).astype(np.int64),
                {key: join(parts) for key, parts in self.metrics.items()})


def run_search(algorithm_class, problem, seed, budget):
    """Runs algorithm_class(problem, seed) until `budget` evaluations; returns its history and
    wall time."""
    evaluations = Evaluations(problem.study, budget)
    algorithm = algorithm_class(problem, seed)
    start = time.perf_counter()
    try:
        algorithm.run(evaluations)
    except BudgetExhausted:
        pass
    return evaluations.history(), time.perf_counter() - start
