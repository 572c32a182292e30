"""The few widgets every scene needs: Label, Panel, Button, ChoiceList, TierBadge,
and FocusGroup, which turns commands into "this button was pressed".

Why so few, and why this split: widgets are plain values (a rect, a text, an action)
that draw themselves from a `SceneContext`; the only moving parts — which button has
the keyboard focus, which one the mouse hovers, which one a finger holds down — live
in one `FocusGroup` per scene. Scenes stay readable: build widgets in the
constructor, `action = self.group.handle(command)` in `handle`, `group.draw` in
`draw`.

Accessibility floor: buttons are at least 48 px tall (touch), the keyboard focus has
a visible ring, number keys pick choices, and tiers carry a shape as well as a
colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Sequence

import pygame

from ..commands import Activate, Choose, Click, FocusNext, Move, PointerDown, PointerMove
from .text import TextBox, draw_text
from .theme import TIERS

MIN_TOUCH_HEIGHT = 48


@dataclass
class Label:
    """Text wrapped into a box. `role` is a theme text style, `colour` a theme key."""

    rect: pygame.Rect
    text: str
    role: str = "body"
    colour: str = "text"
    align: str = "left"
    valign: str = "top"

    def draw(self, surface: pygame.Surface, ctx) -> pygame.Rect:
        return draw_text(surface, self.text, ctx.font(self.role), ctx.colour(self.colour),
                         self.rect, align=self.align, valign=self.valign,
                         gap=ctx.theme.size("line.gap"))

    def text_box(self):
        return TextBox(self.text, self.role, self.rect.size)


@dataclass
class Panel:
    """A card: filled rounded rectangle with a thin border."""

    rect: pygame.Rect
    fill: str = "panel"
    border: str = "panel.border"

    def draw(self, surface: pygame.Surface, ctx) -> None:
        radius = ctx.theme.size("panel.radius")
        pygame.draw.rect(surface, ctx.colour(self.fill), self.rect, border_radius=radius)
        pygame.draw.rect(surface, ctx.colour(self.border), self.rect, 1, border_radius=radius)


@dataclass
class Button:
    """A pressable rectangle with a label; pressing it yields `action`.

    kind: "primary" (filled with the accent: one per screen), "secondary"
    (outlined), "link" (text only, for quiet options like "What's this?").
    number: printed on the left and picked by that number key (choices).
    """

    rect: pygame.Rect
    text: str
    action: Hashable
    kind: str = "secondary"
    number: int | None = None
    enabled: bool = True

    def __post_init__(self):
        self.rect = pygame.Rect(self.rect)
        if self.rect.height < MIN_TOUCH_HEIGHT:
            self.rect.inflate_ip(0, MIN_TOUCH_HEIGHT - self.rect.height)

    def label_rect(self, ctx) -> pygame.Rect:
        pad = ctx.theme.size("button.padding")
        if self.number is None:  # a label a little too long (a translation) takes
            need = ctx.font("button").size(self.text)[0]  # some padding, not two lines
            if self.rect.width - 2 * pad < need <= self.rect.width - 12:
                pad = (self.rect.width - need) // 2
        inner = self.rect.inflate(-2 * pad, 0)
        if self.number is not None:
            key = self.rect.height - 20
            inner.x += key + 6
            inner.width -= key + 6
        return inner

    def draw(self, surface: pygame.Surface, ctx, *, focused=False, hovered=False,
             pressed=False, focus_visible=True) -> None:
        theme = ctx.theme
        radius = theme.size("button.radius")
        text_colour = ctx.colour("button.text")
        if self.kind == "primary":
            fill = ctx.colour("accent.hover" if hovered else "accent")
            if pressed:
                fill = ctx.colour("accent")
            text_colour = ctx.colour("text.on_accent")
            pygame.draw.rect(surface, fill, self.rect, border_radius=radius)
        elif self.kind == "secondary":
            fill = ctx.colour("button.pressed" if pressed else
                              "button.hover" if hovered else "button")
            pygame.draw.rect(surface, fill, self.rect, border_radius=radius)
            pygame.draw.rect(surface, ctx.colour("accent" if hovered else "button.border"),
                             self.rect, 1, border_radius=radius)
        else:  # link
            text_colour = ctx.colour("accent.hover" if hovered else "accent")
        if not self.enabled:
            text_colour = ctx.colour("text.faint")
        if self.number is not None:
            self._draw_key_cap(surface, ctx, text_colour)
        align = "left" if self.kind == "link" or self.number is not None else "center"
        label = self.label_rect(ctx) if self.kind != "link" else self.rect
        used = draw_text(surface, self.text, ctx.font("button"), text_colour, label,
                         align=align, valign="middle")
        if self.kind == "link" and hovered:
            pygame.draw.line(surface, text_colour, (used.x, used.bottom),
                             (used.right, used.bottom), 1)
        if focused and focus_visible:
            width = theme.size("focus.width")
            ring = self.rect.inflate(2 * width + 4, 2 * width + 4)
            pygame.draw.rect(surface, ctx.colour("focus"), ring, width,
                             border_radius=radius + width + 2)

    def _draw_key_cap(self, surface, ctx, colour) -> None:
        side = self.rect.height - 20
        cap = pygame.Rect(0, 0, side, side)
        cap.midleft = (self.rect.x + 12, self.rect.centery)
        pygame.draw.rect(surface, colour, cap, 1, border_radius=4)
        draw_text(surface, str(self.number), ctx.font("badge"), colour, cap,
                  align="center", valign="middle")

    def text_box(self, ctx):
        rect = self.label_rect(ctx) if self.kind != "link" else self.rect
        return TextBox(self.text, "button", rect.size)


class ChoiceList:
    """2–4 choices stacked in a box, numbered 1–4 for the number keys."""

    def __init__(self, rect: pygame.Rect, choices: Sequence[tuple[str, Hashable]], *,
                 height: int = 64, gap: int = 14):
        if not 2 <= len(choices) <= 4:
            raise ValueError(f"a ChoiceList has 2 to 4 choices, not {len(choices)}")
        rect = pygame.Rect(rect)
        self.buttons = [
            Button(pygame.Rect(rect.x, rect.y + i * (height + gap), rect.width, height),
                   text, action, number=i + 1)
            for i, (text, action) in enumerate(choices)
        ]


@dataclass
class FocusGroup:
    """The buttons of one screen and who has focus, hover and press.

    `handle(command)` returns the action of the button the command pressed, or None.
    Keyboard: arrows and Tab move the focus, Enter presses it, number keys press the
    button with that number. Pointer: hover on move, press on release over the same
    button where it went down (a finger sliding off cancels).
    """

    buttons: list[Button]
    focus: int = 0
    hover: int | None = None
    pressed: int | None = None
    focus_visible: bool = True  # hidden after pointer use, shown again by keys
    _enabled: list[int] = field(init=False, repr=False)

    def __post_init__(self):
        self._enabled = [i for i, b in enumerate(self.buttons) if b.enabled]
        if self._enabled and self.focus not in self._enabled:
            self.focus = self._enabled[0]

    @property
    def focused(self) -> Button | None:
        return self.buttons[self.focus] if self._enabled else None

    def index_at(self, pos) -> int | None:
        for i in self._enabled:
            if self.buttons[i].rect.collidepoint(pos):
                return i
        return None

    def handle(self, command) -> Hashable | None:
        if not self._enabled:
            return None
        if isinstance(command, (Move, FocusNext)):
            step = command.step if isinstance(command, FocusNext) else (command.dy or command.dx)
            order = self._enabled.index(self.focus)
            self.focus = self._enabled[(order + step) % len(self._enabled)]
            self.focus_visible = True
        elif isinstance(command, Activate):
            self.focus_visible = True
            return self.buttons[self.focus].action
        elif isinstance(command, Choose):
            for i in self._enabled:
                if self.buttons[i].number == command.number:
                    self.focus = i
                    return self.buttons[i].action
        elif isinstance(command, PointerMove):
            self.hover = self.index_at(command.pos)
        elif isinstance(command, PointerDown):
            self.pressed = self.index_at(command.pos)
            self.focus_visible = False
        elif isinstance(command, Click):
            index, was_pressed = self.index_at(command.pos), self.pressed
            self.pressed = None
            if command.touch:
                self.hover = None
            if index is not None and was_pressed in (None, index):
                self.focus = index
                return self.buttons[index].action
        return None

    def draw(self, surface: pygame.Surface, ctx) -> None:
        for i, button in enumerate(self.buttons):
            button.draw(surface, ctx, focused=(i == self.focus and button.enabled),
                        hovered=(i == self.hover), pressed=(i == self.pressed),
                        focus_visible=self.focus_visible)


# --- tiers -------------------------------------------------------------------------

def draw_tier_shape(surface: pygame.Surface, tier: str, rect: pygame.Rect, colour,
                    background) -> None:
    """The tier's shape in a square: shields with 3/2/1 bars for AAA/AA/A, a circle
    for B, a triangle for C, a broken empty square for D. Readable without colour."""
    r = pygame.Rect(rect)
    if tier in ("AAA", "AA", "A"):
        shoulder = r.y + int(r.height * 0.58)
        shield = [(r.x, r.y), (r.right - 1, r.y), (r.right - 1, shoulder),
                  (r.centerx, r.bottom - 1), (r.x, shoulder)]
        pygame.draw.polygon(surface, colour, shield)
        bars = {"AAA": 3, "AA": 2, "A": 1}[tier]
        thickness = max(2, r.height // 10)
        for i in range(bars):
            y = r.y + int(r.height * (0.2 + 0.2 * i))
            pygame.draw.line(surface, background, (r.x + r.width // 4, y),
                             (r.right - 1 - r.width // 4, y), thickness)
    elif tier == "B":
        pygame.draw.circle(surface, colour, r.center, r.width // 2)
    elif tier == "C":
        pygame.draw.polygon(surface, colour, [(r.centerx, r.y), (r.right - 1, r.bottom - 1),
                                              (r.x, r.bottom - 1)])
    elif tier == "D":
        width = max(2, r.width // 8)
        gap = r.width // 3
        pygame.draw.rect(surface, colour, r, width)
        # the break: a gap in the top edge
        pygame.draw.line(surface, background, (r.x + gap, r.y + width // 2),
                         (r.right - gap, r.y + width // 2), width + 1)
    else:
        raise ValueError(f"unknown tier {tier!r} (known: {', '.join(TIERS)})")


@dataclass
class TierBadge:
    """A tier chip: shape + letters, e.g. [▲ C]. `height` sets its size; `topleft`
    its place. Use `TierBadge.width_for(ctx)` to lay out rows of badges."""

    tier: str
    topleft: tuple[int, int]
    height: int = 32

    def rect(self, ctx) -> pygame.Rect:
        return pygame.Rect(self.topleft, (self.width_for(ctx), self.height))

    def width_for(self, ctx) -> int:
        font = self._font(ctx)
        return self.height + font.size("AAA")[0] + self.height // 2

    def _font(self, ctx) -> pygame.font.Font:
        return ctx.fonts.get(max(12, int(self.height * 0.55)), True)

    def draw(self, surface: pygame.Surface, ctx) -> None:
        rect = self.rect(ctx)
        colour = ctx.theme.tier_colour(self.tier)
        background = ctx.colour("panel")
        pygame.draw.rect(surface, background, rect, border_radius=self.height // 4)
        pygame.draw.rect(surface, colour, rect, 1, border_radius=self.height // 4)
        inset = self.height // 5
        shape = pygame.Rect(rect.x + inset + 2, rect.y + inset,
                            self.height - 2 * inset, self.height - 2 * inset)
        draw_tier_shape(surface, self.tier, shape, colour, background)
        text_rect = pygame.Rect(shape.right + inset, rect.y, rect.right - shape.right - inset,
                                rect.height)
        draw_text(surface, self.tier, self._font(ctx), colour, text_rect, valign="middle")
