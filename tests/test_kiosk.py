"""The museum kiosk: settings, the idle timer, the staff gesture, and the shell that
keeps the game running unattended. Time is an injected clock the tests move by hand.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import pytest

from game.kiosk import (EXIT_ADMIN, EXIT_BAD_CONFIG, EXIT_GAVE_UP, AdminGesture, IdleTimer,
                        KioskConfig, load_config)

CONFIG = KioskConfig(idle_seconds=30, warning_seconds=10, admin_hold_seconds=3,
                     admin_pin="4821", admin_attempts=2, max_failures=3,
                     failure_window_seconds=60)


class Clock:
    """Seconds, moved by the test."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# --- settings ---------------------------------------------------------------------

def test_the_shipped_config_is_valid_and_commented():
    from game.kiosk import DEFAULT_CONFIG

    config = load_config()
    assert config.fullscreen and config.idle_seconds == 90 and config.warning_seconds == 20
    assert config.admin_keys == ("ctrl", "shift", "k") and config.admin_pin.isdigit()
    assert "en" in config.offered_locales
    assert DEFAULT_CONFIG.read_text().count("#") > 30


def test_a_bad_config_is_refused_naming_file_section_and_field(tmp_path):
    from engine.errors import DataError

    path = tmp_path / "kiosk.toml"
    path.write_text('[idle]\nseconds = "soon"\nwarning_seconds = 1\n'
                    '[admin]\npin = 4821\nkeys = ["ctrl"]\n'
                    '[language]\ndefault = "xx"\n[displai]\nfullscreen = false\n')
    with pytest.raises(DataError) as caught:
        load_config(path)
    text = str(caught.value)
    for expected in ("[idle]: field 'seconds': must be a number",
                     "[idle]: field 'warning_seconds': 1 is out of range",
                     "[admin]: field 'pin': must be text of 4 to 12 digits",
                     "[admin]: field 'keys'", "[language]: field 'default'",
                     "field 'displai': unknown key"):
        assert expected in text, text
    assert all(line.startswith(str(path)) for line in text.splitlines())
    with pytest.raises(DataError, match="file not found"):
        load_config(tmp_path / "missing.toml")


# --- the two small clocks -------------------------------------------------------------

def test_idle_timer_goes_active_warning_expired_and_a_poke_starts_over():
    clock = Clock()
    timer = IdleTimer(30, 10, clock)
    clock.now += 29.9
    assert timer.state() == IdleTimer.ACTIVE and timer.seconds_left() == 10
    clock.now += 0.2
    assert timer.state() == IdleTimer.WARNING
    assert timer.seconds_left() == pytest.approx(9.9)
    timer.poke()
    assert timer.state() == IdleTimer.ACTIVE
    clock.now += 40
    assert timer.state() == IdleTimer.EXPIRED and timer.seconds_left() == 0


def test_admin_gesture_needs_the_whole_chord_held_long_enough_and_fires_once():
    import pygame

    clock = Clock()
    gesture = AdminGesture(("ctrl", "shift", "k"), 3, clock,
                           corner=pygame.Rect(0, 0, 96, 96))
    gesture.key_down("ctrl")
    gesture.key_down("k")
    clock.now += 10
    assert not gesture.update()  # not the whole chord
    gesture.key_down("shift")
    clock.now += 2.9
    assert not gesture.update()
    clock.now += 0.2
    assert gesture.update() and not gesture.update()  # once per hold
    gesture.key_up("shift")
    gesture.key_down("shift")
    clock.now += 3
    assert gesture.update()  # let go and held again: again
    gesture.release_all()
    gesture.pointer_down((40, 40))
    clock.now += 1
    gesture.pointer_away()  # lifted too soon
    clock.now += 5
    assert not gesture.update()
    gesture.pointer_down((40, 40))
    gesture.pointer_away((50, 60))  # moving inside the corner does not cancel
    clock.now += 3
    assert gesture.update()
    gesture.pointer_away()
    gesture.pointer_down((500, 40))  # not the corner
    clock.now += 10
    assert not gesture.update()


