"""The debrief's later pages: the receipt, the city (with the prediction), and the
questions to talk about.

Why these three together: they widen the view from one life to everyone. The
receipt turns the perks into a transfer between people (the essay's zero-sum
claim, DESIGN §1); the city page sets tier D beside the whole population and the
informal economy beside a control city with no scoring, and puts the visitor's
own prediction next to what happened; the last page hands the thinking back.
"""

from __future__ import annotations

import pygame

from engine.metrics import FEW_TO_READ

from ..ui.charts import draw_paired_bars, draw_tier_bar
from ..ui.widgets import Button, Panel
from .debrief import Page, short_name
from .fare import riders_phrase
from .visit import CITIZENS

TRAITS = ("male", "under_30", "low_education", "underemployed")
OVER = 1.15  # a trait counts as over-represented in tier D above this ratio


class ReceiptPage(Page):
    def __init__(self, scene):
        super().__init__(scene)
        ctx, s = self.ctx, scene.session
        summary = scene.summary
        money = ctx.locale.money
        self.box = pygame.Rect(64, 150, 520, 440)
        x, w = 96, 456
        self.label((x, 172, w, 40), ctx.t("receipt.title"), ("heading", "body.bold"))
        fares = [t for t in s.turns if t.step.answer and t.step.answer.service == "metro"
                 and t.choice == "pay"]
        fare_diff = -sum(t.step.answer.difference for t in fares)
        loan_diff = (summary["perks_received"] - summary["perks_paid"]) - fare_diff
        rows = [(ctx.tn("receipt.fares", len(fares)), fare_diff),
                (ctx.t("receipt.loans"), loan_diff)]
        y = 232
        for text, amount in rows:
            self.label((x, y, 300, 30), text, ("small", "caption"))
            self.label((x + 300, y, w - 300, 30), ("+" if round(amount, 2) > 0 else "") + money(amount),
                       ("body.bold", "small"), align="right")
            y += 40
        minutes = summary["queue_minutes_saved"]
        self.label((x, y, 300, 30), ctx.t("receipt.queue"), ("small", "caption"))
        self.label((x + 300, y, w - 300, 30), ctx.tn("ui.minutes", round(abs(minutes)))
                   if minutes else "0", ("body.bold", "small"), align="right")
        y += 56
        net = summary["perks_received"] - summary["perks_paid"]
        self.rule_y = y - 12
        self.label((x, y, w, 64), ctx.t("receipt.net_in" if net >= 0 else "receipt.net_out",
                                        received=money(summary["perks_received"]),
                                        paid=money(summary["perks_paid"]),
                                        net=money(abs(net))), ("body", "small", "caption"))
        queue_key = ("receipt.queue_gain" if minutes > 0 else "receipt.queue_loss"
                     if minutes < 0 else "receipt.queue_none")
        self.label((x, y + 84, w, 90), ctx.t(queue_key, minutes=ctx.tn("ui.minutes",
                                                                       round(abs(minutes)))),
                   ("small", "caption"), colour="text.dim")
        # the right column: who funded whom, today
        n = s.fares_today()
        rx, rw = 640, 576
        self.label((rx, 150, rw, 40), ctx.t("receipt.who_funds"), ("heading", "body.bold"))
        if n.difference < 0:
            mine = ctx.t("receipt.mine_discount", amount=money(-n.difference),
                         riders=riders_phrase(ctx, n.counterparts, "surcharge"))
        elif n.difference > 0:
            mine = ctx.t("receipt.mine_surcharge", amount=money(n.difference),
                         riders=riders_phrase(ctx, n.counterparts, "discount"))
        else:
            mine = ctx.t("receipt.mine_flat", amount=money(n.base))
        self.label((rx, 206, rw, 90), mine, ("body", "small", "caption"))
        # Why the perk is small: the board's own counts (the riders it was balanced for)
        city = (ctx.t("receipt.city", insiders=ctx.locale.number(n.insiders),
                      outsiders=ctx.locale.number(n.outsiders),
                      ratio=ctx.locale.number(n.insiders / n.outsiders, 0))
                if n.outsiders else ctx.t("receipt.city_none", base=money(n.base)))
        self.label((rx, 312, rw, 120), city, ("body", "small", "caption"), colour="text.dim")
        self.label((rx, 448, rw, 140), ctx.t("receipt.law"), ("small", "caption"),
                   colour="text.dim")

    def draw(self, surface):
        Panel(self.box).draw(surface, self.ctx)
        pygame.draw.line(surface, self.ctx.colour("rule"), (96, self.rule_y),
                         (552, self.rule_y))
        super().draw(surface)


