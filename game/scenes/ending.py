"""The ending: where the run left this citizen, in one title, one badge, one paragraph.

Why it is short: the ending is a verdict the city hands down (model, ordinary,
discredited, off the books); the *why* belongs to the debrief that follows, which
takes it apart. Here the player sees only what the city sees — a tier, a score —
and the three numbers that explain most of it: points for who you are, points for
what you did, and what keeping the rules cost.

Also here: `LeaveScene`, the "leave this run?" dialog behind Esc.
"""

from __future__ import annotations

import pygame


from ..commands import Back
from ..ui.widgets import Button, FocusGroup, Panel, TierBadge
from .base import Pop, Replace, Reset, Scene
from .common import BODY_ROLES, LEAD_ROLES, cash, draw_rule, draw_veil, fitted
from .visit import Visit


def reason_text(ctx, session) -> str:
    reason = session.ending_reason()
    if reason == "cash_work":
        return ctx.tn("end.why.cash_work", len(set(session.state.informal_days)))
    return ctx.t(f"end.why.{reason}", tier=session.tier_id())


class EndingScene(Scene):
    def __init__(self, ctx, visit: Visit, session):
        super().__init__(ctx)
        self.visit, self.session = visit, session
        s, state = session, session.state
        ending = s.ending()
        self.ending = ending
        self.tier = s.tier_id()
        margin = ctx.theme.size("margin")
        w = 1280 - 2 * margin
        self.kicker = fitted(ctx, (margin, 96, w, 30),
                             ctx.tn("end.kicker", state.days,
                                    name=ctx.t(f"citizen.{state.citizen}.name")),
                             ("small", "caption"), colour="text.dim")
        self.title = fitted(ctx, (margin, 132, 760, 96), ctx.t(f"ending.{ending}.title"),
                            ("display", "title", "heading"))
        self.badge = TierBadge(self.tier, (margin, 250), 56)
        self.score = fitted(ctx, (margin + 180, 246, 760, 36),
                            ctx.t("end.score", score=ctx.locale.number(state.score),
                                  tier=ctx.t(f"tier.{self.tier}")), ("heading", "body.bold"),
                            valign="middle")
        self.reason = fitted(ctx, (margin + 180, 282, 760, 26), reason_text(ctx, session),
                             ("small", "caption"), colour="text.dim")
        self.text = fitted(ctx, (margin, 332, 960, 116), ctx.t(f"ending.{ending}.text"),
                           LEAD_ROLES)
        from .debrief import share_text

        parts = s.score_parts()  # the same decomposition as every other screen
        facts = [
            ctx.t("end.who", points=ctx.locale.signed(parts["who"])),
            ctx.t("end.did", points=ctx.locale.signed(parts["did"]),
                  fading=ctx.locale.signed(parts["fading"])),
            ctx.t("end.cost", money=cash(ctx, round(s.kept_rules_cost())),
                  share=share_text(ctx, s.summary("player"))),
        ]
        self.facts = [fitted(ctx, (margin + i * (w // 3), 480, w // 3 - 24, 120), f, BODY_ROLES)
                      for i, f in enumerate(facts)]
        self.group = FocusGroup([Button(pygame.Rect(1280 - margin - 460, 620, 460, 60),
                                        ctx.t("end.continue"), "continue", kind="primary")])

    def handle(self, command):
        if isinstance(command, Back) or self.group.handle(command) == "continue":
            return Replace(self.next_scene())
        return None

    def next_scene(self) -> Scene:
        """The run is over: it is counted (where the game counts runs: not in a
        kiosk, whose shell does), then the poll — only after the visitor's own run,
        never after a replay — and the debrief."""
        from ..stats import count_finished
        from .debrief import DebriefScene
        from .poll import PollScene

        visit = self.visit.finished(self.session)
        if visit.runs[-1].replay_of:
            return DebriefScene(self.ctx, visit, self.session)
        count_finished(visit)
        return PollScene(self.ctx, visit, self.session)

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.kicker.draw(surface, ctx)
        self.title.draw(surface, ctx)
        draw_rule(surface, ctx, self.title.rect.x, 236, 120)
        self.badge.draw(surface, ctx)
        self.score.draw(surface, ctx)
        self.reason.draw(surface, ctx)
        self.text.draw(surface, ctx)
        for label in self.facts:
            pygame.draw.line(surface, ctx.colour("rule"), (label.rect.x, label.rect.y - 14),
                             (label.rect.right, label.rect.y - 14))
            label.draw(surface, ctx)
        self.group.draw(surface, ctx)

    def text_boxes(self):
        labels = [self.kicker, self.title, self.score, self.reason, self.text, *self.facts]
        return [l.text_box() for l in labels] + [self.group.buttons[0].text_box(self.ctx)]


class LeaveScene(Scene):
    """Esc during a run: keep playing, or go back to the title (nothing is kept)."""

    overlay = True

    def __init__(self, ctx, visit: Visit, session=None):
        super().__init__(ctx)
        self.visit = visit
        # A long run's days are not thrown away: at a morning after a whole day the
        # run can end here, and the ending and debrief read the days played.
        self.session = session if session is not None and session.can_end_early() else None
        early = self.session is not None
        # wide enough that no button label wraps in the projector's big text
        self.panel = Panel(pygame.Rect(190, 200, 900, 360 if early else 280))
        self.heading = fitted(ctx, (230, 230, 820, 48), ctx.t("leave.heading"),
                              ("title", "heading"))
        body = (ctx.tn("leave.body_early", self.session.state.day - 1) if early
                else ctx.t("leave.body"))
        self.body = fitted(ctx, (230, 286, 820, 96), body, BODY_ROLES, colour="text.dim")
        buttons = [
            Button(pygame.Rect(230, 396, 400, 56), ctx.t("leave.stay"), "stay", kind="primary"),
            Button(pygame.Rect(650, 396, 400, 56), ctx.t("leave.quit"), "quit"),
        ]
        if early:
            buttons.insert(1, Button(pygame.Rect(230, 472, 820, 56),
                                     ctx.tn("leave.end", self.session.state.day - 1), "end"))
        self.group = FocusGroup(buttons)

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        action = self.group.handle(command)
        if action == "stay":
            return Pop()
        if action == "end" and self.session is not None:
            self.session.end_early()
            return Reset(EndingScene(self.ctx, self.visit, self.session))
        if action == "quit":
            from .title import TitleScene

            return Reset(TitleScene(self.ctx, visit=self.visit.fresh()))
        return None

    def draw(self, surface):
        draw_veil(surface, self.ctx)
        self.panel.draw(surface, self.ctx)
        self.heading.draw(surface, self.ctx)
        self.body.draw(surface, self.ctx)
        self.group.draw(surface, self.ctx)

    def text_boxes(self):
        return [self.heading.text_box(), self.body.text_box()] + \
            [b.text_box(self.ctx) for b in self.group.buttons]


def _played(ctx, citizen, strategy="comply"):
    from ..city import grown_city

    visit = Visit.start(instant=True, city_factory=grown_city)
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick(strategy))
    return visit, session


def _leave_long_run(ctx):
    """Esc on day 4 of the two-week run: keep playing, end here, or start again."""
    from ..city import grown_city
    from .moment import MomentScene

    visit = Visit.start(instant=True, city_factory=grown_city)
    visit = visit.with_length("full")
    session = visit.new_session("courier")
    while session.state.day < 4:
        session.choose(session.autopick("comply"))
    return [MomentScene(ctx, visit, session), LeaveScene(ctx, visit, session)]


SCREENSHOTS = {
    "leave-long-run": _leave_long_run,
    "ending-courier": lambda ctx: EndingScene(ctx, *_played(ctx, "courier")),
    "ending-civil-servant": lambda ctx: EndingScene(ctx, *_played(ctx, "civil-servant")),
}
