"""`python -m engine bench [--quick]`: how fast and how big the population is.

Prints figures, it is not a timed test. For 10k, 100k and 1M citizens: the
seconds of a day-step, alone and as the World runs it (the step plus the daily
reporters of engine/metrics.py), timed with nothing tracing memory; the bytes of
state per citizen; and, in a separate pass with tracemalloc, the peak memory of
building the city and stepping it once. Then the yardsticks, measured in the
same run so a loaded machine slows both alike: one memory pass over 150 MB
(`np.copyto`), and the scalar reference (engine/reference.py) per citizen-day.

Targets (issue 14): the 1M day-step ≤ 10× the memory pass, ≥ 100× faster than
the scalar reference per citizen-day, ≤ 150 bytes of state per citizen.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc

import numpy as np

from . import loader
from .metrics import Collector
from .population import Population
from .reference import ReferenceCity

PASS_BYTES = 150_000_000  # the yardstick: one memory pass over this many bytes
TARGET_PASSES, TARGET_SPEEDUP, TARGET_BYTES = 10.0, 100.0, 150.0


def _city(n: int, seed: int = 1, policy: str = "default") -> Population:
    book = loader.load_rulebook()
    return Population.create(n, np.random.default_rng(seed), book,
                             loader.load_policy(policy, book), loader.load_assumptions(book))


def _best(times: list[float]) -> float:
    """The median of a few timings: a loaded machine makes single ones noisy."""
    return float(np.median(times))


def measure(n: int, days: int) -> dict:
    """Speed of one city of `n` (no tracing while timing)."""
    t0 = time.perf_counter()
    pop = _city(n)
    built = time.perf_counter() - t0
    collector = Collector(pop)
    collector.collect(None)
    pop.step()  # warm-up
    steps, reports, cpu = [], [], []
    for _ in range(days):
        c0, t0 = time.thread_time(), time.perf_counter()
        report = pop.step()
        t1 = time.perf_counter()
        collector.collect(report)
        t2, c2 = time.perf_counter(), time.thread_time()
        steps.append(t1 - t0)
        reports.append(t2 - t1)
        cpu.append(c2 - c0)
    return {"citizens": n, "build_s": built, "step_s": _best(steps),
            "collect_s": _best(reports),
            "world_s": _best([a + b for a, b in zip(steps, reports)]),
            "world_cpu_s": _best(cpu),
            "state_bytes_per_citizen": pop.state_bytes() / n}


def peak_memory(n: int) -> float:
    """MB traced at the peak of building a city of `n` and stepping it once."""
    gc.collect()
    tracemalloc.start()
    pop = _city(n)
    Collector(pop).collect(pop.step())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def memory_pass(nbytes: int = PASS_BYTES, repeats: int = 5, clock=time.perf_counter) -> float:
    """Seconds of one `np.copyto` over `nbytes` (a read and a write of each byte)."""
    src = np.ones(nbytes // 8, dtype=np.float64)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # touch the pages first
    times = []
    for _ in range(repeats):
        t0 = clock()
        np.copyto(dst, src)
        times.append(clock() - t0)
    return _best(times)


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


def _mark(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m engine bench")
    p.add_argument("--quick", action="store_true", help="10k and 100k only, fewer days")
    args = p.parse_args(argv)
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    days = 3 if args.quick else 5
    print(f"{'citizens':>10} {'s/day-step':>11} {'+reporters':>11} {'bytes/citizen':>14} "
          f"{'peak MB':>9} {'build s':>8}")
    rows = []
    for n in sizes:
        r = measure(n, days)
        r["peak_mb"] = peak_memory(n)
        rows.append(r)
        print(f"{n:>10,} {r['step_s']:>11.4f} {r['world_s']:>11.4f} "
              f"{r['state_bytes_per_citizen']:>14.1f} {r['peak_mb']:>9.1f} {r['build_s']:>8.2f}")
        sys.stdout.flush()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of this process: {rss:.0f} MB")
    big = rows[-1]
    one_pass = memory_pass()
    step_passes, world_passes = big["step_s"] / one_pass, big["world_s"] / one_pass
    print(f"one memory pass over {PASS_BYTES / 1e6:.0f} MB (np.copyto): {one_pass:.4f} s")
    print(f"day-step at {big['citizens']:,}: {step_passes:.1f} memory passes; with the "
          f"daily reporters {world_passes:.1f} (target ≤ {TARGET_PASSES:.0f}: "
          f"{_mark(world_passes <= TARGET_PASSES)})")
    # The same ratio in CPU time of this thread: other processes on a loaded machine
    # stretch wall-clock times unevenly (a 25 ms pass is rarely preempted, a 300 ms
    # day-step often is); CPU time counts only the work done.
    cpu_pass = memory_pass(clock=time.thread_time, repeats=11)
    print(f"in CPU time: step + reporters {big['world_cpu_s']:.4f} s, one pass "
          f"{cpu_pass:.4f} s: {big['world_cpu_s'] / cpu_pass:.1f} memory passes")
    small = 500 if args.quick else 2_000
    v = versus_reference(small, 2 if args.quick else 3)
    print(f"scalar reference, {small:,} citizens: {v['scalar_s']:.3f} s/day; numpy "
          f"{v['numpy_s']:.4f} s/day: {v['scalar_s'] / v['numpy_s']:.0f}× faster at the "
          "same size")
    per_citizen = (v["scalar_s"] / small) / (big["step_s"] / big["citizens"])
    print(f"per citizen-day, numpy at {big['citizens']:,} is {per_citizen:.0f}× faster "
          f"than the scalar reference (target ≥ {TARGET_SPEEDUP:.0f}: "
          f"{_mark(per_citizen >= TARGET_SPEEDUP)})")
    bpc = big["state_bytes_per_citizen"]
    print(f"state: {bpc:.1f} bytes per citizen (target ≤ {TARGET_BYTES:.0f}: "
          f"{_mark(bpc <= TARGET_BYTES)})")
    return 0