class CityPage(Page):
    def __init__(self, scene):
        super().__init__(scene)
        ctx = self.ctx
        report = scene.report
        comp = report["composition"]
        pct = lambda v: f"{ctx.locale.number(v * 100, 1)}%"  # noqa: E731
        self.label((64, 146, 660, 30), ctx.t("city.tiers", citizens=ctx.locale.number(
            report["citizens"])), ("small", "caption"), colour="text.dim")
        self.tier_bar = pygame.Rect(64, 180, 660, 36)
        d_count = comp["tier_D"].get("count", report["tier_counts"][-1])
        self.label((64, 236, 660, 30), ctx.t("city.make_up", n=ctx.locale.number(d_count)),
                   ("body.bold", "small", "caption"))
        # A share is None when its group is empty (no one in tier D): drawn as 0.
        self.rows = [(ctx.t(f"city.trait.{t}"), comp["tier_D"][t] or 0.0,
                      comp["population"][t] or 0.0) for t in TRAITS]
        self.bars = pygame.Rect(64, 272, 660, 210)
        self.label((64, 496, 660, 56),
                   ctx.t("city.informal", share=pct(report["informal_share"]),
                         control=pct(report["control_informal_share"])), ("small", "caption"))
        self.label((64, 556, 660, 50),
                   ctx.t("city.ties", ties=ctx.locale.number(report["mean_ties"], 1),
                         control=ctx.locale.number(report["control_mean_ties"], 1)),
                   ("small", "caption"))
        # the prediction, beside the result
        rx, rw = 780, 436
        self.box = pygame.Rect(760, 146, 476, 470)
        self.label((rx, 166, rw, 30), ctx.t("city.you_predicted"), ("small", "caption"),
                   colour="text.dim")
        prediction = scene.visit.prediction
        said = ctx.t(f"prediction.{prediction}") if prediction else ctx.t("city.no_prediction")
        self.label((rx, 198, rw, 84), said, ("body.bold", "small", "caption"))
        over = [ctx.t(f"city.trait.{t}") for t in TRAITS
                if comp["population"][t] and comp["tier_D"][t] is not None
                and comp["tier_D"][t] / comp["population"][t] > OVER]
        count = comp["tier_D"].get("count", report["tier_counts"][-1])
        if not count:
            verdict = ctx.t("city.verdict_empty")
        elif count < FEW_TO_READ:
            verdict = ctx.t("city.verdict_few", n=count, traits=ctx.locale.join(over) or "—")
        elif over:
            verdict = ctx.t("city.verdict_over", traits=ctx.locale.join(over))
        else:
            verdict = ctx.t("city.verdict_none")
        self.label((rx, 296, rw, 64), ctx.t("city.result"), ("small", "caption"),
                   colour="text.dim")
        self.label((rx, 326, rw, 172), verdict, ("body", "small", "caption"))
        self.label((rx, 500, rw, 108), ctx.t("city.real"), ("small", "caption"),
                   colour="text.dim")

    def draw(self, surface):
        ctx, report = self.ctx, self.scene.report
        Panel(self.box).draw(surface, ctx)
        super().draw(surface)
        draw_tier_bar(surface, ctx, self.tier_bar, report["tier_counts"],
                      self.scene.session.data.book.tiers.ids)
        draw_paired_bars(surface, ctx, self.bars, self.rows,
                         legend=(ctx.t("city.legend_d"), ctx.t("city.legend_all")))


class DiscussPage(Page):
    def __init__(self, scene):
        super().__init__(scene)
        ctx = self.ctx
        self.label((64, 150, 640, 40), ctx.t("discuss.heading"), ("heading", "body.bold"))
        y = 210
        for i in range(1, 4):
            self.label((64, y, 44, 40), str(i), ("heading",), colour="accent")
            self.label((112, y, 600, 110), ctx.t(f"discuss.q{i}"), ("body", "small", "caption"))
            y += 130
        x = 800
        self.label((x - 40, 150, 456, 40), ctx.t("discuss.next"), ("body.bold", "small"),
                   colour="text.dim")
        self.buttons.append(Button(pygame.Rect(x - 40, 200, 456, 60), ctx.t("discuss.cards"),
                                   "cards", kind="secondary"))
        y = 284
        for citizen in (c for c in CITIZENS if c in scene.others):
            self.buttons.append(Button(pygame.Rect(x - 40, y, 456, 52),
                                       ctx.t("debrief.replay_as", name=short_name(ctx, citizen)),
                                       f"replay:{citizen}"))
            y += 64
        self.buttons.append(Button(pygame.Rect(x - 40, y + 12, 456, 52), ctx.t("discuss.again"),
                                   "again", kind="link"))
