"""coscan's results files (docs/results-format.md) as Python objects, read lazily with h5py."""

import bisect

import h5py
import numpy as np

from . import _h5

# Per-pair metrics that a query returns, beside the pair's indices and architecture string.
METRICS = ("accuracy", "latency_s", "energy_j", "edp_js", "area_mm2")

# Architectures at most this many: query_arch_str keeps a dict of them after its first call.
_ARCH_STR_CACHE_LIMIT = 1 << 22


class ResultsError(Exception):
    """A file that is not coscan results, or lacks the part of them a call needs."""


class Metrics(dict):
    """One pair's metrics by name (`latency_s`, ...), with `units`: each name's unit."""

    def __init__(self, values, units):
        super().__init__(values)
        self.units = units


def open(path):  # noqa: A001 - coscan.open, as h5py.File or xarray.open_dataset
    """Opens a results file (read-only); use as a context manager or call close()."""
    return Results(path)


class Results:
    """A coscan results file: its Pareto set, accelerators, dataset, ranking and verify tables.

    Tables come back as pandas DataFrames (units in `frame.attrs["units"]`); the dataset is never
    read whole: `query` reads one pair, `to_xarray` gives a lazily read xarray.Dataset.
    """

    def __init__(self, path):
        self.path = str(path)
        try:
            self._file = h5py.File(self.path, "r")
        except OSError as error:
            raise ResultsError(f"{self.path}: cannot open as HDF5 ({error})") from None
        if "coscan_version" not in self._file.attrs:
            self._file.close()
            raise ResultsError(f"{self.path}: not a coscan results file (no coscan_version)")
        self._arch_positions = None

    # -- the file as a whole -------------------------------------------------------------------

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return (f"<coscan.Results {self.path!r}: {self.attrs.get('study_name')}, "
                f"{self.attrs.get('num_pairs')} pairs, Pareto set of "
                f"{self._file['pareto'].attrs.get('size')}>")

    @property
    def attrs(self):
        """The root attributes (study, version, sizes, timings), decoded."""
        return _h5.attributes(self._file)

    @property
    def study(self):
        """The study's TOML text, as run."""
        return _h5.decode(self._file.attrs["study"])

    @property
    def cost_model(self):
        """The cost model the pairs were costed with: its attributes (`kind`, `pooling`) and,
        for the analytical model, `energy` and `area` dicts of its constants by study key."""
        group = self._group("cost_model", "a file of a coscan that did not record it yet")
        model = _h5.attributes(group)
        for name, sub in group.items():
            model[name] = _h5.attributes(sub)
        return model

    @property
    def h5(self):
        """The open h5py.File, for anything this class does not wrap."""
        return self._file

    @property
    def has_dataset(self):
        """Whether the file holds every swept pair's metrics (`[output] dataset = true`); a
        shard's file (`run --shard I/K`) holds only its part of them, for `coscan merge`."""
        return "dataset" in self._file and not self.is_shard

    @property
    def is_shard(self):
        """Whether the file is one shard of a sweep (`run --shard I/K`) rather than its results."""
        return "state" in self._file

    @property
    def is_pair_sample(self):
        """Whether the dataset is a list of independent pairs (1-D) rather than a table."""
        return self.has_dataset and self._file["dataset/latency_s"].ndim == 1

    @property
    def units(self):
        """The unit of each metric a query returns."""
        units = {"arch_index": "1", "accel_index": "1", "arch_str": ""}
        for name in METRICS:
            units[name] = _h5.decode(self._file["pareto"][name].attrs.get("units", ""))
        return units

    # -- tables --------------------------------------------------------------------------------

    def pareto(self):
        """The exact Pareto set, one row per pair, sorted by (arch_index, accel_index)."""
        return _h5.frame(self._group("pareto", "the Pareto set"))

    def accels(self):
        """The accelerators: the dataset's, in its column order, or else the whole space's."""
        return _h5.frame(self._group("accels", "accelerator parameters"))

    def archs(self):
        """The dataset's architectures, in its row order (index, string, accuracy, MACs, params)."""
        return _h5.frame(self._group("archs", "the dataset's architectures (`[output] dataset`)"))

    def ranking(self, metric=None):
        """The ranking-similarity table of the first `[ranking]` metric, or of `metric`."""
        group = self._group("ranking", "a ranking (`[ranking]`)")
        if metric is not None and metric != _h5.decode(group.attrs.get("metric", "")):
            if metric not in group:
                raise ResultsError(f"{self.path}: no ranking by {metric!r}")
            group = group[metric]
        return _h5.frame(group)

    def ranking_matrix(self, statistic="spearman"):
        """The device-by-device matrix (`[ranking] matrix_accels`) of `spearman` or
        `kendall_tau_b`, indexed by accelerator on both axes."""
        import pandas as pd

        group = self._group("ranking/matrix", "a ranking matrix (`[ranking] matrix_accels`)")
        accels = group["accel_index"][:]
        return pd.DataFrame(group[statistic][:], index=pd.Index(accels, name="accel_index"),
                            columns=pd.Index(accels, name="accel_index"))

    def verify(self):
        """The reduced-space verification, one row per (rule, target) (`coscan verify`)."""
        return _h5.frame(self._group("verify", "a verification (`coscan verify`)"))

    # -- one pair ------------------------------------------------------------------------------

    def query(self, arch, accel):
        """Every metric of the pair (arch, accel), by the space's indices (`arch_index`,
        `accel_index`), as a Metrics dict; KeyError when the dataset does not hold the pair."""
        self._need_dataset()
        f = self._file
        arch, accel = int(arch), int(accel)
        arch_row = self._position(f["archs/arch_index"], arch, "architecture")
        accel_row = self._position(f["accels/accel_index"], accel, "accelerator")
        if self.is_pair_sample:
            pair_accels, pair_archs = f["dataset/accel_index"], f["dataset/arch_index"]
            # bisect reads one element of the sorted columns per step, never the whole column.
            lo = bisect.bisect_left(pair_accels, accel)
            hi = bisect.bisect_right(pair_accels, accel, lo)
            cell = bisect.bisect_left(pair_archs, arch, lo, hi)
            if cell == hi or pair_archs[cell] != arch:
                raise KeyError(f"the pair (arch {arch}, accel {accel}) was not drawn")
        else:
            cell = (arch_row, accel_row)
        latency = float(f["dataset/latency_s"][cell])
        energy = float(f["dataset/energy_j"][cell])
        values = {
            "arch_index": arch,
            "accel_index": accel,
            "arch_str": _h5.read(f["archs/arch_str"], arch_row),
            "accuracy": float(f["archs/accuracy"][arch_row]),
            "latency_s": latency,
            "energy_j": energy,
            "edp_js": latency * energy,
            "area_mm2": float(f["accels/area_mm2"][accel_row]),
        }
        if "table_index" in f["archs"]:
            values["table_index"] = int(f["archs/table_index"][arch_row])
        units = self.units
        if "table_index" in values:
            units["table_index"] = "1"
        return Metrics(values, units)

    def query_arch_str(self, arch_str, accel):
        """query() by the architecture's string (e.g. NAS-Bench-201's `|op~0|+...|`)."""
        self._need_dataset()
        strings = self._file["archs/arch_str"]
        if self._arch_positions is None and strings.shape[0] <= _ARCH_STR_CACHE_LIMIT:
            self._arch_positions = {}
            for position, text in enumerate(_h5.read(strings)):
                self._arch_positions.setdefault(text, position)
        if self._arch_positions is not None:
            position = self._arch_positions.get(arch_str)
        else:
            position = self._scan(strings, arch_str)
        if position is None:
            raise KeyError(f"no architecture {arch_str!r} in the dataset")
        return self.query(self._file["archs/arch_index"][position], accel)

    # -- the whole dataset ---------------------------------------------------------------------

    def to_xarray(self):
        """The dataset as an xarray.Dataset, read lazily: `latency_s(arch, accel)` and
        `energy_j(arch, accel)` (or `(pair)` for independent pairs) with the architectures'
        and accelerators' indices, strings and parameters as coordinates, units as `units`."""
        import xarray as xr

        from ._lazy import lazy_variable

        self._need_dataset()
        f = self._file
        pairs = self.is_pair_sample
        dims = ("pair",) if pairs else ("arch", "accel")
        data = {name: lazy_variable(f["dataset"][name], dims)
                for name in ("latency_s", "energy_j")}
        coords = {}
        if pairs:
            for name in ("arch_index", "accel_index"):
                coords[name] = ("pair", f["dataset"][name][:], _h5.attributes(f["dataset"][name]))
        else:
            for dim, group in (("arch", f["archs"]), ("accel", f["accels"])):
                for name, member in group.items():
                    attrs = _h5.attributes(member)
                    key = dim if name == f"{dim}_index" else name
                    coords[key] = (dim, _h5.read(member), attrs)
        result = xr.Dataset(data, coords=coords, attrs=_h5.attributes(f["dataset"]))
        result.attrs.update({k: v for k, v in self.attrs.items() if k != "study"})
        return result

    # -- helpers -------------------------------------------------------------------------------

    def _group(self, name, what):
        if name not in self._file:
            raise ResultsError(f"{self.path}: no /{name} ({what})")
        return self._file[name]

    def _need_dataset(self):
        if self.is_shard and "dataset" in self._file:
            raise ResultsError(f"{self.path}: a shard's part of the dataset; merge the shards "
                               "first (coscan merge SHARD.h5... --out FILE)")
        if not self.has_dataset:
            raise ResultsError(f"{self.path}: no /dataset: only the Pareto set was written "
                               "(run with `[output] dataset = true` to query every pair)")

    @staticmethod
    def _position(indices, value, what):
        position = bisect.bisect_left(indices, value)  # one element read per step
        if position == indices.shape[0] or indices[position] != value:
            raise KeyError(f"{what} {value} is not in the dataset")
        return position

    @staticmethod
    def _scan(strings, text, chunk=1 << 20):
        for start in range(0, strings.shape[0], chunk):
            block = _h5.read(strings, np.s_[start:start + chunk])
            hits = np.flatnonzero(block == text)
            if hits.size:
                return start + int(hits[0])
        return None
