"""The sandbox's Class panel and the code pad.

Why a panel: what the teacher sets once per lesson — the class code, the city's
size, the run's length, the citizen, the preset, the display — stays out of the
way of what the class watches (the policy and the charts). The panel shows the
code large enough to copy from the back of the room, changes a draft setup whose
code updates as you go, and starts it. It also holds the export (desktop only:
in the browser nothing could be kept) and the opt-in questions.

Why a code pad (and not typing): the game's commands carry no text input (the
browser and touch kiosks have no keyboard), so a code is entered on a pad of its
32 symbols — by pointer, touch, arrows + Enter, or the number keys 2–9 for the
digits. A mistyped code is refused with the reason (game/classcode.py).
"""

from __future__ import annotations

import random

import pygame

from ..classcode import (ALPHABET, CITIZENS, CITY_SIZES, CODE_LENGTH, POLICIES, RUN_LENGTHS,
                         SEED_LIMIT, ClassCodeError, ClassSetup, decode, pretty)
from ..commands import Back, Choose, Move
from ..ui.text import TextBox, draw_text, measure
from ..ui.theme import PROJECTOR
from ..ui.widgets import Button, FocusGroup, Panel
from .base import Pop, Push, Scene, SceneContext

PANEL = pygame.Rect(40, 20, 1200, 680)


def _veil(surface, ctx) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*ctx.colour("bg.deep"), 225))
    surface.blit(veil, (0, 0))


def _cycle(values, current, step=1):
    values = list(values)
    return values[(values.index(current) + step) % len(values)]


