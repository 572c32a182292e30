"""The clinic queue: people who took numbers before you, and the ones who step ahead.

Why it moves (DESIGN §1: "insiders queue-jump outsiders"; §4: the queue is
work-conserving): when the moment opens, everyone stands in the order they
arrived; then the higher tiers walk to the front, one by one, and the player's own
figure slides back. Under the line, two numbers side by side — the player's wait
with priority and without — and a third that never changes: the total of everyone's
waits, equal both ways. What one person gains, someone else waits.

Why a "What's real?" line (`real_note`, drawn by the moment under its text):
queue priority by score was not found in the pilots (they waived hospital deposits
instead); it is the essay's claim, and the scene says so where it shows it.
"""

from __future__ import annotations

import pygame

from ..ui.text import draw_text
from ..ui.widgets import draw_tier_shape
from .common import ease
from .panel import ServicePanel, fitted

STEP_SECONDS = 0.35  # each person who moves takes this long


def priority_order(tiers, priority) -> list[int]:
    """Arrival indices in the order they are served (higher priority first)."""
    return sorted(range(len(tiers)), key=lambda i: (-priority[tiers[i]], i))


class QueuePanel(ServicePanel):
    def __init__(self, ctx, session, rect):
        super().__init__(ctx, session, rect)
        n = self.answer
        queue = self.book.perks.queues["hospital"]
        self.people = list(n.tiers)
        self.me = n.me
        order = priority_order(self.people, queue.priority)
        self.served_at = {person: place for place, person in enumerate(order)}
        self.movers = [p for p in order if self.served_at[p] < p]  # who steps ahead
        self._orders = self.orders()
        # Said in the scene itself (FACTS.md: not found, L): the moment draws it.
        self.real_note = ctx.t("queue.real")
        self.intro = 0.6 + STEP_SECONDS * len(self.movers) + 0.6
        self.duration = 0.8
        x, w = self.inner.x, self.inner.width
        minutes = lambda m: ctx.tn("ui.minutes", round(m))  # noqa: E731
        self.front = self.label((x, self.inner.y + 34, w // 2, 26), ctx.t("queue.front"),
                                ("caption",), colour="text.dim")
        y = self.inner.y + 172
        half = (w - 16) // 2
        self.with_label = self.label((x, y, half, 24), ctx.t("queue.with"), ("caption",),
                                     colour="text.dim")
        self.with_value = self.label((x, y + 24, half, 36), minutes(n.my_wait),
                                     ("heading", "body.bold"))
        self.without_label = self.label((x + half + 16, y, half, 24), ctx.t("queue.without"),
                                        ("caption",), colour="text.dim")
        self.without_value = self.label((x + half + 16, y + 24, half, 36),
                                        minutes(n.my_wait_flat), ("heading", "body.bold"),
                                        colour="text.dim")
        self.total = self.label((x, y + 74, w, 56),
                                ctx.t("queue.total", with_=minutes(n.total_with),
                                      without=minutes(n.total_without),
                                      ahead=n.stepped_ahead),
                                ("small", "caption"))
        # Who passes the player, counted as they go; once all have moved, the count
        # is the answer's own (ClinicQueue.stepped_ahead)
        self.passed = [fitted(ctx, (x + w // 2, self.inner.y + 34, w - w // 2, 26),
                              ctx.t("queue.passed", count=k), ("caption",),
                              colour="score.loss" if k else "text.dim", align="right")
                       for k in range(n.stepped_ahead + 1)]
        self.after = {
            "wait": self.label((x, self.inner.bottom - 26, w, 26),
                               ctx.t(self.own("queue.after_wait"), minutes=minutes(n.my_wait)),
                               ("small", "caption"), colour="accent"),
            "leave": self.label((x, self.inner.bottom - 26, w, 26), ctx.t("queue.after_leave"),
                                ("small", "caption"), colour="accent"),
        }
        for label in self.after.values():
            self.labels.remove(label)

    def title_text(self):
        return self.ctx.t("queue.title")

    def orders(self) -> list[list[int]]:
        """The queue after each mover has stepped ahead, from arrival order to the
        order of service: movers go one at a time, in the order they are served."""
        orders = [list(range(len(self.people)))]
        for mover in self.movers:
            order = [p for p in orders[-1] if p != mover]
            order.insert(self.served_at[mover], mover)
            orders.append(order)
        return orders

    def position(self, person: int, t: float) -> tuple[float, bool]:
        """Where a person stands (0 = front) at time t, and whether they are moving."""
        steps = max(0.0, (t - 0.6) / STEP_SECONDS)
        i = min(int(steps), len(self.movers))
        if i >= len(self.movers):
            return float(self._orders[-1].index(person)), False
        frac = ease(steps - i)
        a, b = self._orders[i].index(person), self._orders[i + 1].index(person)
        return a + (b - a) * frac, person == self.movers[i] and 0 < frac < 1

    def passed_by(self, t: float) -> int:
        """How many of those who step ahead of the player have done so at time t."""
        done = min(max(0, int((t - 0.6) / STEP_SECONDS)), len(self.movers))
        order = self._orders[done]
        mine = order.index(self.me)
        return min(sum(1 for p in order[:mine] if p > self.me), len(self.passed) - 1)

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        intro_t = 1e6 if turn is not None else t
        spacing = (self.inner.width - 8) / len(self.people)
        base_y = self.inner.y + 120
        for person, tier_index in enumerate(self.people):
            pos, moving = self.position(person, intro_t)
            x = self.inner.x + 4 + pos * spacing + spacing / 2
            hop = 10.0 if moving else 0.0
            tier = self.tiers[tier_index]
            colour = ctx.theme.tier_colour(tier)
            mine = person == self.me
            body = ctx.colour("accent") if mine else ctx.colour("text.dim")
            head_y = base_y - 30 - hop
            pygame.draw.circle(surface, body, (x, head_y), 8)
            pygame.draw.rect(surface, body, (x - 10, head_y + 11, 20, 26), border_radius=6)
            shape = pygame.Rect(0, 0, 16, 16)
            shape.center = (x, head_y - 26)
            draw_tier_shape(surface, tier, shape, colour, ctx.colour("panel"))
            if mine:
                draw_text(surface, ctx.t("fare.you"), ctx.font("caption"), ctx.colour("accent"),
                          pygame.Rect(x - 30, base_y + 12, 60, 20), align="center")
        pygame.draw.line(surface, ctx.colour("rule"), (self.inner.x, base_y + 8),
                         (self.inner.right, base_y + 8))
        for label in self.labels:
            label.draw(surface, ctx)
        self.passed[self.passed_by(intro_t)].draw(surface, ctx)
        if turn is not None and turn.choice in self.after:
            self.after[turn.choice].draw(surface, ctx)

    def text_boxes(self):
        return (super().text_boxes() + [l.text_box() for l in self.after.values()]
                + [l.text_box() for l in self.passed])


def _shot(ctx, citizen, choose=None, score_change=0, seconds=None):
    from .moment import staged

    return staged(ctx, citizen, "clinic", choose=choose, score_change=score_change)


SCREENSHOTS = {
    "moment-clinic": lambda ctx: _shot(ctx, "courier", score_change=-160),
    "moment-clinic-waited": lambda ctx: _shot(ctx, "courier", "wait", score_change=-160),
}
