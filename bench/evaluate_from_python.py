"""coscan.Study.evaluate's rate from Python: random (architecture, accelerator) pairs in
batches, through the sweep's kernel. Prints pairs/s per batch size.

    PYTHONPATH=build/python python3 bench/evaluate_from_python.py [STUDY] [--threads N]
"""

import argparse
import pathlib
import time

import numpy as np

import coscan

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", nargs="?", default=str(ROOT / "examples" / "nb201_semidecoupled.toml"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=10_000_000, help="pairs per batch size")
    args = parser.parse_args()
    study = coscan.Study(args.study, threads=args.threads)
    print(f"{study.name}: {study.num_archs:,} archs x {study.num_accels:,} accels, "
          f"{study.threads} threads, {coscan._native.kernel_target()} kernel")
    rng = np.random.default_rng(0)
    for batch in (1, 100, 10_000, 100_000, 1_000_000):
        batches = max(1, min(args.pairs // batch, 20_000))
        archs = rng.integers(0, study.num_archs, (batches, batch))
        accels = rng.integers(0, study.num_accels, (batches, batch))
        study.evaluate(archs[0], accels[0])  # warm up
        start = time.perf_counter()
        for b in range(batches):
            study.evaluate(archs[b], accels[b])
        seconds = time.perf_counter() - start
        print(f"  batches of {batch:>9,}: {batches * batch / seconds / 1e6:8.2f} M pairs/s "
              f"({seconds / batches * 1e6:,.1f} us per batch)")


if __name__ == "__main__":
    main()
