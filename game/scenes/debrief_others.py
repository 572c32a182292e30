"""The debrief's page of other people: what the visitors (a kiosk) or the players
on this computer (the desktop, the browser) chose, predicted and answered.

Why (DESIGN §8, "what others chose", Moral Machine and museum polls: now vs all):
a choice made alone feels private; seeing that 61% of visitors reported their
neighbour today makes it a street's habit. The poll's two bars set the answer of
those the score favoured beside those it did not (DESIGN §1: "popular with the
advantaged"). Every share comes from the installed statistics store and is hidden
below `MIN_VISITORS_SHOWN` people, so no share ever gives one visitor away; the
page says what is kept, because a game about surveillance must.

The page exists only when a store is installed (the debrief asks `game.stats`).
"""

from __future__ import annotations

import pygame

from ..stats import BANDS, MIN_VISITORS_SHOWN, share_entries, shown_share, tier_band
from ..ui.widgets import Panel
from .common import BODY_ROLES
from .debrief import Page
from .visit import PREDICTIONS

# The locale section with a page's audience words (tab, heading, count, line, line_all).
WORDS = {"visitors": "kiosk.others", "computer": "others.computer",
         "browser": "others.browser"}
SMALL = ("small", "caption")
BAR_H = 16


class OthersPage(Page):
    def __init__(self, scene):
        super().__init__(scene)
        ctx, stats, words = self.ctx, scene.stats, WORDS[scene.audience]
        number = ctx.locale.number
        self.bars: list[tuple[pygame.Rect, int | None, bool]] = []  # track, %, yours
        # left: this run's choices beside everyone's
        x, w = 64, 640
        self.label((x, 146, w, 44), ctx.t(f"{words}.heading"), ("heading", "body.bold"))
        self.label((x, 190, w, 30), ctx.t(f"{words}.count",
                                          today=number(stats.visitors(day=stats.day())),
                                          all=number(stats.visitors())), SMALL,
                   colour="text.dim")
        lines = share_entries(ctx.locale, stats, scene.summary["choices"], limit=3,
                              words=words)
        y = 236
        if lines:
            self.label((x, y, w, 30), ctx.t("others.lead"), SMALL, colour="text.dim")
            y += 38
            for moment, line in lines:  # the moment's name over each line, quietly
                self.label((x + 16, y, w - 16, 26), ctx.t(f"moment.{moment}.title"),
                           ("caption",), colour="text.dim")
                self.label((x + 16, y + 26, w - 16, 56), line, BODY_ROLES)
                y += 88
        else:
            self.label((x, y, w, 100), ctx.t("others.too_few", n=MIN_VISITORS_SHOWN),
                       BODY_ROLES, colour="text.dim")
        self.label((x, 556, w, 60), ctx.t("others.privacy"), SMALL, colour="text.faint")
        # right: the poll by band, then the predictions
        self.box = pygame.Rect(760, 146, 476, 470)
        rx, rw = 784, 428
        y = self._poll(rx, 164, rw)
        self._predictions(rx, y + 8, rw)

    def _bar_row(self, x, y, w, label: str, percent: int | None, said: str,
                 yours: bool) -> int:
        """A label, and under it a 0–100% track, filled to `percent`, with `said`
        beside it. Returns the y below the row."""
        self.label((x, y, w, 28), label, SMALL, colour="text" if yours else "text.dim")
        self.bars.append((pygame.Rect(x, y + 34, w - 176, BAR_H), percent, yours))
        self.label((x + w - 166, y + 28, 166, 28), said, SMALL,
                   colour="text" if percent is not None else "text.faint")
        return y + 62

    def _poll(self, x, y, w) -> int:
        ctx, scene = self.ctx, self.scene
        self.label((x, y, w, 28), ctx.t("others.poll.heading"), SMALL, colour="text.dim")
        y += 32
        answer = scene.visit.poll
        self.label((x, y, w, 32), ctx.t("others.poll.you_said", answer=ctx.t(f"poll.{answer}"))
                   if answer else ctx.t("others.poll.you_skipped"),
                   ("body.bold", "small", "caption"))
        y += 40
        split = scene.stats.poll_split("fair")
        shares = {band: shown_share(*split[band]) for band in BANDS}
        if all(p is None for p in shares.values()):
            self.label((x, y, w, 104), ctx.t("others.poll.too_few", n=MIN_VISITORS_SHOWN),
                       SMALL, colour="text.dim")
            return y + 104
        mine = tier_band(scene.summary["final_tier"])
        for band in BANDS:
            name = ctx.t(f"others.poll.{band}")
            percent = shares[band]
            said = (ctx.t("others.poll.said_fair", percent=percent) if percent is not None
                    else ctx.t("others.poll.not_enough"))
            y = self._bar_row(x, y, w, ctx.t("others.poll.yours", band=name)
                              if band == mine else name, percent, said, band == mine)
        return y

    def _predictions(self, x, y, w) -> None:
        ctx, scene = self.ctx, self.scene
        self.label((x, y, w, 28), ctx.t("others.prediction.heading"), SMALL,
                   colour="text.dim")
        y += 32
        counts = scene.stats.counts("prediction")
        total = sum(counts.get(p, 0) for p in PREDICTIONS)
        if total < MIN_VISITORS_SHOWN:
            self.label((x, y, w, 60), ctx.t("others.prediction.too_few",
                                            n=MIN_VISITORS_SHOWN), SMALL, colour="text.dim")
            return
        for prediction in PREDICTIONS:
            name = ctx.t(f"others.prediction.{prediction}")
            yours = prediction == scene.visit.prediction
            percent = shown_share(counts.get(prediction, 0), total)
            self.label((x, y, w - 72, 26), ctx.t("others.prediction.yours", prediction=name)
                       if yours else name, SMALL, colour="text" if yours else "text.dim")
            self.label((x + w - 72, y, 72, 26), ctx.t("others.percent", percent=percent),
                       SMALL, colour="text" if yours else "text.dim", align="right")
            self.bars.append((pygame.Rect(x, y + 30, w, 12), percent, yours))
            y += 52

    def draw(self, surface):
        ctx = self.ctx
        Panel(self.box).draw(surface, ctx)
        for track, percent, yours in self.bars:
            pygame.draw.rect(surface, ctx.colour("rule"), track, 1, border_radius=3)
            if percent:
                fill = track.inflate(-4, -4)
                fill.width = max(2, round(fill.width * percent / 100))
                pygame.draw.rect(surface, ctx.colour("accent" if yours else "text.dim"),
                                 fill, border_radius=2)
        super().draw(surface)
