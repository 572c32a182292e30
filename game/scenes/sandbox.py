"""The classroom sandbox: a whole city under a policy the class can change, beside
the control city, with live charts.

Why it looks like this (DESIGN §5, §6 "Classroom", §8 "watching can teach more
than playing"): a teacher projects it and the class watches the consequences of a
score play out in a population. Left: the policy — four presets and six sliders,
changes apply from the next day. Top: the day, Run/Pause, Step, speed, Restart,
and the Class panel (code, city size, export, questions, display). Right: six
charts (sandbox_charts.py), each comparing with the control city where that makes
sense; a click or a number key 1–6 enlarges one for the room, Esc shrinks it.

Why it never blocks: a day of a million citizens takes about a tenth of a second
per city. The scene runs at most one unit of the model's work (sandbox_model.py:
build one city, step one or both) per `update`, and spaces the units in game time
so that a long frame (its catch-up updates) cannot run two. Building a big city
is shown first ("Building the city…") and done one city per frame. Work is timed
in game time only, so tests and screenshots are exact.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from ..classcode import ClassSetup, pretty
from ..commands import Back, Choose, Click
from ..ui.slider import Controls, Slider
from ..ui.text import TextBox, draw_text, fits, measure
from ..ui.theme import PROJECTOR, STANDARD
from ..ui.widgets import Button
from .base import Pop, Push, Replace, Scene, SceneContext
from .sandbox_charts import CHARTS, draw_grid, grid_rects
from .sandbox_model import KNOBS, SandboxModel

SPEEDS = (2, 6, 20)  # days per second of game time (a million citizens run slower)
BUILD_DELAY = 0.05  # game seconds before building: the "building" frame shows first
LIGHT_GAP = 1 / 30  # game seconds between units for small cities
HEAVY_GAP = 0.27  # > the app's longest frame (0.25 s): one heavy unit per frame at most
HEAVY_BUILD = 100_000  # from this size a build is slow enough to space like heavy work
PAD = 20


MIN_SLIDER_H = 56  # a slider's label, value and track without overlapping


class SandboxScene(Scene):
    """The sandbox. Give a `setup` (from a class code) or a ready `model`."""

    def __init__(self, ctx: SceneContext, setup: ClassSetup | None = None, *,
                 model: SandboxModel | None = None, running: bool = False,
                 speed: int = 6, zoom: int | None = None, export_dir=None,
                 focus=None):
        super().__init__(ctx)
        self.model = model or SandboxModel(setup or ClassSetup())
        self.running = running
        self.speed = speed
        self.zoom = zoom  # index of the enlarged chart, or None for the grid
        self.export_dir = export_dir  # None: game.export's default folder
        self.clock = 0.0  # game seconds on this screen
        self.next_work = BUILD_DELAY
        self.owed = 0.0  # days the run owes (Run adds speed × dt, Step adds one)
        self.replacement: Scene | None = None  # set by the Class panel (display switch)
        self._layout()
        self._build_controls(focus)

    # --- layout -----------------------------------------------------------------------

    def _layout(self) -> None:
        ctx = self.ctx
        w, h = ctx.size
        self.button_h = ctx.theme.size("button.min_height")
        self.top_bar = pygame.Rect(PAD, 12, w - 2 * PAD, self.button_h)
        column_w = 360 if ctx.theme.name == STANDARD.name else 392
        below = self.top_bar.bottom + 16
        self.column = pygame.Rect(PAD, below, column_w, h - below - 12)
        self.charts = pygame.Rect(self.column.right + 20, below,
                                  w - PAD - self.column.right - 20, h - below - 12)
        self.chart_rects = grid_rects(self.charts)

    def _button(self, x, y, text, action, kind="secondary", width=None):
        font = self.ctx.font("button")
        pad = self.ctx.theme.size("button.padding")
        width = width or font.size(text)[0] + 2 * pad
        return Button(pygame.Rect(x, y, width, self.button_h), text, action, kind=kind)

    def _build_controls(self, focus=None) -> None:
        ctx, m = self.ctx, self.model
        font, pad = ctx.font("button"), ctx.theme.size("button.padding")
        # Top bar, right-aligned: Run/Pause Step Speed Restart | Class Back.
        run_w = max(font.size(ctx.t(k))[0] for k in ("sandbox.run", "sandbox.pause")) + 2 * pad
        speed_w = max(font.size(self._speed_text(s))[0] for s in SPEEDS) + 2 * pad
        specs = [("run", self._run_text(), "primary", run_w),
                 ("step", ctx.t("sandbox.step"), "secondary", None),
                 ("speed", self._speed_text(self.speed), "secondary", speed_w),
                 ("restart", ctx.t("sandbox.restart"), "secondary", None),
                 ("class", ctx.t("sandbox.class_button"), "secondary", None),
                 ("back", ctx.t("ui.back"), "secondary", None)]
        widths = [w or font.size(text)[0] + 2 * pad for _, text, _, w in specs]
        gap = 8
        x = self.top_bar.right - sum(widths) - gap * (len(specs) - 1)
        self.bar_left = x  # the day counter must end before this
        top = []
        for (action, text, kind, _), width in zip(specs, widths):
            top.append(self._button(x, self.top_bar.y, text, action, kind, width))
            x += width + gap
        self.buttons = {b.action: b for b in top}
        # Left column: the policy heading, four presets (2 × 2), six sliders.
        col = self.column
        heading_h = ctx.font("body.bold").get_linesize()
        caption_h = ctx.font("small").get_linesize()
        self.heading_rect = pygame.Rect(col.x, col.y, col.width, heading_h)
        self.preset_rect = pygame.Rect(col.x, col.y + heading_h, col.width, caption_h)
        y = self.preset_rect.bottom + 8
        half = (col.width - 10) // 2
        presets = []
        for i, name in enumerate(m.data.presets):
            bx = col.x + (i % 2) * (half + 10)
            by = y + (i // 2) * (self.button_h + 8)
            presets.append(self._button(bx, by, ctx.t(f"sandbox.preset.{name}"),
                                        ("preset", name), width=half))
        y += 2 * (self.button_h + 8)
        rates = "same" if m.rates == "assumed" else "assumed"  # what a tap switches to
        presets.append(self._button(col.x, y, ctx.t(f"sandbox.rates.{m.rates}"),
                                    ("rates", rates), width=col.width))
        y += self.button_h + 14
        keys_h = measure(ctx.t("sandbox.keys"), ctx.font("caption"), (col.width, 1000),
                         ctx.theme.size("line.gap")).height
        self.keys_rect = pygame.Rect(col.x, col.bottom - keys_h, col.width, keys_h)
        if (self.keys_rect.y - 6 - y) // len(KNOBS) < MIN_SLIDER_H:
            # no room for the keys' hint (big text): the sliders come first
            self.keys_rect = pygame.Rect(col.x, col.bottom, col.width, 0)
        slider_h = min(78, (self.keys_rect.y - 6 - y) // len(KNOBS))
        values, marks = m.knobs(), self._preset_values()
        self.sliders = {}
        for i, knob in enumerate(KNOBS):
            rect = pygame.Rect(col.x, y + i * slider_h, col.width, slider_h - 6)
            self.sliders[knob.name] = Slider(
                rect, knob.name, ctx.t(f"sandbox.knob.{knob.name}"), values[knob.name],
                knob.low, knob.high, knob.step, self._describer(knob.name),
                marker=marks[knob.name])
        self.controls = Controls(top + presets + list(self.sliders.values()))
        self.controls.focus_key(focus or "run")
        self._refresh()

    def _describer(self, name: str):
        ctx = self.ctx

        def describe(value: float) -> str:
            if name in ("association_penalty", "informant_reward", "forgiveness") and value == 0:
                return ctx.t("sandbox.value.off")
            if name == "surcharge_cap":
                shown = ctx.locale.number(100 * value)
            elif name == "forgiveness":
                shown = ctx.locale.number(100 * value)
            elif name in ("perk_scale", "camera_coverage"):
                shown = ctx.locale.number(value, 1)
            else:
                shown = ctx.locale.number(value)
            return ctx.t(f"sandbox.value.{name}", value=shown)

        return describe

    def _preset_values(self) -> dict:
        from .sandbox_model import knob_values

        return knob_values(self.model.data.presets[self.model.preset])

    def _run_text(self) -> str:
        return self.ctx.t("sandbox.pause" if self.running else "sandbox.run")

    def _speed_text(self, speed: int) -> str:
        return self.ctx.t("sandbox.speed", n=self.ctx.locale.number(speed))

    def _refresh(self) -> None:
        """Bring button texts, slider values and markers in line with the model."""
        self.buttons["run"].text = self._run_text()
        self.buttons["run"].enabled = self.buttons["step"].enabled = not self.model.finished
        self.buttons["run"].kind = "secondary" if self.model.finished else "primary"
        self.buttons["speed"].text = self._speed_text(self.speed)
        marks, values = self._preset_values(), self.model.knobs()
        for name, slider in self.sliders.items():
            slider.value, slider.marker = slider.snap(values[name]), marks[name]
        self.controls.refocus()

    # --- behaviour ------------------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, Back):
            if self.zoom is not None:
                self.zoom = None
                return None
            return Pop()
        if isinstance(command, Choose) and 1 <= command.number <= len(CHARTS):
            self.zoom = None if self.zoom == command.number - 1 else command.number - 1
            return None
        action = self.controls.handle(command, self.ctx)
        if action is None and isinstance(command, Click):
            self._click_chart(command.pos)
        return self._act(action)

    def _click_chart(self, pos) -> None:
        if not self.charts.collidepoint(pos):
            return
        if self.zoom is not None:
            self.zoom = None
            return
        for i, rect in enumerate(self.chart_rects):
            if rect.collidepoint(pos):
                self.zoom = i

    def _act(self, action):
        m = self.model
        match action:
            case None:
                return None
            case ("slider", name, value):
                m.set_knob(name, value)
            case ("preset", name):
                m.use_preset(name)
            case ("rates", rates):  # other assumptions: a new pair of cities, same policy
                self.start(m.setup, rates=rates)
                self._build_controls(("rates", m.rates))
                return None
            case "run":
                self.running = not self.running
                self.owed = 1.0 if self.running else 0.0  # the first day comes at once
            case "step":
                self.running = False
                self.owed = 1.0
            case "speed":
                self.speed = SPEEDS[(SPEEDS.index(self.speed) + 1) % len(SPEEDS)]
            case "restart":
                self.start(m.setup)
            case "class":
                from .sandbox_class import ClassScene

                return Push(ClassScene(self.ctx, self))
            case "back":
                return Pop()
        self._refresh()
        return None

    def start(self, setup: ClassSetup, keep_policy: bool = True,
              rates: str | None = None) -> None:
        """A new pair of cities for `setup` (Restart, a class code, a new seed, other
        rates). The sliders keep their values on Restart; a new code starts from its
        preset. The cities keep their rates unless `rates` says otherwise."""
        old = self.model
        self.model = SandboxModel(setup, old.data, preset=old.preset if keep_policy else None,
                                  rates=rates or old.rates)
        if keep_policy:
            self.model.policy = old.policy
        self.running, self.owed = False, 0.0
        self.next_work = self.clock + BUILD_DELAY
        self._refresh()

    def retheme(self, theme_name: str):
        """The same sandbox (model, state) in another theme: a new scene."""
        theme = PROJECTOR if theme_name == PROJECTOR.name else STANDARD
        return SandboxScene(self.ctx.with_theme(theme), model=self.model, running=self.running,
                            speed=self.speed, zoom=self.zoom, export_dir=self.export_dir)

    def update(self, dt):
        if self.replacement is not None:
            scene, self.replacement = self.replacement, None
            return Replace(scene)
        self.advance(dt)
        return None

    def advance(self, dt) -> None:
        """The model's work for `dt` of game time. The Class panel calls it too while
        it is on top, so a city that was being built finishes behind the panel (and
        a run goes on) instead of waiting, half built, for the panel to close."""
        self.clock += dt
        m = self.model
        if self.running:
            self.owed = min(self.owed + self.speed * dt, 1.0)
        if self.clock < self.next_work:
            return
        if m.busy or (self.owed >= 1.0 and not m.finished):
            day = m.day
            done = m.work()
            if m.day > day:
                self.owed -= 1.0
            heavy = m.split or (done == "build" and m.setup.citizens >= HEAVY_BUILD)
            self.next_work = self.clock + (HEAVY_GAP if heavy else LIGHT_GAP)
            if m.finished and self.running:
                self.running = False
                self._refresh()
            elif m.day > day and m.day == 1:
                self._refresh()
        elif m.finished and self.running:
            self.running = False
            self._refresh()

    # --- drawing ----------------------------------------------------------------------------

    def status_text(self) -> str:
        m = self.model
        if not m.built:
            return self.ctx.t("sandbox.status_building")
        if m.finished:
            return self.ctx.t("sandbox.status_finished")
        return self.ctx.t("sandbox.status_running" if self.running else "sandbox.status_paused")

    def _day_rects(self) -> tuple[pygame.Rect, pygame.Rect]:
        ctx = self.ctx
        width = self.bar_left - PAD - 16
        title_h = ctx.font("heading").get_linesize()
        cap_h = ctx.font("caption").get_linesize()
        room = self.top_bar.bottom + 2 - (self.top_bar.y - 4)  # above the progress bar
        if title_h - 2 + cap_h > room:  # bigger text (Settings): both shrink to fit,
            # never below the theme's own sizes (the layout is made for those)
            floors = [ctx.fonts.get(*ctx.theme.text_style(r)).get_linesize()
                      for r in ("heading", "caption")]
            title_h, cap_h = (max(floor, round(h * room / (title_h - 2 + cap_h)))
                              for h, floor in zip((title_h, cap_h), floors))
        day = pygame.Rect(PAD, self.top_bar.y - 4, width, title_h)
        status = pygame.Rect(PAD, day.bottom - 2, width, cap_h)
        return day, status

    def _day_role(self, text: str, width: int) -> str:
        """The day counter in the heading size, smaller when a long translation
        would not fit beside the buttons."""
        ctx = self.ctx
        one_line = ctx.fonts.get(*ctx.theme.text_style("heading")).get_linesize()
        return "heading" if fits(text, ctx.font("heading"), (width, one_line)) else "body.bold"

    def preset_text(self) -> str:
        m, ctx = self.model, self.ctx
        name = ctx.t(f"policy.{m.preset}.name")
        return ctx.t("sandbox.preset_changed" if m.changed() else "sandbox.preset_is", name=name)

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self._draw_boxes(surface)
        self.controls.draw(surface, ctx)
        self._draw_active_preset(surface)

    def _draw_boxes(self, surface) -> list[TextBox]:
        """Everything with text except the controls; returns the TextBoxes."""
        ctx, m = self.ctx, self.model
        day_rect, status_rect = self._day_rects()
        day_text = ctx.t("sandbox.day", day=ctx.locale.number(m.day),
                         days=ctx.locale.number(m.days))
        day_role = self._day_role(day_text, day_rect.width)
        draw_text(surface, day_text, ctx.font(day_role), ctx.colour("text"), day_rect)
        status_colour = "accent" if self.running else "text.dim"
        draw_text(surface, self.status_text(), ctx.font("caption"), ctx.colour(status_colour),
                  status_rect)
        progress = pygame.Rect(PAD, self.top_bar.bottom + 4, self.bar_left - PAD - 16, 4)
        pygame.draw.rect(surface, ctx.colour("rule"), progress)
        done = progress.copy()
        done.width = round(progress.width * min(1.0, m.day / max(1, m.days)))
        pygame.draw.rect(surface, ctx.colour("accent"), done)
        draw_text(surface, ctx.t("sandbox.policy"), ctx.font("body.bold"), ctx.colour("text"),
                  self.heading_rect)
        draw_text(surface, self.preset_text(), ctx.font("small"), ctx.colour("text.dim"),
                  self.preset_rect)
        gap = ctx.theme.size("line.gap")
        boxes = [TextBox(day_text, day_role, day_rect.size),
                 TextBox(self.status_text(), "caption", status_rect.size),
                 TextBox(ctx.t("sandbox.policy"), "body.bold", self.heading_rect.size),
                 TextBox(self.preset_text(), "small", self.preset_rect.size)]
        if self.keys_rect.height:  # the hint gives way to the sliders on a big-text screen
            draw_text(surface, ctx.t("sandbox.keys"), ctx.font("caption"),
                      ctx.colour("text.faint"), self.keys_rect, valign="bottom", gap=gap)
            boxes.append(TextBox(ctx.t("sandbox.keys"), "caption", self.keys_rect.size))
        if m.built:
            boxes += draw_grid(surface, ctx, self.charts, m, self.zoom)
        else:
            boxes += self._draw_building(surface)
        return boxes

    def _draw_building(self, surface) -> list[TextBox]:
        ctx, m = self.ctx, self.model
        done, total = m.build_progress()
        text = ctx.t("sandbox.building_detail",
                     citizens=ctx.tn("ui.citizens", m.setup.citizens), done=done + 1)
        width = self.charts.width - 120
        gap = ctx.theme.size("line.gap")
        title_h = ctx.font("title").get_linesize()
        body_h = measure(text, ctx.font("body"), (width - 60, 1000), gap).height
        panel = pygame.Rect(0, 0, width, 48 + title_h + 12 + body_h + 24 + 16 + 48)
        panel.center = self.charts.center
        pygame.draw.rect(surface, ctx.colour("panel"), panel,
                         border_radius=ctx.theme.size("panel.radius"))
        inner = panel.inflate(-60, -96)
        title = pygame.Rect(inner.x, inner.y, inner.width, title_h)
        body = pygame.Rect(inner.x, title.bottom + 12, inner.width, body_h)
        for i in range(total):  # one block per city: built, or still to come
            block = pygame.Rect(inner.x + i * 130, body.bottom + 24, 118, 16)
            key = "accent" if i < done else "rule"
            pygame.draw.rect(surface, ctx.colour(key), block, border_radius=4)
        draw_text(surface, ctx.t("sandbox.status_building"), ctx.font("title"),
                  ctx.colour("text"), title)
        draw_text(surface, text, ctx.font("body"), ctx.colour("text.dim"), body,
                  gap=ctx.theme.size("line.gap"))
        return [TextBox(ctx.t("sandbox.status_building"), "title", title.size),
                TextBox(text, "body", body.size)]

    def _draw_active_preset(self, surface) -> None:
        """The preset in force keeps an accent outline (dashed look when changed)."""
        ctx = self.ctx
        for item in self.controls.items:
            if isinstance(item, Button) and item.action == ("preset", self.model.preset):
                width = 2 if self.model.changed() else 3
                pygame.draw.rect(surface, ctx.colour("accent"), item.rect, width,
                                 border_radius=ctx.theme.size("button.radius"))

    def text_boxes(self) -> list[TextBox]:
        scratch = pygame.Surface(self.ctx.size)
        return self._draw_boxes(scratch) + self.controls.text_boxes(self.ctx)

    def draw_export(self) -> pygame.Surface:
        """The page as exported: the charts grid with the day and the code above."""
        ctx, m = self.ctx, self.model
        page = pygame.Surface(ctx.size)
        page.fill(ctx.colour("bg"))
        line = ctx.font("body.bold").get_linesize()
        head = ctx.t("sandbox.day", day=ctx.locale.number(m.day), days=ctx.locale.number(m.days))
        head = f"{head}  •  {ctx.t('sandbox.class.code', code=pretty(m.setup.code))}  •  " \
               f"{self.preset_text()}"
        draw_text(page, head, ctx.font("body.bold"), ctx.colour("text"),
                  pygame.Rect(PAD, 12, ctx.size[0] - 2 * PAD, line))
        draw_grid(page, ctx, pygame.Rect(PAD, 12 + line + 10, ctx.size[0] - 2 * PAD,
                                         ctx.size[1] - line - 34), m)
        return page


# --- screenshots ------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _stepped(days: int, citizens: int, preset: str, changes: tuple = ()) -> SandboxModel:
    """A model run `days` days (cached: each screenshot theme reuses it)."""
    model = SandboxModel(ClassSetup(seed=7, citizen="courier", policy="default", days=90,
                                    citizens=citizens), preset=preset)
    while model.day < days:
        for day, name, value in changes:
            if model.day == day:
                model.set_knob(name, value)
        model.work()
    return model


def _shot(ctx, days=60, zoom=None, changes=()):
    import copy

    model = copy.deepcopy(_stepped(days, 10_000, "default", changes))
    return SandboxScene(ctx, model=model, zoom=zoom)


SCREENSHOTS = {
    "sandbox": lambda ctx: _shot(ctx, changes=((40, "association_penalty", 0),)),
    "sandbox-day0": lambda ctx: _shot(ctx, days=0),
    "sandbox-zoom": lambda ctx: _shot(ctx, zoom=1),
    "sandbox-building": lambda ctx: _building(ctx),
}


def _building(ctx):
    """The first frame of a million-citizen city (held there: no build runs)."""
    scene = SandboxScene(ctx, ClassSetup(citizens=1_000_000))
    scene.next_work = float("inf")
    return scene
