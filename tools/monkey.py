"""The monkey: seeded random input through the real game, counting what goes wrong.

    .venv/bin/python -m tools.monkey --runs 50 --seed 1          # 50 runs, all modes
    .venv/bin/python -m tools.monkey --runs 10000                 # the long run
    .venv/bin/python -m tools.monkey --replay monkey-runs/crash-1-17.json

Why (Android's UI/Application Exerciser Monkey): players do things nobody wrote a
test for — Esc in the middle of building a city, a click on a dialog that is
closing, a window that loses focus while a finger is down. Each run builds the
real `App` (or, in the kiosk, the real `KioskShell` around it) headless, in one of
the modes a player meets — play, sandbox, kiosk, projector, class code — and
feeds it a seeded random stream of pygame events (tools/monkey_events.py) frame
by frame, on an injected clock, exactly as `App.run` would.

It counts, per run:
- crashes: an exception out of a frame (in the kiosk, a scene failure the shell
  caught and logged), with the scene on top and the traceback;
- stuck states: input kept coming for `--stuck-seconds` of game time, neither the
  scene stack nor a single pixel of the page changed, and then the screen answers
  none of Tab, Esc, Enter, Down, a click in the middle or a two-second wait — no
  way forward (a screen that answers one of them was only quiet: the run goes on);
- slow frames: a frame (input, updates, drawing) that took over `--slow-ms` of
  the process's CPU time (50 ms: a dropped frame anyone would feel). CPU time, not
  wall time, so that other programs on a shared machine do not count; still a
  measurement, reported and never asserted by tests. The monkey's time skips
  (0.25 s frames standing in for a long wait) are not timed.

A run with a crash or a stuck state is saved (its mode, seed and event stream) as
JSON in `--out`; `--replay FILE` plays it again, frame for frame: the monkey makes
the game deterministic (a fixed clock, the city grown a fixed number of days per
frame, seeded dice for "New seed" and the kiosk's cities).

The last line is always `runs N, events N, frames N, crashes N, stuck N, slow N`.
Exit code: 0 with no crash and no stuck state, 1 otherwise, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import signal
import sys
import tempfile
import time
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.monkey_events import SKIP, counts_as_input, make_stream, to_pygame  # noqa: E402

MODES = ("play", "sandbox", "kiosk", "projector", "class-code")
HASH_EVERY = 3  # frames between page fingerprints (stuck detection)


@dataclass
class RunResult:
    mode: str
    seed: int
    events: int = 0
    frames: int = 0
    crash: dict | None = None
    stuck: dict | None = None
    slow: list = field(default_factory=list)  # (frame, scene, ms)


def prepare_environment(scratch: str) -> None:
    """Headless, strict about text, and writing only into `scratch` (statistics,
    the sandbox's exports): never the player's own records."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ["TRUSTWORTHY_STRICT_TEXT"] = "1"  # a missing message id is a crash here
    os.environ["TRUSTWORTHY_DATA_DIR"] = scratch
    os.environ["TRUSTWORTHY_EXPORT_DIR"] = os.path.join(scratch, "exports")


def run_seed(seed: int, n: int) -> int:
    return random.Random(f"{seed}:{n}").randrange(1, 2**31 - 1)


# --- the game, set up as each mode's player meets it -------------------------------------

class _Shared:
    """What every run reuses: pygame, the locale, the loaded game data."""

    def __init__(self):
        import pygame

        from game.i18n import Locale

        pygame.display.init()
        pygame.font.init()
        self.locale = Locale.load("en", strict=True)
        self.visits: dict = {}

    def visit(self, seed: int):
        from dataclasses import replace

        from game.scenes.visit import Visit

        if "template" not in self.visits:
            self.visits["template"] = Visit.start()
        return replace(self.visits["template"], seed=seed)


class Desktop:
    """`python -m game` (play, projector), `--sandbox` and `--class-code`."""

    def __init__(self, shared: _Shared, mode: str, seed: int):
        from game.app import App, Display, FixedClock
        from game.classcode import (CITIZENS, POLICIES, RUN_LENGTHS, SEED_LIMIT, ClassSetup,
                                    decode)
        from game.scenes import sandbox_class
        from game.scenes.base import SceneContext
        from game.scenes.sandbox import SandboxScene
        from game.scenes.title import TitleScene
        from game.stats import MemoryBackend, VisitorStats, install
        from game.ui.theme import THEMES

        dice = random.Random(seed)
        # "New seed" in the Class panel draws from unseeded dice: seed them per run.
        sandbox_class.random = _SeededRandom(dice.randrange(2**31))
        theme = THEMES["projector" if mode == "projector" else "standard"]
        ctx = SceneContext(shared.locale, theme)
        self.display = Display(ctx.size, headless=True)
        self.app = App(ctx, clock=FixedClock(), display=self.display, events=lambda: [])
        self.app.push(TitleScene(ctx, visit=shared.visit(1 + seed % 1000)))
        if mode == "sandbox":
            self.app.push(SandboxScene(ctx, None, export_dir=os.environ["TRUSTWORTHY_EXPORT_DIR"]))
        elif mode == "class-code":
            setup = ClassSetup(dice.randrange(SEED_LIMIT), dice.choice(CITIZENS),
                               dice.choice(POLICIES), dice.choice(RUN_LENGTHS),
                               dice.choice((1_000, 10_000)))
            self.app.push(SandboxScene(ctx, decode(setup.code),
                                       export_dir=os.environ["TRUSTWORTHY_EXPORT_DIR"]))
        install(VisitorStats(MemoryBackend()), audience="computer", count_runs=True)

    @property
    def stack(self):
        return self.app.stack

    @property
    def page(self):
        return self.app.page

    def step(self, events, dt) -> bool:
        return self.app.step(events, dt)

    def failure(self):
        return None

    def close(self):
        from game.stats import install

        install(None)


class Kiosk:
    """`python -m game --kiosk` with the shipped settings (its own seed per run)."""

    def __init__(self, shared: _Shared, seed: int):
        from dataclasses import replace

        from game.app import App, Display, FixedClock
        from game.kiosk import KioskRuns, KioskShell
        from game.kiosk_config import load_config
        from game.scenes.base import SceneContext
        from game.stats import MemoryBackend, VisitorStats

        config = replace(load_config(), seed=1 + seed % 1000, fullscreen=False)
        if "kiosk" not in shared.visits:
            from game.i18n import Locale

            shared.visits["kiosk"] = {c: Locale.load(c, strict=True)
                                      for c in config.offered_locales}
        locales = shared.visits["kiosk"]
        runs = KioskRuns(config, locales=locales)
        ctx = SceneContext(locales[config.default_locale]).with_settings(config.settings)
        display = Display(ctx.size, headless=True)
        self.now = 0.0
        self.app = App(ctx, clock=FixedClock(), display=display, events=lambda: [])
        self.log = _Caught()
        logger = logging.getLogger("trustworthy")
        self.saved_handlers = list(logger.handlers)
        logger.handlers[:] = [self.log]
        logger.propagate = False
        logger.setLevel(logging.INFO)
        self.shell = KioskShell(self.app, config, clock=lambda: self.now,
                                stats=VisitorStats(MemoryBackend()),
                                make_attract=runs.make_attract)

    @property
    def stack(self):
        return self.app.stack

    @property
    def page(self):
        return self.app.page

    def step(self, events, dt) -> bool:
        self.now += dt
        return self.shell.step(events, dt)

    def failure(self):
        """The traceback of a failure the shell caught and logged this frame, if any."""
        return self.log.tracebacks.pop(0) if self.log.tracebacks else None

    def close(self):
        logger = logging.getLogger("trustworthy")
        logger.handlers[:] = self.saved_handlers
        logger.propagate = True


class _Caught(logging.Handler):
    """Keeps the kiosk's logged tracebacks (a caught failure is still a crash)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.tracebacks: list[str] = []

    def emit(self, record):
        if record.exc_info:
            self.tracebacks.append("".join(traceback.format_exception(*record.exc_info)))


class _SeededRandom:
    """Stands in for the `random` module: `Random()` comes with a fixed seed."""

    def __init__(self, seed: int):
        self.seed = seed

    def Random(self, seed=None):  # noqa: N802 (the module's name)
        return random.Random(self.seed if seed is None else seed)


# --- one run ------------------------------------------------------------------------------

def play(shared: _Shared, mode: str, seed: int, stream: list, *, stuck_seconds: float,
         slow_ms: float) -> RunResult:
    from game.scenes import sandbox_class
    from game.scenes.building import CityBuildScene

    result = RunResult(mode, seed)
    CityBuildScene.days_per_update = 1  # a replay grows the city frame for frame
    game = None
    last_sig, still_time, still_inputs = None, 0.0, 0
    try:
        game = Kiosk(shared, seed) if mode == "kiosk" else Desktop(shared, mode, seed)
        for n, (dt, specs) in enumerate(stream):
            events = [e for spec in specs for e in to_pygame(spec)]
            scene = _top(game)
            result.frames += 1
            result.events += len(specs)
            started = time.process_time()
            try:
                running = game.step(events, dt)
            except Exception:
                result.crash = {"frame": n, "scene": scene, "traceback": traceback.format_exc()}
                break
            ms = (time.process_time() - started) * 1000
            if ms > slow_ms and dt < SKIP:
                result.slow.append((n, _where(game), round(ms, 1)))
            caught = game.failure()
            if caught is not None:
                result.crash = {"frame": n, "scene": scene, "traceback": caught}
                break
            if not running:
                break
            still_time += dt
            still_inputs += sum(counts_as_input(s) for s in specs)
            if n % HASH_EVERY == 0:
                sig = _signature(game)
                if sig != last_sig:
                    last_sig, still_time, still_inputs = sig, 0.0, 0
                elif still_time >= stuck_seconds and still_inputs >= 20:
                    if _moves(game, sig):  # the random input only missed the way on
                        last_sig, still_time, still_inputs = None, 0.0, 0
                        continue
                    result.stuck = {"frame": n, "scene": _top(game), "inputs": still_inputs,
                                    "seconds": round(still_time, 1)}
                    break
    finally:
        if game is not None:
            game.close()
        CityBuildScene.days_per_update = None
        sandbox_class.random = random
    return result


def _signature(game) -> tuple:
    return (tuple(type(s).__name__ for s in game.stack), tuple(id(s) for s in game.stack),
            zlib.crc32(game.page.get_buffer()))


PROBES = (["key", 9, 0], ["key", 27, 0], ["key", 13, 0], ["key", 1073741905, 0],
          ["click", 640, 360])  # Tab, Esc, Enter, Down, a click in the middle


def _moves(game, sig) -> bool:
    """Whether the screen still answers a player who knows the keys: Tab, Esc,
    Enter, Down, a click in the middle, or a wait (timers). A screen that answers
    none of them has no way forward: stuck."""
    for spec in PROBES + (None,):
        specs = [] if spec is None else (
            [["down", 640, 360, 1], ["up", 640, 360, 1]] if spec[0] == "click" else [spec])
        game.step([e for s in specs for e in to_pygame(s)], 1 / 60)
        for _ in range(120 if spec is None else 10):
            if _signature(game) != sig:
                return True
            game.step([], 1 / 60)
    return _signature(game) != sig


def _top(game) -> str:
    return type(game.stack[-1]).__name__ if game.stack else "(empty)"


def _where(game) -> str:
    """The scene on top, and the sandbox's city size (its work grows with it)."""
    top = game.stack[-1] if game.stack else None
    sandbox = getattr(top, "sandbox", top)
    model = getattr(sandbox, "model", None)
    size = getattr(getattr(model, "setup", None), "citizens", None)
    return _top(game) + (f" ({size:,} citizens)" if size else "")


# --- the command line ----------------------------------------------------------------------

def _save(out: Path, kind: str, result: RunResult, stream: list, n: int, base_seed: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{kind}-{base_seed}-{n}.json"
    record = {"mode": result.mode, "seed": result.seed, "base_seed": base_seed, "run": n,
              "kind": kind, "crash": result.crash, "stuck": result.stuck, "stream": stream}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record))
    tmp.replace(path)
    return path