class ClassScene(Scene):
    """The Class panel over a `SandboxScene` (`sandbox`), which it starts cities in."""

    overlay = True

    def __init__(self, ctx: SceneContext, sandbox, *, draft: ClassSetup | None = None,
                 status: str = "", rng: random.Random | None = None):
        super().__init__(ctx)
        self.sandbox = sandbox
        self.draft = draft or sandbox.model.setup
        self.status = status
        self.rng = rng or random.Random()
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self, focus=None) -> None:
        ctx = self.ctx
        bh = ctx.theme.size("button.min_height")
        inner = PANEL.inflate(-64, -48)
        self.heading = pygame.Rect(inner.x, inner.y, 480, ctx.font("title").get_linesize())
        self.code_rect = pygame.Rect(inner.x, self.heading.bottom + 8, 500,
                                     ctx.font("display").get_linesize())
        left_w = 500
        right = pygame.Rect(inner.x + left_w + 40, inner.y, inner.width - left_w - 40, 0)
        step = bh + 10
        fields = [(self._size_text(), "size"), (self._length_text(), "length"),
                  (self._citizen_text(), "citizen"), (self._policy_text(), "policy"),
                  (ctx.t("sandbox.class.new_seed"), "seed")]
        buttons = [Button(pygame.Rect(right.x, right.y + i * step, right.width, bh), text, action)
                   for i, (text, action) in enumerate(fields)]
        y = right.y + len(fields) * step + 8
        half = (right.width - 12) // 2
        buttons.append(Button(pygame.Rect(right.x, y, half, bh), ctx.t("sandbox.class.start"),
                              "start", kind="primary"))
        buttons.append(Button(pygame.Rect(right.x + half + 12, y, half, bh),
                              ctx.t("sandbox.class.enter"), "enter"))
        bottom_y = inner.bottom - bh
        font, pad = ctx.font("button"), ctx.theme.size("button.padding")
        display_id = ("sandbox.class.display_projector" if ctx.theme.name == PROJECTOR.name
                      else "sandbox.class.display_standard")
        row = [(ctx.t("sandbox.class.export"), "export"),
               (ctx.t("sandbox.class.questions"), "questions"),
               (ctx.t(display_id), "display"), (ctx.t("ui.close"), "close")]
        x = inner.x
        for text, action in row:
            width = font.size(text)[0] + 2 * pad
            if action == "close":
                x = inner.right - width
            b = Button(pygame.Rect(x, bottom_y, width, bh), text, action)
            if action == "export" and (_is_browser() or not self.sandbox.model.built):
                b.enabled = False  # nothing to keep yet while the city is being built
            buttons.append(b)
            x += width + 12
        self.group = FocusGroup(buttons)
        if focus is not None:
            self.group.focus = next((i for i, b in enumerate(buttons) if b.action == focus), 0)
        gap = ctx.theme.size("line.gap")
        text_top = self.code_rect.bottom + 12
        text_bottom = bottom_y - 16
        self.left_text = pygame.Rect(inner.x, text_top, left_w, text_bottom - text_top)
        self.gap = gap
        self.built = self.sandbox.model.built  # the layout's Export follows this

    def _size_text(self) -> str:
        return self.ctx.tn("sandbox.class.size", self.draft.citizens)

    def _length_text(self) -> str:
        return self.ctx.tn("sandbox.class.length", self.draft.days)

    def _citizen_text(self) -> str:
        return self.ctx.t("sandbox.class.citizen",
                          name=self.ctx.t(f"citizen.{self.draft.citizen}.name"))

    def _policy_text(self) -> str:
        return self.ctx.t("sandbox.class.policy",
                          name=self.ctx.t(f"policy.{self.draft.policy}.name"))

    def follow_text(self) -> str:
        """Where the code's citizen stands in both cities today."""
        m, ctx = self.sandbox.model, self.ctx
        if not m.built:
            return ""
        here, there = m.view("city").citizen[-1][1], m.view("control").citizen[-1][1]
        return ctx.t("sandbox.class.follow", name=ctx.t(f"citizen.{m.setup.citizen}.name"),
                     tier=ctx.t(f"ui.tier_name.{m.tier_ids[here]}"),
                     control=ctx.t(f"ui.tier_name.{m.tier_ids[there]}"))

    def _paragraphs(self) -> list[tuple[str, str, str]]:
        """(text, role, colour) of the left column, top to bottom."""
        out = [(self.ctx.t("sandbox.class.explain"), "small", "text.dim"),
               (self.ctx.t("sandbox.class.seed", seed=self.draft.seed), "small", "text.dim")]
        if self.draft == self.sandbox.model.setup and self.follow_text():
            out.append((self.follow_text(), "small", "text"))
        if self.status:
            out.append((self.status, "small", "accent"))
        elif not self.sandbox.model.built and not _is_browser():
            out.append((self.ctx.t("sandbox.class.export_wait"), "small", "text.dim"))
        return out

    def update(self, dt):
        """The sandbox below goes on working (a city being built gets built), and
        Export comes alive once there is a day to export."""
        self.sandbox.advance(dt)
        if self.sandbox.model.built != self.built:
            self._build(focus=self.group.buttons[self.group.focus].action)
        return None

    # --- behaviour -------------------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        action = self.group.handle(command)
        d = self.draft
        match action:
            case None:
                return None
            case "size":
                self.draft = ClassSetup(d.seed, d.citizen, d.policy, d.days,
                                        _cycle(CITY_SIZES, d.citizens))
            case "length":
                self.draft = ClassSetup(d.seed, d.citizen, d.policy, _cycle(RUN_LENGTHS, d.days),
                                        d.citizens)
            case "citizen":
                self.draft = ClassSetup(d.seed, _cycle(CITIZENS, d.citizen), d.policy, d.days,
                                        d.citizens)
            case "policy":
                self.draft = ClassSetup(d.seed, d.citizen, _cycle(POLICIES, d.policy), d.days,
                                        d.citizens)
            case "seed":
                self.draft = ClassSetup(self.rng.randrange(SEED_LIMIT), d.citizen, d.policy,
                                        d.days, d.citizens)
            case "start":
                self.sandbox.start(self.draft, keep_policy=False)
                return Pop()
            case "enter":
                return Push(CodePadScene(self.ctx, self.set_draft))
            case "export":
                self.status = self.export()
            case "questions":
                from .questions import QuestionsScene

                phase = "before" if self.sandbox.model.day == 0 else "after"
                return Push(QuestionsScene(self.ctx, phase))
            case "display":
                theme = "standard" if self.ctx.theme.name == PROJECTOR.name else PROJECTOR.name
                self.sandbox.replacement = self.sandbox.retheme(theme)
                return Pop()
            case "close":
                return Pop()
        self._build(focus=action)
        return None

    def set_draft(self, setup: ClassSetup) -> None:
        """From the code pad: a code was read."""
        self.draft = setup
        self._build(focus="start")

    def export(self) -> str:
        from ..export import export_sandbox

        ctx, sandbox = self.ctx, self.sandbox
        m = sandbox.model
        if _is_browser():
            return ctx.t("sandbox.class.export_browser")
        if not m.built:  # the button is disabled then; a key must not get round it
            return ctx.t("sandbox.class.export_wait")
        try:
            csv_path, png_path = export_sandbox(m.rows(), sandbox.draw_export(), m.setup.code,
                                                m.day, sandbox.export_dir)
        except OSError as exc:
            return ctx.t("sandbox.class.export_failed", reason=exc.strerror or str(exc))
        return ctx.t("sandbox.class.exported", csv=csv_path.name, png=png_path.name,
                     folder=str(csv_path.parent))

    # --- drawing --------------------------------------------------------------------------

    def draw(self, surface):
        ctx = self.ctx
        _veil(surface, ctx)
        Panel(PANEL).draw(surface, ctx)
        self._draw_texts(surface)
        self.group.draw(surface, ctx)

    def _draw_texts(self, surface) -> list[TextBox]:
        ctx = self.ctx
        draw_text(surface, ctx.t("sandbox.class.heading"), ctx.font("title"), ctx.colour("text"),
                  self.heading)
        code = pretty(self.draft.code)
        draw_text(surface, code, ctx.font("display"), ctx.colour("accent"), self.code_rect)
        boxes = [TextBox(ctx.t("sandbox.class.heading"), "title", self.heading.size),
                 TextBox(code, "display", self.code_rect.size)]
        y = self.left_text.y
        for text, role, colour in self._paragraphs():
            h = measure(text, ctx.font(role), (self.left_text.width, 1000), self.gap).height
            rect = pygame.Rect(self.left_text.x, y, self.left_text.width,
                               min(h, self.left_text.bottom - y))
            draw_text(surface, text, ctx.font(role), ctx.colour(colour), rect, gap=self.gap)
            boxes.append(TextBox(text, role, rect.size))
            y = rect.bottom + 14
        return boxes

    def text_boxes(self) -> list[TextBox]:
        boxes = self._draw_texts(pygame.Surface(self.ctx.size))
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


