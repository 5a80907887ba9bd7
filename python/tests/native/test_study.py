"""coscan.Study (the compiled module) against `coscan run`'s own output, bit for bit."""

import h5py
import numpy as np
import pytest

import coscan
from conftest import ROOT, run, small

SHARED = ROOT.parent / "shared"


def dataset_study(directory, name, text):
    """Runs `text` with every pair's metrics written; returns (study file, results file)."""
    out = run(directory, name, text.rstrip() + "\ndataset = true\n")  # [output] is last
    return directory / f"{name}.toml", out


def read_tables(results):
    with h5py.File(results, "r") as f:
        return {"arch": f["dataset/arch"][...], "accel": f["dataset/accel"][...],
                "latency_s": f["dataset/latency_s"][...], "energy_j": f["dataset/energy_j"][...],
                "accuracy": f["archs/accuracy"][...], "area_mm2": f["accels/area_mm2"][...]}


def assert_same_bits(a, b):
    """Equal as bit patterns (NaN included), not merely close."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape
    assert np.array_equal(a.view(np.uint64), b.view(np.uint64))


def check_against_dataset(study_file, results, threads=2):
    tables = read_tables(results)
    study = coscan.Study(str(study_file), threads=threads)
    archs = np.repeat(tables["arch"], len(tables["accel"])).astype(np.int64)
    accels = np.tile(tables["accel"], len(tables["arch"])).astype(np.int64)
    # In a shuffled order: each pair's value must not depend on its neighbours.
    order = np.random.default_rng(5).permutation(len(archs))
    m = study.evaluate(archs[order], accels[order])
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    shape = tables["latency_s"].shape
    assert_same_bits(m["latency_s"][back].reshape(shape), tables["latency_s"])
    assert_same_bits(m["energy_j"][back].reshape(shape), tables["energy_j"])
    assert_same_bits(m["accuracy"][back].reshape(shape)[:, 0], tables["accuracy"])
    assert_same_bits(m["area_mm2"][back].reshape(shape)[0, :], tables["area_mm2"])
    assert_same_bits(m["edp_js"], m["energy_j"] * m["latency_s"])
    return study


def test_analytical_study_equals_the_run_dataset(tmp_path):
    study_file, results = dataset_study(tmp_path, "small", (ROOT / "examples" / "nb201_small.toml").read_text())
    check_against_dataset(study_file, results)


def test_crossbar_study_equals_the_run_dataset(tmp_path):
    study_file, results = dataset_study(tmp_path, "imc", (ROOT / "examples" / "nb201_imc.toml").read_text())
    check_against_dataset(study_file, results, threads=1)


def test_pair_table_study_equals_the_run_dataset(tmp_path):
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent: the measured-devices study needs its tables")
    text = (ROOT / "examples" / "nb201_measured_devices.toml").read_text()
    text = text.replace('"../../shared/', f'"{SHARED}/')
    study_file, results = dataset_study(tmp_path, "devices", text)
    study = check_against_dataset(study_file, results)
    assert study.num_accels == 27
    assert study.accel_index(study.accel(5)) == 5


@pytest.fixture(scope="module")
def small_study():
    return coscan.Study(str(ROOT / "examples" / "nb201_small.toml"), threads=2)


def test_indices_decode_and_encode_both_ways(small_study):
    names = small_study.arch_str(np.arange(small_study.num_archs))
    assert np.array_equal(small_study.arch_index(names), np.arange(small_study.num_archs))
    assert small_study.arch_index(small_study.arch_str(1234)) == 1234
    for j in range(small_study.num_accels):
        fields = small_study.accel(j)
        assert small_study.accel_index(fields) == j
    # A field the space has one value of may be left out; a field it varies may not.
    fields = small_study.accel(9)
    del fields["clock_mhz"], fields["array_rows"], fields["array_cols"]
    assert small_study.accel_index(fields) == 9
    del fields["noc_bw"]
    with pytest.raises(ValueError, match="noc_bw"):
        small_study.accel_index(fields)


def test_crossbar_accelerators_encode(tmp_path):
    study = coscan.Study(str(ROOT / "examples" / "nb201_imc.toml"), threads=1)
    for j in range(0, study.num_accels, 7):
        assert study.accel_index(study.accel(j)) == j
    assert "adc_bits" in study.accel(study.num_accels - 1)


def test_pareto_equals_the_run_front(small_study, small_front_only):
    front = small_study.pareto()
    with h5py.File(small_front_only, "r") as f:
        assert np.array_equal(front["arch"], f["pareto/arch_index"][...])
        assert np.array_equal(front["accel"], f["pareto/accel_index"][...])
        assert_same_bits(front["latency_s"], f["pareto/latency_s"][...])
        assert_same_bits(front["energy_j"], f["pareto/energy_j"][...])


def brute_force_optimum(study, minimize, accuracy_min):
    archs = np.repeat(np.arange(study.num_archs), study.num_accels)
    accels = np.tile(np.arange(study.num_accels), study.num_archs)
    m = study.evaluate(archs, accels)
    value = np.where(m["accuracy"] >= accuracy_min, m[minimize], np.inf)
    best = np.argmin(value)  # the first on ties: the lowest (arch, accel)
    return value[best], archs[best], accels[best]


@pytest.mark.parametrize("metric,column", [("latency", "latency_s"), ("edp", "edp_js")])
def test_optimum_equals_brute_force(small_study, metric, column):
    accuracy_min = 70.0
    value, arch, accel = brute_force_optimum(small_study, column, accuracy_min)
    got = small_study.optimum({"minimize": metric, "accuracy_min": accuracy_min})
    assert got["feasible"]
    assert got["value"] == value
    m = small_study.evaluate(got["arch"], got["accel"])
    assert m[column][0] == value and m["accuracy"][0] >= accuracy_min
    assert small_study.optimum(f'{{ minimize = "{metric}", accuracy_min = 70.0 }}')["value"] == value


def test_an_infeasible_target_is_reported_not_raised(small_study):
    got = small_study.optimum({"minimize": "latency", "accuracy_min": 1000.0})
    assert not got["feasible"] and got["arch"] is None and np.isnan(got["value"])


def test_threads_do_not_change_a_bit(small_study):
    rng = np.random.default_rng(1)
    archs = rng.integers(0, small_study.num_archs, 100_000)
    accels = rng.integers(0, small_study.num_accels, 100_000)
    one = coscan.Study(str(ROOT / "examples" / "nb201_small.toml"), threads=1)
    a, b = small_study.evaluate(archs, accels), one.evaluate(archs, accels)
    for key in a:
        assert_same_bits(a[key], b[key])
    # One index is repeated to the other side's length.
    c = small_study.evaluate(archs[7], accels)
    assert_same_bits(c["latency_s"][:5], small_study.evaluate([archs[7]] * 5, accels[:5])["latency_s"])


def test_bad_input_is_a_clear_error(small_study, tmp_path):
    with pytest.raises(IndexError, match="out of range"):
        small_study.evaluate([small_study.num_archs], [0])
    with pytest.raises(IndexError, match="negative"):
        small_study.evaluate([-1], [0])
    with pytest.raises(TypeError, match="integers"):
        small_study.evaluate([1.5], [0])
    with pytest.raises(ValueError, match="3 architecture indices but 2"):
        small_study.evaluate([1, 2, 3], [0, 1])
    with pytest.raises(ValueError, match="not an architecture"):
        small_study.arch_index("|nor_conv_3x3~0|")
    with pytest.raises(coscan.StudyError, match="minimize"):
        small_study.optimum({"minimize": "speed"})
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "examples" / "nb201_small.toml").read_text() + "\n[engine]\nspeed = 1\n")
    with pytest.raises(coscan.StudyError, match=r"bad\.toml.*speed"):
        coscan.Study(str(bad))
    with pytest.raises(coscan.StudyError, match="missing"):
        coscan.Study(str(tmp_path / "missing.toml"))


def test_the_default_study_needs_no_file():
    study = coscan.Study()
    assert study.num_archs == 15625 and study.num_accels > 0
    assert study.objectives[0] == ("maximize", "accuracy")
