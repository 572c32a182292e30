"""The ticket machine at the train station: a seat home, or the rule that refuses it.

Why the machine quotes the rule (DESIGN §1: "make it hard for the discredited to
take a single step"): a refusal that explains nothing feels like a fault; one that
quotes the regulation, politely, in full, feels like what it is — a decision made
about you in advance. The machine checks the tier before it sells; the player
learns whether it will sell only by asking it.
"""

from __future__ import annotations

import pygame


from ..ui.widgets import TierBadge, draw_tier_shape
from .common import cash, ease
from .panel import ServicePanel


class StationPanel(ServicePanel):
    duration = 1.2

    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        x, w = self.inner.x, self.inner.width
        self.screen = pygame.Rect(x, self.inner.y + 34, w, 244)
        sx, sw = self.screen.x + 20, self.screen.width - 40
        self.ticket = self.label((sx, self.screen.y + 16, sw, 30),
                                 ctx.t("station.ticket", price=cash(ctx, self.answer.price)),
                                 ("body.bold", "small"))
        self.check = self.label((sx + 104, self.screen.y + 60, sw - 104, 36),
                                ctx.t("station.check"), ("small", "caption"), valign="middle",
                                colour="text.dim")
        allowed = self.answer.allowed
        # The machine checks two lists: the court's (the real travel ban) before the
        # score's bottom tier (the game's); a listed citizen is refused at any tier.
        listed = self.answer.listed
        # Once the machine has answered, the "Checking…" line gives way to its result.
        # The court's answer takes two lines where the tier's takes one.
        self.checked = self.label((sx + 104, self.screen.y + (46 if listed else 60), sw - 104,
                                   58 if listed else 36),
                                  ctx.t("station.checked_ok" if allowed
                                        else "station.checked_listed" if listed
                                        else "station.checked_refused",
                                        tier=self.tiers[self.my_tier]),
                                  ("small", "caption"), valign="middle",
                                  colour="text" if allowed else "tier.D")
        self.verdict_title = self.label(
            (sx, self.screen.y + 108, sw, 36),
            ctx.t("station.sold" if allowed else "station.refused_listed" if listed
                  else "station.refused_title",
                  tier=self.tiers[self.my_tier]), ("heading", "body.bold"),
            colour="score.gain" if allowed else "tier.D")
        self.rule = self.label((sx, self.screen.y + 146, sw, self.screen.bottom - 6
                                - (self.screen.y + 146)),
                               # listed: the checked line already named the list
                               ctx.t("station.listed_detail") if listed else
                               ctx.t(self.answer.rule) if not allowed else
                               ctx.t("station.sold_detail"), ("caption",), colour="text")
        self.refused_tiers = [self.tiers[i] for i, r in
                              enumerate(self.answer.refused_tiers) if r]
        self.footer = self.label((x, self.screen.bottom + 14, w, self.inner.bottom -
                                  self.screen.bottom - 14),
                                 ctx.tn("station.footer", len(self.refused_tiers),
                                        tiers=self.ctx.locale.join(self.refused_tiers))
                                 if self.refused_tiers else ctx.t("station.footer_court"),
                                 ("small", "caption"), colour="text.dim")
        # Another choice made: the machine goes back to waiting, not "Checking…".
        self.idle = self.label((sx + 104, self.screen.y + 60, sw - 104, 36),
                               ctx.t("station.idle"), ("small", "caption"), valign="middle",
                               colour="text.dim")
        self.after = [self.checked, self.verdict_title, self.rule]
        for label in self.after + [self.check, self.idle]:
            self.labels.remove(label)
        self.allowed = allowed

    def title_text(self):
        return self.ctx.t("station.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        pygame.draw.rect(surface, ctx.colour("bg.deep"), self.screen, border_radius=8)
        pygame.draw.rect(surface, ctx.colour("rule"), self.screen, 1, border_radius=8)
        for label in self.labels:
            label.draw(surface, ctx)
        badge = TierBadge(self.tiers[self.my_tier], (self.screen.x + 20, self.screen.y + 62), 32)
        asked = turn is not None and turn.choice == "ticket"
        answered = asked and ease(t / self.duration) >= 0.4
        if turn is not None and not asked:
            self.idle.draw(surface, ctx)
        elif not answered:
            self.check.draw(surface, ctx)
        if not asked:
            return
        badge.draw(surface, ctx)
        if not answered:
            return
        if not self.allowed:
            pygame.draw.rect(surface, ctx.colour("tier.D"), self.screen, 3, border_radius=8)
            mark = pygame.Rect(self.screen.right - 52, self.screen.y + 16, 32, 32)
            draw_tier_shape(surface, "D", mark, ctx.theme.tier_colour("D"), ctx.colour("bg.deep"))
        for label in self.after:
            label.draw(surface, ctx)

    def text_boxes(self):
        return super().text_boxes() + [l.text_box() for l in self.after + [self.check, self.idle]]


def _shot(ctx, citizen, score_change=0, choose=None, listed=False):
    from .moment import MomentScene, staged

    if not listed:
        return staged(ctx, citizen, "train", score_change=score_change, choose=choose)
    # On the court's list, at a tier the score alone would let travel: the machine
    # refuses anyway (the real ban is the court's, FACTS.md).
    scene = staged(ctx, citizen, "train", score_change=score_change)
    session = scene.session.stage("train", listed=True)
    scene = MomentScene(ctx, scene.visit, session)
    if choose:
        scene._act(choose)
    return scene


SCREENSHOTS = {
    "moment-train": lambda ctx: _shot(ctx, "courier"),
    "moment-train-refused": lambda ctx: _shot(ctx, "courier", score_change=-420,
                                              choose="ticket"),
    "moment-train-listed": lambda ctx: _shot(ctx, "graduate", choose="ticket", listed=True),
}
