"""The loan desk: the bank's offer for every tier, yours highlighted — and the card
the man outside hands you.

Why both on one panel (DESIGN §1: "shutting people out of the legitimate economy
expands the criminal population"): the refusal at the bottom of the table and the
lender's 30% sit side by side, so the informal economy's first door is visibly the
one the bank left open. Rates are the engine's budget-neutral ones: the insiders'
cheap credit is paid by the outsiders' dear credit.
"""

from __future__ import annotations

import pygame


from ..ui.text import draw_text
from .common import cash
from .fare import RowBadge
from .panel import ServicePanel

ROW_H = 28


class LoanPanel(ServicePanel):
    duration = 0.8

    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        n, money = self.answer, (lambda amount: cash(ctx, amount))
        x, w = self.inner.x, self.inner.width
        y = self.inner.y + 32
        self.label((x + 110, y, 150, 26), ctx.t("loan.col_rate"), ("caption",),
                   colour="text.dim")
        self.label((x + 270, y, w - 270, 26), ctx.t("loan.col_limit"), ("caption",),
                   colour="text.dim")
        self.rows_y = y + 26
        limits = self.book.perks.loan_limit
        for i, (rate, refused) in enumerate(zip(n.rates, n.refused_tiers)):
            ry = self.rows_y + i * ROW_H
            if refused:
                self.label((x + 110, ry, w - 110, ROW_H), ctx.t("loan.refused_row"),
                           ("small", "caption"), colour="tier.D", valign="middle")
            else:
                self.label((x + 110, ry, 150, ROW_H), ctx.t("loan.rate", rate=ctx.locale.number(
                    rate * 100, 1)), ("small", "caption"), valign="middle")
                self.label((x + 270, ry, w - 270, ROW_H), money(limits[i]), ("small", "caption"),
                           valign="middle", colour="text.dim")
        y = self.rows_y + 6 * ROW_H + 10
        if n.refused:
            offer = ctx.t("loan.offer_refused", amount=money(n.amount_asked))
        else:
            # The bank's term and sum come from the engine's answer (its term in days),
            # never recomputed here: the panel shows what the run will charge.
            offer = ctx.t("loan.offer", amount=money(n.amount),
                          rate=ctx.locale.number(n.rate * 100, 1),
                          repay=ctx.locale.money(n.repay), days=n.days)
        self.offer = self.label((x, y, w, 56), offer, ("small", "caption"),
                                colour="score.loss" if n.refused else "text")
        self.shark = self.label((x, y + 60, w, self.inner.bottom - y - 60),
                                ctx.t("loan.shark", amount=money(n.amount_asked),
                                      repay=money(n.shark_repay),
                                      days=n.shark_days, percent=round(n.shark_rate * 100)),
                                ("small", "caption"), colour="text.dim")

    def title_text(self):
        return self.ctx.t("loan.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        row = pygame.Rect(self.inner.x - 8, self.rows_y + self.my_tier * ROW_H,
                          self.inner.width + 16, ROW_H)
        pygame.draw.rect(surface, ctx.colour("button.hover"), row, border_radius=6)
        draw_text(surface, ctx.t("fare.you"), ctx.font("caption"), ctx.colour("accent"),
                  pygame.Rect(row.right - 68, row.y, 60, ROW_H), align="right", valign="middle")
        for i, tier in enumerate(self.tiers):
            RowBadge.for_role(ctx, tier, (self.inner.x, self.rows_y + i * ROW_H + 2),
                              ROW_H - 4, "badge").draw(surface, ctx)
        for label in self.labels:
            label.draw(surface, ctx)
        if turn is not None and turn.choice in ("bank", "lender"):
            box = (self.offer if turn.choice == "bank" else self.shark).rect.inflate(12, 8)
            pygame.draw.rect(surface, ctx.colour("accent"), box, 2, border_radius=6)


def _shot(ctx, citizen, score_change=0, choose=None):
    from .moment import staged

    return staged(ctx, citizen, "loan", score_change=score_change, choose=choose)


SCREENSHOTS = {
    "moment-loan": lambda ctx: _shot(ctx, "courier", score_change=-160),
    "moment-loan-refused": lambda ctx: _shot(ctx, "courier", score_change=-420),
}
