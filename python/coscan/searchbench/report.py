"""The figures and page of a search benchmark file (coscan.report draws them)."""

import html
import warnings

import numpy as np

from ..report import Figure, figures_html

COLOURS = {"random": "tab:gray", "tpe": "tab:orange", "nsga2": "tab:blue",
           "semidecoupled": "tab:green", "cbo": "tab:red", "shgo": "tab:purple"}


def _band(ax, curves, label, colour):
    """Median over seeds and the quartile band, against evaluations 1..budget."""
    x = np.arange(1, curves.shape[1] + 1)
    with warnings.catch_warnings():  # no seed has a value yet (no feasible pair): no line
        warnings.simplefilter("ignore", RuntimeWarning)
        q1, median, q3 = np.nanpercentile(curves, [25, 50, 75], axis=0)
    ax.plot(x, median, label=label, color=colour)
    ax.fill_between(x, q1, q3, color=colour, alpha=0.2, linewidth=0)


def figures(f, plt, out, save):
    """Writes the figures into `out` (save(fig, plt, out, stem)); returns them."""
    algorithms = [str(a) for a in f.attrs["algorithms"]]
    seeds = len(f.attrs["seeds"])
    made = []
    panels = (("hv_ratio", "hypervolume ratio to the true front (1)", "linear"),
              ("igd_plus", "IGD+ to the true front (normalised objectives)", "log"))
    for key, label, scale in panels:
        fig, ax = plt.subplots(figsize=(7, 4.2))
        for name in algorithms:
            _band(ax, f[f"runs/{name}/{key}"][...], name, COLOURS.get(name))
        ax.set_xlabel("evaluations")
        ax.set_ylabel(label)
        ax.set_yscale(scale)
        ax.legend(fontsize="small")
        save(fig, plt, out, f"search_{key}")
        made.append(Figure(f"search_{key}", label.split(" (")[0],
                           f"Median over {seeds} seeds (line) and quartiles (band) after each "
                           "evaluation, one line per algorithm."))
    labels = [s.decode() if isinstance(s, bytes) else str(s) for s in f["truth/targets/label"]]
    for t, target in enumerate(labels):
        fig, ax = plt.subplots(figsize=(7, 4.2))
        for name in algorithms:
            regret = f[f"runs/{name}/regret"][:, t, :]
            _band(ax, np.where(np.isinf(regret), np.nan, regret), name, COLOURS.get(name))
        ax.set_xlabel("evaluations")
        ax.set_ylabel("relative regret (1)")
        ax.set_yscale("symlog", linthresh=1e-3)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize="small")
        save(fig, plt, out, f"search_regret_{t}")
        made.append(Figure(f"search_regret_{t}", f"Regret: {target}",
                           f"Relative regret of the best feasible pair found (0: the true optimum "
                           f"was evaluated), median and quartiles over {seeds} seeds; no line "
                           "before a feasible pair is found."))
    return made


def page(f, path, made):
    esc = html.escape
    a = f.attrs
    s = f["summary"]
    names = [x.decode() if isinstance(x, bytes) else str(x) for x in s["algorithm"]]
    labels = [x.decode() if isinstance(x, bytes) else str(x) for x in f["truth/targets/label"]]
    head = ["algorithm", "HV ratio", "IGD+"]
    for label in labels:
        head += [f"regret: {label}", "evaluations to optimum (seeds)"]
    rows = []
    for i, name in enumerate(names):
        row = [name, f"{s['hv_ratio'][i]:.3f}", f"{s['igd_plus'][i]:.3f}"]
        for t in range(len(labels)):
            regret, evals = s["regret"][i, t], s["evaluations_to_optimum"][i, t]
            row += ["none feasible" if np.isinf(regret) else f"{regret:.3g}",
                    f"{'-' if evals < 0 else f'{evals:g}'} ({s['optimum_found'][i, t]})"]
        rows.append(row)
    body = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
            f"<title>coscan search benchmark: {esc(str(a['study_name']))}</title>",
            "<style>body{font-family:sans-serif;max-width:70em;margin:auto}"
            "td,th{padding:0 1em 0 0;text-align:left}figure{margin:2em 0}</style></head><body>",
            f"<h1>Search benchmark: {esc(str(a['study_name']))}</h1>",
            f"<p>{esc(str(path))}: budget {a['budget']} evaluations, {len(a['seeds'])} seeds; "
            f"true front {len(f['truth/front'])} pairs. Medians over seeds of the final values."
            "</p>", "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"]
    body += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows]
    body.append("</table>")
    body += figures_html(made)
    body.append("</body></html>")
    return "\n".join(body) + "\n"
