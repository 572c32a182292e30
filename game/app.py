"""The game's one loop: input → commands → the top scene → a 1280×720 page → window.

Why it looks like this:
- The browser build (pygbag) runs this same code, so the loop is `async` and awaits
  `asyncio.sleep(0)` every frame; there are no threads, no `time.sleep`, no
  `sys.exit` (`main` returns an exit code instead).
- Everything is drawn on a fixed logical page of 1280×720 and scaled to the window
  (letterboxed), so layouts are written once. The window is never resizable; F11
  toggles full screen.
- Time advances in fixed steps (an accumulator, "Game Programming Patterns: Game
  Loop"), so the simulation is the same on a fast desktop and a slow kiosk. The
  clock is passed in: tests and the autoplayer use `FixedClock`.
- `App.step(inputs, dt)` is one frame without the real loop, so tests drive the game
  frame by frame; `App.run()` is just `step` + present + await, repeated.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Callable, Iterable

import pygame

from .commands import LOGICAL_SIZE, Quit, ToggleFullscreen, Viewport, to_commands
from .scenes.base import Pop, Push, QuitGame, Replace, Reset, Scene, SceneContext

STEP = 1 / 60  # seconds of game time per update
MAX_FRAME_TIME = 0.25  # a frame longer than this (a stall) is not caught up


class FixedClock:
    """Every frame lasts exactly `dt`: deterministic runs, tests, autoplay, headless."""

    def __init__(self, dt: float = STEP):
        self.dt = dt

    def tick(self) -> float:
        return self.dt


class RealClock:
    """Wall-clock frame time, capped at `fps` frames per second."""

    def __init__(self, fps: int = 60):
        self.fps = fps
        self._clock = pygame.time.Clock()

    def tick(self) -> float:
        return self._clock.tick(self.fps) / 1000.0


class Display:
    """The real window: shows the logical page scaled to fit, toggles full screen."""

    def __init__(self, logical_size=LOGICAL_SIZE, *, fullscreen=False, headless=False,
                 caption=""):
        self.logical_size = logical_size
        self.fullscreen = fullscreen and not headless
        self.headless = headless
        pygame.display.init()
        pygame.display.set_caption(caption)
        self._open()

    def _open(self) -> None:
        if self.fullscreen:
            window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            window = pygame.display.set_mode(self._windowed_size())
        self.viewport = Viewport(window.get_size(), self.logical_size)

    def _windowed_size(self) -> tuple[int, int]:
        """The logical size, shrunk (keeping the shape) if the screen is smaller."""
        width, height = self.logical_size
        if self.headless or sys.platform == "emscripten":
            return (width, height)
        desktops = pygame.display.get_desktop_sizes()
        if not desktops:
            return (width, height)
        room_w, room_h = desktops[0][0] * 0.95, desktops[0][1] * 0.9
        scale = min(1.0, room_w / width, room_h / height)
        return (int(width * scale), int(height * scale))

    def toggle_fullscreen(self) -> None:
        if self.headless or sys.platform == "emscripten":  # the page owns full screen
            return
        self.fullscreen = not self.fullscreen
        try:
            self._open()
        except pygame.error:
            self.fullscreen = not self.fullscreen
            self._open()

    def present(self, page: pygame.Surface) -> None:
        if self.headless:
            return
        window = pygame.display.get_surface()
        if window.get_size() == page.get_size():
            window.blit(page, (0, 0))
        else:
            # Scaled straight into the window (no new surface and blit each frame: a
            # third of the cost at full HD); the black bars only where the page is not.
            rect = self.viewport.rect
            if rect.size != window.get_size():
                window.fill((0, 0, 0))
            pygame.transform.smoothscale(page, rect.size, window.subsurface(rect))
        pygame.display.flip()


class Pacer:
    """Shows a page only when it changed, and slows the loop while nobody plays.

    Why: a kiosk or a laptop on battery sits on one screen for minutes; drawing,
    scaling and flipping the same picture 60 times a second kept a core a third
    busy (issue 15). So, with no input: a page that has not changed for
    `STILL_SECONDS` is redrawn at `STILL_FPS` (input is still read 20 times a
    second, and the next input or change brings the full rate straight back); a
    page that keeps changing (an ambient animation: the title's scan line, the
    kiosk's wave) runs at `AMBIENT_FPS` once nobody has touched anything for
    `AMBIENT_SECONDS` — still smooth for a slow sweep — and at the full rate
    otherwise. An unchanged page is not presented again (one comparison of the
    page's bytes is far cheaper than scaling and flipping it), except every
    `REFRESH` seconds and after any input, so an uncovered window is repainted.
    The loop still awaits once per frame (the browser)."""

    STILL_SECONDS, STILL_FPS = 0.5, 20
    AMBIENT_SECONDS, AMBIENT_FPS = 5.0, 30
    REFRESH = 1.0

    def __init__(self, clock, fps: int | None = None):
        self.clock = clock
        self.fps = fps or getattr(clock, "fps", None)
        self._shown: bytes | None = None
        self._still = 0.0  # seconds with no input and the same page
        self._untouched = 0.0  # seconds with no input
        self._since_shown = 0.0

    def present(self, display, page, had_input: bool, dt: float) -> bool:
        """Present `page` on `display` if it changed (or input came); pace the clock.
        Returns whether it was presented."""
        raw = page.get_buffer().raw
        changed = raw != self._shown
        self._since_shown += dt
        shown = changed or had_input or self._since_shown >= self.REFRESH
        if shown:
            display.present(page)
            self._shown, self._since_shown = raw, 0.0
        self._untouched = 0.0 if had_input else self._untouched + dt
        self._still = 0.0 if (changed or had_input) else self._still + dt
        if self.fps is not None and hasattr(self.clock, "fps"):
            if self._still >= self.STILL_SECONDS:
                self.clock.fps = min(self.fps, self.STILL_FPS)
            elif self._untouched >= self.AMBIENT_SECONDS:
                self.clock.fps = min(self.fps, self.AMBIENT_FPS)
            else:
                self.clock.fps = self.fps
        return shown


class App:
    """The scene stack and the frame: commands in, fixed updates, one drawn page."""

    def __init__(self, ctx: SceneContext, *, clock=None, display: Display | None = None,
                 events: Callable[[], Iterable] | None = None):
        self.ctx = ctx
        self.clock = clock or FixedClock()
        self.display = display
        self.viewport = display.viewport if display else Viewport(ctx.size, ctx.size)
        self.events = events or _pygame_events
        self.page = pygame.Surface(ctx.size)
        self.stack: list[Scene] = []
        self.pending: list = []  # commands queued by code (autoplay, tests)
        self.running = True
        self.frames = 0  # frames stepped so far
        self.presented = 0  # frames shown on the display (the real loop)
        self._pacer: Pacer | None = None  # made by the real loop (`run`)
        self.time = 0.0  # game seconds simulated so far (fixed steps)
        self._accumulator = 0.0

    # --- the scene stack ----------------------------------------------------------

    @property
    def top(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        if self.stack:
            self.top.leave()
        self.stack.append(scene)
        scene.enter()

    def pop(self) -> None:
        """Close the top scene. The last scene is never popped (Esc is harmless)."""
        if len(self.stack) > 1:
            self.stack.pop().leave()
            self.top.enter()

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        scene.enter()

    def reset(self, scene: Scene) -> None:
        while self.stack:
            self.stack.pop().leave()
        self.push(scene)

    def apply(self, transition) -> None:
        match transition:
            case None:
                pass
            case Push(scene):
                self.push(scene)
            case Pop():
                self.pop()
            case Replace(scene):
                self.replace(scene)
            case Reset(scene):
                self.reset(scene)
            case QuitGame():
                self.running = False
            case _:
                raise TypeError(f"a scene returned {transition!r}, not a transition")

    # --- one frame ----------------------------------------------------------------

    def queue(self, *commands) -> None:
        """Feed commands as if the player had given them (autoplay, tests)."""
        self.pending.extend(commands)

    def step(self, inputs: Iterable = (), dt: float | None = None) -> bool:
        """One frame: handle inputs (pygame events and/or commands), advance time in
        fixed steps, draw the page. Returns whether the app is still running."""
        running = self.advance(inputs, dt)
        self.draw()
        return running

    def advance(self, inputs: Iterable = (), dt: float | None = None) -> bool:
        """A frame without drawing it (`step` draws; the kiosk's demo draws only the
        frames it shows)."""
        if dt is None:
            dt = self.clock.tick()
        commands, self.pending = self.pending + to_commands(inputs, self.viewport), []
        for command in commands:
            if isinstance(command, Quit):
                self.running = False
            elif isinstance(command, ToggleFullscreen):
                if self.display:
                    self.display.toggle_fullscreen()
                    self.viewport = self.display.viewport
            elif self.running:
                self.apply(self.top.handle(command))
        self._accumulator += min(dt, MAX_FRAME_TIME)
        while self.running and self._accumulator >= STEP - 1e-9:
            self._accumulator -= STEP
            self.time += STEP
            self.apply(self.top.update(STEP))
        self.frames += 1
        return self.running

    def draw(self) -> None:
        """Draw the top scene, and the scenes under it while the top is an overlay."""
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        for scene in self.stack[first:]:
            scene.draw(self.page)

    async def run(self, max_frames: int | None = None,
                  max_seconds: float | None = None) -> int:
        """The loop. Yields to the browser (or any asyncio task) once per frame.
        `max_frames` counts from the app's first frame, `max_seconds` (wall clock:
        the idle benchmark, game/bench_idle.py) from this call."""
        import time

        until = None if max_seconds is None else time.perf_counter() + max_seconds
        pacer = self._pacer = self._pacer or Pacer(self.clock)
        while self.running and (max_frames is None or self.frames < max_frames):
            if until is not None and time.perf_counter() >= until:
                break
            events = list(self.events())
            dt = self.clock.tick()
            self.step(events, dt)
            if self.display and pacer.present(self.display, self.page, bool(events), dt):
                self.presented += 1
            await asyncio.sleep(0)
        return 0


def _pygame_events() -> list:
    return pygame.event.get() if pygame.display.get_init() else []


# --- command line -------------------------------------------------------------------

class _ArgumentsDone(Exception):
    """argparse wanted to exit (after --help or an error): we return instead."""

    def __init__(self, status: int):
        self.status = status


class _Parser(argparse.ArgumentParser):
    def exit(self, status=0, message=None):
        if message:
            print(message, file=sys.stderr, end="")
        raise _ArgumentsDone(status)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


MAX_DAYS = 365  # a run is a week or a month; a year is the most the story allows


def _bounded(low: int, high: int):
    """An argparse type: a whole number from `low` to `high`, refused in one line."""
    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range [{low}, {high}]")
        return value
    return whole


def _window_size(text: str) -> tuple[int, int]:
    """An argparse type: "WxH", each from 320 to 7680."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is out of range (320x240 to 7680x4320)")
    return (width, height)


