"""python3 -m coscan.report: the page and its figures for each kind of results file."""

import re

import pytest

from coscan import report


def figures_of(out):
    page = (out / "index.html").read_text()
    stems = re.findall(r'<img src="([a-z0-9_]+)\.png"', page)
    for stem in stems:
        assert (out / f"{stem}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert b"<svg" in (out / f"{stem}.svg").read_bytes()[:2000]
        assert f'href="{stem}.svg"' in page
    return page, stems


def test_a_dataset_gives_the_three_pareto_projections_over_a_sample(small_dataset, tmp_path):
    assert report.main([str(small_dataset), "--out", str(tmp_path), "--sample", "5000"]) == 0
    page, stems = figures_of(tmp_path)
    assert stems == ["pareto_accuracy_vs_latency_s", "pareto_accuracy_vs_energy_j",
                     "pareto_latency_s_vs_area_mm2"]
    assert "5,000 of the dataset" in page
    assert "nb201-small" in page and "1,000,000" in page


def test_ranking_gives_the_distribution_and_the_heatmap(ranking_and_matrix, tmp_path):
    assert report.main([str(ranking_and_matrix), "--out", str(tmp_path)]) == 0
    page, stems = figures_of(tmp_path)
    assert stems[3:] == ["ranking_similarity", "ranking_matrix"]
    assert "Grey" not in page  # no dataset behind the front


def test_verify_gives_regret_and_recall(verified, tmp_path):
    assert report.main([str(verified), "--out", str(tmp_path)]) == 0
    _, stems = figures_of(tmp_path)
    assert stems[-1] == "verify"


def test_a_file_that_is_not_results_is_exit_2_and_no_page(tmp_path, capsys):
    other = tmp_path / "other.h5"
    other.write_bytes(b"not hdf5")
    assert report.main([str(other), "--out", str(tmp_path / "page")]) == 2
    assert "other.h5" in capsys.readouterr().err
    assert not (tmp_path / "page" / "index.html").exists()


def test_a_pair_table_study_draws_devices_by_name_and_skips_unknown_metrics(measured_devices,
                                                                            tmp_path):
    assert report.main([str(measured_devices), "--out", str(tmp_path)]) == 0
    page, stems = figures_of(tmp_path)
    # The devices' tables give latency only: no energy or area projections.
    assert stems == ["pareto_accuracy_vs_latency_s", "ranking_similarity", "ranking_matrix"]
    assert "one bar per device" in page
