"""The job board: today's openings, and the ones your tier may not apply for.

Why (DESIGN §1: "some jobs are closed"): the closed openings are not hidden; they
stay on the board, greyed, with a lock and the tier they ask for. The player sees
the door before it shuts, and that it shut because of a number.
"""

from __future__ import annotations

import pygame


from ..ui.widgets import TierBadge
from .common import cash
from .panel import ServicePanel

ROW_H = 36


def draw_lock(surface, colour, centre) -> None:
    x, y = centre
    pygame.draw.rect(surface, colour, (x - 8, y - 2, 16, 12), border_radius=2)
    pygame.draw.arc(surface, colour, (x - 6, y - 11, 12, 14), 0, 3.1416, 2)


class JobsPanel(ServicePanel):
    duration = 0.6

    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        x, w = self.inner.x, self.inner.width
        self.rows_y = self.inner.y + 36
        min_tier = {j.id: j.min_tier for j in self.book.perks.jobs}
        self.rows = []
        for i, (job_id, message, ok) in enumerate(self.answer.jobs):
            y = self.rows_y + i * ROW_H
            needs = self.tiers[min_tier[job_id]]
            name = self.label((x + 36, y, 212, ROW_H), ctx.t(message), ("small", "caption"),
                              colour="text" if ok else "text.faint", valign="middle")
            status = self.label((x + 346, y, w - 346, ROW_H),
                                ctx.t("jobs.open" if ok else "jobs.closed"),
                                ("small", "caption"), colour="score.gain" if ok else "score.loss",
                                valign="middle")
            self.rows.append((ok, y, needs, name, status))
        self.open_count = sum(1 for ok, *_ in self.rows if ok)
        y = self.rows_y + len(self.rows) * ROW_H + 8
        self.footer = self.label((x, y, w, self.inner.bottom - y),
                                 ctx.t("jobs.footer", tier=self.tiers[self.my_tier]),
                                 ("small", "caption"), colour="text.dim")
        hired = ctx.t("jobs.hired", wage=cash(ctx, session.hired_wage()))
        self.result = {
            True: self.label((x, y, w, self.inner.bottom - y), hired, ("small", "caption"),
                             colour="accent"),
            False: self.label((x, y, w, self.inner.bottom - y), ctx.t("jobs.none"),
                              ("small", "caption"), colour="score.loss"),
        }
        for label in self.result.values():
            self.labels.remove(label)

    def title_text(self):
        return self.ctx.t("jobs.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        for ok, y, needs, _, _ in self.rows:
            if ok:
                pygame.draw.circle(surface, ctx.colour("score.gain"), (self.inner.x + 12,
                                                                      y + ROW_H // 2), 6)
            else:
                draw_lock(surface, ctx.colour("text.faint"), (self.inner.x + 12, y + ROW_H // 2))
            TierBadge(needs, (self.inner.x + 254, y + 6), ROW_H - 12).draw(surface, ctx)
            pygame.draw.line(surface, ctx.colour("rule"), (self.inner.x, y + ROW_H - 1),
                             (self.inner.right, y + ROW_H - 1))
        applied = turn is not None and turn.choice == "apply"
        for label in self.labels:
            if not (applied and label is self.footer):
                label.draw(surface, ctx)
        if applied:
            self.result[self.open_count > 0].draw(surface, ctx)

    def text_boxes(self):
        return super().text_boxes() + [l.text_box() for l in self.result.values()]


def _shot(ctx, score_change=0):
    from .moment import staged

    return staged(ctx, "graduate", "job_board", score_change=score_change)


SCREENSHOTS = {
    "moment-jobs-tier-c": lambda ctx: _shot(ctx, score_change=-200),
}
