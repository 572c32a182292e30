"""Soak the kiosk: hundreds of attract → play → walk away → reset cycles, and memory.

    .venv/bin/python -m tools.soak_kiosk                  # 500 cycles, the real city
    .venv/bin/python -m tools.soak_kiosk --cycles 50 --fixed-city
    .venv/bin/python -m tools.soak_kiosk --museum-day         # 09:00–18:00, accelerated

A museum kiosk runs for weeks. A leak of a few hundred kilobytes per visitor is
invisible in a test and fatal by the second month, so this benchmark (not a CI test:
it takes minutes) runs the real `KioskShell`, the real attract demo and the real
scenes on an injected clock, as fast as the machine allows, and prints the process's
resident memory (RSS) before, after a warm-up, and at the end. The figure that
matters is growth from the warm-up to the end (budget: 10 MB).

Each cycle: the attract screen shows its title card and then its self-playing demo
for a while; a visitor touches; every other visitor plays the short run to the
debrief (the run is counted in a throwaway statistics file), the others leave in the
middle of a day; nobody touches anything more, so "Still there?" comes up and the
kiosk goes back to the attract screen. Headless (SDL dummy driver).

`--museum-day` plays one opening day instead, from 09:00 to 18:00 on the kiosk's
clock: visitors arrive at seeded random times (every `--visitor-minutes` on
average); some play to the debrief and read it, some abandon the run in the middle
(some while their city is still being built), some touch the screen and walk
away; each time nobody is left, "Still there?" and the reset follow. Between
visitors the attract screen plays; those stretches are accelerated (each 0.25 s
frame stands for `--attract-step` seconds of the day), the visits are not. It
prints resident memory at 09:00 (the kiosk built, nobody served yet), every hour
and at 18:00.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUDGET_MB = 10.0
DT = 0.25  # seconds of kiosk time per frame (the App's longest step)


def rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak (getrusage)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def build(fixed_city: bool, stats_path: Path):
    import pygame

    from game.app import App, FixedClock
    from game.i18n import Locale
    from game.kiosk import KioskConfig, KioskRuns, KioskShell
    from game.scenes.base import SceneContext
    from game.stats import SqliteBackend, VisitorStats

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))
    config = KioskConfig(idle_seconds=60, warning_seconds=15,
                         attract_seconds_per_choice=0.5)
    city = None
    if fixed_city:
        from game.city import grown_city

        city = lambda seed, policy: grown_city(seed, policy, citizens=2000, warm_up=29)  # noqa: E731
    ctx = SceneContext(Locale.load("en"))
    runs = KioskRuns(config, city_factory=city)
    clock = Clock()
    stats = VisitorStats(SqliteBackend(stats_path))
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, config, clock=clock, stats=stats, make_attract=runs.make_attract)
    return shell, clock, stats


def frame(shell, clock, commands=(), seconds: float = DT) -> None:
    """One kiosk frame of DT game time; the kiosk's clock moves `seconds`."""
    clock.now += seconds
    if not shell.step(list(commands), DT):
        raise SystemExit(f"the kiosk stopped (exit code {shell.exit_code})")
    if shell.failures:  # logged above; a soak with failures measures nothing
        raise SystemExit("FAIL: a scene failed during the soak (see the log above)")


def cycle(shell, clock, n: int) -> str:
    """One visitor. Returns how the visit ended."""
    from game.autoplay import Autoplayer
    from game.commands import Click, PointerDown
    from game.scenes.visit import CITIZENS, PREDICTIONS

    assert shell.in_attract, "a cycle starts on the attract screen"
    for _ in range(round(11 / DT)):  # the title card (7 s), then the demo
        frame(shell, clock)
    frame(shell, clock, [PointerDown((640, 300), touch=True), Click((640, 300), touch=True)])
    pilot = Autoplayer(("comply", "cut-corners", "random")[n % 3], CITIZENS[n % 4],
                       PREDICTIONS[n % 4])
    finishes = n % 2 == 0
    budget = 4000 if finishes else 30 + n % 40  # frames of play before walking away
    for _ in range(budget):
        if pilot.done(shell.app.top):
            break
        command = pilot.command_for(shell.app.top)
        frame(shell, clock, [command] if command is not None else [])
    ended = "debrief" if pilot.done(shell.app.top) else "left mid-run"
    for _ in range(round(90 / DT)):  # walks away: "Still there?", then attract
        frame(shell, clock)
        if shell.in_attract:
            break
    assert shell.in_attract, f"cycle {n}: no return to attract ({type(shell.app.top)})"
    return ended


VISITS = ("debrief", "left mid-run", "left while the city was built", "touched and left")
OPENING, CLOSING = 9 * 3600.0, 18 * 3600.0


