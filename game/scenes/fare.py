"""The metro gate: today's fare board by tier, and the receipt of who paid for whom.

Why (DESIGN §1, the carrots are zero-sum): the board shows every tier's fare at
once, so the player sees that a discount at the top and a surcharge at the bottom
are the same money moving. After paying, the receipt says it in the player's own
terms: "your +¥0.75 paid for about half of one rider's discount", or "your −¥1.20
discount was paid by the surcharges of about 2 riders" (`riders_phrase`: words, not
"0.4 riders"). The numbers come from the engine's budget-neutral prices for today's
population.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ..ui.text import draw_text
from ..ui.widgets import TierBadge
from .common import ease
from .panel import ServicePanel

ROW_H = 32


def riders_phrase(ctx, count: float, kind: str) -> str:
    """How many riders' `kind` ("surcharge" or "discount") one fare difference
    equals, in words: "the surcharges of about 3 riders", "about a fifth of one
    rider's surcharge" — never "0.2 riders"."""
    if count >= 0.75:
        return ctx.tn(f"fare.riders_{kind}", max(1, round(count)))
    parts = round(1 / count) if count > 0 else 0
    if not 2 <= parts <= 10:
        return ctx.t(f"fare.share_tiny_{kind}")
    return ctx.t(f"fare.share_{kind}", part=ctx.t(f"fare.part.{parts}"))


@dataclass
class RowBadge(TierBadge):
    """A tier badge for a table row: its letters in a theme role's size (readable
    from the back of a classroom), not a fraction of a row's small height."""

    size: int = 18  # the letters' size in px (use `for_role`)

    @classmethod
    def for_role(cls, ctx, tier: str, topleft, height: int, role: str = "small"):
        return cls(tier, topleft, height, ctx.theme.text_style(role)[0])

    def _font(self, ctx):
        return ctx.fonts.get(self.size, True)


class FarePanel(ServicePanel):
    duration = 1.0

    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        n, money = self.answer, ctx.locale.money
        x, w = self.inner.x, self.inner.width
        self.rows_y = self.inner.y + 36
        self.head = [self.label((x + 120, self.rows_y - 4, 150, 24), ctx.t("fare.col_fare"),
                                ("caption",), colour="text.dim"),
                     self.label((x + 270, self.rows_y - 4, w - 270, 24), ctx.t("fare.col_diff"),
                                ("caption",), colour="text.dim")]
        self.rows_y += 24
        base = n.base
        self.cells = []
        for i, (tier, fare) in enumerate(zip(self.tiers, n.fares)):
            y = self.rows_y + i * ROW_H
            diff = fare - base
            diff_text = ctx.t("fare.flat") if abs(diff) < 0.005 else \
                (("+" if diff > 0 else "") + money(diff))
            self.cells.append((i, y, self.label((x + 120, y, 140, ROW_H), money(fare),
                                                ("body.bold", "small"), valign="middle"),
                               self.label((x + 270, y, w - 270, ROW_H), diff_text,
                                          ("small", "caption"), valign="middle",
                                          colour="text.dim")))
        foot_y = self.rows_y + 6 * ROW_H + 10
        self.footer = self.label((x, foot_y, w, self.inner.bottom - foot_y),
                                 ctx.t("fare.footer", base=money(base)), ("small", "caption"),
                                 colour="text.dim")
        d = n.difference
        if d > 0.005:
            text = ctx.t("fare.receipt_surcharge", paid=money(n.fare), base=money(base),
                         extra=money(d),
                         riders=riders_phrase(ctx, n.counterparts, "discount"))
        elif d < -0.005:
            text = ctx.t("fare.receipt_discount", paid=money(n.fare), base=money(base),
                         saved=money(-d),
                         riders=riders_phrase(ctx, n.counterparts, "surcharge"))
        else:
            text = ctx.t("fare.receipt_flat", paid=money(n.fare))
        self.receipt = self.label((x, foot_y, w, self.inner.bottom - foot_y), text,
                                  ("small", "caption"))
        self.labels.remove(self.footer)
        self.labels.remove(self.receipt)
        self.extra = [self.footer, self.receipt]

    def title_text(self):
        return self.ctx.t("fare.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        for i, y, _, _ in self.cells:
            if i == self.my_tier:
                pygame.draw.rect(surface, ctx.colour("button.hover"),
                                 (self.inner.x - 8, y, self.inner.width + 16, ROW_H),
                                 border_radius=6)
                draw_text(surface, ctx.t("fare.you"), ctx.font("caption"), ctx.colour("accent"),
                          pygame.Rect(self.inner.right - 60, y, 60, ROW_H), align="right",
                          valign="middle")
            RowBadge.for_role(ctx, self.tiers[i], (self.inner.x, y + 2), ROW_H - 4).draw(
                surface, ctx)
        for label in self.labels:
            label.draw(surface, ctx)
        paid = turn is not None and turn.choice == "pay"
        if not paid:
            self.footer.draw(surface, ctx)
            return
        progress = ease(t / self.duration)
        box = self.receipt.rect.inflate(16, 8)
        box.y += int(20 * (1 - progress))
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, (*ctx.colour("bg.deep"), 255), layer.get_rect(), border_radius=8)
        pygame.draw.rect(layer, (*ctx.colour("accent"), 255), layer.get_rect(), 1,
                         border_radius=8)
        layer.set_alpha(int(255 * progress))
        surface.blit(layer, box.topleft)
        if progress > 0.5:
            self.receipt.draw(surface, ctx)

    def text_boxes(self):
        return super().text_boxes() + [l.text_box() for l in self.extra]


def _shot(ctx, citizen, choose=None, score_change=0):
    from .moment import staged

    return staged(ctx, citizen, "metro", choose=choose, score_change=score_change)


SCREENSHOTS = {
    "moment-metro": lambda ctx: _shot(ctx, "courier", score_change=-160),
    "moment-metro-paid-surcharge": lambda ctx: _shot(ctx, "courier", "pay", score_change=-160),
    "moment-metro-paid-discount": lambda ctx: _shot(ctx, "civil-servant", "pay",
                                                    score_change=60),
}
