"""The citizen card: who you will be for the next few days.

Why it looks like this: the lesson of the game is in the *differences* between
these four lives (DESIGN §2: "same rules for all; different circumstances"), so
the card shows exactly what the score engine will see — money, income, the
rules that score who they are, the tiers of their friends — before the player
has made a single choice. The courier's "who you are" box is empty: no act of his
could fill it. Picking a citizen starts the run; the run length (a week for the
kiosk, a month for the classroom) is a quiet option underneath.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from ..commands import Back
from ..ui.widgets import Button, FocusGroup, Panel, TierBadge
from .base import Pop, Replace, Scene
from .common import BODY_ROLES, cash, draw_rule, fitted
from .visit import CITIZENS, Visit

CARD = pygame.Rect(560, 112, 664, 520)


class CitizenScene(Scene):
    def __init__(self, ctx, visit: Visit, focus: str = "courier"):
        super().__init__(ctx)
        self.visit = visit
        margin = 56
        self.heading = fitted(ctx, (margin, 40, 480, 56), ctx.t("pick.heading"),
                              ("title", "heading"))
        self.lead = fitted(ctx, (margin, 112, 470, 80), ctx.t("pick.lead"),
                           ("body", "small", "caption"), colour="text.dim")
        buttons = [Button(pygame.Rect(margin, 208 + i * 92, 470, 80),
                          ctx.t(f"citizen.{c}.name"), c, number=i + 1)
                   for i, c in enumerate(CITIZENS)]
        length_key = "pick.length_full" if visit.run_length == "full" else \
            "pick.length_short"
        if not visit.kiosk:  # a kiosk's visitor gets the kiosk's length: nothing to change
            buttons.append(Button(pygame.Rect(margin, 584, 470, 48),
                                  ctx.t(length_key, days=visit.days), "length", kind="link"))
        self.group = FocusGroup(buttons)
        self.group.focus = next((i for i, b in enumerate(buttons) if b.action == focus), 0)
        self.hint = fitted(ctx, (margin, 660, 1280 - 2 * margin, 36), ctx.t("pick.hint_touch" if visit.kiosk else "pick.hint"),
                           ("small", "caption"), colour="text.faint")
        self.cards = {c: self._card(c) for c in CITIZENS}

    def _card(self, citizen_id: str) -> dict:
        """The labels of one citizen's card, laid out once."""
        ctx, story, book = self.ctx, self.visit.data.story, self.visit.data.book
        c = story.citizens[citizen_id]
        inner = CARD.inflate(-56, -48)
        x, w = inner.x, inner.width
        labels = {
            "name": fitted(ctx, (x, inner.y, w, 40), ctx.t(f"citizen.{citizen_id}.name"),
                           ("heading", "body.bold")),
            # (a debt's line comes out of the summary's room)
            "summary": fitted(ctx, (x, inner.y + 52, w, 104 - 14 * bool(c.debt)),
                              ctx.t(f"citizen.{citizen_id}.summary"), BODY_ROLES),
            "money": fitted(ctx, (x, inner.y + 164 - 14 * bool(c.debt), w, 30 - 4 * bool(c.debt)),
                            ctx.t("pick.money", money=cash(ctx, c.money),
                                  income=cash(ctx, c.income), cost=cash(ctx, c.living_cost)),
                            ("body.bold", "small", "caption")),
            # A starting debt is a fact of the life, like the money: under it, and the
            # goal moves down a line to make room (only for citizens who owe).
            "goal": fitted(ctx, (x, inner.y + 202, w, 60),
                           ctx.t("pick.goal", goal=ctx.t(f"citizen.{citizen_id}.goal")),
                           ("small", "caption"), colour="text.dim"),
            "who_title": fitted(ctx, (x, inner.y + 274, w, 26), ctx.t("pick.who_you_are"),
                                ("small", "caption"), colour="text.dim"),
        }
        if c.debt:
            labels["debt"] = fitted(ctx, (x, inner.y + 176, w, 24),
                                    ctx.t("pick.debt", money=cash(ctx, c.debt), day=c.debt_due),
                                    ("small", "caption"), colour="score.loss")
        if c.circumstances:
            parts = [ctx.t("pick.circumstance", rule=ctx.t(book.rule(r).message),
                           points=ctx.locale.signed(book.rule(r).points))
                     for r in c.circumstances]
            who = ctx.t("pick.circumstances_list", items=" · ".join(parts))
            colour = "score.gain"
        else:
            who = ctx.t("pick.no_circumstances")
            colour = "text"
        labels["who"] = fitted(ctx, (x, inner.y + 302, w, 56), who, BODY_ROLES,
                               colour=colour)
        labels["friends_title"] = fitted(ctx, (x, inner.y + 372, w, 26),
                                         ctx.t("pick.contacts"), ("small", "caption"),
                                         colour="text.dim")
        friends = []
        for i, f in enumerate(c.friends):
            y = inner.y + 404 + i * 36
            friends.append((TierBadge(f.tier, (x, y), 28),
                            fitted(ctx, (x + 100, y, w - 100, 30),
                                   ctx.t(f"friend.{f.id}.name"), ("small", "caption"),
                                   valign="middle")))
        labels["friends"] = friends
        return labels

    # --- behaviour -----------------------------------------------------------------
    def number_of(self, citizen: str) -> int:
        return CITIZENS.index(citizen) + 1

    def shown(self) -> str:
        """The citizen the card shows: the one hovered, else the one focused."""
        group = self.group
        for index in (group.hover, group.focus):
            if index is not None and group.buttons[index].action in CITIZENS:
                return group.buttons[index].action
        return CITIZENS[0]

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        action = self.group.handle(command)
        if action == "length":
            length = "short" if self.visit.run_length == "full" else "full"
            return Replace(CitizenScene(self.ctx, self.visit.with_length(length),
                                        focus="length"))
        if action in CITIZENS:
            self.visit.sound.play("select")
            from .building import CityBuildScene

            visit = replace(self.visit, follow=None)
            return Replace(CityBuildScene(self.ctx, visit, action))
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        draw_rule(surface, ctx, self.heading.rect.x, 100)
        self.lead.draw(surface, ctx)
        self.group.draw(surface, ctx)
        self.hint.draw(surface, ctx)
        Panel(CARD).draw(surface, ctx)
        card = self.cards[self.shown()]
        for key in ("name", "summary", "money", "debt", "goal", "who_title", "who",
                    "friends_title"):
            if key in card:
                card[key].draw(surface, ctx)
        for badge, label in card["friends"]:
            badge.draw(surface, ctx)
            label.draw(surface, ctx)
        pygame.draw.line(surface, ctx.colour("rule"), (CARD.x + 28, CARD.y + 286),
                         (CARD.right - 28, CARD.y + 286))

    def text_boxes(self):
        boxes = [self.heading.text_box(), self.lead.text_box(), self.hint.text_box()]
        boxes += [b.text_box(self.ctx) for b in self.group.buttons]
        for card in self.cards.values():
            for key, value in card.items():
                if key == "friends":
                    boxes += [label.text_box() for _, label in value]
                else:
                    boxes.append(value.text_box())
        return boxes


SCREENSHOTS = {
    "citizen": lambda ctx: CitizenScene(ctx, Visit.start(), focus="courier"),
    "citizen-civil-servant": lambda ctx: CitizenScene(ctx, Visit.start(),
                                                      focus="civil-servant"),
}
