"""The interface every search algorithm implements, and the registry the CLI reads.

An algorithm is a class taking (problem, seed) with a method run(evaluate): it calls
evaluate(archs, accels) (index arrays; returns a dict of metric arrays) as often as it likes
until the budget ends the run (evaluate raises BudgetExhausted). Most algorithms are easier to
write as ask/tell: subclass AskTellAlgorithm and write ask() and tell(). To add your own, write
one file that defines the class and registers it:

    from coscan.searchbench.algorithms.base import AskTellAlgorithm, register

    @register("my_search")
    class MySearch(AskTellAlgorithm):
        def ask(self):               # a batch of pairs to evaluate
            return self.problem.space.random_pairs(self.rng, 1)
        def tell(self, archs, accels, metrics):
            pass

and pass --algorithms my_search --plugin my_search.py.

`problem` (SearchProblem) has: study (coscan.Study), space (space.SearchSpace), objectives
(truth.Objectives: minimised columns of a metrics dict), target (the constrained target the
single-objective algorithms optimise, or None), proxy_accel.
"""

import numpy as np

ALGORITHMS = {}


def register(name):
    """Class decorator: makes the algorithm available as --algorithms NAME."""

    def add(cls):
        cls.name = name
        ALGORITHMS[name] = cls
        return cls

    return add


class Algorithm:
    name = "algorithm"

    def __init__(self, problem, seed):
        self.problem, self.seed = problem, seed
        self.rng = np.random.default_rng(seed)

    def run(self, evaluate):
        raise NotImplementedError


class AskTellAlgorithm(Algorithm):
    """run() as a loop of ask, evaluate, tell. A pair evaluated before is told from memory and
    not evaluated again (it would spend budget on no new information); after `stall` asks in a
    row that bring nothing new, one random unseen pair is evaluated instead, so that a sampler
    that has converged still ends."""

    stall = 200

    def ask(self):
        """A batch of pairs to evaluate next: (archs, accels) index arrays."""
        raise NotImplementedError

    def tell(self, archs, accels, metrics):
        """The metrics of the pairs of the last ask, in its order."""
        raise NotImplementedError

    def run(self, evaluate):
        seen = {}
        repeats = 0
        while True:
            archs, accels = (np.atleast_1d(np.asarray(v, dtype=np.int64)) for v in self.ask())
            fresh, asked = [], set()
            for i, pair in enumerate(zip(archs.tolist(), accels.tolist())):
                if pair not in seen and pair not in asked:
                    fresh.append(i)
                    asked.add(pair)
            if fresh:
                got = evaluate(archs[fresh], accels[fresh])
                for j, i in enumerate(fresh):
                    seen[(int(archs[i]), int(accels[i]))] = {k: v[j] for k, v in got.items()}
                repeats = 0
            else:
                repeats += 1
                if repeats >= self.stall:
                    self._evaluate_unseen(evaluate, seen)
                    repeats = 0
            metrics = {key: np.array([seen[(int(a), int(j))][key] for a, j in zip(archs, accels)])
                       for key in next(iter(seen.values()))}
            self.tell(archs, accels, metrics)

    def _evaluate_unseen(self, evaluate, seen):
        space = self.problem.space
        while True:
            archs, accels = space.random_pairs(self.rng, 1)
            pair = (int(archs[0]), int(accels[0]))
            if pair not in seen:
                got = evaluate(archs, accels)
                seen[pair] = {k: v[0] for k, v in got.items()}
                return
