"""Your contacts, as the score app shows them: each with a tier, and a price.

Why (DESIGN §1: "it undermines trust between citizens"): the app does not forbid
friendship; it prices it. Each contact in a low tier costs points every day, and a
friendly button offers to "tidy your contacts". The panel shows the daily bill
beside each name, so keeping a friend is visibly a choice to pay.
"""

from __future__ import annotations

import pygame

from ..ui.widgets import TierBadge
from .panel import ServicePanel

ROW_H = 52


class FriendsPanel(ServicePanel):
    duration = 0.8

    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        x, w = self.inner.x, self.inner.width
        rule = self.book.rule("association_low_tier")
        low_from = self.tiers.index(self.book.association_tier)
        self.rows_y = self.inner.y + 40
        self.friends = list(self.answer.friends)
        self.costs = []
        for i, (fid, tier) in enumerate(self.friends):
            y = self.rows_y + i * ROW_H
            self.label((x + 110, y, 260, ROW_H), ctx.t(f"friend.{fid}.name"),
                       ("body", "small", "caption"), valign="middle")
            costly = tier >= low_from
            self.costs.append((fid, costly))
            self.label((x + 370, y, w - 370, ROW_H),
                       ctx.t("friends.cost", points=ctx.locale.signed(rule.points))
                       if costly else ctx.t("friends.free"), ("small", "caption"),
                       colour="score.loss" if costly else "text.dim", valign="middle",
                       align="right")
        n_low = self.answer.low_tier  # every low-tier contact, named or not, is billed
        y = self.rows_y + max(1, len(self.friends)) * ROW_H + 16
        self.bill = self.label((x, y, w, 56),
                               ctx.tn("friends.bill", n_low,
                                      points=ctx.locale.signed(rule.points * n_low),
                                      tier=self.book.association_tier), ("small", "caption"))
        self.offer = pygame.Rect(x, y + 66, w, self.inner.bottom - y - 66)
        self.offer_text = self.label(self.offer.inflate(-24, -12), ctx.t("friends.offer"),
                                     ("small", "caption"), colour="text.dim", valign="middle")
        self.cut_text = self.label(self.offer.inflate(-24, -12), ctx.t("friends.after_cut"),
                                   ("small", "caption"), colour="accent", valign="middle")
        self.labels.remove(self.cut_text)

    def title_text(self):
        return self.ctx.t("friends.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        cut = turn is not None and turn.choice == "cut"
        for i, (fid, tier) in enumerate(self.friends):
            y = self.rows_y + i * ROW_H
            TierBadge(self.tiers[tier], (self.inner.x, y + 10), ROW_H - 20).draw(surface, ctx)
            pygame.draw.line(surface, ctx.colour("rule"), (self.inner.x, y + ROW_H - 1),
                             (self.inner.right, y + ROW_H - 1))
        pygame.draw.rect(surface, ctx.colour("bg.deep"), self.offer, border_radius=8)
        for label in self.labels:
            if not (cut and label is self.offer_text):
                label.draw(surface, ctx)
        if cut:
            self.cut_text.draw(surface, ctx)
            # tidying cuts every low-tier contact (the city's own tidy act)
            for i, (_, costly) in enumerate(self.costs):
                if costly:
                    y = self.rows_y + i * ROW_H + ROW_H // 2
                    pygame.draw.line(surface, ctx.colour("score.loss"),
                                     (self.inner.x + 104, y), (self.inner.x + 360, y), 2)

    def text_boxes(self):
        return super().text_boxes() + [self.cut_text.text_box()]


def _shot(ctx, citizen, choose=None):
    from .moment import staged

    return staged(ctx, citizen, "friend", choose=choose)


SCREENSHOTS = {
    "moment-friend": lambda ctx: _shot(ctx, "courier"),
    "moment-friend-cut": lambda ctx: _shot(ctx, "courier", choose="cut"),
}
