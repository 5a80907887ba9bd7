"""SHGO over the accelerator parameters, as FLASH does (scipy.optimize.shgo): for one
architecture at a time, a simplicial homology global optimisation over the accelerator grid's
dimensions (continuous, rounded to the nearest grid value), on the target's scalar objective
(penalised when a constraint is not met). The co-design loop draws architectures at random,
skipping (after one evaluation) those that miss the target's accuracy bound."""

import numpy as np
from scipy.optimize import shgo

from .base import Algorithm, register


class _ArchitectureDone(Exception):
    pass


@register("shgo")
class SHGO(Algorithm):
    evaluations_per_arch = 40
    sampling_points = 32

    def run(self, evaluate):
        space = self.problem.space
        goal = self.problem.scalar_target()
        sizes = np.array([d.size for d in space.accel_dims])
        bounds = [(0.0, float(s - 1)) for s in sizes]
        seen = {}
        while True:
            arch = int(self.rng.integers(0, space.num_archs))
            probe = evaluate([arch], [int(self.rng.integers(0, space.num_accels))])
            if not goal.accuracy_ok(probe["accuracy"][0]):
                continue
            spent = [0]

            def objective(x):
                digits = np.clip(np.rint(x), 0, sizes - 1).astype(np.int64)
                accel = int(space.decode_accels(digits)[0])
                if (arch, accel) not in seen:
                    if spent[0] >= self.evaluations_per_arch:
                        raise _ArchitectureDone
                    spent[0] += 1
                    seen[(arch, accel)] = goal.penalised(evaluate([arch], [accel]))[0]
                return seen[(arch, accel)]

            try:
                shgo(objective, bounds, n=self.sampling_points, iters=3,
                     sampling_method="sobol")
            except _ArchitectureDone:
                pass
