"""Sliders, and `Controls`: one keyboard focus across a screen's buttons and sliders.

Why a slider needs its own focus handling: `FocusGroup` (widgets.py) spends every
arrow key on moving the focus, but a focused slider must take Left/Right for its
value. `Controls` keeps one focus order over buttons and sliders: Tab / Shift+Tab
and Up/Down move it, Left/Right move a focused slider by one step (or the focus,
on a button), Enter presses a button, number keys press numbered buttons.

Pointer and touch: pressing anywhere on a slider's box (label or track) grabs it
and sets the value under the pointer; moving while held drags; releasing sets the
value where the pointer let go and lets go. A tap on a touch screen is a press and
a release at the same place, so tapping the track works without drag events.

A slider's value lives in the slider (`value`); the screen reads it from the
action `Controls.handle` returns, `("slider", key, value)`, and keeps its model
in step. A marker under the track shows a reference value (the preset's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable, Sequence

import pygame

from ..commands import Activate, Choose, Click, FocusNext, Move, PointerDown, PointerMove
from .text import TextBox, draw_text
from .widgets import Button


@dataclass
class Slider:
    """A value between low and high in steps, with a label and its value as text.

    rect: the whole box (label row above, track below); at least 48 px tall.
    describe: value → the text shown at the right of the label row.
    """

    rect: pygame.Rect
    key: Hashable
    label: str
    value: float
    low: float
    high: float
    step: float
    describe: Callable[[float], str]
    marker: float | None = None  # a reference value drawn under the track

    def __post_init__(self):
        self.rect = pygame.Rect(self.rect)
        self.value = self.snap(self.value)

    # --- geometry ------------------------------------------------------------------

    def label_height(self, ctx) -> int:
        return ctx.font("small").get_linesize()

    def value_width(self, ctx) -> int:
        return ctx.font("small").size(self.describe(self.value))[0] + 2

    def label_rect(self, ctx) -> pygame.Rect:
        """The label gets the row's width less the value's (measured, right-aligned)."""
        return pygame.Rect(self.rect.x, self.rect.y, self.rect.width - self.value_width(ctx) - 12,
                           self.label_height(ctx))

    def value_rect(self, ctx) -> pygame.Rect:
        width = self.value_width(ctx)
        return pygame.Rect(self.rect.right - width, self.rect.y, width, self.label_height(ctx))

    def knob_radius(self, ctx) -> int:
        return max(9, ctx.font("small").get_height() // 2)

    def track(self, ctx) -> tuple[int, int, int]:
        """(x from, x to, y) of the track line, inset so the knob stays inside."""
        r = self.knob_radius(ctx)
        top = self.rect.y + self.label_height(ctx)
        y = top + (self.rect.bottom - top) // 2
        return self.rect.x + r + 2, self.rect.right - r - 2, y

    def x_of(self, ctx, value: float) -> int:
        x0, x1, _ = self.track(ctx)
        span = self.high - self.low
        return round(x0 + (value - self.low) / span * (x1 - x0)) if span else x0

    def value_at(self, ctx, x: int) -> float:
        x0, x1, _ = self.track(ctx)
        share = 0.0 if x1 == x0 else min(max((x - x0) / (x1 - x0), 0.0), 1.0)
        return self.snap(self.low + share * (self.high - self.low))

    # --- values ---------------------------------------------------------------------

    def snap(self, value: float) -> float:
        steps = round((min(max(value, self.low), self.high) - self.low) / self.step)
        snapped = min(self.low + steps * self.step, self.high)
        return round(snapped, 6)

    def nudge(self, steps: int) -> float:
        self.value = self.snap(self.value + steps * self.step)
        return self.value

    # --- drawing ----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, ctx, *, focused=False, held=False,
             focus_visible=True) -> None:
        draw_text(surface, self.label, ctx.font("small"), ctx.colour("text"),
                  self.label_rect(ctx))
        draw_text(surface, self.describe(self.value), ctx.font("small"),
                  ctx.colour("accent"), self.value_rect(ctx), align="right")
        x0, x1, y = self.track(ctx)
        width = max(4, ctx.theme.size("focus.width") + 1)
        pygame.draw.line(surface, ctx.colour("button.border"), (x0, y), (x1, y), width)
        x = self.x_of(ctx, self.value)
        pygame.draw.line(surface, ctx.colour("accent"), (x0, y), (x, y), width)
        if self.marker is not None:
            mx = self.x_of(ctx, self.marker)
            pygame.draw.line(surface, ctx.colour("text.dim"), (mx, y + width + 2),
                             (mx, y + width + 9), 2)
        r = self.knob_radius(ctx)
        pygame.draw.circle(surface, ctx.colour("accent.hover" if held else "accent"), (x, y), r)
        pygame.draw.circle(surface, ctx.colour("bg"), (x, y), r, 2)
        if focused and focus_visible:
            ring = ctx.theme.size("focus.width")
            pygame.draw.circle(surface, ctx.colour("focus"), (x, y), r + ring + 3, ring)

    def text_boxes(self, ctx) -> list[TextBox]:
        return [TextBox(self.label, "small", self.label_rect(ctx).size),
                TextBox(self.describe(self.value), "small", self.value_rect(ctx).size)]


class Controls:
    """Buttons and sliders of one screen under one keyboard focus (see module doc).

    `handle(command)` returns a button's action, `("slider", key, value)` when a
    slider's value changed, or None.
    """

    def __init__(self, items: Sequence[Button | Slider], focus: int = 0):
        self.items = list(items)
        self.focus = focus if 0 <= focus < len(self.items) else 0
        self.hover: int | None = None
        self.pressed: int | None = None  # a button held down
        self.held: int | None = None  # a slider being dragged
        self.focus_visible = True
        self._move_focus(0)

    @property
    def focused(self):
        return self.items[self.focus] if self.items else None

    def _usable(self, i: int) -> bool:
        item = self.items[i]
        return not isinstance(item, Button) or item.enabled

    def refocus(self) -> None:
        """Move the focus off an item that was just disabled."""
        self._move_focus(0)

    def _move_focus(self, step: int) -> None:
        n = len(self.items)
        if not n:
            return
        i = self.focus
        for _ in range(n):
            i = (i + step) % n if step else i
            if self._usable(i):
                self.focus = i
                return
            step = step or 1

    def focus_key(self, key: Hashable) -> None:
        """Put the focus on the button with this action or the slider with this key."""
        for i, item in enumerate(self.items):
            if (item.action if isinstance(item, Button) else item.key) == key:
                self.focus = i
                return

    def index_at(self, pos) -> int | None:
        for i, item in enumerate(self.items):
            if self._usable(i) and item.rect.collidepoint(pos):
                return i
        return None

    def handle(self, command, ctx):
        if not self.items:
            return None
        item = self.items[self.focus]
        if isinstance(command, FocusNext):
            self._move_focus(command.step)
            self.focus_visible = True
        elif isinstance(command, Move):
            self.focus_visible = True
            if command.dx and isinstance(item, Slider):
                before = item.value
                if item.nudge(command.dx) != before:
                    return ("slider", item.key, item.value)
            else:
                self._move_focus(command.dy or command.dx)
        elif isinstance(command, Activate):
            self.focus_visible = True
            if isinstance(item, Button) and item.enabled:
                return item.action
        elif isinstance(command, Choose):
            for i, other in enumerate(self.items):
                if isinstance(other, Button) and other.enabled and other.number == command.number:
                    self.focus = i
                    return other.action
        elif isinstance(command, PointerMove):
            self.hover = self.index_at(command.pos)
            if self.held is not None:
                return self._drag(self.held, command.pos, ctx)
        elif isinstance(command, PointerDown):
            self.focus_visible = False
            index = self.index_at(command.pos)
            if index is not None and isinstance(self.items[index], Slider):
                self.held = self.focus = index
                return self._drag(index, command.pos, ctx)
            self.pressed = index
        elif isinstance(command, Click):
            if command.touch:
                self.hover = None
            if self.held is not None:
                held, self.held = self.held, None
                return self._drag(held, command.pos, ctx)
            index, was_pressed = self.index_at(command.pos), self.pressed
            self.pressed = None
            if index is not None and isinstance(self.items[index], Button) \
                    and was_pressed in (None, index):
                self.focus = index
                return self.items[index].action
        return None

    def _drag(self, index: int, pos, ctx):
        slider = self.items[index]
        value = slider.value_at(ctx, pos[0])
        if value == slider.value:
            return None
        slider.value = value
        return ("slider", slider.key, value)

    def draw(self, surface: pygame.Surface, ctx) -> None:
        for i, item in enumerate(self.items):
            focused = i == self.focus
            if isinstance(item, Slider):
                item.draw(surface, ctx, focused=focused, held=i == self.held,
                          focus_visible=self.focus_visible)
            else:
                item.draw(surface, ctx, focused=focused and item.enabled,
                          hovered=i == self.hover, pressed=i == self.pressed,
                          focus_visible=self.focus_visible)

    def text_boxes(self, ctx) -> list[TextBox]:
        boxes = []
        for item in self.items:
            boxes += item.text_boxes(ctx) if isinstance(item, Slider) else [item.text_box(ctx)]
        return boxes
