"""Read coscan results (HDF5) from Python: the Pareto set, the full dataset of every swept
pair's metrics, ranking similarity and verification, as pandas and xarray objects.

    import coscan
    with coscan.open("results.h5") as r:
        r.pareto()                      # DataFrame, units in .attrs["units"]
        r.query(arch=1234, accel=7)     # every metric of one pair, from the dataset
        r.to_xarray()                   # latency_s(arch, accel), read lazily

Evaluate pairs through coscan's engine (the compiled module, coscan._native):

    study = coscan.Study("examples/nb201_semidecoupled.toml")
    m = study.evaluate(arch_indices, accel_indices)   # dict of numpy arrays
    study.pareto(); study.optimum({"minimize": "edp", "accuracy_min": 93.0})

docs/python.md documents the package; docs/results-format.md the file it reads.
"""

from . import _native_path
from .results import METRICS, Metrics, Results, ResultsError, open

_native_path.extend(__path__)

__all__ = ["METRICS", "Metrics", "Results", "ResultsError", "Study", "StudyError", "open"]


def __getattr__(name):
    """Study and StudyError come from the compiled module, imported on first use, so that the
    results readers work without it."""
    if name in ("Study", "StudyError"):
        from . import _native
        return getattr(_native, name)
    raise AttributeError(f"module 'coscan' has no attribute {name!r}")