# --- the shell ------------------------------------------------------------------------

def make_shell(ctx, config=CONFIG, clock=None, stats=None, start_run=None):
    """A kiosk with a title-card attract screen (no demo) and a stand-in run."""
    from game.app import App, FixedClock
    from game.kiosk import KioskShell
    from game.scenes.attract import AttractScene

    clock = clock or Clock()
    start_run = start_run or (lambda c: PlayScene(c))
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, config, clock=clock, stats=stats,
                       make_attract=lambda c: AttractScene(c, config, start_run))
    shell.step()
    return shell, clock


def PlayScene(ctx):
    """A stand-in for the run's first scene that records the commands it gets."""
    from game.scenes.base import Scene

    class Play(Scene):
        def __init__(self, ctx):
            super().__init__(ctx)
            self.commands = []
            self.next = None  # a transition to return from the next update

        def handle(self, command):
            self.commands.append(command)

        def update(self, dt):
            transition, self.next = self.next, None
            return transition

    return Play(ctx)


def wait(shell, clock, seconds, dt=0.25):
    """Let `seconds` pass with nobody touching anything."""
    for _ in range(round(seconds / dt)):
        clock.now += dt
        shell.step([], dt)


def touch(pos=(640, 360)):
    from game.commands import Click, PointerDown

    return [PointerDown(pos, touch=True), Click(pos, touch=True)]


def key(code, mod=0, up=False):
    import pygame

    return pygame.event.Event(pygame.KEYUP if up else pygame.KEYDOWN, key=code, mod=mod)


def top_name(shell):
    return type(shell.app.top).__name__


def test_touch_starts_a_run_and_idle_brings_still_there_then_attract(ctx):
    shell, clock = make_shell(ctx)
    assert shell.in_attract
    wait(shell, clock, 300, dt=2.0)  # nobody there: the attract screen plays on, no warning
    assert shell.in_attract and len(shell.app.stack) == 1
    shell.step(touch(), 0.25)
    play = shell.app.top
    assert top_name(shell) == "Play" and not shell.in_attract
    wait(shell, clock, 29.5)
    assert shell.app.top is play
    wait(shell, clock, 1)
    assert top_name(shell) == "StillThereScene" and shell.app.stack[0] is play
    assert shell.app.top.whole_seconds() in (9, 10)
    resets = shell.resets
    wait(shell, clock, 10)
    assert shell.in_attract and shell.resets == resets + 1  # the run is discarded
    assert play not in shell.app.stack


def test_input_during_the_warning_keeps_the_run_and_is_not_passed_on(ctx):
    shell, clock = make_shell(ctx)
    shell.step(touch(), 0.25)
    play = shell.app.top
    wait(shell, clock, 35)
    assert top_name(shell) == "StillThereScene"
    before = len(play.commands)
    shell.step(touch((100, 600)), 0.25)  # "I'm still here", anywhere on the screen
    assert shell.app.top is play and len(play.commands) == before
    wait(shell, clock, 29)  # the timer started over at the touch
    assert shell.app.top is play
    shell.step([key(__import__("pygame").K_SPACE)], 0.25)  # a key counts too
    wait(shell, clock, 29)
    assert shell.app.top is play
    wait(shell, clock, 2)
    assert top_name(shell) == "StillThereScene"
    before = len(play.commands)
    from game.commands import Click, PointerDown
    shell.step([PointerDown((300, 300), touch=True)], 0.25)  # the finger goes down...
    assert shell.app.top is play
    shell.step([Click((300, 300), touch=True)], 0.25)  # ...and up, a frame later
    assert len(play.commands) == before  # that touch answered the question, nothing more
    shell.step(touch(), 0.25)
    assert len(play.commands) == before + 2  # the next touch is the game's again


