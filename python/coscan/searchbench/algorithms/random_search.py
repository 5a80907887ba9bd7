"""Random search: uniform pairs of the joint space (a pair drawn again is not re-evaluated)."""

from .base import AskTellAlgorithm, register


@register("random")
class RandomSearch(AskTellAlgorithm):
    def ask(self):
        return self.problem.space.random_pairs(self.rng, 1)

    def tell(self, archs, accels, metrics):
        pass