def _summary(runs, events, frames, crashes, stuck, slow) -> str:
    return f"runs {runs}, events {events}, frames {frames}, crashes {crashes}, " \
           f"stuck {stuck}, slow {slow}"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.monkey",
                                     description="Random input through the real game.")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=400, help="events per run (400)")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"comma-separated, from {', '.join(MODES)} (all)")
    parser.add_argument("--stuck-seconds", type=float, default=30.0)
    parser.add_argument("--slow-ms", type=float, default=50.0)
    parser.add_argument("--out", default="monkey-runs", help="where failing runs are saved")
    parser.add_argument("--replay", metavar="FILE", help="play a saved run again")
    parser.add_argument("--progress", type=int, default=0,
                        help="print the running totals every N runs (0: never)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:
        return int(done.code or 0)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in modes if m not in MODES]
    if bad or not modes or args.runs < 0 or args.events < 1:
        print(f"python -m tools.monkey: bad --modes/--runs/--events ({', '.join(bad)})",
              file=sys.stderr)
        return 2
    scratch = tempfile.TemporaryDirectory(prefix="trustworthy-monkey-")
    prepare_environment(scratch.name)
    shared = _Shared()
    if args.replay:
        record = json.loads(Path(args.replay).read_text())
        plan = [(record["run"], record["mode"], record["seed"], record["stream"])]
        base = record["base_seed"]
    else:
        base = args.seed
        plan = None
    totals = dict(runs=0, events=0, frames=0, crashes=0, stuck=0, slow=0)
    # A long run stopped (SIGTERM) still prints its totals.
    old_handler = signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    try:
        for n in range(len(plan) if plan else args.runs):
            if plan:
                n, mode, seed, stream = plan[0]
            else:
                seed = run_seed(base, n)
                mode = modes[(n + base) % len(modes)]
                stream = make_stream(seed, args.events)
            result = play(shared, mode, seed, stream, stuck_seconds=args.stuck_seconds,
                          slow_ms=args.slow_ms)
            totals["runs"] += 1
            totals["events"] += result.events
            totals["frames"] += result.frames
            totals["slow"] += len(result.slow)
            for kind in ("crash", "stuck"):
                found = getattr(result, kind)
                if found is None:
                    continue
                totals["crashes" if kind == "crash" else "stuck"] += 1
                where = "" if plan else f"; saved {_save(Path(args.out), kind, result, stream, n, base)}"
                print(f"{kind.upper()} run {n} ({mode}, seed {seed}) in {found['scene']} "
                      f"at frame {found['frame']}{where}")
                if kind == "crash":
                    print(found["traceback"].rstrip())
                else:
                    print(f"  {found['inputs']} inputs in {found['seconds']} s changed nothing")
            for frame, scene, ms in result.slow:
                print(f"slow frame: run {n} ({mode}, seed {seed}) frame {frame} in {scene}: "
                      f"{ms} ms")
            if args.progress and totals["runs"] % args.progress == 0:
                print(f"[{time.perf_counter() - started:.0f} s] {_summary(**totals)}",
                      file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print(f"interrupted after {totals['runs']} runs")
    signal.signal(signal.SIGTERM, old_handler)
    scratch.cleanup()
    print(_summary(**totals), flush=True)
    return 1 if totals["crashes"] or totals["stuck"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
