"""python3 -m coscan.report FILE.h5 --out DIR: an HTML page of figures for one results file.

DIR/index.html holds the study's summary and, as PNG and SVG, the Pareto set's 2-D projections
(over a sample of the dataset when the file has one), the ranking-similarity distribution per
dataflow and the device-by-device Spearman heatmap (with `[ranking]`), and the verification's
regret and recall (from `coscan verify`). Every figure has axis labels with units and a caption.
For a search benchmark file (python3 -m coscan.searchbench), the page holds its summary table
and the hypervolume ratio, IGD+ and regret of each algorithm against evaluations.
"""

import argparse
import html
import os
import shutil
import sys
import tempfile

import numpy as np

from .results import Results, ResultsError

# Projections of the Pareto set: (x, y, x on a log axis).
PROJECTIONS = (("latency_s", "accuracy", True), ("energy_j", "accuracy", True),
               ("area_mm2", "latency_s", False))
LABELS = {"accuracy": "accuracy (%)", "latency_s": "latency per inference, batch 1 (s)",
          "energy_j": "energy per inference (J)", "area_mm2": "accelerator area (mm²)",
          "edp_js": "energy-delay product (J·s)"}


class Figure:
    """One figure of the report: its file stem, title and caption."""

    def __init__(self, stem, title, caption):
        self.stem, self.title, self.caption = stem, title, caption


