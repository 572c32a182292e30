"""Between days: the night's bookkeeping, and on Mondays, who you are.

Why a screen of its own: the records a night makes are the ones no choice of the
night made — the daily penalty for a friend's tier, a loan falling due, and each
Monday the registry's points for a degree, a steady job, a local household
registration. Showing them apart, on a quiet page with the score's course so far,
is how the player feels that some points are about who they are. Day 1 opens with
the same page, so the first thing a courier learns is that the registry gave him
nothing.
"""

from __future__ import annotations

import pygame

from ..commands import Activate, Back
from ..ui.charts import Mark, draw_score_chart
from ..ui.hud import BarState, ScoreBar
from ..ui.text import draw_text
from ..ui.widgets import Button, FocusGroup, Panel
from .base import Pop, Scene
from .common import BODY_ROLES, cash, draw_rule, fitted, signed_cash, signed_colour
from .visit import Visit

CHART = pygame.Rect(680, 150, 552, 400)
# After a day the chart is shorter: under it, the informal economy around you.
CHART_NIGHT = pygame.Rect(680, 150, 552, 262)
STREET = pygame.Rect(668, 438, 576, 186)


def score_points(session) -> list[tuple[int, int]]:
    """(day, score) from the start through each finished day."""
    start = session.data.book.tiers.start + sum(r.delta for r in session.opening_records)
    return [(0, start)] + [(i + 1, s) for i, s in enumerate(session.state.daily_scores)]


def marks(ctx, session) -> list[Mark]:
    """Every record as a mark on the score line, placed within its day."""
    out = []
    for turn in session.turns:
        for r in turn.records:
            out.append(Mark(r.day - 1 + (turn.slot + 1) / 4, r.delta, ctx.t(r.message)))
    return out