def test_nothing_but_the_staff_gesture_and_pin_ends_the_kiosk(ctx):
    import pygame

    from game.commands import Back, Quit, ToggleFullscreen
    from game.scenes.base import QuitGame

    shell, clock = make_shell(ctx)
    attempts = [
        [pygame.event.Event(pygame.QUIT)],
        [pygame.event.Event(pygame.WINDOWCLOSE, window=None)],
        [key(pygame.K_ESCAPE)],
        [key(pygame.K_F4, pygame.KMOD_ALT), key(pygame.K_F4, pygame.KMOD_ALT, up=True)],
        [key(pygame.K_F11)],
        [key(pygame.K_q, pygame.KMOD_CTRL)],
        [Quit(), ToggleFullscreen(), Back()],
    ]
    for where in ("attract", "play"):
        if where == "play":
            shell.step(touch(), 0.25)
        for events in attempts:
            assert shell.step(events, 0.25), events
            assert shell.app.running and shell.exit_code is None
        assert shell.in_attract == (where == "attract")
    shell.app.queue(Quit())  # as an autoplayer might
    assert shell.step([], 0.25) and shell.app.running
    shell.step(touch(), 0.25)
    shell.app.top.next = QuitGame()  # a scene asking to quit: back to attract instead
    assert shell.step([], 0.25) and shell.in_attract and shell.app.running
    assert shell.swallowed >= 2 * len(attempts)

    # the chord, held for hold_seconds, opens the PIN pad; a wrong PIN does nothing
    chord = [key(pygame.K_LCTRL), key(pygame.K_RSHIFT), key(pygame.K_k)]
    shell.step(chord, 0.25)
    wait(shell, clock, 2.5)
    assert top_name(shell) == "AttractScene"
    wait(shell, clock, 0.75)
    assert top_name(shell) == "AdminScene"
    pad = shell.app.top
    for digit in "1111":
        pad_key = getattr(pygame, f"K_{digit}")
        shell.step([key(pad_key)], 0.25)
    shell.step([key(pygame.K_RETURN)], 0.25)  # Enter submits
    assert pad.tries_left == 1 and pad.entered == ""
    from game.commands import Click
    ok = next(b for b in pad.group.buttons if b.action == "ok")
    assert pad.tries_left == 1 and shell.exit_code is None and shell.app.running
    for digit in "48210":  # 0 and the others from the keyboard, as on the pad
        shell.step([key(getattr(pygame, f"K_{digit}"))], 0.25)
    shell.step([key(pygame.K_BACKSPACE)], 0.25)
    assert pad.entered == "4821"
    assert not shell.step([Click(ok.rect.center)], 0.25)
    assert shell.exit_code == EXIT_ADMIN and not shell.app.running


def test_the_pin_pad_closes_after_the_last_wrong_try_and_by_idle(ctx):
    import pygame

    from game.commands import Choose, Click

    shell, clock = make_shell(ctx)
    corner = (20, 20)
    from game.commands import PointerDown
    shell.step([PointerDown(corner, touch=True)], 0.25)  # a finger held in the corner
    wait(shell, clock, 3)
    assert top_name(shell) == "AdminScene"
    pad = shell.app.top
    ok = next(b for b in pad.group.buttons if b.action == "ok")
    for _ in range(2):
        shell.step([Choose(1), Click(ok.rect.center)], 0.25)
    assert shell.in_attract and shell.exit_code is None  # closed after 2 wrong tries
    shell.step([Click(corner, touch=True)], 0.25)  # lifting the finger re-arms
    assert top_name(shell) in ("AttractScene", "PredictionScene", "Play")
    shell, clock = make_shell(ctx)
    shell.step([key(pygame.K_LCTRL), key(pygame.K_LSHIFT), key(pygame.K_k)], 0.25)
    wait(shell, clock, 3.5)
    assert top_name(shell) == "AdminScene"
    wait(shell, clock, 45)  # left open: "Still there?", then attract
    assert shell.in_attract and shell.exit_code is None


