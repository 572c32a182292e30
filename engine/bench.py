"""`python -m engine bench [--quick]`: how fast and how big the population is.

Prints figures, it is not a timed test: for 10k, 100k and 1M citizens the seconds
per day-step, the bytes of state per citizen and the peak memory traced while
building the city and stepping it; then the speed of the numpy step against the
scalar reference (engine/reference.py) on a small city. Targets on a 2-core
machine: 1M citizens ≤ 0.15 s a day-step and ≤ 150 bytes of state per citizen.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from . import loader
from .population import Population
from .reference import ReferenceCity


def _city(n: int, seed: int = 1, policy: str = "default") -> Population:
    book = loader.load_rulebook()
    return Population.create(n, np.random.default_rng(seed), book,
                             loader.load_policy(policy, book), loader.load_assumptions(book))


def measure(n: int, days: int) -> dict:
    tracemalloc.start()
    t0 = time.perf_counter()
    pop = _city(n)
    built = time.perf_counter() - t0
    pop.step()  # warm-up
    t0 = time.perf_counter()
    for _ in range(days):
        pop.step()
    per_day = (time.perf_counter() - t0) / days
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"citizens": n, "build_s": built, "step_s": per_day,
            "state_bytes_per_citizen": pop.state_bytes() / n, "peak_mb": peak / 1e6}


def versus_reference(n: int, days: int) -> dict:
    pop = _city(n, seed=2)
    ref = ReferenceCity(pop)
    t0 = time.perf_counter()
    for _ in range(days):
        ref.step()
    scalar = (time.perf_counter() - t0) / days
    t0 = time.perf_counter()
    for _ in range(days):
        pop.step()
    vector = (time.perf_counter() - t0) / days
    return {"citizens": n, "scalar_s": scalar, "numpy_s": vector}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m engine bench")
    p.add_argument("--quick", action="store_true", help="10k and 100k only, fewer days")
    args = p.parse_args(argv)
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    days = 3 if args.quick else 5
    print(f"{'citizens':>10} {'s/day-step':>11} {'bytes/citizen':>14} {'peak MB':>9} {'build s':>8}")
    rows = []
    for n in sizes:
        r = measure(n, days)
        rows.append(r)
        print(f"{n:>10,} {r['step_s']:>11.4f} {r['state_bytes_per_citizen']:>14.1f} "
              f"{r['peak_mb']:>9.1f} {r['build_s']:>8.2f}")
        sys.stdout.flush()
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    small = 500 if args.quick else 2_000
    v = versus_reference(small, 2 if args.quick else 3)
    print(f"scalar reference, {small:,} citizens: {v['scalar_s']:.3f} s/day; numpy "
          f"{v['numpy_s']:.4f} s/day: {v['scalar_s'] / v['numpy_s']:.0f}× faster at the same size")
    big = rows[-1]
    per_citizen = (v["scalar_s"] / small) / (big["step_s"] / big["citizens"])
    print(f"per citizen-day, numpy at {big['citizens']:,} is {per_citizen:.0f}× faster "
          f"than the scalar reference")
    return 0
