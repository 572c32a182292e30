"""`python -m game --headless --bench`: how long a frame takes, and the first one.

Why: a kiosk's small PC and a browser tab must both hold 60 frames a second, so
a frame has about 16 ms; we aim for half (p99 ≤ 8 ms) to leave room for the
browser's own work. The scripted run is the autoplayer at a human pace — it acts
every `PACE` frames, so animations, pop-ups, the queue's reordering and the
nights' population steps are all inside the measured frames — in the real 10,000-
citizen city. Time to first frame counts from the start of `main` (loading rules,
story and locale, growing the city, drawing the title).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

import numpy as np

PACE = 12  # frames between two commands: about five presses a second
CITIZEN, STRATEGY, DAYS = "courier", "random", 7


async def run(args, ctx, started: float | None = None) -> int:
    from .autoplay import Autoplayer, build_app
    from .city import make_city
    from .scenes.visit import Visit

    t0 = started if started is not None else time.perf_counter()
    visit = Visit.start(days=args.days or DAYS, seed=args.seed, policy=args.policy)
    if args.run and not args.days:
        visit = visit.with_length(args.run)
    city = make_city(args.seed, args.policy)
    visit = replace(visit, city_factory=lambda seed, policy: city)
    app = build_app(ctx, visit)
    app.step()
    first_frame = time.perf_counter() - t0
    pilot = Autoplayer(args.autoplay or STRATEGY, args.citizen or CITIZEN)
    times = []
    frame = 0
    while not pilot.done(app.top) and frame < 50_000:
        if frame % PACE == 0:
            command = pilot.command_for(app.top)
            if command is not None:
                app.queue(command)
        start = time.perf_counter()
        app.step()
        times.append(time.perf_counter() - start)
        frame += 1
    ms = np.array(times) * 1000
    result = {
        "city": type(city).__name__,
        "citizens": city.citizens,
        "frames": len(times),
        "frame_ms_mean": round(float(ms.mean()), 3),
        "frame_ms_p99": round(float(np.percentile(ms, 99)), 3),
        "frame_ms_max": round(float(ms.max()), 3),
        "first_frame_s": round(first_frame, 3),
        "size": list(app.page.get_size()),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['frames']} frames at {result['size'][0]}×{result['size'][1]}, "
              f"{result['city']} of {result['citizens']} citizens: "
              f"mean {result['frame_ms_mean']} ms, p99 {result['frame_ms_p99']} ms, "
              f"max {result['frame_ms_max']} ms; first frame {result['first_frame_s']} s")
    return 0
