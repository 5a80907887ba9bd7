"""coscan.open against the raw HDF5 tables, and the dataset against the Pareto set."""

import subprocess

import h5py
import numpy as np
import pytest

import coscan
from conftest import SMALL_STUDY, coscan_binary


def raw(path, name):
    with h5py.File(path, "r") as f:
        dataset = f[name]
        if h5py.check_string_dtype(dataset.dtype) is not None:
            return dataset.asstr()[...]
        return dataset[...]


def test_every_pareto_pair_queried_from_the_dataset_is_bit_identical(small_dataset):
    with coscan.open(small_dataset) as r:
        front = r.pareto()
        assert len(front) == front.attrs["size"] > 0
        for row in front.itertuples():
            pair = r.query(row.arch_index, row.accel_index)
            for name in coscan.METRICS + ("arch_str",):
                assert pair[name] == getattr(row, name), (name, row)


def test_query_reads_the_table_cell_of_the_pair(small_dataset):
    archs, accels = raw(small_dataset, "archs/arch_index"), raw(small_dataset, "accels/accel_index")
    latency, energy = raw(small_dataset, "dataset/latency_s"), raw(small_dataset, "dataset/energy_j")
    rng = np.random.default_rng(5)
    with coscan.open(small_dataset) as r:
        for _ in range(50):
            i, j = int(rng.integers(len(archs))), int(rng.integers(len(accels)))
            pair = r.query(archs[i], accels[j])
            assert pair["latency_s"] == latency[i, j]
            assert pair["energy_j"] == energy[i, j]
            assert pair["accuracy"] == raw(small_dataset, "archs/accuracy")[i]
            assert pair["area_mm2"] == raw(small_dataset, "accels/area_mm2")[j]
            assert pair.units["latency_s"] == "s" and pair.units["energy_j"] == "J"


def test_query_by_arch_string_equals_query_by_index(small_dataset):
    strings = raw(small_dataset, "archs/arch_str")
    with coscan.open(small_dataset) as r:
        for i in (0, 1, 777, len(strings) - 1):
            assert r.query_arch_str(strings[i], 3) == r.query(i, 3)
        with pytest.raises(KeyError, match="no architecture"):
            r.query_arch_str("|not~0|+|an~0|arch~1|", 3)


def test_a_pair_outside_the_dataset_is_a_key_error(small_dataset):
    with coscan.open(small_dataset) as r:
        with pytest.raises(KeyError, match="accelerator 64"):
            r.query(0, 64)
        with pytest.raises(KeyError, match="architecture 15625"):
            r.query(15625, 0)


def test_to_xarray_gives_named_dimensions_coordinates_and_units(small_dataset):
    with coscan.open(small_dataset) as r:
        x = r.to_xarray()
        assert x.latency_s.dims == ("arch", "accel")
        assert x.latency_s.attrs["units"] == "s" and x.energy_j.attrs["units"] == "J"
        assert x.sizes["arch"] == 15625 and x.sizes["accel"] == 64
        np.testing.assert_array_equal(x.latency_s.values, raw(small_dataset, "dataset/latency_s"))
        np.testing.assert_array_equal(x.arch_str.values, raw(small_dataset, "archs/arch_str"))
        pair = r.query(1234, 7)
        assert float(x.energy_j.sel(arch=1234, accel=7)) == pair["energy_j"]
        assert str(x.dataflow.sel(accel=7).item()) == r.accels().dataflow[7]
        assert x.attrs["study_name"] == "nb201-small"


def test_results_without_a_dataset_still_give_the_front_and_say_why_query_cannot(
        small_front_only, small_dataset):
    with coscan.open(small_front_only) as r, coscan.open(small_dataset) as d:
        assert not r.has_dataset
        assert r.pareto().equals(d.pareto())
        with pytest.raises(coscan.ResultsError, match=r"no /dataset.*dataset = true"):
            r.query(0, 0)
        with pytest.raises(coscan.ResultsError, match="no /ranking"):
            r.ranking()


def test_a_shards_part_of_a_dataset_is_not_queried_but_its_front_is_read(results_dir):
    toml = results_dir / "shard.toml"
    toml.write_text(SMALL_STUDY.rstrip() + "\ndataset = true\n")
    out = results_dir / "shard.h5"
    subprocess.run([coscan_binary(), "run", str(toml), "--shard", "1/2", "--out", str(out)],
                   check=True, capture_output=True, text=True)
    with coscan.open(out) as r:
        assert r.is_shard and not r.has_dataset
        assert len(r.pareto()) > 0
        with pytest.raises(coscan.ResultsError, match=r"shard.h5: a shard's part.*coscan merge"):
            r.query(0, 0)


