"""Optuna's samplers (python3-optuna) over the joint space. Each dimension of the space is a
parameter: categorical for unordered choices (NAS-Bench-201's ops, the dataflow), integer for
ordered grid lists.

- nsga2: NSGA-II on the study's objectives.
- tpe: TPE on the constrained target (problem.scalar_target(): its metric, log scale), with
  the target's bounds as Optuna constraints. Not multi-objective TPE: Optuna 3.1's (Debian 12)
  selects its good trials by hypervolume subset selection, which took 321 s for 300 trials on 4
  objectives here (1.05 s per trial and growing), too slow for budgets of 1,000."""

import warnings

import numpy as np
import optuna

from .base import AskTellAlgorithm, register

optuna.logging.set_verbosity(optuna.logging.WARNING)


def distributions(dims):
    return {d.name: (optuna.distributions.CategoricalDistribution(list(range(d.size)))
                     if d.kind == "categorical" else
                     optuna.distributions.IntDistribution(0, d.size - 1)) for d in dims}


class OptunaSearch:
    """An Optuna study over `dims` with `directions`, one trial per ask (ask/tell interface)."""

    def __init__(self, sampler, dims, directions):
        self.dims = dims
        self.distributions = distributions(dims)
        self.study = optuna.create_study(sampler=sampler, directions=directions)
        self.trial = None

    @staticmethod
    def constraints(trial):
        """Optuna's constraints_func: the values told with the trial (<= 0 when met)."""
        return trial.user_attrs["constraints"]

    def ask(self):
        self.trial = self.study.ask(self.distributions)
        return np.array([self.trial.params[d.name] for d in self.dims], dtype=np.int64)

    def tell(self, values, constraints=None):
        values = [float(v) for v in values]
        if constraints is not None:
            self.trial.set_user_attr("constraints", [float(c) for c in constraints])
        if not np.all(np.isfinite(values)):  # a metric the model does not know (a table's gap)
            self.study.tell(self.trial, state=optuna.trial.TrialState.FAIL)
        else:
            self.study.tell(self.trial, values)


def objective_directions(problem):
    return ["maximize" if sense == "maximize" else "minimize"
            for sense, _ in problem.objectives.pairs]


class JointOptuna(AskTellAlgorithm):
    """A sampler over every dimension of the joint space, on the study's objectives."""

    def make_sampler(self):
        raise NotImplementedError

    def __init__(self, problem, seed):
        super().__init__(problem, seed)
        self.search = OptunaSearch(self.make_sampler(), problem.space.dims,
                                   objective_directions(problem))

    def ask(self):
        return self.problem.space.decode(self.search.ask())

    def tell(self, archs, accels, metrics):
        self.search.tell([metrics[key][0] for key in self.problem.objectives.keys])


@register("tpe")
class TPE(AskTellAlgorithm):
    def __init__(self, problem, seed):
        super().__init__(problem, seed)
        self.goal = problem.scalar_target()
        # Multivariate: one density over all dimensions, which interact.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True,
                                                 constraints_func=OptunaSearch.constraints)
        self.search = OptunaSearch(sampler, problem.space.dims, ["minimize"])

    def ask(self):
        return self.problem.space.decode(self.search.ask())

    def tell(self, archs, accels, metrics):
        objective, constraints = self.goal.model_values(metrics)
        self.search.tell([objective[0]], [c[0] for c in constraints])


@register("nsga2")
class NSGA2(JointOptuna):
    population = 50

    def make_sampler(self):
        return optuna.samplers.NSGAIISampler(population_size=self.population, seed=self.seed)
