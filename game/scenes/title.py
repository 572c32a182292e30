"""The first screen: the game's name, what it is, Play, language and settings.

Why it looks like this: it is the screen a museum visitor sees from across the room,
and the one a teacher projects. It says in one line what the game is, offers one
obvious action (Play, focused, so Enter works), shows the language (DESIGN §8: the
language choice belongs on the first screen) and Settings (text size, motion, the
projector display: game/scenes/settings.py), and explains itself on request
("What's this?"). On the right, a field of dots — a population, every dot a citizen
with a tier — is slowly swept by a scan line (still, with reduced motion).

Also here, because it belongs to the title: the "What's this?" dialog. Play opens
the prediction (game/scenes/prediction.py), the first step of a run.
"""

from __future__ import annotations

import functools
import math
import random

import pygame

from ..commands import Back
from ..i18n import Locale
from ..language import named as named_language
from ..language import remember as remember_language
from ..ui.languages import language_row
from ..ui.text import TextBox, fits, measure, render_line
from ..ui.theme import STANDARD, TIERS
from ..ui.widgets import Button, FocusGroup, Label, Panel, TierBadge
from .base import Pop, Push, Replace, Scene, SceneContext

# Share of each tier among the dots: an illustration, not data (the population
# model in engine/ produces the real shares).
DOT_SHARES = {"AAA": 0.05, "AA": 0.11, "A": 0.44, "B": 0.25, "C": 0.11, "D": 0.04}
SWEEP_SECONDS = 7.0  # one pass of the scan line across the field
# The dot field on the page, per theme (the projector's bigger text needs room).
FIELDS = {"standard": pygame.Rect(716, 150, 468, 360),
          "projector": pygame.Rect(736, 136, 448, 320)}
DOT_SPACING = 20
COLUMN_BOTTOM = 632  # the left column ends above the footer rule (654)


def _blend(colour, background, amount: float):
    return tuple(round(c * amount + b * (1 - amount)) for c, b in zip(colour, background))


def _dot_tiers(field: pygame.Rect, seed: int = 2018) -> list[list[str]]:
    """A fixed, seeded population picture: rows × columns of tiers."""
    rng = random.Random(seed)
    columns = field.width // DOT_SPACING
    rows = field.height // DOT_SPACING
    tiers, weights = list(DOT_SHARES), list(DOT_SHARES.values())
    return [rng.choices(tiers, weights, k=columns) for _ in range(rows)]


@functools.lru_cache(maxsize=16)
def _locale(code: str, strict: bool) -> Locale:
    """A shipped locale, loaded once (the title is rebuilt on every switch)."""
    return Locale.load(code, strict=strict)


