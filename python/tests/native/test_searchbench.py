"""coscan.searchbench: the indicators against hand-computed fronts and brute force, the space
codec, every algorithm within its budget, the command and its file."""

import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

import coscan
from coscan.searchbench import indicators
from coscan.searchbench.algorithms import ALGORITHMS, BUILT_IN
from coscan.searchbench.problem import SearchProblem
from coscan.searchbench.runner import run_search
from coscan.searchbench.space import SearchSpace
from coscan.searchbench.truth import GroundTruth
from conftest import ROOT

SMALL = str(ROOT / "examples" / "nb201_small.toml")
TARGETS = [{"minimize": "latency", "accuracy_min": 70.0}, {"maximize": "accuracy"}]


@pytest.fixture(scope="module")
def study():
    return coscan.Study(SMALL, threads=2)


@pytest.fixture(scope="module")
def truth(study):
    return GroundTruth(study, TARGETS)


class HandTruth:
    """A ground truth written by hand: two minimised objectives, already normalised."""

    class Objectives:
        keys = ["f1", "f2"]

        @staticmethod
        def minimised(metrics):
            return np.stack([metrics["f1"], metrics["f2"]], axis=1)

    def __init__(self, front):
        self.objectives = self.Objectives()
        self.front = np.asarray(front, dtype=float)
        self.ideal, self.nadir = np.zeros(2), np.ones(2)
        self.reference = np.full(2, 1.1)
        self.hypervolume = coscan._native.hypervolume(self.front, self.reference)
        self.targets = []

    def normalise(self, values):
        return values


def test_indicators_on_a_hand_computed_front():
    truth = HandTruth([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])
    # HV below (1.1, 1.1), by strips in f1: [0, 0.5) x (1.1 - 1.0), [0.5, 1.0) x (1.1 - 0.5),
    # [1.0, 1.1) x 1.1.
    assert truth.hypervolume == pytest.approx(0.5 * 0.1 + 0.5 * 0.6 + 0.1 * 1.1)
    history = {"f1": np.array([0.5, 0.6, 0.0, 1.0]), "f2": np.array([0.6, 0.5, 1.0, 0.0])}
    c = indicators.curves(truth, history)
    # After (0.5, 0.6): IGD+ distances 0.5 (to (0,1): only f1 worse), 0.1, 0.6 -> mean 0.4;
    # additive epsilon max(0.5, 0.1, 0.6) = 0.6.
    assert c["igd_plus"][0] == pytest.approx((0.5 + 0.1 + 0.6) / 3)
    assert c["eps_plus"][0] == pytest.approx(0.6)
    assert c["hv_ratio"][0] == pytest.approx(0.6 * 0.5 / truth.hypervolume)
    # Then (0.6, 0.5) and the two extremes: strips [0, 0.5) x 0.1, [0.5, 0.6) x 0.5,
    # [0.6, 1.0) x 0.6, [1.0, 1.1) x 1.1; (0.5, 0.5) is the only true point missed.
    hv = 0.5 * 0.1 + 0.1 * 0.5 + 0.4 * 0.6 + 0.1 * 1.1
    assert c["hv_ratio"][3] == pytest.approx(hv / truth.hypervolume)
    assert c["igd_plus"][3] == pytest.approx(0.1 / 3)
    assert c["eps_plus"][3] == pytest.approx(0.1)
    # Non-increasing distances, non-decreasing hypervolume.
    assert np.all(np.diff(c["igd_plus"]) <= 0) and np.all(np.diff(c["hv_ratio"]) >= 0)


def test_indicators_against_brute_force(study, truth):
    rng = np.random.default_rng(3)
    archs, accels = study.num_archs, study.num_accels
    pairs = (rng.integers(0, archs, 300), rng.integers(0, accels, 300))
    metrics = study.evaluate(*pairs)
    c = indicators.curves(truth, metrics)
    values = truth.normalise(truth.objectives.minimised(metrics))
    for n in (1, 17, 300):
        seen = values[:n]
        front = indicators.nondominated(seen)
        assert c["hv_ratio"][n - 1] == pytest.approx(
            coscan._native.hypervolume(front, truth.reference) / truth.hypervolume, rel=1e-12)
        d = np.sqrt((np.maximum(seen[:, None, :] - truth.front[None, :, :], 0) ** 2).sum(axis=2))
        assert c["igd_plus"][n - 1] == pytest.approx(d.min(axis=0).mean(), rel=1e-12)
        e = (seen[:, None, :] - truth.front[None, :, :]).max(axis=2)
        assert c["eps_plus"][n - 1] == pytest.approx(e.min(axis=0).max(), rel=1e-12)
    # The whole true front evaluated: every indicator at its optimum.
    whole = study.evaluate(*truth.front_pairs)
    c = indicators.curves(truth, whole)
    assert c["hv_ratio"][-1] == pytest.approx(1.0, rel=1e-12)
    assert c["igd_plus"][-1] == 0 and c["eps_plus"][-1] <= 0


