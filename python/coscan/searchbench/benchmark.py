"""The benchmark: every algorithm, every seed, judged against the ground truth."""

import sys
import time

import numpy as np

from . import indicators
from .algorithms import ALGORITHMS
from .problem import SearchProblem
from .runner import run_search
from .truth import GroundTruth


def median_or_none(values):
    """The median, with None (never reached) ranked above every number; None when the median
    itself is never reached."""
    ranked = sorted(values, key=lambda v: np.inf if v is None else v)
    middle = ranked[(len(ranked) - 1) // 2], ranked[len(ranked) // 2]
    if None in middle:
        return None
    return (middle[0] + middle[1]) / 2


def run_benchmark(study, algorithms, budget, seeds, targets, proxy_accel=0, log=sys.stderr):
    """Returns (truth, settings, runs, summary) for output.write."""
    start = time.perf_counter()
    truth = GroundTruth(study, targets)
    print(f"ground truth: {len(truth.front)} Pareto pairs, {len(truth.targets)} targets "
          f"({time.perf_counter() - start:.2f} s)", file=log)
    problem = SearchProblem(study, budget, targets, proxy_accel)
    runs = {}
    for name in algorithms:
        runs[name] = []
        for seed in seeds:
            (archs, accels, metrics), wall_s = run_search(ALGORITHMS[name], problem, seed, budget)
            curves = indicators.curves(truth, metrics)
            runs[name].append({"archs": archs, "accels": accels, "metrics": metrics,
                               "curves": curves, "wall_s": wall_s,
                               "evaluations_to_optimum":
                                   indicators.evaluations_to_optimum(curves["regret"])})
            final = curves["hv_ratio"][-1] if len(archs) else np.nan
            print(f"{name} seed {seed}: {len(archs)} evaluations, hypervolume ratio {final:.4f} "
                  f"({wall_s:.1f} s)", file=log)
    settings = {"budget": budget, "seeds": list(seeds), "proxy_accel": proxy_accel}
    return truth, settings, runs, summarise(truth, runs)


def summarise(truth, runs):
    """Per algorithm, medians over seeds of the final values."""
    out = {"algorithm": list(runs), "hv_ratio": [], "igd_plus": [], "eps_plus": [], "regret": [],
           "evaluations_to_optimum": [], "optimum_found": []}
    for seeds in runs.values():
        for key in ("hv_ratio", "igd_plus", "eps_plus"):
            out[key].append(float(np.median([run["curves"][key][-1] for run in seeds])))
        for t in range(len(truth.targets)):
            out["regret"].append(float(np.median([run["curves"]["regret"][t][-1]
                                                  for run in seeds])))
            reached = [int(run["evaluations_to_optimum"][t]) for run in seeds]
            hits = [r for r in reached if r >= 0]
            out["optimum_found"].append(len(hits))
            middle = median_or_none([r if r >= 0 else None for r in reached])
            out["evaluations_to_optimum"].append(-1.0 if middle is None else float(middle))
    return out


def table(truth, summary, seeds):
    """The summary as a Markdown table."""
    head = ["algorithm", "HV ratio", "IGD+"]
    for t, target in enumerate(truth.targets):
        head += [f"regret: {target.label}", "evaluations to optimum (seeds that found it)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    k = len(truth.targets)
    for a, name in enumerate(summary["algorithm"]):
        row = [name, f"{summary['hv_ratio'][a]:.3f}", f"{summary['igd_plus'][a]:.3f}"]
        for t in range(k):
            regret = summary["regret"][a * k + t]
            evals = summary["evaluations_to_optimum"][a * k + t]
            found = summary["optimum_found"][a * k + t]
            row.append("none feasible" if np.isinf(regret) else f"{regret:.3g}")
            row.append(f"{'-' if evals < 0 else f'{evals:g}'} ({found}/{seeds})")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
