"""Quality of a search after every prefix of its history, against the ground truth.

- hypervolume ratio: HV(front of the pairs evaluated so far) / HV(true front), normalised as
  coscan verify does (truth.py); 1 once the whole true front was found.
- IGD+ (Ishibuchi et al., EMO 2015): the mean over true Pareto points z of the distance from z
  to the nearest evaluated point a, counting only where a is worse: sqrt(sum max(a - z, 0)^2).
  0 once every true point is matched.
- additive epsilon: the smallest e such that every true point is weakly dominated by an
  evaluated point shifted by -e: max over z of min over a of max over objectives (a - z).
- regret of each constrained target: relative regret of the best feasible evaluated pair (+inf
  before one is found); exactly 0 once the true optimum was evaluated, whose metrics are the
  same bits as the ground truth's.
"""

import numpy as np

from .. import _native
from .truth import relative_regret


def nondominated(points):
    """The rows of `points` (minimised) that no other row dominates; duplicates all kept."""
    keep = np.ones(len(points), dtype=bool)
    for i in range(len(points)):
        if not keep[i]:
            continue
        dominated = np.all(points[i] <= points, axis=1) & np.any(points[i] < points, axis=1)
        keep &= ~dominated
    return points[keep]


def dominates_any(front, point):
    """Whether some row of `front` weakly dominates `point` (<= everywhere)."""
    return len(front) > 0 and bool(np.any(np.all(front <= point, axis=1)))


def curves(truth, metrics):
    """Every indicator after each of the n evaluations in `metrics` (a dict of arrays in
    evaluation order): a dict of arrays of length n (regret: targets x n)."""
    values = truth.normalise(truth.objectives.minimised(metrics))
    n = len(values)
    hv_ratio, igd_plus, eps_plus = np.empty(n), np.empty(n), np.empty(n)
    nearest = np.full(len(truth.front), np.inf)  # IGD+ distance of each true point so far
    shift = np.full(len(truth.front), np.inf)  # additive epsilon of each true point so far
    front = np.empty((0, values.shape[1]))
    hv = 0.0
    for i, point in enumerate(values):
        worse = np.maximum(point - truth.front, 0.0)
        nearest = np.minimum(nearest, np.sqrt((worse * worse).sum(axis=1)))
        shift = np.minimum(shift, (point - truth.front).max(axis=1))
        if not dominates_any(front, point):  # the front (and its hypervolume) changes
            front = np.vstack([front[~np.all(point <= front, axis=1)], point])
            hv = _native.hypervolume(front, truth.reference)
        hv_ratio[i] = hv / truth.hypervolume if truth.hypervolume > 0 else np.nan
        igd_plus[i] = nearest.mean()
        eps_plus[i] = shift.max()
    regret = np.empty((len(truth.targets), n))
    for t, target in enumerate(truth.targets):
        best = np.minimum.accumulate(target.signed(metrics))
        regret[t] = [relative_regret(b, target.optimum) if np.isfinite(b) else np.inf
                     for b in best] if target.feasible else np.nan
    return {"hv_ratio": hv_ratio, "igd_plus": igd_plus, "eps_plus": eps_plus, "regret": regret}


def evaluations_to_optimum(regret):
    """Per target: the number of evaluations after which its regret is 0, or -1 if never."""
    out = np.full(len(regret), -1, dtype=np.int64)
    for t, row in enumerate(regret):
        hit = np.flatnonzero(row == 0)
        if len(hit):
            out[t] = hit[0] + 1
    return out