class DayScene(Scene):
    def __init__(self, ctx, visit: Visit, session, turn):
        super().__init__(ctx)
        self.visit, self.session, self.turn = visit, session, turn
        self.time = 0.0
        state, story = session.state, session.data.story
        x, w = 96, 540
        if turn is None:  # the night before day 1
            heading = ctx.t("day.first", day=1)
            after = list(session.opening_records)
        else:
            heading = ctx.t("day.end", day=turn.day)
            step_count = sum(len(o.records) for o in turn.step.outcomes)
            after = list(turn.records[step_count:])
        week = [r for r in after if r.kind == "circumstance"]
        night = [r for r in after if r not in week]
        # The heading stays in the left column: the right one has its own heading.
        self.heading = fitted(ctx, (x, 104, 560, 56), heading, ("title", "heading"))
        y = 184
        self.labels, self.amounts = [], []
        if turn is not None:
            citizen = story.citizens[state.citizen]
            wage = session.wage()
            rows = [(ctx.t("day.wages"), wage), (ctx.t("day.living"), -citizen.living_cost)]
            rest = state.money - (turn.money_before + turn.money) - wage + citizen.living_cost
            if abs(rest) >= 0.5:
                rows.append((ctx.t("day.repaid"), rest))
            for text, amount in rows:
                self._row(x, y, w, signed_cash(ctx, amount), amount, text)
                y += 34
            self._line(x, y, w, ctx.t("day.balance", money=cash(ctx, state.money)),
                       "body.bold")
            y += 50
        if any(r.rule == "court_defaulter" for r in night):
            # The court's list is not one more record among the night's: it is the
            # real travel ban (FACTS.md), so it gets a line of its own.
            self._line(x, y, w, ctx.t("day.court_listed"), "body.bold", "tier.D")
            y += 40
        if night:
            self._line(x, y, w, ctx.t("day.night_records"), "small", "text.dim")
            y += 30
            for r in night:
                self._row(x, y, w, ctx.locale.signed(r.delta), r.delta, ctx.t(r.message))
                y += 34
            y += 12
        if turn is None or week:
            self._line(x, y, w, ctx.t("day.week"), "small", "text.dim")
            y += 30
            if week:
                for r in week:
                    self._row(x, y, w, ctx.locale.signed(r.delta), r.delta, ctx.t(r.message))
                    y += 34
            else:
                name = ctx.t(f"citizen.{state.citizen}.name").split(",")[0]
                self.labels.append(fitted(ctx, (x, y, w, 84), ctx.t("day.week_nothing",
                                                                   name=name),
                                          BODY_ROLES))
                y += 88
        if turn is None:
            citizen = story.citizens[state.citizen]
            y += 16
            self.labels.append(fitted(ctx, (x, y, w, 64), ctx.t(
                "day.opening_money", money=cash(ctx, state.money),
                income=cash(ctx, citizen.income), cost=cash(ctx, citizen.living_cost)),
                BODY_ROLES))
            self.labels.append(fitted(ctx, (x, y + 76, w, 90), ctx.t(
                "pick.goal", goal=ctx.t(f"citizen.{state.citizen}.goal")), BODY_ROLES,
                colour="text.dim"))
        if turn is not None:
            y = self._tier_change(x, y, w)
        self.street = self._street() if turn is not None else []
        if not session.over and turn is not None and y + 38 <= 620:  # else the button says it
            self._line(x, y + 8, w, ctx.t("day.next", day=state.day), "small", "text.dim")
        self.chart_title = fitted(ctx, (CHART.x, CHART.y - 36, CHART.width, 28),
                                  ctx.t("day.chart" if turn else "day.compare"),
                                  ("small", "caption"), colour="text.dim")
        self.compare = [] if turn else self._compare()
        self.bar = ScoreBar(ctx, not visit.sound.muted, visit.sound.available)
        label = ctx.t("day.begin", day=state.day)
        self.group = FocusGroup([Button(pygame.Rect(1232 - 320, 628, 320, 60), label,
                                        "continue", kind="primary")])

    def _tier_change(self, x: int, y: int, w: int) -> int:
        """A tier change is an event: what it changed for you, at today's prices."""
        ctx, s = self.ctx, self.session
        scores = s.state.daily_scores
        before = scores[-2] if len(scores) > 1 else s.data.book.tiers.start + sum(
            r.delta for r in s.opening_records)
        change = s.tier_change(before)
        if change is None:
            return y
        b, a = change["before"], change["after"]

        def rate(r):
            return ctx.t("day.refused") if r is None else ctx.t(
                "loan.rate", rate=ctx.locale.number(r * 100, 1))

        what = ctx.t("day.tier_what", fare_before=ctx.locale.money(b["fare"]),
                     fare_after=ctx.locale.money(a["fare"]), rate_before=rate(b["rate"]),
                     rate_after=rate(a["rate"]), jobs_before=b["jobs"], jobs_after=a["jobs"])
        if b["train"] != a["train"]:
            what += " " + ctx.t("day.tier_train_" + ("open" if a["train"] else "closed"))
        colour = "score.gain" if a["fare"] <= b["fare"] else "score.loss"
        self._line(x, y, w, ctx.t("day.tier_changed", old=change["old"], new=change["new"]),
                   "body.bold", colour)
        self.labels.append(fitted(ctx, (x, y + 34, w, 60), what, ("small", "caption")))
        return y + 100

    def _street(self) -> list:
        """The informal economy around the player, growing as the scores move: the
        city's cash jobs and the bank's refusals, and the player's own circle, each
        beside the morning they arrived (Session.street, from the city's arrays)."""
        ctx, street = self.ctx, self.session.street()
        if street is None:
            return []
        loc = ctx.locale

        def change(pair):
            return loc.signed(pair[1] - pair[0])

        x, y, w = STREET.x + 12, STREET.y, STREET.width - 24
        city = ctx.t("day.street_city", citizens=loc.number(street.citizens),
                     cash=loc.number(street.cash_work[1]), cash_change=change(street.cash_work),
                     refused=loc.number(street.bank_refused[1]),
                     refused_change=change(street.bank_refused))
        circle = ctx.t("day.street_circle", contacts=street.contacts[1],
                       contacts_change=change(street.contacts), cash=street.contacts_cash[1],
                       low=street.contacts_low[1])
        city_label = fitted(ctx, (x, y + 26, w, 96), city, ("small", "caption"))
        return [fitted(ctx, (x, y, w, 26), ctx.t("day.street"), ("caption",),
                       colour="text.dim"), city_label,
                fitted(ctx, (x, y + 124, w, 62), circle, (city_label.role, "caption"))]

    def _compare(self) -> list:
        """Day 1's picture: the week's who-you-are points of every citizen, side by
        side — the same rules, different lives."""
        from .visit import CITIZENS

        ctx, story, book = self.ctx, self.session.data.story, self.session.data.book
        rows = []
        for i, citizen in enumerate(CITIZENS):
            c = story.citizens[citizen]
            points = sum(book.rule(r).points for r in c.circumstances)
            y = CHART.y + 24 + i * 92
            name = fitted(ctx, (CHART.x + 20, y, 150, 30), ctx.t(f"citizen.{citizen}.short"),
                          ("body.bold", "small"))
            value = fitted(ctx, (CHART.x + 20, y + 34, 150, 26),
                           ctx.t("day.per_week", points=ctx.locale.signed(points)),
                           ("small", "caption"), colour="text.dim")
            rows.append((citizen, points, y, name, value))
        return rows

    def _draw_compare(self, surface) -> None:
        ctx = self.ctx
        top = max(1, max(points for _, points, *_ in self.compare))
        width = CHART.width - 210
        for citizen, points, y, name, value in self.compare:
            mine = citizen == self.session.state.citizen
            if mine:
                pygame.draw.rect(surface, ctx.colour("button.hover"),
                                 (CHART.x + 6, y - 8, CHART.width - 12, 76), border_radius=8)
            name.draw(surface, ctx)
            value.draw(surface, ctx)
            bar = pygame.Rect(CHART.x + 186, y + 14, max(3, int(width * points / top)), 28)
            pygame.draw.rect(surface, ctx.colour("score.gain" if points else "text.faint"), bar,
                             border_radius=4)

    def _line(self, x, y, w, text, role="body", colour="text"):
        self.labels.append(fitted(self.ctx, (x, y, w, 30), text, (role, "small", "caption"),
                                  colour=colour))

    def _row(self, x, y, w, amount_text, amount, text):
        self.amounts.append((pygame.Rect(x, y, 120, 30), amount_text, amount))
        self.labels.append(fitted(self.ctx, (x + 130, y, w - 130, 30), text,
                                  ("small", "caption")))

    def handle(self, command):
        if isinstance(command, Back) or self.group.handle(command) == "continue":
            return Pop()
        return None

    def update(self, dt):
        if self.time == 0.0:
            self.visit.sound.play("day")
        self.time += dt
        self.session.catch_up(1)  # the other lives follow, one choice a frame
        if self.visit.follow is not None and (self.visit.instant or self.time > 1.5):
            return Pop()
        return None

    def draw(self, surface):
        ctx, s = self.ctx, self.session
        surface.fill(ctx.colour("bg"))
        book, state = s.data.book, s.state
        when = (ctx.t("hud.night", day=self.turn.day, days=state.days) if self.turn
                else ctx.t("hud.when", day=1, days=state.days, slot=ctx.t("slot.morning")))
        days = state.daily_scores
        trend = (days[-1] - (days[-2] if len(days) > 1 else book.tiers.start) if days
                 else state.score - book.tiers.start)
        self.bar.draw(surface, BarState(ctx.t(f"citizen.{state.citizen}.short"), when,
                                        state.score, book.tiers.ids[s.tier()], trend,
                                        state.money))
        self.heading.draw(surface, ctx)
        draw_rule(surface, ctx, 96, 166)
        for rect, text, amount in self.amounts:
            draw_text(surface, text, ctx.font("body.bold"), ctx.colour(signed_colour(amount)),
                      rect)
        for label in self.labels + self.street:
            label.draw(surface, ctx)
        chart = CHART if self.compare else CHART_NIGHT
        Panel(chart.inflate(24, 24)).draw(surface, ctx)
        self.chart_title.draw(surface, ctx)
        if self.compare:
            self._draw_compare(surface)
        else:
            draw_score_chart(surface, ctx, chart, book.tiers, score_points(s), state.days,
                             marks(ctx, s), label_marks=2)
        self.group.draw(surface, ctx)

    def text_boxes(self):
        return ([self.heading.text_box(), self.chart_title.text_box()]
                + [label.text_box() for *_, name, value in self.compare
                   for label in (name, value)]
                + [l.text_box() for l in self.labels + self.street]
                + [b.text_box(self.ctx) for b in self.group.buttons + self.bar.buttons])


def _staged(ctx, citizen, days_played, opening=False):
    from ..city import grown_city

    visit = Visit.start(instant=True, city_factory=grown_city)
    session = visit.new_session(citizen)
    while not session.over and len(session.state.daily_scores) < days_played:
        session.choose(session.autopick("random" if citizen == "courier" else "comply"))
    return DayScene(ctx, visit, session, None if opening else session.turns[-1])


def _listed(ctx, citizen="graduate"):
    """The night the court lists a citizen who let a starting debt go unpaid."""
    from ..city import grown_city

    visit = Visit.start(instant=True, city_factory=grown_city)
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick("cut"))
        turn = session.turns[-1]
        if any(r.rule == "court_defaulter" for r in turn.records):
            return DayScene(ctx, visit, session, turn)
    raise AssertionError(f"{citizen} was never listed by the court")


SCREENSHOTS = {
    "day-end-court-listed": _listed,
    "day-1-courier": lambda ctx: _staged(ctx, "courier", 0, opening=True),
    "day-1-civil-servant": lambda ctx: _staged(ctx, "civil-servant", 0, opening=True),
    "day-end-courier": lambda ctx: _staged(ctx, "courier", 3),
}
