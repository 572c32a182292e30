"""The museum kiosk: the game, unattended, all day, with no way out but a staff one.

Why it looks like this:
- A kiosk is the ordinary game wrapped in a `KioskShell`, not a second game: the
  shell stands between the window and the `App`. It filters what the visitor can do
  (closing the window, Alt+F4, Esc on the first screen and F11 are swallowed), feeds a
  two-stage idle timer (quiet for `idle.seconds` → "Still there?" → quiet for
  `idle.warning_seconds` → back to the attract screen, the run discarded), watches
  for the staff gesture (a key chord or a corner held for a few seconds, then a PIN),
  and catches any scene's failure: logged, and back to the attract screen. Failing
  too often in a short time ends the process with `EXIT_GAVE_UP`, so the supervisor
  (docs/kiosk.md: systemd or a restart loop) starts a fresh one.
- The timer and the gesture are small pure classes reading an injected clock (a
  callable returning seconds), so tests step time by hand and the soak benchmark
  runs hours of kiosk in seconds (game/kiosk_input.py).
- Settings come from a TOML file (assets/kiosk.toml is the commented default),
  validated like every data file: a bad value is refused with a message naming
  the file, the section and the field (game/kiosk_config.py).
- The loop awaits once per frame and uses no threads and no sleeping: the browser
  build shares this code.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from typing import Callable

from engine.errors import DataError

# The settings and the two input clocks have modules of their own; everything that
# was importable from game.kiosk stays importable from here.
from .kiosk_config import (CHORD_KEYS, CORNERS, DEFAULT_CONFIG, MODIFIER_KEYS,  # noqa: F401
                           ROTATE, STRATEGIES, KioskConfig, load_config)
from .kiosk_input import AdminGesture, IdleTimer, pin_matches  # noqa: F401

log = logging.getLogger("trustworthy.kiosk")

EXIT_ADMIN = 0  # staff left through the PIN: the supervisor must not restart
EXIT_STOPPED = 0  # the system asked (SIGTERM: `systemctl stop`, shutdown)
EXIT_BAD_CONFIG = 2  # the kiosk settings are refused: restarting cannot help
EXIT_BAD_DATA = 3  # the game's own data files are refused: restarting cannot help
EXIT_GAVE_UP = 70  # too many failures: the supervisor restarts a fresh process

CORNER_SIZE = 96  # logical pixels: the square a finger holds for the staff gesture


# --- the shell around the App -----------------------------------------------------------

def _key_names() -> dict[int, str]:
    import pygame

    names = {pygame.K_LCTRL: "ctrl", pygame.K_RCTRL: "ctrl",
             pygame.K_LSHIFT: "shift", pygame.K_RSHIFT: "shift",
             pygame.K_LALT: "alt", pygame.K_RALT: "alt",
             pygame.K_LGUI: "meta", pygame.K_RGUI: "meta"}
    names.update({getattr(pygame, f"K_{c}"): c for c in "abcdefghijklmnopqrstuvwxyz0123456789"})
    names.update({getattr(pygame, f"K_F{n}"): f"f{n}" for n in range(1, 13)})
    return names


def _corner_rect(corner: str, size=(1280, 720)):
    import pygame

    if corner == "none":
        return None
    rect = pygame.Rect(0, 0, CORNER_SIZE, CORNER_SIZE)
    if corner.endswith("right"):
        rect.right = size[0]
    if corner.startswith("bottom"):
        rect.bottom = size[1]
    return rect


class KioskShell:
    """Wraps an App: filters input, runs the idle timer and the staff gesture, records
    finished runs, and turns any failure into a log line and the attract screen.

    `make_attract(ctx)` builds the first screen; `clock()` returns seconds (real:
    time.monotonic; tests and the soak: a counter they advance)."""

    def __init__(self, app, config: KioskConfig, *, clock: Callable[[], float],
                 make_attract: Callable, stats=None):
        import pygame

        from .commands import Back, Click, PointerDown, PointerMove, Quit, ToggleFullscreen

        self._pg = pygame
        self._Back, self._Click, self._Down, self._Move = Back, Click, PointerDown, PointerMove
        self._never = (Quit, ToggleFullscreen)
        self.app = app
        self.config = config
        self.ctx = app.ctx  # the attract screen always starts in the default language
        self.clock = clock
        self.make_attract = make_attract
        self.stats = stats
        self.idle = IdleTimer(config.idle_seconds, config.warning_seconds, clock)
        self.admin = AdminGesture(config.admin_keys, config.admin_hold_seconds, clock,
                                  _corner_rect(config.admin_corner, app.ctx.size))
        self.key_names = _key_names()
        self.swallowed = 0  # quit/close/Esc/F11 attempts ignored (tests, soak)
        self.resets = 0  # returns to the attract screen, for any reason
        self.failures: list[float] = []  # clock times of recent scene failures
        self.exit_code: int | None = None
        self._still_there = None
        self._admin_scene = None
        self._recorded: list = []  # this visitor's finished runs, already counted
        self._swallow_release = False  # drop the next Click (its press closed a dialog)
        self.to_attract()

    # --- where the kiosk is -----------------------------------------------------------

    @property
    def in_attract(self) -> bool:
        from .scenes.attract import AttractScene

        return len(self.app.stack) == 1 and isinstance(self.app.stack[0], AttractScene)

    def to_attract(self) -> None:
        """Clear every scene (the run is discarded) and show the attract screen."""
        app = self.app
        while app.stack:
            scene = app.stack.pop()
            try:
                scene.leave()
            except Exception:
                log.exception("kiosk: a scene failed while closing")
        app.pending.clear()
        app.running = True
        self._still_there = self._admin_scene = None
        self._recorded = []
        self.admin.release_all()
        self.resets += 1
        app.push(self.make_attract(self.ctx))
        self.idle.poke()

    # --- one frame ----------------------------------------------------------------------

    def step(self, events=(), dt: float | None = None) -> bool:
        """One kiosk frame. Returns False once the kiosk should end (staff exit, or
        `exit_code == EXIT_GAVE_UP`)."""
        if self.exit_code is not None:
            return False
        try:
            self._step(list(events), dt)
        except Exception:
            self._failed()
        return self.exit_code is None

    def request_stop(self, reason: str) -> None:
        """The operating system asks the kiosk to end (a signal): it ends, cleanly."""
        log.info("kiosk: stopped by %s", reason)
        self.exit_code = EXIT_STOPPED
        self.app.running = False

    def _step(self, events: list, dt: float | None) -> None:
        from .commands import COMMAND_TYPES, Choose, to_commands

        app, pg = self.app, self._pg
        if not app.stack:
            self.to_attract()
        keys_pressed = False
        raw = [e for e in events if not isinstance(e, COMMAND_TYPES)]  # pygame events
        for event in raw:
            if event.type == pg.KEYDOWN:
                keys_pressed = True
                if event.key in self.key_names:
                    self.admin.key_down(self.key_names[event.key])
            elif event.type == pg.KEYUP and event.key in self.key_names:
                self.admin.key_up(self.key_names[event.key])
            elif event.type in (pg.WINDOWFOCUSLOST, pg.QUIT, pg.WINDOWCLOSE):
                self.admin.release_all()
        commands = []
        for command in to_commands(events, app.viewport):
            if self._allowed(command):
                commands.append(command)
        if self._admin_scene is not None and app.top is self._admin_scene:
            for e in raw:  # keys the PIN pad needs that are no command elsewhere
                if e.type == pg.KEYDOWN and e.key in (pg.K_0, pg.K_KP0):
                    commands.append(Choose(0))
                elif e.type == pg.KEYDOWN and e.key == pg.K_BACKSPACE:
                    commands.append(self._Back())
        for command in commands:
            if isinstance(command, self._Down):
                self.admin.pointer_down(command.pos)
            elif isinstance(command, self._Click):
                self.admin.pointer_away()
            elif isinstance(command, self._Move):
                self.admin.pointer_away(command.pos)
        if self._swallow_release:  # the lift of the finger that closed "Still there?"
            if any(isinstance(c, self._Click) for c in commands):
                self._swallow_release = False
            commands = [c for c in commands if not isinstance(c, self._Click)]
        if commands or keys_pressed:
            self.idle.poke()
            if self._still_there is not None:  # "I'm still here": the run goes on
                self._close_still_there()
                pressed = [c for c in commands if isinstance(c, (self._Down, self._Click))]
                self._swallow_release = bool(pressed) and isinstance(pressed[-1], self._Down)
                commands = []
        app.pending = [c for c in app.pending if self._allowed(c)]
        if self.admin.update() and self._admin_scene not in app.stack:
            self._open_admin()
        self._watch_idle()
        app.step(commands, dt)
        self._after_step()

    def _allowed(self, command) -> bool:
        if isinstance(command, self._never) or (
                isinstance(command, self._Back) and len(self.app.stack) <= 1):
            self.swallowed += 1
            return False
        return True

    def _watch_idle(self) -> None:
        if self.in_attract:
            self.idle.poke()  # nobody to wait for: the attract screen plays on
            return
        state = self.idle.state()
        if state == IdleTimer.EXPIRED:
            log.debug("kiosk: idle, the run is discarded")
            self.to_attract()
        elif state == IdleTimer.WARNING and self._still_there is None:
            from .scenes.still_there import StillThereScene

            self._still_there = StillThereScene(self.app.top.ctx, self.idle.seconds_left)
            self.app.push(self._still_there)

    def _close_still_there(self) -> None:
        app, scene = self.app, self._still_there
        self._still_there = None
        if scene in app.stack:
            while app.top is not scene:
                app.pop()
            app.pop()

    def _open_admin(self) -> None:
        from .scenes.admin import AdminScene

        log.info("kiosk: staff gesture, asking for the PIN")
        self._admin_scene = AdminScene(self.ctx, self.config.admin_pin,
                                       self.config.admin_attempts)
        self.app.push(self._admin_scene)

    def _after_step(self) -> None:
        app = self.app
        if self._admin_scene is not None and self._admin_scene.unlocked:
            log.info("kiosk: staff exit with the PIN")
            self.exit_code = EXIT_ADMIN
            app.running = False
            return
        if not app.running:  # a scene or the autoplayer asked to quit: not here
            self.swallowed += 1
            self.to_attract()
            return
        self._record_runs()
        from .scenes.title import TitleScene

        if any(isinstance(scene, TitleScene) for scene in app.stack):
            self.to_attract()  # the desktop's title screen has no place in a kiosk

    def _record_runs(self) -> None:
        """Count each run this visitor finished, once (read from the scenes' Visit)."""
        if self.stats is None:
            return
        visit = getattr(self.app.top, "visit", None)
        for run in getattr(visit, "runs", ()):
            if any(run is done for done in self._recorded) or run.replay_of:
                continue
            self._recorded.append(run)
            try:
                self.stats.record_run(run.summary, getattr(visit, "prediction", "") or None)
            except Exception:  # a counting bug must not cost the visitor the debrief
                log.exception("kiosk: a finished run could not be counted")

    def _failed(self) -> None:
        now = self.clock()
        log.exception("kiosk: a scene failed; back to the attract screen")
        window = self.config.failure_window_seconds
        self.failures = [t for t in self.failures if now - t < window] + [now]
        if len(self.failures) >= self.config.max_failures:
            log.critical("kiosk: %d failures in %.0f s; ending so the supervisor starts "
                         "a fresh kiosk", len(self.failures), window)
            self.exit_code = EXIT_GAVE_UP
            return
        try:
            self.to_attract()
        except Exception:
            log.exception("kiosk: the attract screen failed too; trying again next frame")
            self.app.stack.clear()

    # --- the real loop ----------------------------------------------------------------

    async def run(self, max_frames: int | None = None) -> int:
        from .app import Pacer

        app, frames = self.app, 0
        pacer = Pacer(app.clock)  # an unchanged page is not shown again; idle is slower
        while max_frames is None or frames < max_frames:
            events = self._pg.event.get() if self._pg.display.get_init() else []
            dt = app.clock.tick()
            if not self.step(events, dt):
                break
            if app.display:
                pacer.present(app.display, app.page, bool(events), dt)
            frames += 1
            await asyncio.sleep(0)
        return EXIT_ADMIN if self.exit_code is None else self.exit_code


# --- start-up -------------------------------------------------------------------------

def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m game --kiosk", add_help=False,
                                     allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--kiosk-config", default=None)
    parser.add_argument("--headless", action="store_true")
    parser.add_argument("--frames", type=int, default=None)
    args, _ = parser.parse_known_args(argv)  # the rest belongs to game.app's parser
    return args


def _stop_on_signals(shell: KioskShell) -> None:
    """SIGTERM (systemctl stop, shutdown), SIGINT and SIGHUP end the kiosk cleanly.

    SDL would otherwise turn them into a window-close event, which a kiosk swallows,
    so `systemctl stop` would hang until its timeout; run_kiosk tells SDL to leave
    signals alone (SDL_NO_SIGNAL_HANDLERS) and handles them here. No signals in the
    browser: nothing to do there."""
    import signal

    def stop(signum, _frame):
        shell.request_stop(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            signal.signal(number, stop)
        except (ValueError, OSError):  # not the main thread, or not on this platform
            pass


def _set_up_logging(config: KioskConfig) -> None:
    root = logging.getLogger("trustworthy")
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if config.log_file:
        from logging.handlers import RotatingFileHandler

        handlers.append(RotatingFileHandler(config.log_file, maxBytes=1_000_000,
                                            backupCount=3, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(fmt)
        root.addHandler(handler)


class KioskRuns:
    """The game inside the kiosk: each visitor's short run, the attract screen and
    its self-playing demo. The rules and the story are loaded once and shared."""

    def __init__(self, config: KioskConfig, *, city_factory: Callable | None = None,
                 locales: dict | None = None, instant: bool = False):
        import random
        from dataclasses import replace

        from .scenes.visit import CITIZENS, PREDICTIONS, Visit

        self.config = config
        self.template = replace(Visit.start(policy=config.policy, seed=config.seed or 1,
                                            city_factory=city_factory, instant=instant),
                                kiosk=True)
        self.locales = locales
        self._citizens, self._predictions = CITIZENS, PREDICTIONS
        self._random = random.Random()  # seeds for visitors' cities: no need to replay
        self.demos = 0  # demo runs started (the demo rotates citizens)

    def _seed(self) -> int:
        return self.config.seed or self._random.randrange(1, 2**31 - 1)

    def start_run(self, ctx):
        """A new visitor's run, from its first scene (the prediction)."""
        from dataclasses import replace

        from .scenes.prediction import PredictionScene

        return PredictionScene(ctx, replace(self.template, seed=self._seed()))

    def make_demo(self, ctx):
        from dataclasses import replace

        from .autoplay import Autoplayer
        from .scenes.attract import AutoplayDemo
        from .scenes.prediction import PredictionScene

        n, self.demos = self.demos, self.demos + 1
        strategy = self.config.attract_strategy
        if strategy == ROTATE:  # 3 strategies × 4 citizens: every pairing in 12 demos
            strategy = STRATEGIES[n % len(STRATEGIES)]
        pilot = Autoplayer(strategy,
                           self._citizens[n % len(self._citizens)],
                           self._predictions[n % len(self._predictions)])
        visit = replace(self.template, seed=self._seed())
        return AutoplayDemo(ctx, PredictionScene(ctx, visit), pilot,
                            self.config.attract_seconds_per_choice)

    def make_attract(self, ctx):
        from .scenes.attract import AttractScene

        return AttractScene(ctx, self.config, self.start_run, self.make_demo, self.locales)


async def run_kiosk(argv: list[str]) -> int:
    """`python -m game --kiosk [--kiosk-config FILE]`. Returns the exit code."""
    try:
        args = _parse(argv)
    except argparse.ArgumentError as err:
        print(f"kiosk: {err}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    try:
        config = load_config(args.kiosk_config)
    except DataError as err:
        print(f"kiosk: the settings cannot be used:\n{err}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    _set_up_logging(config)
    if config.source == str(DEFAULT_CONFIG):
        log.warning("kiosk: running on the shipped settings and PIN; copy "
                    "assets/kiosk.toml and pass --kiosk-config (docs/kiosk.md)")
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SDL_WINDOWS_NO_CLOSE_ON_ALT_F4", "1")
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"  # see _stop_on_signals
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
    import pygame

    from .app import App, Display, FixedClock, RealClock
    from .i18n import Locale
    from .scenes.base import SceneContext
    from .stats import VisitorStats, install as install_stats

    try:  # everything read from files, before any window opens
        locales = {code: Locale.load(code) for code in config.offered_locales}
        runs = KioskRuns(config, locales=locales)
    except DataError as err:
        log.critical("kiosk: the game's data files are refused:\n%s", err)
        return EXIT_BAD_DATA
    pygame.display.init()
    pygame.font.init()
    ctx = SceneContext(locales[config.default_locale]).with_settings(config.settings)
    display = Display(ctx.size, fullscreen=config.fullscreen, headless=args.headless,
                      caption=ctx.t("ui.window_title"))
    pygame.mouse.set_visible(config.cursor)
    stats = (VisitorStats.open_default(config.stats_path or None)
             if config.stats_enabled else None)
    install_stats(stats)
    hub = _install_hub(config)
    app = App(ctx, clock=FixedClock() if args.headless else RealClock(), display=display)
    shell = KioskShell(app, config, clock=time.monotonic, stats=stats,
                       make_attract=runs.make_attract)
    _stop_on_signals(shell)
    try:
        return await shell.run(args.frames)
    finally:
        install_stats(None)
        if stats is not None:
            stats.close()
        if hub is not None:
            from .hubclient import install

            install(None)
            hub.close()


def _install_hub(config):
    """The config's [hub]: each visitor's finished run also goes to a class hub,
    through the outbox in the data folder (game.hubclient; never the attract demo)."""
    if not config.hub_url:
        return None
    from .hubclient import HubClient, install
    from .storage import Storage

    try:
        client = HubClient(config.hub_url, config.hub_code, Storage.default())
    except Exception:  # StorageError: the kiosk runs without the hub
        log.exception("kiosk: the class hub's outbox cannot be opened")
        return None
    install(client)
    return client


if __name__ == "__main__":  # python -m game.kiosk: the same as python -m game --kiosk
    raise SystemExit(asyncio.run(run_kiosk(sys.argv[1:])))
