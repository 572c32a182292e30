"""The kiosk's attract screen: the game playing itself, "Touch to start", languages.

Why it looks like this: in a museum the screen must invite from across the room
and explain itself without a word from staff. Behind, the game plays itself (a
"demo": see `make_demo`), so passers-by see what it is; in front, a band at the
bottom holds the one thing to do — touch — in big type, the game's name, and, when
more than one language is offered, the languages (DESIGN §8: the language choice
belongs on the first screen; touching a language starts in it). Every few runs of
the demo a title card takes the whole screen for a few seconds.

A touch anywhere (on release, so the finger that starts the game does not also
press the next screen's button), Enter or a number key starts the visitor's run:
the scene returns `Reset(start_run(ctx))`, dropping the demo and everything in it.
Mouse movement does not start anything. The admin corner (kiosk config) is not
special here: the kiosk shell watches it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace
from typing import Callable

import pygame

from ..commands import Activate, Choose, Click, FocusNext, Move, PointerDown, PointerMove
from ..i18n import Locale
from ..ui.text import fits
from ..ui.languages import language_row
from ..ui.widgets import Button, FocusGroup, Label
from .base import Reset, Scene, SceneContext

log = logging.getLogger("trustworthy.kiosk")

BAND = pygame.Rect(0, 560, 1280, 160)  # the bottom band over the demo
TITLE_CARD_SECONDS = 7.0  # the full-screen title card, shown between demo runs
PULSE_SECONDS = 2.4  # one breath of "Touch to start"
LANGUAGE_SECONDS = 5.0  # with several languages, the band's words rotate this often
DEBRIEF_SECONDS = 12.0  # the demo lingers on its debrief before the title card returns
MAX_DEMO_SECONDS = 900.0  # a demo run longer than this is stuck: it ends


class AutoplayDemo:
    """The real game playing itself: an inner App whose scenes get, every `pace`
    seconds, the command `game.autoplay.Autoplayer` picks for the scene on top.
    It never touches the kiosk's scene stack, statistics or sound: its frames run
    with no statistics store installed, so nothing the demo plays is counted."""

    def __init__(self, ctx: SceneContext, first_scene, pilot, pace: float):
        from ..app import App, FixedClock

        self.app = App(ctx, clock=FixedClock(), events=lambda: [])
        self.app.push(first_scene)
        self.pilot = pilot
        self.pace = pace
        self.wait = pace  # seconds to the next command
        self.time = 0.0
        self.lingered = 0.0  # seconds spent on the debrief
        self.finished = False

    def update(self, dt: float) -> None:
        if self.finished:
            return
        self.time += dt
        commands = []
        if self.pilot.done(self.app.top):
            self.lingered += dt
        else:
            self.wait -= dt
            if self.wait <= 0:
                self.wait = self.pace
                command = self.pilot.command_for(self.app.top)
                commands = [command] if command is not None else []
        from ..stats import suspended

        with suspended():
            self.app.advance(commands, dt)  # drawn in `draw`: only the frames shown
        if (self.lingered >= DEBRIEF_SECONDS or self.time >= MAX_DEMO_SECONDS
                or not self.app.running):
            self.finished = True

    def draw(self, surface) -> None:
        self.app.draw()
        surface.blit(self.app.page, (0, 0))


FIELD = pygame.Rect(736, 150, 448, 380)  # the title card's population of dots
DOT_SPACING = 22
# Share of each tier among the dots: an illustration, as on the title screen.
DOT_SHARES = {"AAA": 0.05, "AA": 0.11, "A": 0.44, "B": 0.25, "C": 0.11, "D": 0.04}


def _dot_tiers(seed: int = 2018) -> list[list[str]]:
    import random

    rng = random.Random(seed)
    tiers, weights = list(DOT_SHARES), list(DOT_SHARES.values())
    return [rng.choices(tiers, weights, k=FIELD.width // DOT_SPACING)
            for _ in range(FIELD.height // DOT_SPACING)]


def _band_colour(ctx, alpha=238):
    return (*ctx.colour("bg.deep"), alpha)


class AttractScene(Scene):
    """The first screen of a kiosk. `start_run(ctx)` builds the run's first scene;
    `make_demo(ctx)` the self-playing game behind (None: the title card only)."""

    def __init__(self, ctx: SceneContext, config, start_run: Callable,
                 make_demo: Callable | None = None,
                 locales: dict[str, Locale] | None = None):
        super().__init__(ctx)
        self.config = config
        self.start_run = start_run
        self.make_demo = make_demo
        self.time = 0.0  # seconds on this screen
        self.demo = None
        self.demo_runs = 0  # demo runs finished since this screen opened
        self.card_until = TITLE_CARD_SECONDS  # the title card shows until then
        offered = list(config.offered_locales) if config else [ctx.locale.code]
        self.locales = dict(locales or {})
        self.locales.setdefault(ctx.locale.code, ctx.locale)
        for code in offered:
            if code not in self.locales:
                self.locales[code] = Locale.load(code, strict=ctx.locale.strict)
        self.offered = [code for code in offered if code in self.locales]
        self.group = FocusGroup(self._language_buttons())
        self._shade = pygame.Surface(ctx.size, pygame.SRCALPHA)
        self._shade.fill((*ctx.colour("bg.deep"), 110))
        self._band = pygame.Surface(BAND.size, pygame.SRCALPHA)
        self._band.fill(_band_colour(ctx))
        self.dots = _dot_tiers()
        self._field_layer: pygame.Surface | None = None  # the card's unlit dots on bg
        self._demo_page: pygame.Surface | None = None  # the demo's page, then scaled
        self._demo_small: pygame.Surface | None = None

    # --- languages -----------------------------------------------------------------

    def _language_buttons(self) -> list[Button]:
        if len(self.offered) < 2:
            return []
        # each as wide as its name needs, right-aligned: the touch pill keeps the middle
        right = 1280 - self.ctx.theme.size("margin") // 2
        # sized at the theme's own text size: at a bigger text setting the names shrink
        # back to fit (never below it), and the pill keeps its room for "Touch to start"
        base = self.ctx.with_settings(replace(self.ctx.settings, text_size=100))
        buttons = language_row(base, pygame.Rect(0, BAND.y + 84, 1280, 56),
                               [self.locales[code] for code in self.offered], current="",
                               action=lambda code: code)
        shift = right - buttons[-1].rect.right
        for button in buttons:
            button.rect.x += shift
        return buttons

    def shown_locale(self) -> Locale:
        """The band's language now: the default, or rotating through the offered."""
        if len(self.offered) < 2:
            return self.ctx.locale
        turn = int(self.time // LANGUAGE_SECONDS) % len(self.offered)
        return self.locales[self.offered[turn]]

    def _ctx_for(self, code: str) -> SceneContext:
        return self.ctx if code == self.ctx.locale.code else \
            self.ctx.with_locale(self.locales[code])

    # --- behaviour -------------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, (Move, FocusNext)):
            self.group.handle(command)
            return None
        if isinstance(command, (PointerMove, PointerDown)):
            self.group.handle(command)  # hover and the pressed look, nothing more
            return None
        if isinstance(command, Click):
            code = self.group.handle(command)
            return self._start(code or self.ctx.locale.code)
        if isinstance(command, Activate):  # Enter: the focused language, if any
            focused = self.group.focused
            return self._start(focused.action if focused else self.ctx.locale.code)
        if isinstance(command, Choose):
            return self._start(self.ctx.locale.code)
        return None

    def _start(self, code: str):
        return Reset(self.start_run(self._ctx_for(code)))

    def update(self, dt):
        self.time += dt
        if self.make_demo is None or self.ctx.reduced_motion:  # reduced: the card only
            return None
        try:
            if self.demo is None and self.time >= self.card_until:
                self.demo = self.make_demo(self.ctx)
            if self.demo is not None:
                self.demo.update(dt)
                if self.demo.finished:
                    self.demo = None
                    self.demo_runs += 1
                    self.card_until = self.time + TITLE_CARD_SECONDS
        except Exception:  # the demo is decoration: the attract screen must stay
            log.exception("kiosk: the attract demo failed; showing the title card only")
            self.demo = self.make_demo = None
        return None

    @property
    def showing_card(self) -> bool:
        return self.demo is None

    # --- drawing -------------------------------------------------------------------

    def draw(self, surface):
        if self.demo is None:
            self._draw_card(surface)
            return
        # The demo is drawn whole, scaled into the space above the band: the band
        # never lies across half a button of the game behind it.
        w, h = surface.get_size()
        size = (round(w * BAND.y / h), BAND.y)
        if self._demo_page is None or self._demo_page.get_size() != (w, h):
            self._demo_page = pygame.Surface((w, h))
            self._demo_small = pygame.Surface(size)
        self.demo.draw(self._demo_page)
        self._demo_page.blit(self._shade, (0, 0))
        pygame.transform.smoothscale(self._demo_page, size, self._demo_small)
        surface.fill(self.ctx.colour("bg.deep"))
        surface.blit(self._demo_small, ((w - size[0]) // 2, 0))
        self._draw_band(surface)

    def _words(self) -> SceneContext:
        locale = self.shown_locale()
        return self.ctx if locale is self.ctx.locale else self.ctx.with_locale(locale)

    def _pulse(self) -> float:
        if self.ctx.reduced_motion:  # a steady halo, no pulsing
            return 0.5
        return 0.5 - 0.5 * math.cos(self.time / PULSE_SECONDS * 2 * math.pi)

    def _touch_pill(self, surface, words, rect: pygame.Rect, role: str) -> None:
        ctx = self.ctx
        glow = rect.inflate(round(10 + 14 * self._pulse()), round(10 + 14 * self._pulse()))
        halo = pygame.Surface(glow.size, pygame.SRCALPHA)
        pygame.draw.rect(halo, (*ctx.colour("accent"), round(25 + 45 * self._pulse())),
                         halo.get_rect(), border_radius=glow.height // 2)
        surface.blit(halo, glow.topleft)
        pygame.draw.rect(surface, ctx.colour("accent"), rect, border_radius=rect.height // 2)
        self._label(rect, words.t("kiosk.attract.touch"), role, "text.on_accent",
                    words, align="center", valign="middle").draw(surface, words)

    def _label(self, rect, text, role, colour, words=None, **kw) -> Label:
        """A label in the largest of `role`'s sizes that fits, measured with the fonts
        of `words` (the language it is in)."""
        roles = {"display": ("display", "title", "heading"), "title": ("title", "heading",
                 "body.bold"), "lead": ("lead", "body", "small"),
                 "small": ("small", "caption")}[role]
        rect = pygame.Rect(rect)
        gap = self.ctx.theme.size("line.gap")
        fitting = next((r for r in roles
                        if fits(text, (words or self.ctx).font(r), rect.size, gap)),
                       roles[-1])
        return Label(rect, text, role=fitting, colour=colour, **kw)

    def card_labels(self, words) -> list[Label]:
        margin = self.ctx.theme.size("margin")
        name_h = self.ctx.font("display").get_linesize()
        return [
            self._label((margin, 150, 1280 - 2 * margin, name_h), words.t("title.name"),
                        "display", "text", words),
            self._label((margin, 150 + name_h + 48, FIELD.x - margin - 48, 124),
                        words.t("kiosk.attract.lead"), "lead", "text.dim", words),
        ]

    def _draw_card(self, surface) -> None:
        """The title card. The dots far from the wave of light never change, so they
        are drawn once on a layer that replaces the background fill; each frame
        draws only the dots the wave lights (`_draw_dots(lit_only=True)`): the same
        pixels for a fraction of the work (the card loops for minutes on a kiosk)."""
        ctx, words = self.ctx, self._words()
        if self._field_layer is None or self._field_layer.get_size() != surface.get_size():
            self._field_layer = pygame.Surface(surface.get_size())
            self._field_layer.fill(ctx.colour("bg"))
            self._draw_dots(self._field_layer, wave=None)
        surface.blit(self._field_layer, (0, 0))
        margin = ctx.theme.size("margin")
        name, lead = self.card_labels(words)
        name.draw(surface, words)
        pygame.draw.rect(surface, ctx.colour("accent"),
                         (margin + 2, name.rect.bottom + 20, 72, 4))
        lead.draw(surface, words)
        self._touch_pill(surface, words, pygame.Rect(margin, 456, 520, 104), "title")
        self._draw_languages(surface, words, y=BAND.y + 84)
        self._draw_dots(surface, lit_only=True)

    def _wave(self) -> float:
        return FIELD.x + (self.time % 6.0) / 6.0 * (FIELD.width + 200) - 100

    def _draw_dots(self, surface, lit_only: bool = False, wave: float | None = 0.0) -> None:
        """A population, every dot a citizen with a tier; a wave of light crosses it.
        `lit_only`: only the dots the wave lights (drawn over the unlit ones, the
        same circles); `wave` None: no wave (every dot unlit)."""
        ctx, bg = self.ctx, self.ctx.colour("bg")
        if wave is not None:
            wave = self._wave()
            if self.ctx.reduced_motion:  # no travelling light
                wave = FIELD.x - 1000
        columns = range(len(self.dots[0]) if self.dots else 0)
        if lit_only:  # the columns within the wave's reach (90 px either side)
            columns = [c for c in columns if wave is not None
                       and abs(FIELD.x + c * DOT_SPACING + DOT_SPACING // 2 - wave) < 90]
        for row, tiers in enumerate(self.dots):
            y = FIELD.y + row * DOT_SPACING + DOT_SPACING // 2
            for column in columns:
                tier = tiers[column]
                x = FIELD.x + column * DOT_SPACING + DOT_SPACING // 2
                light = 0.0 if wave is None else max(0.0, 1 - abs(x - wave) / 90)
                if lit_only and light <= 0.0:
                    continue
                colour = ctx.theme.tier_colour(tier)
                amount = 0.35 + 0.65 * light
                pygame.draw.circle(surface, tuple(round(c * amount + b * (1 - amount))
                                                  for c, b in zip(colour, bg)), (x, y), 5)

    def band_labels(self, words) -> list[Label]:
        margin = self.ctx.theme.size("margin") // 2
        return [
            self._label((margin, BAND.y + 26, 380, 56), words.t("title.name"), "title",
                        "text", words),
            self._label((margin, BAND.y + 92, 380, 40), words.t("kiosk.attract.demo"),
                        "small", "text.dim", words),
        ]

    def band_pill(self) -> pygame.Rect:
        """"Touch to start" over the demo: the band's middle, up to the languages."""
        pill = pygame.Rect(460, BAND.y + 32, 420, 96)
        if self.group.buttons:
            pill.width = min(420, self.group.buttons[0].rect.x - 28 - pill.x)
        return pill

    def _draw_band(self, surface) -> None:
        ctx, words = self.ctx, self._words()
        surface.blit(self._band, BAND.topleft)
        pygame.draw.line(surface, ctx.colour("accent"), BAND.topleft, BAND.topright, 2)
        for label in self.band_labels(words):
            label.draw(surface, words)
        self._touch_pill(surface, words, self.band_pill(), "title")
        self._draw_languages(surface, words, y=BAND.y + 84)

    def _draw_languages(self, surface, words, y: int) -> None:
        if not self.group.buttons:
            return
        first = self.group.buttons[0].rect
        self._label((first.x, y - 44, 1280 - first.x - 24, 36),
                    words.t("kiosk.attract.choose_language"), "small",
                    "text.dim", words).draw(surface, words)
        self.group.draw(surface, self.ctx)

    def text_boxes(self):
        boxes = []
        for code in self.offered or [self.ctx.locale.code]:
            words = self._ctx_for(code)
            labels = self.card_labels(words) + self.band_labels(words) + [
                self._label((0, 0, *self.band_pill().size), words.t("kiosk.attract.touch"),
                            "title", "text", words)]
            if self.group.buttons:
                labels.append(self._label((0, 0, 1280 - self.group.buttons[0].rect.x - 24,
                                           36), words.t("kiosk.attract.choose_language"),
                                          "small", "text.dim", words))
            boxes += [replace(label.text_box(), fonts=words.fonts) for label in labels]
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


def _demo_under_way(ctx, seconds: float = 4.0):
    """The attract screen a few seconds into its demo (the demo's city is fixed)."""
    from ..app import STEP
    from ..city import grown_city
    from ..kiosk import KioskConfig, KioskRuns

    runs = KioskRuns(KioskConfig(attract_seconds_per_choice=0.5),
                     city_factory=grown_city)
    scene = runs.make_attract(ctx)
    scene.card_until = 0.0
    for _ in range(round(seconds / STEP)):
        scene.update(STEP)
    return scene


def _title_card(ctx):
    from ..kiosk import KioskConfig

    return AttractScene(ctx, KioskConfig(), start_run=lambda c: Scene(c))


SCREENSHOTS = {"kiosk-attract": _title_card, "kiosk-attract-demo": _demo_under_way}