def parse_args(argv: list[str]) -> argparse.Namespace:
    from .ui.theme import THEMES

    parser = _Parser(prog="python -m game", description="Trustworthy, the game.")
    parser.add_argument("--fullscreen", action="store_true", help="start in full screen")
    parser.add_argument("--headless", action="store_true",
                        help="no window (SDL dummy driver): tests and autoplay")
    parser.add_argument("--locale", "--lang", default=None,
                        help="language code: en, es or zh-Hans (default: the language last "
                             "chosen on this device, else the browser's, else en)")
    parser.add_argument("--theme", default=None, choices=sorted(THEMES),
                        help="projector: bigger text, higher contrast (default: the "
                             "display kept in Settings, else standard)")
    parser.add_argument("--frames", type=int, default=None,
                        help="stop after this many frames (smoke tests)")
    parser.add_argument("--projector", action="store_true",
                        help="projector display (the same as --theme projector)")
    kiosk = parser.add_argument_group("museum kiosk (docs/kiosk.md)")
    kiosk.add_argument("--kiosk", action="store_true",
                       help="museum kiosk: full screen, attract mode, idle reset, staff exit only")
    kiosk.add_argument("--kiosk-config", metavar="FILE", default=None,
                       help="kiosk settings (default: assets/kiosk.toml)")
    classroom = parser.add_argument_group("the classroom")
    classroom.add_argument("--sandbox", action="store_true",
                           help="open the classroom sandbox: a whole city, policy sliders, charts")
    classroom.add_argument("--class-code", metavar="CODE",
                           help="open the sandbox on a class code: the same city for everyone")
    classroom.add_argument("--assumptions", metavar="FILE", default=None,
                           help="the population's assumptions for the sandbox (default: the "
                                "shipped ones; assets/population/neutral.toml: the same "
                                "rates for everyone)")
    classroom.add_argument("--hub", metavar="URL",
                           help="send each finished run to this class hub, under "
                                "--class-code (docs/hub.md)")
    classroom.add_argument("--export-dir", metavar="DIR",
                           help="where the sandbox's CSV and PNG exports go "
                                "(default: exports/ in the data folder)")
    play = parser.add_argument_group("a run")
    play.add_argument("--run", choices=("short", "full"), default=None,
                      help="run length: short (a week) or full (a month)")
    play.add_argument("--days", type=_bounded(1, MAX_DAYS), default=None,
                      help=f"run length in days (1–{MAX_DAYS})")
    play.add_argument("--seed", type=_bounded(0, 2**63 - 1), default=1,
                      help="the run's seed, a whole number from 0 (default 1)")
    play.add_argument("--policy", default="default", help="the city's policy (default)")
    play.add_argument("--citizen", default=None,
                      help="courier, civil-servant, retiree or graduate (autoplay)")
    play.add_argument("--autoplay", metavar="STRATEGY", default=None,
                      help="play a whole run by itself: comply, cut-corners or random")
    play.add_argument("--json", action="store_true",
                      help="with --autoplay: print the run's summary as one JSON object")
    play.add_argument("--bench", action="store_true",
                      help="time the frames of a scripted run (with --headless)")
    play.add_argument("--window", type=_window_size, default=None, metavar="WxH",
                      help="with --bench: the window the page is scaled to and flipped "
                           "on (default 1280x720, the page's own size)")
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    """The one entry point (desktop, browser, tests). Returns an exit code."""
    import time

    started = time.perf_counter()
    try:
        args = parse_args(argv)
    except _ArgumentsDone as done:
        return done.status
    if args.kiosk:  # before SDL starts: the kiosk installs its own signal handling
        from .kiosk import run_kiosk

        return await run_kiosk(argv)
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

    from engine.errors import DataError

    from . import language
    from .i18n import Locale

    store = None
    if not (args.autoplay or args.bench):  # autoplay's output stays the same everywhere
        from .storage import Storage

        store = Storage.default()
        if args.locale is None:
            args.locale = language.startup(store, Locale.available(), language.browser_tags())
    args.locale = args.locale or "en"
    try:
        locale = Locale.load(args.locale)
    except DataError as err:
        known = ", ".join(Locale.available())
        print(f"python -m game: unknown or broken locale {args.locale!r} (shipped: {known}); "
              f"{err.problems[0]}", file=sys.stderr)
        return 2
    from .ui.text import font_paths

    try:
        font_paths(locale.meta, locale.code)  # a font named but missing: one line, no traceback
    except ValueError as err:
        print(f"python -m game: {err}", file=sys.stderr)
        return 2
    pygame.display.init()
    pygame.font.init()
    pygame.key.set_repeat(400, 60)
    setup = None
    if args.class_code:
        from .classcode import ClassCodeError, decode

        try:
            setup = decode(args.class_code)
        except ClassCodeError as err:
            print(f"python -m game: {args.class_code!r}: "
                  f"{locale.t(err.message_id, **err.params)}", file=sys.stderr)
            return 2
    if args.hub and setup is None:
        print("python -m game: --hub needs --class-code CODE (the class's code)",
              file=sys.stderr)
        return 2
    hub = _install_hub(args.hub, args.class_code)
    language.install(store)  # the title screen's choice is kept for the next start
    try:
        return await _play(args, locale, setup, started, with_hub=hub is not None)
    finally:
        language.install(None)
        if hub is not None:
            from .hubclient import install as install_hub

            install_hub(None)
            hub.close()