class CodePadScene(Scene):
    """Enter a class code on a pad of the code's 32 symbols. `on_code(setup)` gets
    the decoded setup; the pad then closes."""

    overlay = True
    COLUMNS = 8

    def __init__(self, ctx: SceneContext, on_code, text: str = ""):
        super().__init__(ctx)
        self.on_code = on_code
        self.text = text
        self.error = ""
        bh = ctx.theme.size("button.min_height")
        key_w, gap = 84, 10
        grid_w = self.COLUMNS * key_w + (self.COLUMNS - 1) * gap
        self.panel = pygame.Rect((1280 - grid_w - 96) // 2, 24, grid_w + 96, 672)
        x0 = self.panel.x + 48
        self.heading = pygame.Rect(x0, self.panel.y + 28, grid_w, ctx.font("title").get_linesize())
        self.entry = pygame.Rect(x0, self.heading.bottom + 8, grid_w,
                                 ctx.font("display").get_linesize())
        # The hint, replaced by the reason when a code is refused: two lines kept.
        self.hint = pygame.Rect(x0, self.entry.bottom + 4, grid_w,
                                ctx.font("small").get_linesize() * 2 + ctx.theme.size("line.gap"))
        top = self.hint.bottom + 12
        keys = [Button(pygame.Rect(x0 + (i % self.COLUMNS) * (key_w + gap),
                                   top + (i // self.COLUMNS) * (bh + gap), key_w, bh),
                       ch, ("key", ch)) for i, ch in enumerate(ALPHABET)]
        y = top + 4 * (bh + gap) + 6
        third = (grid_w - 2 * gap) // 3
        keys += [Button(pygame.Rect(x0, y, third, bh), ctx.t("classcode.delete"), "delete"),
                 Button(pygame.Rect(x0 + third + gap, y, third, bh), ctx.t("classcode.cancel"),
                        "cancel"),
                 Button(pygame.Rect(x0 + 2 * (third + gap), y, third, bh), ctx.t("classcode.open"),
                        "open", kind="primary")]
        self.panel.height = y + bh + 28 - self.panel.y
        self.group = FocusGroup(keys)

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        if isinstance(command, Choose) and str(command.number) in ALPHABET:
            return self._type(str(command.number))
        if isinstance(command, Move) and command.dy and self.group.focus < len(ALPHABET):
            target = self.group.focus + command.dy * self.COLUMNS
            if 0 <= target < len(ALPHABET):
                self.group.focus = target
                self.group.focus_visible = True
                return None
            if target >= len(ALPHABET):
                self.group.focus = len(ALPHABET) + min(2, (self.group.focus % self.COLUMNS) // 3)
                return None
        action = self.group.handle(command)
        match action:
            case ("key", ch):
                return self._type(ch)
            case "delete":
                self.text, self.error = self.text[:-1], ""
            case "cancel":
                return Pop()
            case "open":
                try:
                    setup = decode(self.text)
                except ClassCodeError as err:
                    self.error = self.ctx.t(err.message_id, **err.params)
                    return None
                self.on_code(setup)
                return Pop()
        return None

    def _type(self, ch: str):
        if len(self.text) < CODE_LENGTH:
            self.text += ch
        self.error = ""
        if len(self.text) == CODE_LENGTH:
            self.group.focus = len(self.group.buttons) - 1  # Enter now opens it
        return None

    def draw(self, surface):
        ctx = self.ctx
        _veil(surface, ctx)
        Panel(self.panel).draw(surface, ctx)
        self._draw_texts(surface)
        self.group.draw(surface, ctx)

    def _slots(self) -> str:
        shown = self.text + "·" * (CODE_LENGTH - len(self.text))
        return pretty(shown)

    def _draw_texts(self, surface) -> list[TextBox]:
        ctx = self.ctx
        gap = ctx.theme.size("line.gap")
        hint = (self.error, "warning") if self.error else (ctx.t("classcode.hint"), "text.dim")
        texts = [(ctx.t("classcode.heading"), "title", "text", self.heading, "left"),
                 (hint[0], "small", hint[1], self.hint, "left"),
                 (self._slots(), "display", "accent", self.entry, "center")]
        boxes = []
        for text, role, colour, rect, align in texts:
            draw_text(surface, text, ctx.font(role), ctx.colour(colour), rect, align=align, gap=gap)
            boxes.append(TextBox(text, role, rect.size))
        return boxes

    def text_boxes(self) -> list[TextBox]:
        boxes = self._draw_texts(pygame.Surface(self.ctx.size))
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


def _is_browser() -> bool:
    import sys

    return sys.platform == "emscripten"


# --- screenshots ---------------------------------------------------------------------------

def _class_shot(ctx):
    from .sandbox import _shot

    sandbox = _shot(ctx)
    return [sandbox, ClassScene(ctx, sandbox, rng=random.Random(1))]


def _pad_shot(ctx):
    """The pad after a mistyped code: the refusal says why."""
    from ..commands import Activate
    from .sandbox import _shot

    sandbox = _shot(ctx)
    panel = ClassScene(ctx, sandbox, rng=random.Random(1))
    pad = CodePadScene(ctx, panel.set_draft, text="K7M3Q9")
    pad.group.focus = len(pad.group.buttons) - 1
    pad.handle(Activate())
    return [sandbox, panel, pad]


SCREENSHOTS = {
    "sandbox-class": _class_shot,
    "sandbox-codepad": _pad_shot,
}
