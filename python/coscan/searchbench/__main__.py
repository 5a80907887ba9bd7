"""python3 -m coscan.searchbench STUDY.toml --out FILE.h5 [options]: the search benchmark."""

import argparse
import importlib.util
import json
import os
import sys
import tomllib

from .. import _native
from . import output
from .algorithms import ALGORITHMS, BUILT_IN
from .benchmark import run_benchmark, table


def fail(message):
    print(f"coscan.searchbench: error: {message}", file=sys.stderr)
    sys.exit(2)


def parse_target(text):
    """A target as JSON ({"minimize": "edp", "accuracy_min": 93}) or as the TOML inline table
    of a study's [verify] targets ({ minimize = "edp", accuracy_min = 93 }); coscan checks its
    keys and values (Study.optimum)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        try:
            value = tomllib.loads(f"target = {text}")["target"]
        except tomllib.TOMLDecodeError:
            value = None
    if not isinstance(value, dict):
        fail(f"--target {text!r}: expected a table such as '{{\"minimize\": \"latency\"}}'")
    return value


def load_plugin(path):
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0],
                                                  path)
    if spec is None or not os.path.isfile(path):
        fail(f"--plugin {path}: no such Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m coscan.searchbench",
        description="Runs co-design search algorithms through coscan's evaluator and judges "
                    "every prefix of their histories against the study's exact ground truth.")
    parser.add_argument("study", help="the study file (TOML, docs/study.md)")
    parser.add_argument("--out", required=True, help="the HDF5 file to write (whole or not at all)")
    parser.add_argument("--algorithms", default=",".join(BUILT_IN),
                        help=f"comma-separated, from: {', '.join(BUILT_IN)} (default: all)")
    parser.add_argument("--budget", type=int, default=1000, help="evaluations per run (1000)")
    parser.add_argument("--seeds", type=int, default=10, help="runs per algorithm (10)")
    parser.add_argument("--first-seed", type=int, default=0, help="the first seed (0)")
    parser.add_argument("--target", action="append", default=None, metavar="TABLE",
                        help="a constrained target, e.g. '{\"minimize\": \"edp\", "
                             "\"accuracy_min\": 93}' (repeatable; default: the study's "
                             "[verify] targets)")
    parser.add_argument("--proxy-accel", type=int, default=0,
                        help="the semi-decoupled search's proxy accelerator (index, 0)")
    parser.add_argument("--threads", type=int, default=0, help="evaluator threads (0: all)")
    parser.add_argument("--plugin", action="append", default=[], metavar="FILE.py",
                        help="a Python file that registers more algorithms (repeatable)")
    args = parser.parse_args(argv)
    for path in args.plugin:
        load_plugin(path)
    algorithms = [a for a in args.algorithms.split(",") if a]
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown or not algorithms:
        fail(f"--algorithms: unknown {', '.join(unknown) or '(none given)'} "
             f"(known: {', '.join(ALGORITHMS)})")
    if args.budget < 1 or args.seeds < 1 or args.first_seed < 0 or args.threads < 0:
        fail("--budget and --seeds must be at least 1, --first-seed and --threads at least 0")
    if os.path.exists(args.out) and os.path.exists(args.study) and \
            os.path.samefile(args.out, args.study):
        fail(f"--out {args.out} is the study file: it would be overwritten")
    if os.path.isdir(args.out):
        fail(f"--out {args.out} is a folder: give the file to write")
    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.access(folder, os.W_OK):
        fail(f"--out {args.out}: cannot write in {folder}")
    try:
        study = _native.Study(args.study, threads=args.threads)
        targets = ([parse_target(t) for t in args.target] if args.target is not None
                   else study.verify_targets)
        if not 0 <= args.proxy_accel < study.num_accels:
            fail(f"--proxy-accel {args.proxy_accel}: the study has {study.num_accels} "
                 "accelerators")
        for target in targets:  # coscan checks every key and value before any run
            if "pareto" in target:
                fail("--target: the Pareto set is always judged (hypervolume ratio, IGD+, "
                     "epsilon); give constrained targets")
            study.optimum(target)
        truth, settings, runs, summary = run_benchmark(
            study, algorithms, args.budget, range(args.first_seed, args.first_seed + args.seeds),
            targets, args.proxy_accel)
    except _native.StudyError as error:
        fail(str(error))
    try:
        output.write(args.out, study, truth, settings, runs, summary)
    except OSError as error:  # a full disk, a quota: as coscan, exit 1 and no file
        print(f"coscan.searchbench: error: cannot write {args.out}: "
              f"{error.strerror or error}", file=sys.stderr)
        sys.exit(1)
    print(table(truth, summary, args.seeds))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
