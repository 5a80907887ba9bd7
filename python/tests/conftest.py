"""Results files for the tests, written by the coscan binary under test.

The binary is $COSCAN (CTest sets it) or ./build/apps/coscan/coscan.
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SMALL_STUDY = (ROOT / "examples" / "nb201_small.toml").read_text()


def coscan_binary():
    path = os.environ.get("COSCAN", str(ROOT / "build" / "apps" / "coscan" / "coscan"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"no coscan binary at {path} (build first, or set COSCAN)")
    return path


def run(directory, name, study, command="run"):
    """Writes `study` to DIR/NAME.toml, runs `coscan COMMAND` on it, returns DIR/NAME.h5."""
    toml = directory / f"{name}.toml"
    toml.write_text(study)
    out = directory / f"{name}.h5"
    subprocess.run([coscan_binary(), command, str(toml), "--out", str(out), "--threads", "2"],
                   check=True, capture_output=True, text=True)
    return out


def small(directory, name, sections="", dataset=False, command="run"):
    """examples/nb201_small.toml, with every pair's metrics written when `dataset`, and the
    TOML `sections` added; run by `coscan COMMAND` (see run)."""
    study = SMALL_STUDY.rstrip() + ("\ndataset = true\n" if dataset else "\n")  # [output] is last
    return run(directory, name, study + sections, command)


@pytest.fixture(scope="session")
def results_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("results")


@pytest.fixture(scope="session")
def small_dataset(results_dir):
    """NAS-Bench-201 x 64 accelerators, every pair's metrics: a 15,625 x 64 table."""
    return small(results_dir, "small_dataset", dataset=True)


@pytest.fixture(scope="session")
def small_front_only(results_dir):
    return small(results_dir, "small_front_only")


@pytest.fixture(scope="session")
def sample_with_repeats(results_dir):
    """A cross product of samples drawn with replacement: rows and columns repeat."""
    return small(results_dir, "sample_with_repeats", dataset=True, sections=(
        "[enumeration]\nmode = \"sample\"\narchs = 400\naccels = 40\nseed = 7\n"
        "replacement = true\n"))


@pytest.fixture(scope="session")
def pair_sample(results_dir):
    """Independent (architecture, accelerator) pairs: a 1-D dataset."""
    return small(results_dir, "pair_sample", dataset=True,
                 sections="[enumeration]\nmode = \"sample\"\npairs = 5000\nseed = 11\n")


@pytest.fixture(scope="session")
def ranking_and_matrix(results_dir):
    return small(results_dir, "ranking_and_matrix", sections=(
        "[ranking]\nmetric = [\"latency\", \"energy\"]\nproxy_accel = 0\n"
        "matrix_accels = [0, 5, 9, 63]\n"))


@pytest.fixture(scope="session")
def verified(results_dir):
    return small(results_dir, "verified", command="verify", sections=(
        "[verify]\nrules = [{ kind = \"semi_decoupled\", proxy_accel = 0, metric = \"latency\" }]\n"
        "targets = [{ minimize = \"edp\" }, { pareto = true }]\n"))


@pytest.fixture(scope="session")
def measured_devices(results_dir):
    """The 27 HW-NAS-Bench devices (a pair-table study over ../shared/data)."""
    if not (ROOT.parent / "shared" / "data").is_dir():
        pytest.skip("../shared/data is absent: the measured-devices study needs its tables")
    out = results_dir / "measured_devices.h5"
    subprocess.run([coscan_binary(), "run", str(ROOT / "examples" / "nb201_measured_devices.toml"),
                    "--out", str(out), "--threads", "2"], check=True, capture_output=True)
    return out