async def _play(args, locale, setup, started, *, with_hub: bool) -> int:
    from engine.errors import DataError

    from .scenes.title import TitleScene

    settings, store = _device_settings(args)
    ctx = SceneContext(locale, settings_store=store).with_settings(settings)
    display = Display(ctx.size, fullscreen=args.fullscreen, headless=args.headless,
                      caption=locale.t("ui.window_title"))
    if args.bench:
        from .bench import run as bench

        return await bench(args, ctx, started)
    if args.autoplay:
        from .autoplay import run as autoplay

        return await autoplay(args, ctx, display)
    from .scenes.visit import Visit
    from .sound import Sounds

    try:
        visit = Visit.start(days=args.days, seed=args.seed, policy=args.policy,
                            sound=Sounds(enabled=not args.headless))
    except DataError as err:
        print(f"python -m game: {err.problems[0].message} ({args.policy})", file=sys.stderr)
        return 2
    if args.run and args.days is None:
        visit = visit.with_length(args.run)
    clock = FixedClock() if args.headless else RealClock()
    app = App(ctx, clock=clock, display=display)
    app.push(TitleScene(ctx, visit=visit))
    if args.sandbox or (setup is not None and not with_hub):
        from .classcode import ClassSetup
        from .scenes.sandbox import SandboxScene
        from .scenes.sandbox_model import SandboxData, SandboxModel

        try:
            data = SandboxData.load(args.assumptions)
        except DataError as err:
            print(f"python -m game: {err.problems[0]}", file=sys.stderr)
            return 2
        model = SandboxModel(setup or ClassSetup(), data)
        app.push(SandboxScene(ctx, setup, model=model, export_dir=args.export_dir))
    stats = _install_player_stats()
    try:
        return await app.run(max_frames=args.frames)
    finally:
        from .stats import install

        install(None)
        stats.close()