def test_a_failing_scene_is_logged_and_the_attract_screen_returns(ctx, caplog):
    shell, clock = make_shell(ctx)
    shell.step(touch(), 0.25)

    def broken(_):
        raise RuntimeError("a scene broke")

    shell.app.top.update = broken
    with caplog.at_level(logging.ERROR, logger="trustworthy.kiosk"):
        assert shell.step([], 0.25)
    assert shell.in_attract and "a scene broke" in caplog.text
    assert "back to the attract screen" in caplog.text


def test_failing_again_and_again_ends_for_the_supervisor(ctx, caplog):
    shell, clock = make_shell(ctx)
    for n in range(CONFIG.max_failures):
        shell.step(touch(), 0.25)
        shell.app.top.draw = lambda surface: 1 / 0
        clock.now += 1
        still = shell.step([], 0.25)
    assert not still and shell.exit_code == EXIT_GAVE_UP
    assert "supervisor" in caplog.text


def test_the_desktop_title_has_no_place_in_a_kiosk(ctx):
    from game.scenes.base import Reset
    from game.scenes.title import TitleScene

    shell, clock = make_shell(ctx)
    shell.step(touch(), 0.25)
    shell.app.top.next = Reset(TitleScene(ctx))  # "play again" / "leave" in a run
    shell.step([], 0.25)
    assert shell.in_attract


# --- the real game inside the kiosk --------------------------------------------------------

def test_a_visitor_plays_the_real_short_run_and_it_is_counted_once(ctx):
    from game.app import App, FixedClock
    from game.autoplay import Autoplayer
    from conftest import small_city
    from game.kiosk import KioskRuns, KioskShell
    from game.stats import MemoryBackend, VisitorStats

    stats = VisitorStats(MemoryBackend(), lambda: date(2025, 3, 1))
    runs = KioskRuns(CONFIG, city_factory=small_city, instant=True)
    clock = Clock()
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, CONFIG, clock=clock, stats=stats, make_attract=runs.make_attract)
    shell.step(touch(), 1 / 60)
    assert top_name(shell) == "PredictionScene"
    pilot = Autoplayer("comply", "retiree", "old_poor")
    for _ in range(3000):
        if pilot.done(app.top):
            break
        command = pilot.command_for(app.top)
        clock.now += 1 / 60
        shell.step([command] if command else [], 1 / 60)
    assert top_name(shell) == "DebriefScene"
    for _ in range(5):
        shell.step([], 1 / 60)
    assert stats.visitors() == 1 and stats.counts("prediction") == {"old_poor": 1}
    assert stats.counts("citizen") == {"retiree": 1}
    assert sum(stats.counts("faced").values()) >= 7
    wait(shell, clock, 45)  # the visitor walks away from the debrief
    assert shell.in_attract and stats.visitors() == 1


def test_the_attract_demo_plays_the_real_game_and_loops(ctx):
    from game.app import STEP
    from conftest import small_city
    from game.kiosk import KioskRuns

    config = KioskConfig(attract_seconds_per_choice=0.2)
    runs = KioskRuns(config, city_factory=small_city, instant=True)
    attract = runs.make_attract(ctx)
    attract.card_until = 0.0
    seen = set()
    for _ in range(round(40 / STEP)):
        attract.update(STEP)
        if attract.demo is not None:
            seen.add(type(attract.demo.app.top).__name__)
        if attract.demo_runs:
            break
    assert {"PredictionScene", "CitizenScene", "MomentScene", "DebriefScene"} <= seen
    assert attract.demo_runs == 1 and attract.showing_card  # the title card, then again


def test_run_kiosk_starts_headless_and_refuses_a_bad_config(ctx, tmp_path, capsys):
    import game.stats
    from game.kiosk import DEFAULT_CONFIG, run_kiosk

    config = tmp_path / "kiosk.toml"
    text = DEFAULT_CONFIG.read_text().replace('path = ""', f'path = "{tmp_path / "s.db"}"')
    config.write_text(text.replace('pin = "2018"', 'pin = "90210"'))
    try:
        code = asyncio.run(run_kiosk(["--kiosk", "--headless", "--frames", "3",
                                      "--kiosk-config", str(config), "--theme", "x"]))
        assert code == EXIT_ADMIN and (tmp_path / "s.db").exists()
        assert game.stats.installed() is None  # uninstalled when the kiosk ends
    finally:
        game.stats.install(None)
    config.write_text("[idle]\nseconds = -1\n")
    assert asyncio.run(run_kiosk(["--headless", "--kiosk-config", str(config)])) == \
        EXIT_BAD_CONFIG
    assert "field 'seconds'" in capsys.readouterr().err


