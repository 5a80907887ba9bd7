"""The search algorithms, registered by name (base.register); importing this package registers
the built-in ones."""

from . import cbo, optuna_samplers, random_search, semidecoupled, shgo  # noqa: F401 (register)
from .base import ALGORITHMS, Algorithm, AskTellAlgorithm, register

BUILT_IN = ("random", "tpe", "nsga2", "semidecoupled", "cbo", "shgo")

__all__ = ["ALGORITHMS", "Algorithm", "AskTellAlgorithm", "BUILT_IN", "register"]
