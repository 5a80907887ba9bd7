"""Constrained Bayesian optimisation in the style of the cBO co-design seed: Gaussian processes
(scikit-learn) model the target's metric and each constrained metric; the next pairs maximise
expected improvement times the probability of meeting every constraint, over a pool of random
pairs and neighbours of the incumbent. Optimises the study's first constrained target (or the
first minimised objective when it has none)."""

import warnings

import numpy as np
from scipy.stats import norm
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

from .base import AskTellAlgorithm, register


class Model:
    """A GP on one transformed metric."""

    def __init__(self, seed):
        kernel = ConstantKernel(1.0) * Matern(length_scale=1.0, nu=2.5) + WhiteKernel(1e-4)
        self.gp = GaussianProcessRegressor(kernel=kernel, normalize_y=True, random_state=seed)

    def fit(self, x, y):
        with warnings.catch_warnings():  # a hyperparameter at its bound is no error here
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.gp.fit(x, y)

    def predict(self, x):
        mean, std = self.gp.predict(x, return_std=True)
        return mean, np.maximum(std, 1e-9)


@register("cbo")
class ConstrainedBO(AskTellAlgorithm):
    initial = 20  # random pairs before the first model
    batch = 10  # pairs per model fit
    pool = 2000  # random candidates per fit (plus the incumbent's neighbours)
    max_train = 200  # the training set is cut to the best half and a random half beyond this

    def __init__(self, problem, seed):
        super().__init__(problem, seed)
        self.goal = problem.scalar_target()
        self.x, self.y, self.c = [], [], []
        self.queue = []

    def features(self, rows):
        """One-hot categorical dimensions, ordinal ones scaled to [0, 1]."""
        parts = []
        for column, dim in zip(np.asarray(rows).T, self.problem.space.dims):
            if dim.kind == "categorical":
                parts.append(np.eye(dim.size)[column])
            else:
                parts.append((column / max(1, dim.size - 1))[:, None])
        return np.hstack(parts)

    def ask(self):
        if not self.queue:
            self.queue = self.propose()
        return self.queue.pop(0)

    def tell(self, archs, accels, metrics):
        self.x.append(self.problem.space.encode(archs, accels)[0])
        objective, constraints = self.goal.model_values(metrics)
        self.y.append(objective[0])
        self.c.append([c[0] for c in constraints])

    def propose(self):
        space = self.problem.space
        if len(self.y) < self.initial:
            archs, accels = space.random_pairs(self.rng, 1)
            return [(archs, accels)]
        x, y, c = np.array(self.x), np.array(self.y), np.array(self.c).reshape(len(self.y), -1)
        keep = np.isfinite(y) & np.all(np.isfinite(c), axis=1)
        x, y, c = x[keep], y[keep], c[keep]
        if len(y) < 2:  # nothing to model yet (metrics the model does not know)
            archs, accels = space.random_pairs(self.rng, 1)
            return [(archs, accels)]
        if len(y) > self.max_train:
            order = np.argsort(y)
            rest = self.rng.permutation(order[self.max_train // 2:])[:self.max_train // 2]
            pick = np.concatenate([order[:self.max_train // 2], rest])
            x, y, c = x[pick], y[pick], c[pick]
        features = self.features(x)
        model = Model(self.seed)
        model.fit(features, y)
        constraint_models = []
        for j in range(c.shape[1]):
            m = Model(self.seed + 1 + j)
            m.fit(features, c[:, j])
            constraint_models.append(m)
        feasible = np.all(c <= 0, axis=1)
        candidates = self.candidates(x[np.argmin(np.where(feasible, y, np.inf))] if feasible.any()
                                     else x[np.argmin(c.max(axis=1))])
        cand_features = self.features(candidates)
        p_feasible = np.ones(len(candidates))
        for m in constraint_models:  # constraint values are <= 0 when met
            mean, std = m.predict(cand_features)
            p_feasible *= norm.cdf(-mean / std)
        if feasible.any():
            best = y[feasible].min()
            mean, std = model.predict(cand_features)
            z = (best - mean) / std
            score = ((best - mean) * norm.cdf(z) + std * norm.pdf(z)) * p_feasible
        else:  # find a feasible pair first
            score = p_feasible
        archs, accels = space.decode(candidates[np.argsort(-score)[:self.batch]])
        return [([a], [j]) for a, j in zip(archs, accels)]

    def candidates(self, incumbent):
        space = self.problem.space
        archs, accels = space.random_pairs(self.rng, self.pool)
        pool = [space.encode(archs, accels)]
        sizes = np.array([d.size for d in space.dims])
        neighbours = np.repeat(incumbent[None, :], 200, axis=0)
        for row in neighbours:  # one or two dimensions changed
            for d in self.rng.choice(len(sizes), size=self.rng.integers(1, 3), replace=False):
                row[d] = self.rng.integers(0, sizes[d])
        pool.append(neighbours)
        return np.unique(np.vstack(pool), axis=0)