def test_regret_is_exactly_zero_once_the_optimum_is_evaluated(study, truth):
    rng = np.random.default_rng(9)
    for t, target in enumerate(truth.targets):
        archs = np.append(rng.integers(0, study.num_archs, 50), target.arch)
        accels = np.append(rng.integers(0, study.num_accels, 50), target.accel)
        c = indicators.curves(truth, study.evaluate(archs, accels))
        assert c["regret"][t][-1] == 0.0
        assert np.all(c["regret"][t][:-1] >= 0)
        assert indicators.evaluations_to_optimum(c["regret"])[t] <= 51


def test_the_space_codec_round_trips(study):
    space = SearchSpace(study)
    assert [d.name for d in space.arch_dims] == [f"edge{e}" for e in range(6)]
    assert {d.name for d in space.accel_dims} == {"dataflow", "num_pes", "l1_bytes", "l2_kib",
                                                  "noc_bw", "offchip_bw"}
    archs = np.arange(study.num_archs)
    accels = np.arange(study.num_archs) % study.num_accels
    x = space.encode(archs, accels)
    a, j = space.decode(x)
    assert np.array_equal(a, archs) and np.array_equal(j, accels)
    # A dimension is one field: changing the noc_bw digit changes only that field.
    noc = [d.name for d in space.dims].index("noc_bw")
    y = x[:1].copy()
    y[0, noc] = 1 - y[0, noc]
    before, after = study.accel(int(space.decode(x[:1])[1][0])), study.accel(int(space.decode(y)[1][0]))
    assert {k for k in before if before[k] != after[k]} == {"noc_bw"}


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_algorithm_spends_exactly_its_budget(study, name):
    problem = SearchProblem(study, 60, TARGETS)
    (archs, accels, metrics), _ = run_search(ALGORITHMS[name], problem, 4, 60)
    assert len(archs) == len(accels) == 60
    assert np.all((archs >= 0) & (archs < study.num_archs))
    assert np.all((accels >= 0) & (accels < study.num_accels))
    again = study.evaluate(archs, accels)
    assert np.array_equal(again["latency_s"], metrics["latency_s"])
    # Seeded: the same run again is the same history.
    (archs2, accels2, _), _ = run_search(ALGORITHMS[name], problem, 4, 60)
    assert np.array_equal(archs, archs2) and np.array_equal(accels, accels2)


def searchbench(*args):
    return subprocess.run([sys.executable, "-m", "coscan.searchbench", *args],
                          capture_output=True, text=True)


def test_the_command_writes_the_documented_file(tmp_path):
    out = tmp_path / "bench.h5"
    done = searchbench(SMALL, "--algorithms", "random,nsga2", "--budget", "40", "--seeds", "2",
                       "--target", '{"minimize": "energy", "accuracy_min": 70}', "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "| random |" in done.stdout
    with h5py.File(out, "r") as f:
        assert f.attrs["kind"] == "coscan-searchbench"
        assert list(f.attrs["algorithms"]) == ["random", "nsga2"]
        assert f["runs/random/hv_ratio"].shape == (2, 40)
        assert f["runs/nsga2/regret"].shape == (2, 1, 40)
        assert f["truth/targets/label"][0].decode().startswith("min energy")
        study = coscan.Study(SMALL)
        m = study.evaluate(f["runs/random/arch"][1], f["runs/random/accel"][1])
        assert np.array_equal(m["energy_j"], f["runs/random/energy_j"][1])
    assert not list(tmp_path.glob("*.partial"))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    # coscan.report draws its curves.
    report = subprocess.run([sys.executable, "-m", "coscan.report", str(out), "--out",
                             str(tmp_path / "report")], capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report" / "index.html").read_text()
    assert "search_hv_ratio.png" in page and "search_regret_0.png" in page
    assert (tmp_path / "report" / "search_igd_plus.svg").is_file()


@pytest.mark.parametrize("args,message", [
    (["--algorithms", "annealing"], "unknown annealing"),
    (["--budget", "0"], "at least 1"),
    (["--target", '{"minimize": "speed"}'], "speed"),
    (["--target", "[1, 2]"], "expected a table"),
    (["--proxy-accel", "100000"], "proxy-accel"),
    (["--target", '{"pareto": true}'], "always judged"),
])
def test_bad_arguments_are_one_line_errors(tmp_path, args, message):
    out = tmp_path / "bench.h5"
    done = searchbench(SMALL, "--out", str(out), "--budget", "5", "--seeds", "1", *args)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_an_output_folder_is_refused(tmp_path):
    done = searchbench(SMALL, "--out", str(tmp_path), "--budget", "5", "--seeds", "1")
    assert done.returncode == 2 and "is a folder" in done.stderr


def test_a_bad_study_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[study]\nname = 3\n")
    done = searchbench(str(bad), "--out", str(tmp_path / "bench.h5"))
    assert done.returncode == 2 and "bad.toml" in done.stderr
