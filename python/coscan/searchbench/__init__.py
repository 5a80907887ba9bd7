"""coscan.searchbench: co-design search algorithms judged against coscan's exact ground truth.

    python3 -m coscan.searchbench STUDY.toml --budget 1000 --seeds 10 --out bench.h5

runs each algorithm (random, tpe, nsga2, semidecoupled, cbo, shgo, or your own: see
algorithms/base.py) for a budget of evaluations per seed through coscan.Study.evaluate, and
scores every prefix of its history: hypervolume ratio to the true Pareto front, IGD+, additive
epsilon, and the regret of each constrained target (indicators.py). `python3 -m coscan.report
bench.h5 --out DIR` draws the curves. docs/python.md documents it; docs/results-format.md the
file.
"""

from .algorithms import ALGORITHMS, Algorithm, AskTellAlgorithm, register
from .benchmark import run_benchmark
from .problem import SearchProblem
from .runner import BudgetExhausted, Evaluations, run_search

__all__ = ["ALGORITHMS", "Algorithm", "AskTellAlgorithm", "BudgetExhausted", "Evaluations",
           "SearchProblem", "register", "run_benchmark", "run_search"]
