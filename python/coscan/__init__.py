"""Read coscan results (HDF5) from Python: the Pareto set, the full dataset of every swept
pair's metrics, ranking similarity and verification, as pandas and xarray objects.

    import coscan
    with coscan.open("results.h5") as r:
        r.pareto()                      # DataFrame, units in .attrs["units"]
        r.query(arch=1234, accel=7)     # every metric of one pair, from the dataset
        r.to_xarray()                   # latency_s(arch, accel), read lazily

docs/python.md documents the package; docs/results-format.md the file it reads.
"""

from .results import METRICS, Metrics, Results, ResultsError, open

__all__ = ["METRICS", "Metrics", "Results", "ResultsError", "open"]
