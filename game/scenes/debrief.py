"""The debrief: opening the machine after living in it.

Why pages, in this order (DESIGN §8, "live it, predict, then open the machine"):
1. Your score — its course with the events marked, and *why* it ended there, in
   rules and circumstances, never in skill.
2. Other lives — the same kind of choices (keep the rules or cut the corner) replayed
   by the other three citizens, at the moments of their own days, in the same city: the lesson of the game in one table (Roussos & Dovidio: a poverty game can
   teach blame unless the structure is shown). Replay any of them, watching.
3. Your receipt — the perks you received and paid, and who funded whom.
4. The city — tier D beside the whole population, the informal economy beside a
   control city with no scoring, and your prediction beside the result.
   Other visitors (only where a statistics store is installed: a kiosk, the
   desktop, the browser) — your choices, prediction and poll answer beside
   everyone's, today and in all (debrief_others.py).
5. Talk about it — three questions, the "What's real?" cards, play again.

Left/right arrows turn pages; Tab and Enter reach every button.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from ..commands import Back, Click, Move
from ..ui.charts import draw_score_chart
from ..ui.widgets import Button, FocusGroup, Panel, TierBadge
from .base import Push, Replace, Reset, Scene
from ..ui.text import fits
from .common import best_role, cash, fitted, text_height
from .day import marks, score_points
from .visit import CITIZENS, Visit, shadow_runs

PAGES = ("score", "lives", "receipt", "city", "discuss")
OTHERS = "others"  # the page of other people's choices, before "discuss"
CONTENT = pygame.Rect(64, 140, 1152, 480)


def short_name(ctx, citizen: str) -> str:
    return ctx.t(f"citizen.{citizen}.short")


TAB_TOUCH = 48  # a tab answers a tap this tall (the touch-target size)

class Page:
    """One page: labels, drawings, and its own buttons (before the navigation)."""

    def __init__(self, scene):
        self.scene, self.ctx = scene, scene.ctx
        self.labels, self.buttons = [], []

    def label(self, rect, text, roles=("body", "small", "caption"), colour="text", **kw):
        made = fitted(self.ctx, rect, text, roles, colour=colour, **kw)
        self.labels.append(made)
        return made

    def draw(self, surface) -> None:
        for label in self.labels:
            label.draw(surface, self.ctx)

    def text_boxes(self):
        return [l.text_box() for l in self.labels]


def share_text(ctx, summary: dict, short: bool = False) -> str:
    """What keeping the rules cost, against what the days left above food and rent:
    "102%" (short) or "102% of what was left after food and rent"."""
    if summary["spare_money"] <= 0:
        return ctx.t("debrief.no_spare" if short else "debrief.no_spare_phrase")
    share = round(100 * summary["kept_rules_cost"] / summary["spare_money"])
    return ctx.t("debrief.share_of_spare" if short else "debrief.share_phrase", share=share)


def why_lines(ctx, session, summary: dict) -> list[str]:
    """The explanation, in rules and circumstances, of where a run ended."""
    s = session
    name = short_name(ctx, s.state.citizen)
    lines = []
    circumstance = [r for r in s.state.ledger.records if r.kind == "circumstance"]
    gains = list(dict.fromkeys(ctx.t(r.message) for r in circumstance if r.delta > 0))
    who = summary["who_you_are_points"]
    if gains:
        lines.append(ctx.t("debrief.why_who", name=name, points=ctx.locale.signed(who),
                           rules=ctx.locale.join(gains)))
    else:
        lines.append(ctx.t("debrief.why_who_none", name=name, points=ctx.locale.signed(who)))
    lines.append(ctx.tn("debrief.why_did", summary["chances_to_earn"], name=name,
                        points=ctx.locale.signed(summary["what_you_did_points"])))
    closed = summary["rule_keeping_closed"]
    key = "debrief.why_cost_closed" if closed else "debrief.why_cost"
    lines.append(ctx.tn(key, closed, name=name, cost=cash(ctx, round(summary["kept_rules_cost"])),
                        share=share_text(ctx, summary)))
    if summary["ending"] == "model":  # the irony, said once: what a "model" did
        done = [ctx.t(f"debrief.irony.{act}") for act in IRONY if any(
            choice.endswith(f":{act}") for choice in summary["choices"])]
        if done:
            lines.append(ctx.t("debrief.irony_line", name=name, acts=ctx.locale.join(done)))
    return lines


# Choice ids (the end of the summary's "day:moment:choice") a model citizen may have
# made on the way: the debrief names them (debrief.irony.<id>).
IRONY = ("jump", "report", "cut")


class ScorePage(Page):
    def __init__(self, scene):
        super().__init__(scene)
        ctx, s = self.ctx, scene.session
        summary = scene.summary
        self.chart = pygame.Rect(64, 176, 620, 400)
        self.label((64, 140, 620, 28), ctx.t("debrief.chart"), ("small", "caption"),
                   colour="text.dim")
        x, w = 728, 488
        y = 140
        head = ctx.t("debrief.result", name=short_name(ctx, s.state.citizen),
                     ending=ctx.t(f"ending.{summary['ending']}.title"),
                     score=ctx.locale.number(summary["final_score"]))
        self.badge = TierBadge(summary["final_tier"], (x, y + 8), 40)
        self.label((x + 130, y, w - 130, 60), head, ("body.bold", "small", "caption"),
                   valign="middle")
        y += 76
        lines = why_lines(ctx, s, summary)
        role = next((r for r in ("body", "small") if all(
            best_role(ctx, line, (w, 110), (r,)) == r and fits(
                line, ctx.font(r), (w, 110), ctx.theme.size("line.gap")) for line in lines)),
            "caption")  # one size for all three, the largest that fits
        for line in lines:
            made = self.label((x, y, w, 110), line, (role, "caption"))
            y += text_height(ctx, line, made.role, w) + 24

    def draw(self, surface):
        super().draw(surface)
        ctx, s = self.ctx, self.scene.session
        Panel(self.chart.inflate(20, 20)).draw(surface, ctx)
        draw_score_chart(surface, ctx, self.chart, s.data.book.tiers, score_points(s),
                         s.state.days, marks(ctx, s))
        self.badge.draw(surface, ctx)


class LivesPage(Page):
    """The same kind of choices, four lives: one column per citizen, one row per
    reason; a note under the table says what "share of spare money" measures."""

    ROWS = ("tier", "score", "circumstances", "did", "fading", "chances", "cost", "share")
    LABEL_W, TOP, ROW_H = 300, 262, 32

    def __init__(self, scene):
        super().__init__(scene)
        ctx = self.ctx
        self.label((64, 142, 1152, 64), ctx.t("debrief.lives_lead"), ("body", "small"),
                   colour="text.dim")
        lives = [(scene.session.state.citizen, scene.summary, True)]
        lives += [(c, scene.others[c], False) for c in CITIZENS if c in scene.others]
        col_w = (1152 - self.LABEL_W) // len(lives)
        self.columns = [64 + self.LABEL_W + i * col_w for i in range(len(lives))]
        self.col_w = col_w
        self.label((64, 200, self.LABEL_W - 16, 58), ctx.t("debrief.lived_by"),
                   ("small", "caption"), colour="text.dim", valign="bottom")
        for key, y in zip(self.ROWS, self.row_ys()):
            self.label((64, y, self.LABEL_W - 16, self.ROW_H), ctx.t(f"debrief.col_{key}"),
                       ("small", "caption"), colour="text.dim", valign="middle")
        self.badges = []
        for x, (citizen, summary, you) in zip(self.columns, lives):
            name = ctx.t("debrief.you_as" if you else "debrief.same_as",
                         name=short_name(ctx, citizen))
            self.label((x + 8, 200, col_w - 16, 58), name,
                       ("body.bold" if you else "body", "small", "caption"), valign="bottom")
            ys = self.row_ys()
            self.badges.append(TierBadge(summary["final_tier"], (x + 8, ys[0] + 3),
                                         self.ROW_H - 6))
            values = [ctx.locale.number(summary["final_score"]),
                      ctx.locale.signed(summary["who_you_are_points"]),
                      ctx.locale.signed(summary["what_you_did_points"]),
                      ctx.locale.signed(summary["records_fading_points"]),
                      str(summary["chances_to_earn"]),
                      cash(ctx, round(summary["kept_rules_cost"])),
                      share_text(ctx, summary, short=True)]
            for value, y in zip(values, ys[1:]):
                self.label((x + 8, y, col_w - 16, self.ROW_H), value,
                           ("body.bold" if you else "body", "small", "caption"),
                           valign="middle")
        bottom = self.TOP + len(self.ROWS) * self.ROW_H
        self.label((64, bottom + 6, 1152, 590 - bottom - 8), ctx.t("debrief.share_note"),
                   ("small", "caption"), colour="text.dim")
        for i, citizen in enumerate(c for c in CITIZENS if c in scene.others):
            self.buttons.append(Button(pygame.Rect(64 + i * 300, 590, 284, 52),
                                       ctx.t("debrief.replay_as", name=short_name(ctx, citizen)),
                                       f"replay:{citizen}"))

    def row_ys(self) -> list[int]:
        return [self.TOP + i * self.ROW_H for i in range(len(self.ROWS))]

    def draw(self, surface):
        ctx = self.ctx
        pygame.draw.rect(surface, ctx.colour("panel"),
                         (self.columns[0], 204, self.col_w,
                          self.TOP + len(self.ROWS) * self.ROW_H - 196),
                         border_radius=8)
        for y in self.row_ys():
            pygame.draw.line(surface, ctx.colour("rule"), (64, y), (1216, y))
        super().draw(surface)
        for badge in self.badges:
            badge.draw(surface, ctx)


class DebriefScene(Scene):
    """`stats` and `audience`: the statistics store for the "other visitors" page
    and who it counts; by default the installed store (game.stats), none in tests."""

    def __init__(self, ctx, visit: Visit, session, page: int = 0, *, stats=None,
                 audience: str | None = None):
        super().__init__(ctx)
        from .. import stats as visitor_stats

        self.visit, self.session = visit, session
        self.summary = session.summary("player")
        self.report = session.report()
        self.others = shadow_runs(session)
        self.stats = stats if stats is not None else visitor_stats.installed()
        self.audience = audience or visitor_stats.audience()
        self.page_ids = PAGES if self.stats is None else PAGES[:-1] + (OTHERS, PAGES[-1])
        self.heading = fitted(ctx, (64, 28, 700, 56), ctx.t("debrief.heading"),
                              ("title", "heading"))
        step = CONTENT.width // len(self.page_ids)
        self.tabs = [fitted(ctx, (64 + i * step, 96, step - 10, 28), self.tab_text(p),
                            ("small", "caption"), colour="text.dim")
                     for i, p in enumerate(self.page_ids)]
        from .debrief_others import OthersPage
        from .debrief_pages import CityPage, DiscussPage, ReceiptPage

        builders = {"score": ScorePage, "lives": LivesPage, "receipt": ReceiptPage,
                    "city": CityPage, OTHERS: OthersPage, "discuss": DiscussPage}
        self.pages = [builders[p](self) for p in self.page_ids]
        self.page = page
        self._focus()

    def tab_text(self, page_id: str) -> str:
        if page_id == OTHERS:
            from .debrief_others import WORDS

            return self.ctx.t(f"{WORDS[self.audience]}.tab")
        return self.ctx.t(f"debrief.tab.{page_id}")

    def _focus(self) -> None:
        ctx = self.ctx
        nav = []
        if self.page > 0:
            nav.append(Button(pygame.Rect(64, 652, 200, 52), ctx.t("debrief.back"), "back"))
        if self.page < len(self.page_ids) - 1:
            nav.append(Button(pygame.Rect(1216 - 380, 652, 380, 52),
                              ctx.t("debrief.next",
                                    page=self.tab_text(self.page_ids[self.page + 1])),
                              "next", kind="primary"))
        self.group = FocusGroup(nav[::-1] + self.pages[self.page].buttons)

    def turn_to(self, page: int) -> None:
        self.page = max(0, min(len(self.page_ids) - 1, page))
        self._focus()

    def handle(self, command):
        if isinstance(command, Back):
            if self.page:
                self.turn_to(self.page - 1)
            return None
        if isinstance(command, Click):  # the tabs look clickable, so they are
            for i, tab in enumerate(self.tabs):
                if tab.rect.inflate(0, TAB_TOUCH - tab.rect.height).collidepoint(command.pos):
                    self.turn_to(i)
                    return None
        if isinstance(command, Move) and command.dx:
            self.turn_to(self.page + command.dx)
            return None
        action = self.group.handle(command)
        if action == "next":
            self.turn_to(self.page + 1)
        elif action == "back":
            self.turn_to(self.page - 1)
        elif isinstance(action, str) and action.startswith("replay:"):
            from .moment import MomentScene

            citizen = action.split(":", 1)[1]
            visit = replace(self.visit, follow=self.visit.runs[-1])
            return Replace(MomentScene.start(self.ctx, visit, citizen))
        elif action == "cards":
            from .cards import CardsScene

            return Push(CardsScene(self.ctx))
        elif action == "again":
            from .title import TitleScene

            return Reset(TitleScene(self.ctx, visit=self.visit.fresh()))
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        for i, tab in enumerate(self.tabs):
            if i == self.page:
                pygame.draw.rect(surface, ctx.colour("accent"),
                                 (tab.rect.x, tab.rect.bottom + 4, tab.rect.width - 20, 3))
                fitted(ctx, tab.rect, tab.text, ("small", "caption")).draw(surface, ctx)
            else:
                tab.draw(surface, ctx)
        pygame.draw.line(surface, ctx.colour("rule"), (64, 132), (1216, 132))
        self.pages[self.page].draw(surface)
        self.group.draw(surface, ctx)

    def text_boxes(self):
        boxes = [self.heading.text_box()] + [t.text_box() for t in self.tabs]
        for page in self.pages:
            boxes += page.text_boxes() + [b.text_box(self.ctx) for b in page.buttons]
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


def _played(ctx, citizen="courier", strategy="comply", page=0, prediction="young_men",
            stats=None, audience=None, poll=""):
    from ..city import grown_city

    visit = Visit.start(instant=True, city_factory=grown_city)
    visit = replace(visit, prediction=prediction, poll=poll)
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick(strategy))
    return DebriefScene(ctx, visit.finished(session), session, page=page, stats=stats,
                        audience=audience)


class _Day:
    """An injected clock whose day the caller moves."""

    def __init__(self, day):
        self.day = day

    def __call__(self):
        return self.day


def seeded_stats(visitors: int = 40, today: int = 12):
    """An in-memory store with made-up counts (screenshots, tests): `visitors` runs,
    the last `today` of them today, with a spread of choices, predictions and poll
    answers (those who ended in a top tier find the system fairer)."""
    from datetime import date

    from ..stats import MemoryBackend, VisitorStats, tier_band

    clock = _Day(date(2025, 3, 1))
    stats = VisitorStats(MemoryBackend(), clock)
    picks = {"neighbour": ("report", "ignore", "talk", "report"),
             "friend": ("cut", "keep", "keep"), "post": ("share", "scroll", "scroll"),
             "red_light_delivery": ("cross", "cross", "wait"),
             "red_light": ("cross", "wait", "wait"), "loan": ("bank", "without", "lender"),
             "loan_graduate": ("bank", "without", "lender"),
             "loan_retiree": ("bank", "without", "lender"),
             "loan_servant": ("bank", "savings"),
             "instalment": ("pay", "ask", "ignore"), "card_bill": ("pay", "ignore", "pay"),
             "metro": ("pay", "pay", "jump", "walk"), "charity": ("donate", "keep"),
             "recycling": ("sort", "dump", "sort")}
    predictions = ("young_men", "rule_breakers", "rule_breakers", "anyone", "old_poor")
    tiers = ("AA", "A", "AAA", "B", "C", "D", "AA", "A")
    answers = {"top": ("fair", "fair", "fair_for_some", "fair", "not_sure"),
               "bottom": ("unfair", "fair_for_some", "fair", "unfair", "unfair")}
    for n in range(visitors):
        if n == visitors - today:
            clock.day = date(2025, 3, 2)
        choices = [f"{i + 1}:{m}:{c[n % len(c)]}" for i, (m, c) in enumerate(picks.items())]
        tier = tiers[n % len(tiers)]
        stats.record_run({"citizen": "courier", "final_tier": tier, "ending": "ordinary",
                          "choices": choices}, prediction=predictions[n % len(predictions)])
        stats.record_poll(answers[tier_band(tier)][n % 5], tier)
    clock.day = date(2025, 3, 2)
    return stats


SCREENSHOTS = {
    f"debrief-{i + 1}-{name}": (lambda i: lambda ctx: _played(ctx, page=i))(i)
    for i, name in enumerate(PAGES)
}
SCREENSHOTS["debrief-1-score-civil-servant"] = lambda ctx: _played(ctx, "civil-servant")
SCREENSHOTS["debrief-4-city"] = lambda ctx: _played(ctx, page=3)
SCREENSHOTS["debrief-5-others-kiosk"] = lambda ctx: _played(
    ctx, "courier", "cut-corners", page=4, stats=seeded_stats(), audience="visitors",
    poll="fair_for_some")
SCREENSHOTS["debrief-5-others-computer-few"] = lambda ctx: _played(
    ctx, "civil-servant", page=4, stats=seeded_stats(visitors=3, today=1),
    audience="computer", poll="fair")