def visitor(shell, clock, rng, n: int) -> str:
    """One museum visitor (see --museum-day). Returns what they did."""
    from game.autoplay import Autoplayer
    from game.commands import Click, PointerDown
    from game.scenes.building import CityBuildScene
    from game.scenes.visit import CITIZENS, PREDICTIONS

    kind = rng.choices(VISITS, (40, 35, 15, 10))[0]
    spot = (rng.randrange(200, 1080), rng.randrange(150, 600))
    frame(shell, clock, [PointerDown(spot, touch=True), Click(spot, touch=True)])
    pilot = Autoplayer(rng.choice(("comply", "cut-corners", "random")), rng.choice(CITIZENS),
                       rng.choice(PREDICTIONS))
    budget = {"debrief": 4000, "left mid-run": rng.randrange(60, 400),
              "left while the city was built": 400, "touched and left": 0}[kind]
    for _ in range(budget):
        top = shell.app.top
        if pilot.done(top) or (kind.endswith("built") and isinstance(top, CityBuildScene)):
            break
        command = pilot.command_for(top)
        frame(shell, clock, [command] if command is not None else [])
    if kind == "debrief":  # reads a page or two
        for _ in range(rng.randrange(40, 240)):
            frame(shell, clock)
    for _ in range(round(200 / DT)):  # walks away: "Still there?", then attract
        frame(shell, clock)
        if shell.in_attract:
            break
    assert shell.in_attract, f"visitor {n}: no return to attract ({type(shell.app.top)})"
    return kind


def museum_day(args) -> int:
    """09:00–18:00 of attract, play, abandon and reset; memory at start and end."""
    import random

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        shell, clock, stats = build(args.fixed_city, Path(folder) / "soak-stats.sqlite3")
        clock.now = OPENING
        gc.collect()
        opening = rss_mb()
        print(f"09:00 RSS {opening:.1f} MB (kiosk built, no visitor yet)", flush=True)
        started, kinds, hour, warm = time.perf_counter(), {}, 10, opening
        arrival = OPENING + rng.expovariate(1 / (60 * args.visitor_minutes))
        n = 0
        while clock.now < CLOSING:
            if clock.now >= arrival:
                kind = visitor(shell, clock, rng, n)
                kinds[kind] = kinds.get(kind, 0) + 1
                n += 1
                arrival = clock.now + rng.expovariate(1 / (60 * args.visitor_minutes))
            else:  # the attract screen plays to an empty room (accelerated)
                frame(shell, clock, seconds=min(args.attract_step, arrival - clock.now + DT))
            if clock.now >= hour * 3600 and hour < 18:
                gc.collect()
                warm = rss_mb() if hour == 10 else warm
                print(f"{hour:02d}:00 RSS {rss_mb():.1f} MB, {n} visitors, "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
                hour += 1
        gc.collect()
        closing = rss_mb()
        print(f"18:00 RSS {closing:.1f} MB")
        print(f"the day: {n} visitors ({', '.join(f'{v} {k}' for k, v in kinds.items())}); "
              f"returns to attract: {shell.resets}; scene failures: {len(shell.failures)}; "
              f"runs counted: {stats.visitors()}; {time.perf_counter() - started:.0f} s of "
              f"wall time")
        growth = closing - warm  # the first hour builds the first cities and caches
        print(f"RSS 09:00 → 18:00: {opening:.1f} → {closing:.1f} MB; from 10:00 (warmed up) "
              f"{growth:+.1f} MB (budget {BUDGET_MB:.0f} MB)")
        stats.close()
    ok = growth <= BUDGET_MB and not shell.failures
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.soak_kiosk",
                                     description="Kiosk soak: cycles and memory.")
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--warm-up", type=int, default=5,
                        help="cycles before the baseline is taken (caches, fonts)")
    parser.add_argument("--fixed-city", action="store_true",
                        help="a fixed city instead of the population (faster)")
    day = parser.add_argument_group("a museum day")
    day.add_argument("--museum-day", action="store_true",
                     help="09:00–18:00 of visitors instead of --cycles (time-accelerated)")
    day.add_argument("--visitor-minutes", type=float, default=6.0,
                     help="mean minutes between a visitor leaving and the next arriving")
    day.add_argument("--attract-step", type=float, default=10.0,
                     help="seconds of the day per attract frame between visitors")
    day.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"RSS at start (nothing built): {rss_mb():.1f} MB")
    if args.museum_day:
        return museum_day(args)
    with tempfile.TemporaryDirectory() as folder:
        shell, clock, stats = build(args.fixed_city, Path(folder) / "soak-stats.sqlite3")
        endings: dict[str, int] = {}
        started = time.perf_counter()
        baseline = None
        for n in range(args.cycles):
            if n == args.warm_up:
                gc.collect()
                baseline = rss_mb()
                print(f"RSS after {n} warm-up cycles (baseline): {baseline:.1f} MB")
            ended = cycle(shell, clock, n)
            endings[ended] = endings.get(ended, 0) + 1
            if (n + 1) % 50 == 0:
                gc.collect()
                print(f"  cycle {n + 1:4d}: RSS {rss_mb():.1f} MB, kiosk time "
                      f"{clock.now / 3600:.1f} h, {time.perf_counter() - started:.0f} s")
        gc.collect()
        end = rss_mb()
        wall = time.perf_counter() - started
        baseline = baseline if baseline is not None else end
        growth = end - baseline
        print(f"RSS at end: {end:.1f} MB")
        print(f"growth over {args.cycles - min(args.warm_up, args.cycles)} cycles: "
              f"{growth:+.1f} MB (budget {BUDGET_MB:.0f} MB)")
        print(f"cycles: {args.cycles} ({', '.join(f'{v} {k}' for k, v in endings.items())}); "
              f"returns to attract: {shell.resets}; scene failures: {len(shell.failures)}; "
              f"runs counted: {stats.visitors()}")
        print(f"kiosk time simulated: {clock.now / 3600:.1f} h in {wall:.0f} s of wall time")
        stats.close()
    ok = growth <= BUDGET_MB and not shell.failures
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