def _device_settings(args):
    """The settings kept on this device (game/settings.py), with --theme/--projector
    winning for this start. A bad record is reported on stderr and set aside."""
    from dataclasses import replace

    from .settings import SettingsStore
    from .storage import Storage

    try:
        store = SettingsStore(Storage.default())
    except Exception as err:  # the browser's storage refused: settings for this visit
        print(f"python -m game: settings cannot be kept: {err}", file=sys.stderr)
        store = SettingsStore(None)
    settings = store.load()  # a bad record: logged field by field, set aside, defaults
    theme = "projector" if args.projector else args.theme
    if theme:
        settings = replace(settings, theme=theme)
    return settings, store


def _install_hub(url: str | None, code: str | None):
    """`--hub URL --class-code CODE`: finished runs go to the class hub (game.hubclient),
    through an outbox in the data folder. In the browser, the page's address says it."""
    from .hubclient import HubClient, from_browser_page, install
    from .storage import Storage

    try:
        client = (HubClient(url, code, Storage.default()) if url
                  else from_browser_page(Storage.default()))
    except Exception as err:  # StorageError: the game is played without the hub
        print(f"python -m game: the class hub's outbox cannot be opened: {err}",
              file=sys.stderr)
        return None
    install(client)
    return client


def _install_player_stats():
    """The desktop's and the browser's own statistics (game.stats): counts of
    finished runs, predictions and poll answers of the players of this copy — the
    debrief's "other players on this computer". The game counts each run itself
    (there is no kiosk shell). Never personal: counters by day, nothing else."""
    from .stats import VisitorStats, install

    stats = VisitorStats.open_for_players()
    install(stats, audience="browser" if sys.platform == "emscripten" else "computer",
            count_runs=True)
    return stats
