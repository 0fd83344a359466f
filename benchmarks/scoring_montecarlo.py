"""Benchmark: the index for 339 cities × 76 leaves with 1,000 Monte-Carlo runs.

Prints wall time and peak memory (tracemalloc for numpy/pandas allocations, and the process
peak RSS) of the baseline computation, the Monte-Carlo analysis and the one-at-a-time analysis.
Target from issue 5: under 10 s on the 2-core build machine.

    python benchmarks/scoring_montecarlo.py [--runs 1000]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import time
import tracemalloc

from textmine.scoring import compute_index, load_model, monte_carlo, one_at_a_time, synthetic_values


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    args = ap.parse_args()
    model = load_model()
    raw = synthetic_values(model)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"input: {raw.shape[0]} cities × {raw.shape[1]} leaves; Monte-Carlo runs: {args.runs}")
    tracemalloc.start()
    t0 = time.perf_counter()
    comp = compute_index(model, raw)
    t1 = time.perf_counter()
    mc = monte_carlo(model, comp, runs=args.runs)
    t2 = time.perf_counter()
    oat = one_at_a_time(model, comp)
    t3 = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"baseline index:     {t1 - t0:7.3f} s")
    print(f"Monte-Carlo ({args.runs}): {t2 - t1:7.3f} s  ({len(mc.intervals)} rank intervals, "
          f"median Spearman {mc.runs['spearman'].median():.3f})")
    print(f"one-at-a-time:      {t3 - t2:7.3f} s  ({len(oat)} weight settings)")
    print(f"total:              {t3 - t0:7.3f} s")
    print(f"peak traced memory: {peak / 2**20:7.1f} MiB; process peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