class TitleScene(Scene):
    """The title. `focus` names the button focused at start (kept across a theme or
    language switch, which rebuilds the scene). `classroom=False` (the kiosk) leaves
    out the way into the classroom sandbox."""

    def __init__(self, ctx: SceneContext, focus: str = "play", visit=None,
                 classroom: bool = True):
        super().__init__(ctx)
        self.classroom = classroom
        self.visit = visit  # the visit Play starts (built on first Play when None)
        self.time = 0.0  # seconds on this screen, drives the scan line
        self.field = FIELDS.get(ctx.theme.name, FIELDS["standard"])
        self.dots = _dot_tiers(self.field)
        self.you = (len(self.dots) // 2, len(self.dots[0]) // 2 + 3)  # (row, column)
        self.locales = Locale.available()
        margin = ctx.theme.size("margin")
        # The left column flows top to bottom from measured text heights, and moves
        # up when bigger (projector) text would push it into the footer.
        gap = ctx.theme.size("line.gap")
        # the game's name in display type, or title type when a translation is longer
        # (measured at the theme's own size: bigger text settings shrink back to it)
        name_role = next((r for r in ("display", "title")
                          if ctx.fonts.get(*ctx.theme.text_style(r)).size(
                              ctx.t("title.name"))[0] <= 620), "title")
        name_h = ctx.font(name_role).get_linesize()
        tagline_h = self._text_height(ctx.t("title.tagline"), "lead", 580)
        lines = 4 if classroom else 3
        below_tagline = 36 + 64 + 16 + lines * 48  # gap, Play, gap, the link lines
        block = name_h + 56 + tagline_h + below_tagline
        y = min(140, COLUMN_BOTTOM - block)
        self.name = Label(pygame.Rect(margin, y, 620, name_h), ctx.t("title.name"),
                          role=name_role)
        self.rule_y = y + name_h + 22
        y += name_h + 56
        self.tagline = Label(pygame.Rect(margin, y, 580, tagline_h), ctx.t("title.tagline"),
                             role="lead", colour="text.dim")
        y += tagline_h + 36 + gap
        self.language_text = ctx.t("title.language", name=ctx.locale.name)
        buttons = [
            Button(pygame.Rect(margin, y, 260, 64), ctx.t("title.play"), "play",
                   kind="primary"),
            Button(pygame.Rect(margin, y + 80, 460, 48), ctx.t("title.whats_this"),
                   "about", kind="link"),
            Button(pygame.Rect(margin, y + 176, 460, 48), ctx.t("title.settings"),
                   "settings", kind="link"),
        ]
        if classroom:
            buttons.append(Button(pygame.Rect(margin, y + 224, 460, 48), ctx.t("sandbox.open"),
                                  "sandbox", kind="link"))
        language_rect = pygame.Rect(margin, y + 128, self.field.x - margin - 24, 48)
        if len(self.locales) > 1:  # every language one touch away, named in its script
            row = language_row(ctx, language_rect, [named_language(code)
                                                    for code in self.locales], ctx.locale.code)
            buttons[2:2] = row
            self.language = None
        else:  # one language shipped: shown, but nothing to choose
            self.language = Label(language_rect, self.language_text, role="body",
                                  colour="text.dim", valign="middle")
        self.group = FocusGroup(buttons)
        self.group.focus = next((i for i, b in enumerate(buttons) if b.action == focus), 0)
        self.keys = Label(pygame.Rect(margin, 668, 1280 - 2 * margin, 30),
                          ctx.t("title.keys"), role="caption", colour="text.faint")
        self.badges = self._legend_badges()
        legend_x = self.badges[0].topleft[0]
        legend_y = self.field.bottom + 76  # and above the footer rule (654)
        self.legend = Label(pygame.Rect(legend_x, legend_y, self.field.right - legend_x,
                                        min(80, 646 - legend_y)),
                            ctx.t("title.legend"), role="small", colour="text.dim")
        self.you_label = ctx.t("title.you")
        self._layers = None  # (button state, the page with the field dimmed)
        self._bright: pygame.Surface | None = None  # every dot bright, on the background

    def _text_height(self, text: str, role: str, width: int) -> int:
        return measure(text, self.ctx.font(role), (width, 10_000),
                       self.ctx.theme.size("line.gap")).height

    # --- behaviour -----------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, Back):
            return None  # the first screen: nowhere to go back to, nothing to lose
        action = self.group.handle(command)
        if action == "play":
            from .prediction import PredictionScene
            from .visit import Visit

            if self.visit is None:
                self.visit = Visit.start()
            return Push(PredictionScene(self.ctx, self.visit))
        if action == "about":
            return Push(AboutScene(self.ctx))
        if action == "sandbox":
            from .sandbox import SandboxScene

            return Push(SandboxScene(self.ctx))
        if action == "settings":  # text size, motion, display (game/scenes/settings.py)
            from .settings import SettingsScene

            visit, classroom = self.visit, self.classroom
            return Replace(SettingsScene(self.ctx, lambda ctx: TitleScene(
                ctx, focus="settings", visit=visit, classroom=classroom)))
        if isinstance(action, str) and action.startswith("language:"):
            code = action.partition(":")[2]
            remember_language(code)  # kept per device (game/language.py)
            if code == self.ctx.locale.code:
                return None
            locale = _locale(code, self.ctx.locale.strict)
            return Replace(TitleScene(self.ctx.with_locale(locale), focus=action,
                                      visit=self.visit, classroom=self.classroom))
        return None

    def update(self, dt):
        self.time += dt
        return None

    # --- drawing -------------------------------------------------------------------

    def draw(self, surface):
        """The page from two layers drawn once (game/app.py's idle loop needs a cheap
        frame: the scan line moves on every one): everything with the field dimmed,
        kept while the buttons look the same; then, each frame, the columns of dots
        near the scan line copied from a layer of bright dots, the line, and the
        "you" ring over them. The same pixels as drawing it all (`_draw_page`)."""
        state = (self.group.focus, self.group.hover, self.group.pressed,
                 self.group.focus_visible, tuple(b.enabled for b in self.group.buttons))
        if self._layers is None or self._layers[0] != state:
            static = pygame.Surface(surface.get_size())
            self._draw_page(static, sweep=None)
            self._layers = (state, static)
        surface.blit(self._layers[1], (0, 0))
        sweep = self._sweep_x()
        near = [c for c in range(len(self.dots[0])) if abs(self._column_x(c) - sweep) < 26]
        if near:
            if self._bright is None or self._bright.get_size() != surface.get_size():
                self._bright = pygame.Surface(surface.get_size())  # made when first needed
                self._bright.fill(self.ctx.colour("bg"))
                self._draw_dots(self._bright, bright_columns=True)
            strip = pygame.Rect(self.field.x + near[0] * DOT_SPACING, self.field.y,
                                len(near) * DOT_SPACING, len(self.dots) * DOT_SPACING)
            surface.blit(self._bright, strip, strip)
        self._draw_line(surface, sweep)
        if near:
            clip = surface.get_clip()
            surface.set_clip(strip)
            self._draw_you(surface)
            surface.set_clip(clip)

    def _column_x(self, column: int) -> int:
        return self.field.x + column * DOT_SPACING + DOT_SPACING // 2

    def _draw_page(self, surface, sweep: float | None = None):
        """The whole page, drawn directly (`sweep` None: no column bright, no line)."""
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self._draw_field(surface, sweep)
        self.name.draw(surface, ctx)
        margin = ctx.theme.size("margin")
        pygame.draw.rect(surface, ctx.colour("accent"), (margin + 2, self.rule_y, 72, 4))
        self.tagline.draw(surface, ctx)
        if self.language:
            self.language.draw(surface, ctx)
        self.group.draw(surface, ctx)
        pygame.draw.line(surface, ctx.colour("rule"), (margin, 654),
                         (1280 - margin, 654))
        self.keys.draw(surface, ctx)

    def _sweep_x(self) -> float:
        if self.ctx.reduced_motion:  # no scan line: the field stands still, dimmed
            return float(self.field.x - 1000)
        phase = (self.time % SWEEP_SECONDS) / SWEEP_SECONDS
        eased = 0.5 - 0.5 * math.cos(phase * 2 * math.pi)  # there and back, gently
        return self.field.x - 20 + eased * (self.field.width + 40)

    def _draw_field(self, surface, sweep: float | None) -> None:
        self._draw_dots(surface, sweep=sweep)
        self._draw_line(surface, sweep)
        self._draw_you(surface)
        self._draw_legend(surface)

    def _radius(self) -> int:
        return 4 if self.ctx.theme.name == STANDARD.name else 5

    def _draw_dots(self, surface, sweep: float | None = None,
                   bright_columns: bool = False) -> None:
        """Every dot: bright near the scan line at `sweep` (all bright with
        `bright_columns`), dimmed elsewhere."""
        ctx = self.ctx
        bg = ctx.colour("bg")
        bright = {t: ctx.theme.tier_colour(t) for t in TIERS}
        dim = {t: _blend(bright[t], bg, 0.5) for t in TIERS}
        radius = self._radius()
        for row, tiers in enumerate(self.dots):
            y = self.field.y + row * DOT_SPACING + DOT_SPACING // 2
            for column, tier in enumerate(tiers):
                x = self._column_x(column)
                near = bright_columns or (sweep is not None and abs(x - sweep) < 26)
                pygame.draw.aacircle(surface, (bright if near else dim)[tier], (x, y), radius)

    def _draw_line(self, surface, sweep: float | None) -> None:
        if sweep is not None and self.field.x <= sweep <= self.field.right:
            pygame.draw.line(surface, self.ctx.colour("text.faint"),
                             (sweep, self.field.y - 12), (sweep, self.field.bottom + 12))

    def _draw_you(self, surface) -> None:
        ctx, radius = self.ctx, self._radius()
        row, column = self.you
        you = (self._column_x(column), self.field.y + row * DOT_SPACING + DOT_SPACING // 2)
        pygame.draw.aacircle(surface, ctx.colour("accent"), you, radius + 6, 2)
        label = render_line(ctx.font("caption"), self.you_label, ctx.colour("accent"))
        surface.blit(label, (you[0] + radius + 10, you[1] - label.get_height() // 2 - 14))

    def _legend_badges(self) -> list[TierBadge]:
        """One badge per tier under the field: left-aligned with it when they fit,
        otherwise (bigger projector text) right-aligned and reaching further left."""
        ctx = self.ctx
        height = 26 if ctx.theme.name == STANDARD.name else 30
        gap = 7
        widths = [TierBadge(tier, (0, 0), height).width_for(ctx) for tier in TIERS]
        total = sum(widths) + gap * (len(TIERS) - 1)
        x = min(self.field.x, self.field.right - total)
        badges = []
        for tier, width in zip(TIERS, widths):
            badges.append(TierBadge(tier, (x, self.field.bottom + 30), height))
            x += width + gap
        return badges

    def _draw_legend(self, surface) -> None:
        for badge in self.badges:
            badge.draw(surface, self.ctx)
        self.legend.draw(surface, self.ctx)

    def text_boxes(self) -> list[TextBox]:
        boxes = [self.name.text_box(), self.tagline.text_box(), self.keys.text_box(),
                 self.legend.text_box()]
        boxes += [b.text_box(self.ctx) for b in self.group.buttons]
        if self.language:
            boxes.append(self.language.text_box())
        return boxes


class AboutScene(Scene):
    """ "What's this?": a dialog over the title saying what the game is and is not."""

    overlay = True

    def __init__(self, ctx: SceneContext):
        super().__init__(ctx)
        width, gap = 800, ctx.theme.size("line.gap")
        body_text = ctx.t("about.body")
        # Body text as large as fits in 330 px; the panel then wraps its content.
        role = next((r for r in ("body", "small")
                     if fits(body_text, ctx.font(r), (width, 330), gap)), "caption")
        body_h = measure(body_text, ctx.font(role), (width, 10_000), gap).height
        if fits(body_text, ctx.font(role), (width, 330), gap):
            body_h = min(body_h, 330)  # bigger text (Settings) shrinks into it
        heading_h = ctx.font("title").get_linesize()
        height = 36 + heading_h + 24 + body_h + 36 + 56 + 36
        self.panel = Panel(pygame.Rect((1280 - width - 80) // 2, (720 - height) // 2,
                                       width + 80, height))
        inner = self.panel.rect.inflate(-80, -72)
        self.heading = Label(pygame.Rect(inner.x, inner.y, width, heading_h),
                             ctx.t("about.heading"), role="title")
        self.body = Label(pygame.Rect(inner.x, inner.y + heading_h + 24, width, body_h),
                          body_text, role=role)
        close = Button(pygame.Rect(inner.right - 200, inner.bottom - 56, 200, 56),
                       ctx.t("ui.close"), "close")
        self.group = FocusGroup([close])

    def handle(self, command):
        if isinstance(command, Back) or self.group.handle(command) == "close":
            return Pop()
        return None

    def draw(self, surface):
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((*self.ctx.colour("bg.deep"), 215))
        surface.blit(veil, (0, 0))
        self.panel.draw(surface, self.ctx)
        self.heading.draw(surface, self.ctx)
        self.body.draw(surface, self.ctx)
        self.group.draw(surface, self.ctx)

    def text_boxes(self):
        return [self.heading.text_box(), self.body.text_box(),
                self.group.buttons[0].text_box(self.ctx)]


# Scenes shown by `python -m game.screenshots` and built by the scene tests.
SCREENSHOTS = {
    "title": lambda ctx: TitleScene(ctx),
    "title-about": lambda ctx: [TitleScene(ctx), AboutScene(ctx)],
}
