"""What a moment's right-hand panel is: the city's answer, drawn.

Why a small base class: each service (fare gate, clinic queue, loan desk, job board,
ticket machine, contacts) shows a different picture, but the moment scene treats
them alike — build one from the session when the moment opens, draw it with the
time since the phase began and, once the player has chosen, the `Turn` that
followed. A panel copies what it shows when it is built (the session moves on as
soon as the player chooses), so drawing never reads a later state.

Also here: `StakesPanel`, for moments without a service: the rules at stake and
what watches this place, so the player always knows the odds before choosing.
"""

from __future__ import annotations

import pygame

from engine.score import Event, detection_probability

from ..ui.text import draw_text
from ..ui.widgets import Panel
from .common import fitted, signed_colour


class ServicePanel:
    """Base: a titled card. `intro` and `duration` are how long the before- and
    after-choice animations last (the scene skips them in instant mode)."""

    intro = 0.0
    duration = 0.0

    def __init__(self, ctx, session, rect: pygame.Rect):
        self.ctx = ctx
        self.rect = pygame.Rect(rect)
        self.book = session.data.book
        self.answer = session.answer  # the city's typed answer (engine/answers.py)
        self.citizen = session.state.citizen
        self.my_tier = session.tier()
        self.tiers = self.book.tiers.ids
        self.inner = self.rect.inflate(-40, -36)
        self.title = fitted(ctx, (self.inner.x, self.inner.y - 2, self.inner.width, 28),
                            self.title_text(), ("small", "caption"), colour="text.dim")
        self.labels = []  # every Label the panel draws (for text checks)

    def title_text(self) -> str:
        return ""

    def own(self, message_id: str) -> str:
        """The citizen's own variant of a message (`<id>.<citizen>`) if the locale has
        one, else the message id itself."""
        own = f"{message_id}.{self.citizen}"
        return own if self.ctx.locale.has(own) else message_id

    def label(self, rect, text, roles=("small", "caption"), colour="text", **kw):
        made = fitted(self.ctx, rect, text, roles, colour=colour, **kw)
        self.labels.append(made)
        return made

    def draw(self, surface, t: float, turn) -> None:
        Panel(self.rect).draw(surface, self.ctx)
        self.title.draw(surface, self.ctx)

    def text_boxes(self):
        return [self.title.text_box()] + [l.text_box() for l in self.labels]


DETECTION_KEYS = {
    "camera": "stakes.camera", "informant": "stakes.informant", "online": "stakes.online",
    "record": "stakes.record", "registry": "stakes.registry", "self": "stakes.self",
}


def stakes(ctx, book, moment) -> list[tuple[int, str, str]]:
    """(points, rule name, how the city learns of it) for each rule the moment's
    choices touch, once each: what every moment shows before the choice."""
    place = book.places[moment.place]
    out, seen = [], set()
    for choice in moment.choices:
        for rule_id in choice.events:
            if rule_id in seen:
                continue
            seen.add(rule_id)
            rule = book.rule(rule_id)
            p = detection_probability(book, Event(rule_id, 1, moment.place))
            out.append((rule.points, ctx.t(rule.message),
                        ctx.t(DETECTION_KEYS[rule.detection], percent=round(p * 100),
                              camera=place.camera or "—")))
    return out


class StakesPanel(ServicePanel):
    """The rules a moment's choices touch, with their points and their odds."""

    def __init__(self, ctx, session, rect):
        self.moment = session.moment()
        super().__init__(ctx, session, rect)
        place = self.book.places[self.moment.place]
        x, w = self.inner.x, self.inner.width
        kinds = {self.book.rule(r).detection for c in self.moment.choices for r in c.events}
        # The place's camera is named only where a camera is what sees the rules here.
        if place.camera and "camera" in kinds:
            watch = ctx.t("stakes.place_camera", place=ctx.t(place.message),
                          camera=place.camera, percent=round(place.coverage * 100))
        elif "informant" in kinds:
            watch = ctx.t("stakes.place_informant", place=ctx.t(place.message))
        else:
            watch = ctx.t("stakes.place_none", place=ctx.t(place.message))
        self.watch = self.label((x, self.inner.y + 34, w, 56), watch, ("body", "small",
                                                                        "caption"))
        self.rows = []
        y = self.inner.y + 108
        for points, rule_name, how in stakes(ctx, self.book, self.moment):
            name = self.label((x + 100, y, w - 100, 28), rule_name,
                              ("body.bold", "small", "caption"))
            detail = self.label((x + 100, y + 30, w - 100, 26), how, ("small", "caption"),
                                colour="text.dim")
            self.rows.append((points, y, name, detail))
            y += 72
        if not self.rows:
            self.label((x, y, w, 60), ctx.t("stakes.nothing"), ("body", "small", "caption"),
                       colour="text.dim")
        self.footer = self.label((x, self.inner.bottom - 52, w, 52), ctx.t("stakes.footer"),
                                 ("caption",), colour="text.faint")

    def title_text(self) -> str:
        return self.ctx.t("stakes.title")

    def draw(self, surface, t, turn):
        super().draw(surface, t, turn)
        ctx = self.ctx
        for label in self.labels:
            label.draw(surface, ctx)
        for points, y, _, _ in self.rows:
            draw_text(surface, ctx.locale.signed(points), ctx.font("heading"),
                      ctx.colour(signed_colour(points)),
                      pygame.Rect(self.inner.x, y, 96, 40))