def test_the_kiosk_loop_awaits_every_frame(ctx):
    shell, clock = make_shell(ctx)
    ticks = 0

    async def other_task():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    async def both():
        task = asyncio.create_task(other_task())
        code = await shell.run(max_frames=12)
        task.cancel()
        return code

    assert asyncio.run(both()) == EXIT_ADMIN
    assert ticks >= 11


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="POSIX signals")
def test_systemctl_stop_ends_the_kiosk_cleanly_though_window_close_does_not(tmp_path):
    """SIGTERM must not become a (swallowed) window-close event: SDL's own handler
    would make `systemctl stop` hang until its timeout."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from game.kiosk import DEFAULT_CONFIG

    root = Path(__file__).resolve().parents[1]
    db = tmp_path / "s.db"
    config = tmp_path / "kiosk.toml"
    config.write_text(DEFAULT_CONFIG.read_text().replace('path = ""', f'path = "{db}"'))
    code = ("import asyncio, sys; from game.kiosk import run_kiosk; "
            "sys.exit(asyncio.run(run_kiosk(sys.argv[1:])))")
    kiosk = subprocess.Popen([sys.executable, "-c", code, "--headless", "--kiosk-config",
                              str(config)], cwd=root, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    deadline = time.monotonic() + 20
    while not db.exists() and time.monotonic() < deadline and kiosk.poll() is None:
        time.sleep(0.05)
    time.sleep(0.2)  # into the loop
    assert kiosk.poll() is None, kiosk.stderr.read()
    kiosk.send_signal(signal.SIGTERM)
    try:
        code = kiosk.wait(timeout=10)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
    assert code == 0
    assert "stopped by SIGTERM" in kiosk.stderr.read()


def test_the_first_screen_offers_the_languages_and_a_touch_on_one_starts_in_it(ctx, english):
    from dataclasses import replace

    from game.commands import Click
    from game.scenes.attract import AttractScene

    other = replace(english, code="xx", meta={**english.meta, "name": "Xish"})
    config = KioskConfig(locales=("en", "xx"))
    started = []

    def start_run(c):
        started.append(c.locale.code)
        return PlayScene(c)

    attract = AttractScene(ctx, config, start_run, locales={"en": english, "xx": other})
    names = [b.text for b in attract.group.buttons]
    assert names == ["English", "Xish"]
    xx = attract.group.buttons[1].rect.center
    transition = attract.handle(Click(xx, touch=True))
    assert started == ["xx"] and transition.scene.ctx.locale is other
    attract.handle(Click((200, 200), touch=True))  # anywhere else: the default
    assert started == ["xx", "en"]
    attract.time = 5.5  # the band's words rotate through the offered languages
    assert attract.shown_locale() is other


def test_the_attract_strategies_are_the_autoplayers():
    from game.kiosk import STRATEGIES
    from game.session import STRATEGIES as SESSION_STRATEGIES

    assert STRATEGIES == SESSION_STRATEGIES


def test_the_attract_demo_takes_turns_with_the_strategies(ctx):
    """Passers-by see the range of endings: each demo the next strategy."""
    from game.kiosk import KioskRuns

    config = KioskConfig()
    assert config.attract_strategy == "rotate"
    runs = KioskRuns(config, instant=True)
    seen = [(d.pilot.strategy, d.pilot.citizen) for d in
            (runs.make_demo(ctx) for _ in range(12))]
    assert {s for s, _ in seen} == {"comply", "cut-corners", "random"}
    assert len(set(seen)) == 12  # every pairing of strategy and citizen, once
