"""The benchmark's HDF5 file (docs/results-format.md, "Search benchmark files"), written whole
or not at all: into a temporary file beside the target, renamed over it once closed."""

import os
import tempfile

import h5py
import numpy as np

from .. import _native

KIND = "coscan-searchbench"
LAYOUT_VERSION = 1


def _strings(values):
    return np.array([str(v) for v in values], dtype=h5py.string_dtype())


def _put(group, name, data, units="1"):
    dataset = group.create_dataset(name, data=data)
    dataset.attrs["units"] = units
    return dataset


UNITS = {"accuracy": "%", "latency_s": "s", "energy_j": "J", "edp_js": "J*s", "area_mm2": "mm^2"}


def write(path, study, truth, settings, runs, summary):
    """runs: {algorithm: list over seeds of run dicts (archs, accels, metrics, curves, ...)}."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, partial = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".partial",
                                   dir=folder)
    os.close(fd)
    try:
        with h5py.File(partial, "w") as f:
            _write(f, study, truth, settings, runs, summary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # mkstemp's 0600 is not what a user's file gets
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


def _write(f, study, truth, settings, runs, summary):
    budget = settings["budget"]
    f.attrs["kind"] = KIND
    f.attrs["layout_version"] = LAYOUT_VERSION
    f.attrs["coscan_version"] = _native.version
    f.attrs["study_file"] = study.file
    f.attrs["study_name"] = study.name
    f.attrs["study"] = study.text
    f.attrs["budget"] = budget
    f.attrs["seeds"] = np.array(settings["seeds"], dtype=np.int64)
    f.attrs["algorithms"] = _strings(runs)
    f.attrs["objectives"] = _strings(truth.objectives.labels())
    f.attrs["proxy_accel"] = settings["proxy_accel"]

    t = f.create_group("truth")
    t.attrs["hypervolume"] = truth.hypervolume
    t.attrs["reference"] = truth.reference
    _put(t, "front_arch", truth.front_pairs[0].astype(np.int64))
    _put(t, "front_accel", truth.front_pairs[1].astype(np.int64))
    _put(t, "front", truth.front)
    _put(t, "ideal", truth.ideal, "objective")
    _put(t, "nadir", truth.nadir, "objective")
    targets = t.create_group("targets")
    _put(targets, "label", _strings([x.label for x in truth.targets]), "")
    _put(targets, "optimum", np.array([x.optimum for x in truth.targets], dtype=np.float64),
         "objective")
    _put(targets, "arch", np.array([-1 if x.arch is None else x.arch for x in truth.targets],
                                   dtype=np.int64))
    _put(targets, "accel", np.array([-1 if x.accel is None else x.accel for x in truth.targets],
                                    dtype=np.int64))

    group = f.create_group("runs")
    for name, seeds in runs.items():
        g = group.create_group(name)
        n_seeds, n_targets = len(seeds), len(truth.targets)
        arch = np.full((n_seeds, budget), -1, dtype=np.int64)
        accel = np.full((n_seeds, budget), -1, dtype=np.int64)
        metric = {key: np.full((n_seeds, budget), np.nan) for key in UNITS}
        curve = {key: np.full((n_seeds, budget), np.nan)
                 for key in ("hv_ratio", "igd_plus", "eps_plus")}
        regret = np.full((n_seeds, n_targets, budget), np.nan)
        for s, run in enumerate(seeds):
            n = len(run["archs"])
            arch[s, :n], accel[s, :n] = run["archs"], run["accels"]
            for key in metric:
                metric[key][s, :n] = run["metrics"][key]
            for key in curve:
                curve[key][s, :n] = run["curves"][key]
            regret[s, :, :n] = run["curves"]["regret"]
        _put(g, "arch", arch)
        _put(g, "accel", accel)
        for key, values in metric.items():
            _put(g, key, values, UNITS[key])
        for key, values in curve.items():
            _put(g, key, values)
        _put(g, "regret", regret)
        _put(g, "evaluations_to_optimum",
             np.array([run["evaluations_to_optimum"] for run in seeds], dtype=np.int64)
             .reshape(n_seeds, n_targets))
        _put(g, "evaluations", np.array([len(run["archs"]) for run in seeds], dtype=np.int64))
        _put(g, "wall_s", np.array([run["wall_s"] for run in seeds]), "s")

    s = f.create_group("summary")
    _put(s, "algorithm", _strings(summary["algorithm"]), "")
    for key in ("hv_ratio", "igd_plus", "eps_plus"):
        _put(s, key, np.array(summary[key]))
    _put(s, "regret", np.array(summary["regret"]).reshape(len(runs), len(truth.targets)))
    _put(s, "evaluations_to_optimum",
         np.array(summary["evaluations_to_optimum"]).reshape(len(runs), len(truth.targets)))
    _put(s, "optimum_found", np.array(summary["optimum_found"], dtype=np.int64)
         .reshape(len(runs), len(truth.targets)))