def test_a_sample_with_repeats_queries_like_its_table(sample_with_repeats):
    archs = raw(sample_with_repeats, "archs/arch_index")
    accels = raw(sample_with_repeats, "accels/accel_index")
    assert len(np.unique(archs)) < len(archs)  # the draw did repeat
    latency = raw(sample_with_repeats, "dataset/latency_s")
    with coscan.open(sample_with_repeats) as r:
        for i in range(0, len(archs), 37):
            for j in range(0, len(accels), 7):
                assert r.query(archs[i], accels[j])["latency_s"] == latency[i, j]
        for row in r.pareto().itertuples():
            assert r.query(row.arch_index, row.accel_index)["energy_j"] == row.energy_j


def test_independent_pairs_are_found_by_binary_search(pair_sample):
    with coscan.open(pair_sample) as r:
        assert r.is_pair_sample
        front = r.pareto()
        for row in front.itertuples():
            pair = r.query(row.arch_index, row.accel_index)
            assert (pair["latency_s"], pair["energy_j"]) == (row.latency_s, row.energy_j)
        drawn = set(zip(raw(pair_sample, "dataset/arch_index").tolist(),
                        raw(pair_sample, "dataset/accel_index").tolist()))
        archs = raw(pair_sample, "archs/arch_index")
        accels = raw(pair_sample, "accels/accel_index")
        missing = next((int(a), int(b)) for a in archs for b in accels if (a, b) not in drawn)
        with pytest.raises(KeyError, match="was not drawn"):
            r.query(*missing)
        x = r.to_xarray()
        assert x.latency_s.dims == ("pair",) and x.sizes["pair"] == 5000
        np.testing.assert_array_equal(x.arch_index.values, raw(pair_sample, "dataset/arch_index"))


def test_ranking_tables_and_matrix(ranking_and_matrix):
    with coscan.open(ranking_and_matrix) as r:
        latency = r.ranking()
        assert latency.attrs["metric"] == "latency"
        assert len(latency) == 64
        np.testing.assert_array_equal(latency.spearman, raw(ranking_and_matrix, "ranking/spearman"))
        assert latency.spearman[0] == 1.0  # the proxy against itself
        energy = r.ranking("energy")
        np.testing.assert_array_equal(energy.kendall_tau_b,
                                      raw(ranking_and_matrix, "ranking/energy/kendall_tau_b"))
        assert r.ranking("latency").equals(latency)
        with pytest.raises(coscan.ResultsError, match="no ranking by 'edp'"):
            r.ranking("edp")
        matrix = r.ranking_matrix()
        assert list(matrix.index) == [0, 5, 9, 63]
        np.testing.assert_array_equal(matrix.values, matrix.values.T)
        np.testing.assert_array_equal(np.diag(matrix.values), np.ones(4))
        assert matrix.loc[0, 5] == latency.spearman[5]


def test_verify_table(verified):
    with coscan.open(verified) as r:
        table = r.verify()
        assert len(table) == 2  # one rule x two targets
        assert set(table.optimum_kept) <= {0, 1}
        np.testing.assert_array_equal(table.regret, raw(verified, "verify/regret"))
        assert table.attrs["units"]["regret"] == "1"


def test_files_that_are_not_results_are_refused(tmp_path):
    with pytest.raises(coscan.ResultsError, match="cannot open"):
        coscan.open(tmp_path / "missing.h5")
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = [1, 2, 3]
    with pytest.raises(coscan.ResultsError, match="not a coscan results file"):
        coscan.open(other)


def test_the_dataset_opens_with_xarray_alone_with_named_dimensions(small_dataset, pair_sample):
    import xarray as xr

    with xr.open_dataset(small_dataset, group="dataset", engine="h5netcdf") as x:
        assert x.latency_s.dims == ("arch", "accel")
        assert x.attrs["layout_version"] == 2
        np.testing.assert_array_equal(x.arch.values, raw(small_dataset, "archs/arch_index"))
        np.testing.assert_array_equal(x.accel.values, raw(small_dataset, "accels/accel_index"))
        np.testing.assert_array_equal(x.arch_str.values, raw(small_dataset, "archs/arch_str"))
        np.testing.assert_array_equal(x.energy_j.values, raw(small_dataset, "dataset/energy_j"))
        assert x.latency_s.attrs["units"] == "s"
    with xr.open_dataset(pair_sample, group="dataset", engine="h5netcdf") as x:
        assert x.latency_s.dims == ("pair",) and x.sizes["pair"] == 5000
        assert set(x.coords) == {"arch_index", "accel_index"}
        np.testing.assert_array_equal(x.accel_index.values,
                                      raw(pair_sample, "dataset/accel_index"))


def test_the_cost_models_constants_are_recorded(small_front_only):
    with coscan.open(small_front_only) as r:
        model = r.cost_model
        assert model["kind"] == "analytical" and model["pooling"] == "native"
        assert model["energy"]["mac_pj"] == 0.23
        assert set(model["area"]) >= {"pe_mm2", "sram_mm2_per_kib", "xbar_mm2"}
