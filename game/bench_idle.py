"""`python -m game.bench_idle [--seconds N] [--screen NAME ...]`: CPU used while idle.

Why: a kiosk's small PC or a laptop on battery sits on the title, a moment or the
debrief for minutes with nobody touching it, and the game must not keep a core
busy meanwhile (issue 15: idle ≤ 10 % of a core, animation still smooth). For
each screen the real loop (`App.run`: the real clock capped at 60 frames a
second, the page presented on a real 1280×720 window, SDL's dummy video driver)
runs for N seconds with no input, after `SETTLE_SECONDS`; printed is the
process's CPU time ÷ wall time (100 % = one core busy), and how many frames were
stepped and presented. Figures, not a test: another process on the machine
changes them little (CPU time counts only this process's work).

Screens: the title, a moment (the red light), the debrief's first page, and the
kiosk's attract loop: its title card, and the demo run that follows it (the real
game playing itself, 10,000 citizens stepped each night). Each is measured after
`SETTLE_SECONDS` untouched: the loop slows ambient animation only once nobody has
touched anything for a while (game/app.py `Pacer`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

SCREENS = {  # name → a registered screenshot (game/screenshots.py) built the same way
    "title": "title",
    "moment": "moment-red-light",
    "debrief": "debrief-1-score",
    "kiosk attract": "kiosk-attract",
    "kiosk demo": "kiosk-attract-demo",
}
SETTLE_SECONDS = 6.0  # past the loop's AMBIENT_SECONDS: nobody has touched it for a while


def _app(ctx, shot: str):
    from .app import App, Display, RealClock
    from .screenshots import discover

    class Window(Display):
        def _windowed_size(self):
            return (1280, 720)

    display = Window(ctx.size, headless=False)
    app = App(ctx, clock=RealClock(), display=display, events=lambda: [])
    built = discover()[shot](ctx)
    for scene in built if isinstance(built, list) else [built]:
        app.push(scene)
    return app


async def measure(ctx, shot: str, seconds: float) -> dict:
    app = _app(ctx, shot)
    await app.run(max_seconds=SETTLE_SECONDS)
    frames, presented = app.frames, app.presented
    wall0, cpu0 = time.perf_counter(), time.process_time()
    await app.run(max_seconds=seconds)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"cpu_percent": round(100.0 * cpu / wall, 1), "seconds": round(wall, 2),
            "frames": app.frames - frames, "presented": app.presented - presented}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.bench_idle")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="seconds measured per screen (default 10)")
    parser.add_argument("--screen", action="append", choices=sorted(SCREENS),
                        help="only this screen (repeatable; default: all)")
    args = parser.parse_args(argv)
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from .i18n import Locale
    from .scenes.base import SceneContext
    from .ui.theme import THEMES

    pygame.display.init()
    pygame.font.init()
    ctx = SceneContext(Locale.load("en"), THEMES["standard"])
    for name in args.screen or SCREENS:
        r = asyncio.run(measure(ctx, SCREENS[name], args.seconds))
        print(f"{name:>14}: {r['cpu_percent']:5.1f} % of a core idle (target ≤ 10) — "
              f"{r['frames']} frames stepped, {r['presented']} presented in "
              f"{r['seconds']} s")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
