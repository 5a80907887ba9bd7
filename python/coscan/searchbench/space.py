"""The joint (architecture, accelerator) space as a vector of discrete dimensions, the way
search algorithms see it: each dimension one choice (an edge's op, a grid list's position).

An architecture is one dimension per NAS-Bench-201 edge (its index is the mixed-radix code of
the six ops, docs/spaces.md), or a single integer dimension for other spaces. An accelerator is
one dimension per grid list with more than one value (the mixed-radix digits of its index), or
one categorical dimension when the space is not a whole uniform grid (constraints, a subset,
measured devices).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dim:
    name: str
    size: int
    kind: str  # "categorical" (unordered choices) or "ordinal" (ordered values)
    part: str  # "arch" or "accel"


NB201_EDGES = 6
NB201_OPS = 5


class SearchSpace:
    """Encodes a pair as one integer per dimension and back (decode(encode(p)) == p)."""

    def __init__(self, study):
        self.num_archs, self.num_accels = study.num_archs, study.num_accels
        if study.arch_space == "nasbench201":
            self._arch_radices = [NB201_OPS] * NB201_EDGES  # edge 0 least significant
            arch_dims = [Dim(f"edge{e}", NB201_OPS, "categorical", "arch")
                         for e in range(NB201_EDGES)]
        else:
            self._arch_radices = [self.num_archs]
            arch_dims = [Dim("arch", self.num_archs, "ordinal", "arch")]
        digits = study.accel_digits  # most significant first; empty: not a whole uniform grid
        if digits:
            self._accel_radices = [radix for _, radix in digits]
            accel_dims = [Dim(name, radix, "categorical" if name == "dataflow" else "ordinal",
                              "accel") for name, radix in digits if radix > 1]
            self._accel_kept = [d for d, (_, radix) in enumerate(digits) if radix > 1]
        else:
            self._accel_radices = [self.num_accels]
            accel_dims = [Dim("accel", self.num_accels, "categorical", "accel")]
            self._accel_kept = [0]
        self.arch_dims, self.accel_dims = arch_dims, accel_dims
        self.dims = arch_dims + accel_dims
        # Place values: the arch code least significant first, the accel code most first.
        self._arch_place = np.cumprod([1] + self._arch_radices[:-1]).astype(np.int64)
        accel_place = np.cumprod(([1] + self._accel_radices[::-1])[:-1])[::-1].astype(np.int64)
        self._accel_place = accel_place[self._accel_kept]
        self._accel_sizes = np.array([self._accel_radices[d] for d in self._accel_kept])

    def decode(self, x):
        """Rows of x (n x len(dims) integers) -> (archs, accels) index arrays."""
        x = np.atleast_2d(np.asarray(x, dtype=np.int64))
        na = len(self.arch_dims)
        return x[:, :na] @ self._arch_place, x[:, na:] @ self._accel_place

    def encode(self, archs, accels):
        """Index arrays -> rows of dimension values."""
        archs, accels = np.atleast_1d(archs).astype(np.int64), np.atleast_1d(accels).astype(np.int64)
        arch_cols = [(archs // place) % radix
                     for place, radix in zip(self._arch_place, self._arch_radices)]
        accel_cols = [(accels // place) % size
                      for place, size in zip(self._accel_place, self._accel_sizes)]
        return np.stack(arch_cols + accel_cols, axis=1)

    def decode_archs(self, x):
        """Rows of the architecture dimensions alone -> architecture indices."""
        return np.atleast_2d(np.asarray(x, dtype=np.int64)) @ self._arch_place

    def decode_accels(self, x):
        """Rows of the accelerator dimensions alone -> accelerator indices."""
        return np.atleast_2d(np.asarray(x, dtype=np.int64)) @ self._accel_place

    def random_pairs(self, rng, n):
        return rng.integers(0, self.num_archs, n), rng.integers(0, self.num_accels, n)
