"""After the ending, one question: was the system fair?

Why (DESIGN §1, the last row: "popular with the advantaged who enjoy the perks"):
the answer is counted with where the run ended — a top tier (AAA, AA) or A and below,
A being where everyone starts —
and the debrief sets the two groups side by side, so visitors see that whether the
system looks fair depends on where it put you. Only the band is kept, never the
tier: two groups are coarse enough that an answer says nothing about one visitor.

The question comes once, after a visitor's own run (never after a replay). It can
be skipped — the link, or Esc — and Enter alone skips too (the focus starts on the
link), so hurrying through never counts as an opinion. The autoplayer skips it.
The answer is counted here, once, in the installed store (game.stats); it travels
on in the visit so the debrief can say "you said".
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pygame

from ..commands import Back
from ..stats import tier_band
from ..ui.widgets import Button, FocusGroup, Label
from .base import Replace, Scene
from .common import LEAD_ROLES, TITLE_ROLES, draw_rule, fitted
from .visit import POLL_ANSWERS, Visit

log = logging.getLogger("trustworthy.stats")

SKIP = "skip"
ANSWER_H, ANSWER_GAP = 64, 12  # big targets: a finger from a step away


class PollScene(Scene):
    """`visit` holds the finished run (its last); `session` is that run's."""

    def __init__(self, ctx, visit: Visit, session):
        super().__init__(ctx)
        self.visit, self.session = visit, session
        self.answered = False  # counted already (a second press changes nothing)
        margin = ctx.theme.size("margin")
        width = 1280 - 2 * margin
        state = session.state
        self.step = fitted(ctx, (margin, 56, width, 30), ctx.t("poll.step"),
                           ("small", "caption"), colour="text.dim")
        self.heading = fitted(ctx, (margin, 90, width, 60), ctx.t("poll.heading"),
                              TITLE_ROLES)
        self.lead = fitted(ctx, (margin, 178, width, 84),
                           ctx.t("poll.lead", days=state.days, tier=session.tier_id(),
                                 name=ctx.t(f"citizen.{state.citizen}.short")),
                           LEAD_ROLES, colour="text.dim")
        answer_w = min(760, width - 360)
        answers = [Button(pygame.Rect(margin, 284 + i * (ANSWER_H + ANSWER_GAP),
                                      answer_w, ANSWER_H),
                          ctx.t(f"poll.{a}"), a, number=i + 1)
                   for i, a in enumerate(POLL_ANSWERS)]
        bottom = answers[-1].rect.bottom
        skip_x = margin + answer_w + 48
        skip = Button(pygame.Rect(skip_x, bottom - ANSWER_H, 1280 - margin - skip_x, ANSWER_H),
                      ctx.t("poll.skip"), SKIP, kind="link")
        # Enter alone skips; the ring appears once keys are used (touch is the norm).
        self.group = FocusGroup(answers + [skip], focus=len(answers), focus_visible=False)
        band = tier_band(session.tier_id())
        self.note = fitted(ctx, (margin, bottom + 24, width, 720 - bottom - 48),
                           ctx.t(f"poll.note_{band}"), ("small", "caption"),
                           colour="text.faint")

    def number_of(self, answer: str) -> int:
        return POLL_ANSWERS.index(answer) + 1

    def handle(self, command):
        if isinstance(command, Back):
            return self._go_on("")
        action = self.group.handle(command)
        if action == SKIP:
            return self._go_on("")
        if action in POLL_ANSWERS:
            self.visit.sound.play("select")
            return self._go_on(action)
        return None

    def _go_on(self, answer: str):
        from .debrief import DebriefScene

        if answer and not self.answered:
            self.answered = True
            _count(answer, self.session.tier_id())
        visit = replace(self.visit, poll=answer)
        return Replace(DebriefScene(self.ctx, visit, self.session))

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.step.draw(surface, ctx)
        self.heading.draw(surface, ctx)
        draw_rule(surface, ctx, self.heading.rect.x, 158)
        self.lead.draw(surface, ctx)
        self.group.draw(surface, ctx)
        self.note.draw(surface, ctx)

    def text_boxes(self):
        labels: list[Label] = [self.step, self.heading, self.lead, self.note]
        return [l.text_box() for l in labels] + [b.text_box(self.ctx)
                                                 for b in self.group.buttons]


def _count(answer: str, final_tier: str) -> None:
    from .. import hubclient, stats

    hubclient.offer_poll(answer)
    store = stats.installed()
    if store is None:
        return
    try:
        store.record_poll(answer, final_tier)
    except Exception:  # a counting bug must not cost the visitor the debrief
        log.exception("visitor stats: a poll answer could not be counted")


def _after_run(ctx, citizen: str = "courier"):
    from ..city import grown_city

    visit = Visit.start(instant=True, city_factory=grown_city)
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick("comply"))
    return PollScene(ctx, visit.finished(session), session)


SCREENSHOTS = {"poll": _after_run}
