"""The monkey (tools/monkey.py): a bounded run of seeded random input through every
mode finds no crash and no stuck state, and the monkey itself catches a crash and
a screen that stopped answering, saves the run and replays it exactly.

The long run is `python -m tools.monkey --runs 10000` (README, "Other commands");
slow frames are timing and are only reported, never asserted here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^runs (\d+), events (\d+), frames (\d+), crashes (\d+), stuck (\d+), "
                  r"slow (\d+)$")


def test_a_bounded_monkey_run_through_every_mode_finds_no_crash_and_no_stuck_state(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tools.monkey", "--runs", "5", "--seed", "16",
                           "--events", "20", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    last = done.stdout.strip().splitlines()[-1]
    runs, events, frames, crashes, stuck, _slow = map(int, LINE.match(last).groups())
    assert (crashes, stuck) == (0, 0), done.stdout
    assert done.returncode == 0 and not list(tmp_path.iterdir())
    assert runs == 5 and events >= 100 and frames > events  # 20 a run: seconds, every mode


def _stream(frames, spec):
    return [[1 / 60, [spec]] for _ in range(frames)]


@pytest.fixture()
def monkey(monkeypatch, tmp_path, pygame_headless):
    """tools.monkey, its environment changes undone after the test."""
    from tools import monkey as tool

    for name in ("TRUSTWORTHY_DATA_DIR", "TRUSTWORTHY_EXPORT_DIR", "TRUSTWORTHY_STRICT_TEXT"):
        monkeypatch.setenv(name, str(tmp_path / "scratch"))
    tool.prepare_environment(str(tmp_path / "scratch"))
    return tool


def test_a_crash_is_caught_with_its_scene_saved_and_replayed_exactly(monkey, monkeypatch,
                                                                   tmp_path, capsys):
    import pygame

    from game.scenes.title import TitleScene

    seen = []

    def handle(self, command):
        seen.append(command)
        if len(seen) == 7:
            raise RuntimeError("seventh command")

    monkeypatch.setattr(TitleScene, "handle", handle)
    stream = _stream(20, ["key", pygame.K_TAB, 0])
    result = monkey.play(monkey._Shared(), "play", 5, stream, stuck_seconds=30, slow_ms=50)
    assert result.crash["frame"] == 6 and result.crash["scene"] == "TitleScene"
    assert "RuntimeError: seventh command" in result.crash["traceback"]
    saved = monkey._save(tmp_path / "runs", "crash", result, stream, 3, 16)
    seen.clear()
    assert monkey.main(["--replay", str(saved)]) == 1
    out = capsys.readouterr().out
    assert "CRASH run 3 (play, seed 5) in TitleScene at frame 6" in out
    assert out.strip().splitlines()[-1] == "runs 1, events 7, frames 7, crashes 1, stuck 0, slow 0"


def test_a_screen_that_ignores_everything_is_counted_as_stuck(monkey, monkeypatch):
    from game.scenes.title import TitleScene

    monkeypatch.setattr(TitleScene, "handle", lambda self, command: None)
    monkeypatch.setattr(TitleScene, "update", lambda self, dt: None)
    monkeypatch.setattr(TitleScene, "draw", lambda self, surface: surface.fill((9, 9, 9)))
    stream = _stream(3000, ["down", 640, 360, 1])
    result = monkey.play(monkey._Shared(), "play", 5, stream, stuck_seconds=30, slow_ms=50)
    assert result.crash is None and result.stuck["scene"] == "TitleScene"
    assert 30 <= result.stuck["seconds"] < 31


def test_the_same_seed_makes_the_same_stream_and_every_spec_is_an_event(pygame_headless):
    from tools.monkey_events import make_stream, to_pygame

    stream = make_stream(42, 500)
    assert stream == make_stream(42, 500) and stream != make_stream(43, 500)
    kinds = {spec[0] for _, specs in stream for spec in specs}
    assert kinds >= {"key", "down", "up", "motion", "fdown", "focus", "resize"}
    assert all(to_pygame(spec) for _, specs in stream for spec in specs)


# --- left in the middle of a transition --------------------------------------------------

def _everything_at(pos):
    """One of each thing a player can do at `pos`, as pygame events."""
    import pygame

    from tools.monkey_events import to_pygame

    specs = [["key", pygame.K_ESCAPE, 0], ["key", pygame.K_RETURN, 0], ["key", pygame.K_TAB, 0],
             ["key", pygame.K_1, 0], ["key", pygame.K_F11, 0], ["down", *pos, 1],
             ["up", *pos, 1], ["fdown", 0.5, 0.5], ["fup", 0.5, 0.5], ["wheel", -1],
             ["focus", 0], ["resize", 800, 600], ["focus", 1], ["motion", *pos]]
    return [e for spec in specs for e in to_pygame(spec)]


def test_input_focus_loss_and_resizes_while_the_city_grows_do_not_stop_it(ctx):
    from dataclasses import replace

    from game.app import App, Display, FixedClock
    from engine.world import World
    from game.scenes.building import CityBuildScene
    from game.scenes.moment import MomentScene
    from game.scenes.title import TitleScene
    from game.scenes.visit import Visit

    visit = replace(Visit.start(), instant=False)
    app = App(ctx, clock=FixedClock(), display=Display(ctx.size, headless=True),
              events=lambda: [])
    app.push(TitleScene(ctx, visit=visit))
    city = World.load("default", 1000, 3, warm_up=20)
    app.push(CityBuildScene(ctx, visit, "retiree", city))
    CityBuildScene.days_per_update = 1
    try:
        n = 0
        while isinstance(app.top, CityBuildScene):  # a slice a frame: 2 cities, 40 steps
            app.step(_everything_at((640, 360)) if n % 2 else [])
            n += 1
            assert n < 60
    finally:
        CityBuildScene.days_per_update = None
    assert n >= 2 + 2 * 20  # spread over frames, input or not
    assert isinstance(app.top, MomentScene) and app.top.session.world is city
    assert app.top.session.state.citizen == "retiree"
    assert app.running and len(app.stack) == 2


def test_the_kiosk_goes_back_to_attract_when_left_while_a_city_grows(ctx):
    from dataclasses import replace

    from game.app import App, FixedClock
    from engine.world import World
    from game.kiosk import KioskConfig, KioskRuns, KioskShell
    from game.scenes.building import CityBuildScene

    config = KioskConfig(idle_seconds=20, warning_seconds=5, seed=4)
    runs = KioskRuns(config, city_factory=lambda seed, policy: World.load(
        policy, 1000, seed, warm_up=30))
    now = [0.0]
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, config, clock=lambda: now[0], make_attract=runs.make_attract)

    def frames(count, events=(), dt=1 / 60):
        for _ in range(count):
            now[0] += dt
            assert shell.step(list(events), dt)

    frames(1, _everything_at((640, 300)))  # a touch starts a run: the prediction
    visit = replace(app.top.visit, prediction="anyone")
    app.push(CityBuildScene(ctx, visit, "courier"))
    frames(3, _everything_at((640, 360)))
    assert isinstance(app.top, CityBuildScene) and not shell.failures
    frames(4 * 30, dt=0.25)  # walks away mid-build: the city finishes, "Still there?", reset
    assert shell.in_attract and not shell.failures and shell.resets == 2