def dataset_sample(results, size, seed=0):
    """Up to `size` random pairs of the dataset as a dict of metric arrays, read by whole chunks
    (a few chunks, not scattered cells: each cell read alone would read its chunk)."""
    f = results.h5
    latency, energy = f["dataset/latency_s"], f["dataset/energy_j"]
    rng = np.random.default_rng(seed)
    accuracy, area = f["archs/accuracy"], f["accels/area_mm2"]
    if latency.ndim == 1:
        n = latency.shape[0]
        start = int(rng.integers(0, max(1, n - size + 1)))
        sel = slice(start, min(n, start + size))
        arch_rows = np.searchsorted(f["archs/arch_index"][:], f["dataset/arch_index"][sel])
        accel_rows = np.searchsorted(f["accels/accel_index"][:], f["dataset/accel_index"][sel])
        return {"latency_s": latency[sel], "energy_j": energy[sel],
                "accuracy": accuracy[:][arch_rows], "area_mm2": area[:][accel_rows]}
    rows, cols = latency.shape
    chunk_rows, chunk_cols = latency.chunks or (min(rows, 1024), min(cols, 64))
    picks = {key: [] for key in ("latency_s", "energy_j", "accuracy", "area_mm2")}
    taken = 0
    for _ in range(64):
        if taken >= size:
            break
        r0 = int(rng.integers(0, (rows + chunk_rows - 1) // chunk_rows)) * chunk_rows
        c0 = int(rng.integers(0, (cols + chunk_cols - 1) // chunk_cols)) * chunk_cols
        r1, c1 = min(rows, r0 + chunk_rows), min(cols, c0 + chunk_cols)
        block_l, block_e = latency[r0:r1, c0:c1], energy[r0:r1, c0:c1]
        picks["latency_s"].append(block_l.ravel())
        picks["energy_j"].append(block_e.ravel())
        picks["accuracy"].append(np.repeat(accuracy[r0:r1], c1 - c0))
        picks["area_mm2"].append(np.tile(area[c0:c1], r1 - r0))
        taken += block_l.size
    sample = {key: np.concatenate(parts) for key, parts in picks.items()}
    keep = rng.permutation(sample["latency_s"].size)[:size]
    return {key: values[keep] for key, values in sample.items()}


def pareto_figures(results, plt, out, sample_size):
    front = results.pareto()
    labels = dict(LABELS)
    if results.attrs.get("accuracy_is_proxy"):
        labels["accuracy"] = "proxy accuracy (%)"
    sample = dataset_sample(results, sample_size) if results.has_dataset else None
    figures = []
    for x, y, log in PROJECTIONS:
        if not (np.isfinite(front[x]).any() and np.isfinite(front[y]).any()):
            continue  # a metric this study's cost model does not give (a pair table's area)
        fig, ax = plt.subplots(figsize=(6, 4.5))
        if sample is not None:
            ax.scatter(sample[x], sample[y], s=2, c="0.75", label=f"{sample[x].size:,} dataset pairs")
        ax.scatter(front[x], front[y], s=6, c="tab:red", label=f"Pareto set ({len(front):,} pairs)")
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(labels[x])
        ax.set_ylabel(labels[y])
        ax.legend(loc="best", fontsize="small")
        stem = f"pareto_{y}_vs_{x}"
        save(fig, plt, out, stem)
        objectives = results.attrs.get("objectives", "")
        caption = (f"The exact Pareto set over ({objectives}), projected on {labels[x]} and "
                   f"{labels[y]}; a projection of a front in more than two objectives includes "
                   "points that are dominated in these two alone.")
        if sample is not None:
            caption += (f" Grey: a random sample of {sample[x].size:,} of the dataset's "
                        f"{results.attrs.get('num_pairs', 0):,} pairs.")
        figures.append(Figure(stem, f"Pareto set: {y} vs {x}", caption))
    return figures


def ranking_figures(results, plt, out):
    if "ranking" not in results.h5:
        return []
    table = results.ranking()
    metric = table.attrs.get("metric", "latency")
    figures = []
    groups = sorted(set(table.dataflow))
    per_device = len(groups) == len(table)  # a pair-table study: one row per named device
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.3 * len(groups) + 2 if per_device else 4),
                             sharey=True)
    for ax, statistic, name in ((axes[0], "spearman", "Spearman ρ"),
                                (axes[1], "kendall_tau_b", "Kendall τ-b")):
        if per_device:
            ax.barh(np.arange(len(table)), table[statistic], color="tab:blue")
            ax.set_yticks(np.arange(len(table)), table.dataflow, fontsize="x-small")
        else:
            data = [table[statistic][table.dataflow == g].dropna().to_numpy() for g in groups]
            ax.boxplot(data, vert=False, labels=groups)
        ax.set_xlabel(f"{name} with the proxy accelerator (1)")
    axes[0].set_ylabel("device" if per_device else "dataflow")
    if per_device:
        axes[0].invert_yaxis()
    save(fig, plt, out, "ranking_similarity")
    shape = ("one bar per device" if per_device else
             f"one box per dataflow over its accelerators, {len(table):,} in all (boxes: "
             "quartiles; whiskers: 1.5 IQR)")
    figures.append(Figure(
        "ranking_similarity", f"Ranking similarity by {metric}",
        f"Rank correlation between each accelerator's ranking of the {table.attrs.get('num_archs')} "
        f"architectures by {metric} and the proxy accelerator's (accelerator "
        f"{table.attrs.get('proxy_accel')}); {shape}."))
    if "ranking/matrix" in results.h5:
        matrix = results.ranking_matrix()
        fig, ax = plt.subplots(figsize=(6, 5))
        image = ax.imshow(matrix.to_numpy(), vmin=-1, vmax=1, cmap="RdBu_r")
        fig.colorbar(image, ax=ax, label="Spearman ρ (1)")
        ticks = np.arange(len(matrix))
        accels = results.accels()
        named = "device" in accels
        if named:  # a pair- or layer-table study: the devices' names
            names = dict(zip(accels.accel_index, accels.device))
            labels = [names.get(a, str(a)) for a in matrix.index]
        else:
            labels = [str(a) for a in matrix.index]
        if len(matrix) <= 32:
            ax.set_xticks(ticks, labels, rotation=90, fontsize="x-small" if named else None)
            ax.set_yticks(ticks, labels, fontsize="x-small" if named else None)
        ax.set_xlabel("device" if named else "accelerator index")
        ax.set_ylabel("device" if named else "accelerator index")
        save(fig, plt, out, "ranking_matrix")
        figures.append(Figure(
            "ranking_matrix", f"Device-by-device Spearman ρ by {metric}",
            f"Spearman rank correlation of the architectures' {metric} between every two of the "
            f"{len(matrix)} accelerators of `[ranking] matrix_accels`."))
    return figures


def verify_figures(results, plt, out):
    if "verify" not in results.h5:
        return []
    table = results.verify()
    labels = [f"{r}\n{t}" for r, t in zip(table.rule, table.target)]
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.5 * len(table) + 2), sharey=True)
    y = np.arange(len(table))
    regret = np.where(np.isfinite(table.regret), table.regret, np.nan)
    axes[0].barh(y, regret, color=["tab:green" if k else "tab:red" for k in table.optimum_kept])
    for row, kept in zip(y, table.optimum_kept):
        if kept:
            axes[0].text(0, row, " kept", va="center", color="tab:green", fontsize="small")
    axes[0].set_yticks(y, labels, fontsize="x-small")
    axes[0].invert_yaxis()
    axes[0].set_xlabel("relative regret of the reduced space (1)")
    axes[1].barh(y, table.pareto_recall, color="tab:blue")
    axes[1].set_xlabel("Pareto recall: true Pareto pairs kept / all (1)")
    axes[1].set_xlim(0, 1.05)
    save(fig, plt, out, "verify")
    return [Figure("verify", "Reduced-space verification",
                   "Per (rule, target): the relative regret of the reduced space's optimum "
                   "(green: the optimum is kept; red: lost; no bar for an infeasible reduced "
                   "space) and the fraction of the true Pareto pairs the reduced space keeps.")]


