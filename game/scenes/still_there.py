""" "Still there?": the kiosk's warning before a quiet run is given up.

Why it looks like this: a visitor may have stepped back to read, or left. A
countdown over the paused game asks, in one line from across the room, and gives
one large target to answer — but any touch or key answers (the kiosk shell sees the
input and closes this overlay), so nobody has to aim. At zero the shell discards the
run and the attract screen comes back for the next visitor.

The seconds left come from the shell's idle timer through a callable, so the
countdown and the reset share one clock; this scene never decides anything.
"""

from __future__ import annotations

import math
from typing import Callable

import pygame

from ..ui.text import fits, measure
from ..ui.widgets import Button, FocusGroup, Label, Panel
from .base import Scene, SceneContext

PANEL_W = 760
RING_R = 58  # the countdown ring's radius


class StillThereScene(Scene):
    """An overlay with a countdown; `seconds_left()` is read at every draw."""

    overlay = True

    def __init__(self, ctx: SceneContext, seconds_left: Callable[[], float]):
        super().__init__(ctx)
        self.seconds_left = seconds_left
        self.total = max(1.0, seconds_left())
        inner_w = PANEL_W - 2 * 56
        gap = ctx.theme.size("line.gap")
        heading_h = ctx.font("title").get_linesize()
        longest = ctx.tn("kiosk.still_there.countdown", 88)
        self.body_role = next((r for r in ("lead", "body")
                               if fits(longest, ctx.font(r), (inner_w, 120), gap)),
                              "small")
        body_h = measure(longest, ctx.font(self.body_role), (inner_w, 10_000), gap).height
        if fits(longest, ctx.font(self.body_role), (inner_w, 120), gap):
            body_h = min(body_h, 120)  # bigger text (Settings) shrinks into it
        height = 48 + heading_h + 24 + 2 * RING_R + 28 + body_h + 36 + 72 + 48
        self.panel = Panel(pygame.Rect((1280 - PANEL_W) // 2, (720 - height) // 2,
                                       PANEL_W, height))
        x, y = self.panel.rect.x + 56, self.panel.rect.y + 48
        self.heading = Label(pygame.Rect(x, y, inner_w, heading_h),
                             ctx.t("kiosk.still_there.heading"), role="title", align="center")
        y += heading_h + 24
        self.ring_centre = (self.panel.rect.centerx, y + RING_R)
        y += 2 * RING_R + 28
        self.body_rect = pygame.Rect(x, y, inner_w, body_h)
        y += body_h + 36
        button = Button(pygame.Rect(self.panel.rect.centerx - 180, y, 360, 72),
                        ctx.t("kiosk.still_there.button"), "stay", kind="primary")
        self.group = FocusGroup([button])

    def whole_seconds(self) -> int:
        return math.ceil(self.seconds_left() - 1e-9)

    def body(self) -> Label:
        return Label(self.body_rect, self.ctx.tn("kiosk.still_there.countdown",
                                                 self.whole_seconds()),
                     role=self.body_role, colour="text.dim", align="center")

    def handle(self, command):
        return None  # the kiosk shell answers every input (it closes this overlay)

    def draw(self, surface):
        ctx = self.ctx
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((*ctx.colour("bg.deep"), 225))
        surface.blit(veil, (0, 0))
        self.panel.draw(surface, ctx)
        self.heading.draw(surface, ctx)
        self._draw_ring(surface)
        self.body().draw(surface, ctx)
        self.group.draw(surface, ctx)

    def _draw_ring(self, surface) -> None:
        ctx = self.ctx
        cx, cy = self.ring_centre
        rect = pygame.Rect(cx - RING_R, cy - RING_R, 2 * RING_R, 2 * RING_R)
        pygame.draw.circle(surface, ctx.colour("rule"), (cx, cy), RING_R, 6)
        part = max(0.0, min(1.0, self.seconds_left() / self.total))
        if part > 0:
            start = math.pi / 2
            pygame.draw.arc(surface, ctx.colour("warning"), rect, start,
                            start + part * 2 * math.pi, 6)
        number = ctx.fonts.get(int(RING_R * 0.8), True).render(
            str(self.whole_seconds()), True, ctx.colour("text"))
        surface.blit(number, number.get_rect(center=(cx, cy)))

    def text_boxes(self):
        return [self.heading.text_box(), self.body().text_box(),
                self.group.buttons[0].text_box(self.ctx)]


def _over_a_screen(ctx):
    from .title import TitleScene

    return [TitleScene(ctx), StillThereScene(ctx, lambda: 12.4)]


SCREENSHOTS = {"kiosk-still-there": _over_a_screen}
