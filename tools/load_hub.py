"""Load the class hub: many devices finishing runs at once, the dashboard open.

    .venv/bin/python -m tools.load_hub                     # 300 clients, 10,000 runs
    .venv/bin/python -m tools.load_hub --clients 50 --runs 1000

A real `python -m game hub` on 127.0.0.1 (a fresh store in a temporary folder, no
rate limit: every device here shares one address), `--clients` concurrent clients
(asyncio + httpx, one connection each) sending `--runs` made-up reports between
them, each retried with the same id until the hub answers, while a projector polls
the dashboard every 2 seconds. Bounded: a fixed number of reports, a timeout per
request, at most 5 tries each. Prints: every run counted exactly once (the hub's
total and the store's distinct ids), response times (p50, p99, max), throughput,
and the hub's resident memory before, after the first fifth and at the end.
Not a CI test (it takes about a minute): its figures go in the notes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import httpx

from game.hub.testing import CODE, PIN, HubProcess, made_up

TRIES = 5


async def client(http, url, reports, times, outcome, progress):
    for doc in reports:
        body = json.dumps(doc)
        for _ in range(TRIES):
            started = time.perf_counter()
            try:
                answer = await http.post(url, content=body,
                                         headers={"Content-Type": "application/json"})
            except httpx.HTTPError:
                outcome["errors"] += 1
                await asyncio.sleep(0.2)
                continue
            times.append(time.perf_counter() - started)
            outcome[answer.status_code] = outcome.get(answer.status_code, 0) + 1
            if answer.status_code in (200, 201):
                break
            await asyncio.sleep(0.2)
        else:
            outcome["gave_up"] += 1
        progress.append(1)


async def dashboard(http, url, stop, seen):
    while not stop.is_set():
        answer = await http.get(url, headers={"X-Hub-Pin": PIN})
        seen.append(answer.json().get("runs", -1) if answer.status_code == 200 else -1)
        try:
            await asyncio.wait_for(stop.wait(), 2.0)
        except asyncio.TimeoutError:
            pass


async def load(hub, clients: int, runs: int, seed: int):
    rng = random.Random(seed)
    reports = [made_up(rng) for _ in range(runs)]
    shares = [reports[i::clients] for i in range(clients)]
    times, outcome, progress, seen = [], {"errors": 0, "gave_up": 0}, [], []
    rss = {"before": hub.rss_kb()}  # then after each fifth of the runs, and "after"
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(timeout=10.0, limits=limits) as http:
        stop = asyncio.Event()
        board = asyncio.create_task(dashboard(http, f"{hub.url}/api/classes/{CODE}/dashboard",
                                              stop, seen))

        async def watch_memory():
            for fifth in range(1, 5):
                while len(progress) < fifth * runs // 5:
                    await asyncio.sleep(0.05)
                rss[f"{fifth}/5"] = hub.rss_kb()

        watcher = asyncio.create_task(watch_memory())
        started = time.perf_counter()
        await asyncio.gather(*(client(http, f"{hub.url}/api/runs", share, times, outcome,
                                      progress) for share in shares))
        elapsed = time.perf_counter() - started
        stop.set()
        await board
        watcher.cancel()
    rss["after"] = hub.rss_kb()
    return reports, times, outcome, elapsed, rss, seen


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.load_hub")
    p.add_argument("--clients", type=int, default=300)
    p.add_argument("--runs", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if not (1 <= args.clients <= 1000 and 1 <= args.runs <= 100_000):
        print("load_hub: 1–1000 clients, 1–100,000 runs", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hub-load-") as folder:
        db = Path(folder) / "hub.sqlite3"
        hub = HubProcess(db, rate=0).start()
        try:
            reports, times, outcome, elapsed, rss, seen = asyncio.run(
                load(hub, args.clients, args.runs, args.seed))
            total = hub.get(f"/api/classes/{CODE}")["runs"]
        finally:
            hub.stop()
        rows, distinct = sqlite3.connect(db).execute(
            "SELECT count(*), count(DISTINCT id) FROM runs").fetchone()
    times.sort()

    def pct(q):
        return 1000 * times[min(len(times) - 1, int(q * len(times)))]

    exact = total == rows == distinct == len(reports)
    print(f"{args.clients} clients, {len(reports)} runs in {elapsed:.1f} s "
          f"({len(reports) / elapsed:.0f} runs/s); answers {outcome}")
    print(f"counted: hub {total}, store rows {rows}, distinct ids {distinct} -> "
          f"{'every run exactly once' if exact else 'MISMATCH'}")
    print(f"response time: p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms, "
          f"max {1000 * times[-1]:.1f} ms")
    print("hub RSS: " + ", ".join(f"{k} {v / 1024:.1f} MB" for k, v in rss.items()))
    print(f"dashboard polls during the load: {len(seen)} (runs seen: "
          f"{seen[:1]} … {seen[-1:]})")
    return 0 if exact else 1


if __name__ == "__main__":
    raise SystemExit(main())
