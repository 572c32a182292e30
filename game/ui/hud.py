"""The score, always in view: the bar across the top of a run, the feed of records,
and the pop-ups that announce each change.

Why it is built like this (DESIGN §1: "nothing changes silently"): every change
of the score is shown three times — as a pop-up beside the number the moment it
happens, with its rule, its amount and what saw it; as a line in the feed; and in
the ledger. The number, the tier badge (a shape as well as a colour) and the trend
sit in the same place on every screen of a run, so the player learns to glance at
them the way the city does.

Everything here draws from values passed in (the score to show, the records); the
scene owns time and animation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame

from engine.score import Outcome, Record

from .text import TextBox, break_units, draw_text, fits, join_units
from .widgets import Button, TierBadge

BAR_H = 80  # the score bar's height


# --- words for records ------------------------------------------------------------

def source_text(ctx, record: Record) -> str:
    """What saw it: "camera J-04", "utility and bank records", …"""
    if record.camera:
        return ctx.t("hud.camera", camera=record.camera)
    return ctx.t(record.source)


def record_text(ctx, record: Record) -> str:
    """ "Crossing on red · camera J-04" (the amount is drawn apart, in colour)."""
    return ctx.t("hud.record", rule=ctx.t(record.message), source=source_text(ctx, record))


def unseen_text(ctx, outcome: Outcome, book) -> str:
    """An act nobody saw: "No camera saw you — this time (camera J-04 sees 60% …)"."""
    rule = book.rule(outcome.event.rule)
    percent = round(outcome.probability * 100)
    if rule.detection == "camera":
        place = book.places[outcome.event.place]
        if not place.camera:
            return ctx.t("hud.unseen.no_camera", rule=ctx.t(rule.message))
        key = "hud.unseen.camera_good" if rule.points > 0 else "hud.unseen.camera"
        return ctx.t(key, rule=ctx.t(rule.message), camera=place.camera, percent=percent)
    key = {"informant": "hud.unseen.informant", "online": "hud.unseen.online"}.get(
        rule.detection, "hud.unseen.other")
    return ctx.t(key, rule=ctx.t(rule.message), percent=percent)


# --- the bar ----------------------------------------------------------------------

@dataclass
class BarState:
    """What the bar shows: filled by the scene from its session."""

    who: str  # "Hao, 22 — delivery courier"
    when: str  # "Day 3 of 7 · morning"
    score: int  # the number shown (may be mid-count during an animation)
    tier: str  # tier id
    trend: int  # change since the start of the day
    money: float


class ScoreBar:
    """The band across the top. Its buttons (the ledger, and sound where there is
    any) join the scene's focus group, after the scene's own buttons; draw the group
    after the bar.

    `sound_offered`: the session can play sound. A kiosk (silent by design), the
    attract demo, a headless run or a machine without audio has none, so no
    "Sound: on" link promises what is not there."""

    def __init__(self, ctx, sound_on: bool, sound_offered: bool = True):
        self.ctx = ctx
        # Quiet links under the feed (the bar itself holds only the numbers).
        self.ledger_button = Button(pygame.Rect(684, 656, 300, 48), ctx.t("hud.ledger"),
                                    "ledger", kind="link")
        self.sound_button = (Button(pygame.Rect(1000, 656, 232, 48),
                                    ctx.t("hud.sound_on" if sound_on else "hud.sound_off"),
                                    "sound", kind="link") if sound_offered else None)

    @property
    def buttons(self) -> list[Button]:
        return [self.ledger_button] + ([self.sound_button] if self.sound_button else [])

    def popup_rect(self, state: BarState) -> pygame.Rect:
        """Where pop-ups go: the empty right end of the bar, after the money — so a
        pop-up sits beside the number it changes and never covers the page's text."""
        ctx = self.ctx
        who_w = self._who_width(state)
        x = 32 + who_w + 36
        score_font = ctx.font("title")
        x += max(score_font.size(ctx.locale.number(state.score))[0],
                 score_font.size("0,000")[0]) + 14
        x = TierBadge(state.tier, (x, (BAR_H - 36) // 2), 36).rect(ctx).right + 18
        x += self._trend_width(state.trend) + 22
        money_w = max(ctx.font("body.bold").size(ctx.locale.money(state.money))[0],
                      ctx.font("caption").size(ctx.t("hud.money"))[0])
        left = x + min(money_w, 200) + 28
        return pygame.Rect(left, 6, 1248 - left, BAR_H - 12)

    def _who_width(self, state: BarState) -> int:
        """The name column's width. Wide enough for "Night after day 14 of 14" in
        the small font, so the score, badge and money do not slide sideways when
        the morning becomes the day (the play-test's shifting header). That width is
        taken at the theme's own text size: at 150 % the enlarged name and day need
        their room anyway, and a wider column would squeeze the pop-ups' text smaller
        than at 100 %."""
        ctx = self.ctx
        when_font = ctx.font("small")
        base = ctx.with_settings(replace(ctx.settings, text_size=100))
        steady = base.font("small").size(ctx.t("hud.night", day=14, days=14))[0]
        return max(ctx.font("body.bold").size(state.who)[0], when_font.size(state.when)[0],
                   steady, 150)

    def _trend_width(self, trend: int) -> int:
        ctx = self.ctx
        return max(22 + ctx.font("body.bold").size(ctx.locale.signed(trend))[0],
                   ctx.font("caption").size(ctx.t("hud.today"))[0])

    def draw(self, surface, state: BarState) -> None:
        ctx = self.ctx
        pygame.draw.rect(surface, ctx.colour("bg.deep"), (0, 0, 1280, BAR_H))
        pygame.draw.line(surface, ctx.colour("rule"), (0, BAR_H - 1), (1280, BAR_H - 1))
        who_font, when_font = ctx.font("body.bold"), ctx.font("small")
        who_w = self._who_width(state)
        draw_text(surface, state.who, who_font, ctx.colour("text"),
                  pygame.Rect(32, 10, who_w + 4, 32), valign="middle")
        draw_text(surface, state.when, when_font, ctx.colour("text.dim"),
                  pygame.Rect(32, 42, who_w + 4, 28), valign="middle")
        x = 32 + who_w + 36
        pygame.draw.line(surface, ctx.colour("rule"), (x - 18, 14), (x - 18, BAR_H - 14))
        score_font = ctx.font("title")
        image = score_font.render(ctx.locale.number(state.score), True, ctx.colour("text"))
        surface.blit(image, (x, (BAR_H - image.get_height()) // 2))
        x += max(image.get_width(), score_font.size("0,000")[0]) + 14
        badge = TierBadge(state.tier, (x, (BAR_H - 36) // 2), 36)
        badge.draw(surface, ctx)
        x = badge.rect(ctx).right + 18
        x += self._draw_trend(surface, x, state.trend) + 22
        money_font = ctx.font("body.bold")
        draw_text(surface, ctx.locale.money(state.money), money_font,
                  ctx.colour("score.loss" if state.money < 0 else "text"),
                  pygame.Rect(x, 10, 200, 32), valign="middle")
        draw_text(surface, ctx.t("hud.money"), ctx.font("caption"), ctx.colour("text.dim"),
                  pygame.Rect(x, 42, 200, 28), valign="middle")

    def _draw_trend(self, surface, x: int, trend: int) -> int:
        """The day's change: an arrow (up, down, or a bar for none) and the number.
        Returns the width used."""
        ctx = self.ctx
        colour = ctx.colour("score.gain" if trend > 0 else "score.loss" if trend < 0
                            else "score.neutral")
        cy = 26
        if trend > 0:
            points = [(x, cy + 6), (x + 8, cy - 6), (x + 16, cy + 6)]
        elif trend < 0:
            points = [(x, cy - 6), (x + 8, cy + 6), (x + 16, cy - 6)]
        else:  # a dot, not a bar: a bar before "0" reads as "−0"
            points = None
            pygame.draw.circle(surface, colour, (x + 8, cy), 4)
        if points:
            pygame.draw.polygon(surface, colour, points)
        font = ctx.font("body.bold")
        text = ctx.locale.signed(trend)
        draw_text(surface, text, font, colour, pygame.Rect(x + 22, cy - 16, 120, 32),
                  valign="middle")
        caption = ctx.t("hud.today")
        draw_text(surface, caption, ctx.font("caption"), ctx.colour("text.dim"),
                  pygame.Rect(x, 42, 140, 28), valign="middle")
        return max(22 + font.size(text)[0], ctx.font("caption").size(caption)[0])

    def text_boxes(self):
        return [b.text_box(self.ctx) for b in self.buttons]


# --- the feed ---------------------------------------------------------------------

@dataclass(frozen=True)
class FeedLine:
    day: int
    delta: int | None  # None: an act nobody saw
    text: str


def feed_lines(ctx, turns, book, limit: int = 6, opening=(), evening=None) -> list[FeedLine]:
    """The newest records and unseen acts first; `opening` are the records made
    before the first choice (day 1's who-you-are rules). `evening`: a turn that
    closed the day, still shown as the evening's outcome — its night's records are
    left out until the night page shows them (overnight records at night, not at
    evening)."""
    lines = [FeedLine(r.day, r.delta, record_text(ctx, r)) for r in opening]
    for turn in turns:
        for outcome in turn.unseen:
            if book.rule(outcome.event.rule).points:
                lines.append(FeedLine(turn.day, None, unseen_text(ctx, outcome, book)))
        records = turn.records
        if turn is evening and turn.ended_day:
            records = records[:sum(len(o.records) for o in turn.step.outcomes)]
        for record in records:
            lines.append(FeedLine(record.day, record.delta, record_text(ctx, record)))
    return lines[::-1][:limit]


def draw_feed(surface, ctx, rect: pygame.Rect, lines: list[FeedLine], title: str) -> None:
    """A titled list: amount in colour on the left, the rule and its witness."""
    font, small = ctx.font("small"), ctx.font("caption")
    draw_text(surface, title, ctx.font("caption"), ctx.colour("text.dim"),
              pygame.Rect(rect.x, rect.y, rect.width, 22))
    y = rect.y + 28
    row = max(font.get_linesize(), 24) + 6
    if not lines:
        draw_text(surface, ctx.t("hud.feed_empty"), small, ctx.colour("text.faint"),
                  pygame.Rect(rect.x, y, rect.width, row))
    amount_w = font.size("−100")[0] + 12
    gap = ctx.theme.size("line.gap")
    text_w = rect.width - amount_w
    for line in lines:
        # A line too long for one row takes the smaller role, then two rows: never
        # cut off mid-phrase ("Smoking in a", "…utility and bank").
        # With a bigger text setting, two rows come first: the smaller role would
        # draw the line smaller than the 100 % setting does.
        text_font, height = font, row
        if not fits(line.text, font, (text_w, row - 6), gap):
            enlarged = ctx.settings.text_size > 100
            text_font = font if enlarged else small
            if enlarged or not fits(line.text, small, (text_w, row - 6), gap):
                height = 2 * text_font.get_linesize() + gap + 8
        if y + height > rect.bottom:
            break
        if line.delta is None:
            pygame.draw.circle(surface, ctx.colour("text.faint"),
                               (rect.x + 8, y + row // 2 - 2), 4, 1)
            colour = ctx.colour("text.dim")
        else:
            key = "score.gain" if line.delta > 0 else "score.loss" if line.delta < 0 \
                else "score.neutral"
            draw_text(surface, ctx.locale.signed(line.delta), font, ctx.colour(key),
                      pygame.Rect(rect.x, y, amount_w, row - 6))
            colour = ctx.colour("text")
        draw_text(surface, line.text, text_font, colour,
                  pygame.Rect(rect.x + amount_w, y, text_w, height - 6), gap=gap)
        y += height


# --- pop-ups ----------------------------------------------------------------------

POPUP_ROLES = ("small", "caption")


def popup_fit(ctx, delta: int | None, text: str, area: pygame.Rect) -> TextBox:
    """The pop-up's text as shown — in the largest role that fits beside its amount,
    cut at a word with "…" if even the smallest does not (the full text stays in
    the moment's list and the feed) — with its role and box."""
    font = ctx.font("body.bold")
    amount_w = font.size(ctx.locale.signed(delta))[0] + 16 if delta is not None else 0
    box = (area.width - amount_w - 32, area.height)
    gap = ctx.theme.size("line.gap")
    # a bigger text setting keeps the larger role (cut, rather than drawn smaller
    # than at 100 %: the full text is in the list and the feed)
    roles = POPUP_ROLES[:1] if ctx.settings.text_size > 100 else POPUP_ROLES
    for role in roles:
        if fits(text, ctx.font(role), box, gap):
            return TextBox(text, role, box)
    role = roles[-1]
    words = break_units(text)  # words, or Chinese characters
    while len(words) > 1 and not fits(join_units(words) + "…", ctx.font(role), box, gap):
        words.pop()
    return TextBox(join_units(words) + "…", role, box)


def popup_box(ctx, delta: int | None, text: str, area: pygame.Rect) -> TextBox:
    """The text of a pop-up and the box it must fit (for the scenes' fit checks)."""
    return popup_fit(ctx, delta, text, area)


def draw_popup(surface, ctx, area: pygame.Rect, delta: int | None, text: str,
               alpha: float, rise: int = 0) -> None:
    """One announcement: "−10  Crossing on red · camera J-04" on a small card, at the
    left of `area` and no wider or taller than it (the text steps down a size, then
    wraps, rather than spilling out)."""
    font = ctx.font("body.bold")
    amount = ctx.locale.signed(delta) if delta is not None else ""
    key = ("score.neutral" if not delta else "score.gain" if delta > 0 else "score.loss")
    amount_w = font.size(amount)[0] + (16 if amount else 0)
    shown = popup_fit(ctx, delta, text, area)
    text, small = shown.text, ctx.font(shown.role)
    text_w = min(small.size(text)[0], shown.size[0])
    card = pygame.Rect(area.x, area.y + rise, amount_w + text_w + 32, area.height)
    layer = pygame.Surface(card.size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (*ctx.colour("panel"), 240), layer.get_rect(), border_radius=10)
    pygame.draw.rect(layer, (*ctx.colour(key), 255), layer.get_rect(), 2, border_radius=10)
    if amount:
        draw_text(layer, amount, font, ctx.colour(key),
                  pygame.Rect(16, 0, amount_w, card.height), valign="middle")
    draw_text(layer, text, small, ctx.colour("text"),
              pygame.Rect(16 + amount_w, 0, text_w + 1, card.height), valign="middle",
              gap=ctx.theme.size("line.gap"))
    layer.set_alpha(int(255 * max(0.0, min(1.0, alpha))))
    surface.blit(layer, card.topleft)
