"""The semi-decoupled two-stage search (Sun et al., tinyML 2022): a NAS on one proxy
accelerator finds the accuracy-vs-metric front, then the accelerator search runs over the
front's architectures only. The first stage is NSGA-II (Optuna) and spends `nas_share` of the
budget on (architecture, proxy) pairs. The second evaluates the reduced space (front x every
accelerator) in a random order when it is at most `exhaustive_factor` times the remaining
budget (few accelerators: measured devices), else searches it with NSGA-II."""

import numpy as np
import optuna

from ..space import Dim
from .base import AskTellAlgorithm, register
from .optuna_samplers import OptunaSearch, objective_directions


def proxy_front(archs, accuracy, metric):
    """The architectures on the (max accuracy, min metric) front of the proxy's evaluations."""
    points = np.stack([-np.asarray(accuracy), np.asarray(metric)], axis=1)
    keep = []
    for i, p in enumerate(points):
        dominated = np.any(np.all(points <= p, axis=1) & np.any(points < p, axis=1))
        if not dominated and not np.isnan(p).any():
            keep.append(int(archs[i]))
    return sorted(set(keep))


@register("semidecoupled")
class SemiDecoupled(AskTellAlgorithm):
    nas_share = 0.5
    population = 50
    exhaustive_factor = 4

    def __init__(self, problem, seed):
        super().__init__(problem, seed)
        self.nas_steps = max(1, int(problem.budget * self.nas_share))
        self.nas = OptunaSearch(
            optuna.samplers.NSGAIISampler(population_size=self.population, seed=seed),
            problem.space.arch_dims, ["maximize", "minimize"])
        self.proxy = ([], [], [])  # archs, accuracy, metric on the proxy
        self.hw = None
        self.candidates = []
        self.reduced = None  # the reduced space's pairs in a random order, when enumerated

    def ask(self):
        space = self.problem.space
        if self.reduced is not None:
            if len(self.reduced) == 0:  # all of it evaluated: anything else is random
                return space.random_pairs(self.rng, 1)
            arch, accel = self.reduced.pop()
            return [arch], [accel]
        if self.hw is None:
            return space.decode_archs(self.nas.ask()), [self.problem.proxy_accel]
        x = self.hw.ask()
        return [self.candidates[x[0]]], space.decode_accels(x[1:])

    def tell(self, archs, accels, metrics):
        if self.reduced is not None:
            return
        if self.hw is not None:
            self.hw.tell([metrics[key][0] for key in self.problem.objectives.keys])
            return
        accuracy, metric = metrics["accuracy"][0], metrics[self.problem.proxy_metric][0]
        self.nas.tell([accuracy, metric])
        for column, value in zip(self.proxy, (archs[0], accuracy, metric)):
            column.append(value)
        if len(self.proxy[0]) >= self.nas_steps:
            self.start_accelerator_search()

    def start_accelerator_search(self):
        # (Every proxy metric unknown, a pair table's gaps: all the architectures seen.)
        self.candidates = proxy_front(*self.proxy) or sorted(set(map(int, self.proxy[0])))
        accels = self.problem.space.num_accels
        remaining = self.problem.budget - len(self.proxy[0])
        if len(self.candidates) * accels <= self.exhaustive_factor * remaining:
            order = self.rng.permutation(len(self.candidates) * accels)
            self.reduced = [(self.candidates[i // accels], int(i % accels)) for i in order[::-1]]
            return
        dims = [Dim("candidate", len(self.candidates), "categorical", "arch")]
        self.hw = OptunaSearch(
            optuna.samplers.NSGAIISampler(population_size=self.population, seed=self.seed + 1),
            dims + self.problem.space.accel_dims, objective_directions(self.problem))
