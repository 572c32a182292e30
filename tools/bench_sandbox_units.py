"""CPU time of each sandbox model unit (one unit runs per frame), for a city size.

Why: the sandbox does one model unit per frame, so a unit over ~50 ms is a slow
frame. `python -m tools.bench_sandbox_units [citizens] [steps]` prints each unit's
kind and CPU milliseconds (time.process_time, so load from other processes on a
shared machine does not count).
"""

from __future__ import annotations

import sys
import time

from game.classcode import ClassSetup
from game.scenes.sandbox_model import HEAVY_CITIZENS, SandboxData, SandboxModel


def main(argv: list[str]) -> int:
    citizens = int(argv[0]) if argv else 100_000
    steps = int(argv[1]) if len(argv) > 1 else 6
    model = SandboxModel(ClassSetup(citizens=citizens), SandboxData.load())
    print(f"{citizens:,} citizens, HEAVY_CITIZENS {HEAVY_CITIZENS:,}")
    kinds: dict[str, list[float]] = {}
    while steps > 0:
        start = time.process_time()
        kind = model.work()
        ms = 1000 * (time.process_time() - start)
        if not kind:
            break
        kinds.setdefault(kind, []).append(ms)
        print(f"{kind:6} {ms:7.1f} ms")
        steps -= kind == "step"
    for kind, times in kinds.items():
        print(f"{kind}: {len(times)} units, max {max(times):.1f} ms, "
              f"mean {sum(times) / len(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