def save(fig, plt, out, stem):
    fig.tight_layout()
    for extension in ("png", "svg"):
        fig.savefig(os.path.join(out, f"{stem}.{extension}"), dpi=120)
    plt.close(fig)


def page(results, figures):
    a = results.attrs
    rows = [("study", a.get("study_name")), ("description", a.get("study_description")),
            ("results file", results.path), ("coscan", f"{a.get('coscan_version')} "
                                                       f"({a.get('git_revision')})"),
            ("architectures", f"{a.get('num_archs'):,} ({a.get('arch_space')})"),
            ("accelerators", f"{a.get('num_accels'):,}"), ("pairs", f"{a.get('num_pairs'):,}"),
            ("accuracy", a.get("accuracy_source")), ("objectives", a.get("objectives")),
            ("Pareto set", f"{results.h5['pareto'].attrs.get('size'):,} pairs"),
            ("sweep", f"{a.get('wall_s', 0):.3g} s, {a.get('pairs_per_s', 0):.3g} pairs/s on "
                      f"{a.get('ranks')} rank(s) x {a.get('threads')} thread(s)")]
    esc = html.escape
    body = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
            f"<title>coscan: {esc(str(a.get('study_name')))}</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
            "td{padding:0 1em 0 0;vertical-align:top}figure{margin:2em 0}</style>",
            "</head><body>", f"<h1>{esc(str(a.get('study_name')))}</h1>", "<table>"]
    body += [f"<tr><td>{esc(k)}</td><td>{esc(str(v))}</td></tr>" for k, v in rows]
    body.append("</table>")
    body += figures_html(figures)
    body.append("</body></html>")
    return "\n".join(body) + "\n"


def figures_html(figures):
    """The page's lines for its figures: each PNG with its title, caption and SVG link."""
    esc = html.escape
    lines = []
    for figure in figures:
        lines += [f"<figure id=\"{figure.stem}\"><h2>{esc(figure.title)}</h2>",
                  f"<img src=\"{figure.stem}.png\" alt=\"{esc(figure.title)}\" width=\"100%\">",
                  f"<figcaption>{esc(figure.caption)} "
                  f"(<a href=\"{figure.stem}.svg\">SVG</a>)</figcaption></figure>"]
    return lines


def publish(out, build):
    """Runs build(staging) -> (figures, page html) in a temporary folder inside OUT and moves
    the figures, then index.html, into OUT only when all are written: a failure leaves no
    figure or page behind. Returns the figures."""
    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".coscan-report.", dir=out)
    try:
        figures, text = build(staging)
        with open(os.path.join(staging, "index.html"), "w", encoding="utf-8") as stream:
            stream.write(text)
        names = [f"{f.stem}.{ext}" for f in figures for ext in ("png", "svg")]
        for name in names + ["index.html"]:
            os.replace(os.path.join(staging, name), os.path.join(out, name))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return figures


def is_searchbench(path):
    import h5py

    try:
        with h5py.File(path, "r") as f:
            return f.attrs.get("kind") == "coscan-searchbench"
    except OSError:
        return False  # Results reports the file's problem


def write_report(path, out, sample_size=20000):
    """Writes OUT/index.html and its figures for the results (or search benchmark) file `path`;
    returns the figures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if is_searchbench(path):
        import h5py

        from .searchbench import report as search_report

        with h5py.File(path, "r") as f:
            def build_search(staging):
                made = search_report.figures(f, plt, staging, save)
                return made, search_report.page(f, path, made)

            return publish(out, build_search)

    with Results(path) as results:
        def build(staging):
            figures = pareto_figures(results, plt, staging, sample_size)
            figures += ranking_figures(results, plt, staging)
            figures += verify_figures(results, plt, staging)
            return figures, page(results, figures)

        return publish(out, build)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m coscan.report", description=__doc__.split(
        "\n")[0])
    parser.add_argument("results", help="a results file written by coscan run or coscan verify, "
                                        "or a search benchmark file")
    parser.add_argument("--out", required=True, help="the folder for index.html and the figures")
    parser.add_argument("--sample", type=int, default=20000,
                        help="dataset pairs drawn behind the Pareto set (default 20000)")
    args = parser.parse_args(argv)
    if args.sample < 0:
        parser.error("--sample must be >= 0")
    try:
        figures = write_report(args.results, args.out, args.sample)
    except ResultsError as error:
        print(f"coscan.report: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"coscan.report: {error.filename or args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"{os.path.join(args.out, 'index.html')}: {len(figures)} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
