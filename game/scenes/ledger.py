"""The ledger: every record the city holds on you, grouped by rule.

Why two columns: real pilots scored circumstances as well as acts (Hangzhou and
Suzhou counted education, employment and residence; DESIGN §8). Putting "what you
did" and "who you are" side by side, each rule with its records beneath it, lets
the player see at once which part of the number any choice could have changed.
Acts that nobody saw are listed too, apart: the score is what the city saw, not
what happened. The sum under the heading is the ledger law made visible: the score
is the start plus every record, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame

from ..commands import Back, Move, Scroll
from ..ui.hud import source_text
from ..ui.text import draw_text, fits
from ..ui.widgets import Button, FocusGroup
from .base import Pop, Scene
from .common import best_role, draw_rule, fitted, signed_colour

COLUMNS = (pygame.Rect(64, 196, 560, 440), pygame.Rect(656, 196, 560, 440))
GROUP_H, ROW_H = 40, 28


@dataclass(frozen=True)
class Row:
    text: str
    delta: int | None  # None: no amount (an unseen act, a note)
    group: bool  # a rule's heading line
    role: str = ""  # text role, chosen to fit the column

    @property
    def height(self) -> int:
        return GROUP_H if self.group else ROW_H

    def box(self, column: pygame.Rect) -> tuple[int, int]:
        indent = 0 if self.group else 24
        return (column.width - indent - 80, self.height - 4)


def rule_rows(ctx, records) -> list[Row]:
    """Rows for records grouped by rule, first-seen order, each with its total."""
    groups: dict[str, list] = {}
    for r in records:
        groups.setdefault(r.rule, []).append(r)
    rows = []
    for rule_records in groups.values():
        first = rule_records[0]
        total = sum(r.delta for r in rule_records)
        rows.append(Row(ctx.tn("ledger.group", len(rule_records), rule=ctx.t(first.message)),
                        total, True))
        for r in rule_records:
            place = ctx.t(f"place.{r.place}") if r.place else ""
            key = "ledger.record_place" if place else "ledger.record"
            rows.append(Row(ctx.t(key, day=r.day, source=source_text(ctx, r), place=place),
                            r.delta, False))
    return rows


class LedgerScene(Scene):
    def __init__(self, ctx, session):
        super().__init__(ctx)
        self.session = session
        state, book = session.state, session.data.book
        records = state.ledger.records
        self.heading = fitted(ctx, (64, 40, 700, 56), ctx.t("ledger.heading"),
                              ("title", "heading"))
        self.sum = fitted(ctx, (64, 112, 1152, 30),
                          ctx.tn("ledger.sum", len(records), score=ctx.locale.number(state.score),
                                 start=ctx.locale.number(book.tiers.start),
                                 change=ctx.locale.signed(state.score - book.tiers.start)),
                          ("body", "small", "caption"), colour="text.dim")
        did = [r for r in records if r.kind != "circumstance"]
        who = [r for r in records if r.kind == "circumstance"]
        left = rule_rows(ctx, did)
        unseen = [(t, o) for t in session.turns for o in t.unseen
                  if book.rule(o.event.rule).points]
        if unseen:
            left.append(Row(ctx.tn("ledger.unseen", len(unseen)), None, True))
            left += [Row(ctx.t("ledger.unseen_row", day=t.day,
                               rule=ctx.t(book.rule(o.event.rule).message)), None, False)
                     for t, o in unseen]
        if not left:
            left = [Row(ctx.t("ledger.none_did"), None, True)]
        right = rule_rows(ctx, who) or [Row(ctx.t("ledger.none_who"), None, True)]
        # One size for all headings and one for all lines: the largest that fits them all.
        roles = {True: ("body.bold", "small", "caption"), False: ("small", "caption")}
        every = [(r, c) for c, rows in zip(COLUMNS, (left, right)) for r in rows]
        chosen = {kind: next((role for role in options
                              if all(best_role(ctx, r.text, r.box(c), (role,)) == role
                                     and fits(r.text, ctx.font(role), r.box(c),
                                              ctx.theme.size("line.gap"))
                                     for r, c in every if r.group == kind)), options[-1])
                  for kind, options in roles.items()}
        self.columns = [[replace(r, role=chosen[r.group]) for r in rows]
                        for rows in (left, right)]
        self.titles = [
            fitted(ctx, (c.x, 156, c.width, 30), ctx.t(key, points=ctx.locale.signed(
                sum(r.delta for r in part))), ("body.bold", "small", "caption"))
            for c, key, part in zip(COLUMNS, ("ledger.did", "ledger.who"), (did, who))]
        self.offset = 0
        self.group = FocusGroup([Button(pygame.Rect(1216 - 200, 652, 200, 52),
                                        ctx.t("ui.close"), "close", kind="primary")])
        self.hint = fitted(ctx, (64, 660, 900, 40), ctx.t("ledger.hint"),
                           ("small", "caption"), colour="text.faint")

    @property
    def max_offset(self) -> int:
        tallest = max(sum(r.height for r in rows) for rows in self.columns)
        return max(0, tallest - COLUMNS[0].height)

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        if isinstance(command, Move) and command.dy:
            self.offset = min(self.max_offset, max(0, self.offset + command.dy * ROW_H * 3))
            return None
        if isinstance(command, Scroll):
            self.offset = min(self.max_offset, max(0, self.offset - command.dy * ROW_H * 3))
            return None
        if self.group.handle(command) == "close":
            return Pop()
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        draw_rule(surface, ctx, 64, 100)
        self.sum.draw(surface, ctx)
        for title in self.titles:
            title.draw(surface, ctx)
        for rect, rows in zip(COLUMNS, self.columns):
            pygame.draw.line(surface, ctx.colour("rule"), (rect.x, rect.y - 6),
                             (rect.right, rect.y - 6))
            self._draw_rows(surface, rect, rows)
        if self.max_offset:
            self.hint.draw(surface, ctx)
        self.group.draw(surface, ctx)

    def _draw_rows(self, surface, rect, rows) -> None:
        ctx = self.ctx
        clip = surface.get_clip()
        surface.set_clip(rect)
        y = rect.y - self.offset
        for row in rows:
            h = row.height
            if y + h >= rect.y and y <= rect.bottom:
                font = ctx.font(row.role)
                indent = 0 if row.group else 24
                colour = ctx.colour("text" if row.group or row.delta is not None else "text.dim")
                draw_text(surface, row.text, font, colour,
                          pygame.Rect(rect.x + indent, y + 6 if row.group else y,
                                      rect.width - indent - 80, h - 4))
                if row.delta is not None:
                    draw_text(surface, ctx.locale.signed(row.delta), font,
                              ctx.colour(signed_colour(row.delta)),
                              pygame.Rect(rect.right - 76, y + 6 if row.group else y, 76,
                                          h - 4), align="right")
            y += h
        surface.set_clip(clip)

    def text_boxes(self):
        from ..ui.text import TextBox

        boxes = [self.heading.text_box(), self.sum.text_box(), self.hint.text_box()]
        boxes += [t.text_box() for t in self.titles]
        for rect, rows in zip(COLUMNS, self.columns):
            boxes += [TextBox(row.text, row.role, row.box(rect)) for row in rows]
        return boxes + [self.group.buttons[0].text_box(self.ctx)]


def _played(ctx, citizen, strategy):
    from ..city import grown_city
    from .visit import Visit

    visit = Visit.start(instant=True, city_factory=grown_city)
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick(strategy))
    return LedgerScene(ctx, session)


SCREENSHOTS = {
    "ledger-courier": lambda ctx: _played(ctx, "courier", "random"),
    "ledger-civil-servant": lambda ctx: _played(ctx, "civil-servant", "comply"),
}
