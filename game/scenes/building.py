"""Building the city: the frames between choosing a citizen and the first morning.

Why a scene: the player's city (10,000 citizens and the control city beside it)
has run for three months when the player arrives, and growing it takes a moment —
half a second on a desktop, longer in the browser. Done in one frame, the game
would freeze with no word; the browser build must never block its loop. So the
work is cut into city-days (`World.arriving`) and done here a few per frame,
within a time budget, while a bar shows how far the city has grown. A city grown
already (kept from an earlier run with the same seed) or an instant visit
(autoplay, tests) goes straight on.
"""

from __future__ import annotations

import itertools
import time

import pygame

from ..ui.widgets import Label
from .base import Replace, Scene, SceneContext

FRAME_BUDGET = 0.005  # seconds of growing per frame: frames stay under 8 ms
BAR = pygame.Rect(340, 390, 600, 14)


class CityBuildScene(Scene):
    """Grows the run's city, then hands over to the first moment.

    `days_per_update` (a class setting, None in the game) grows exactly that many
    days per update instead of as many as fit the time budget: the monkey
    (tools/monkey.py) sets it so that a saved run replays frame for frame."""

    days_per_update: int | None = None

    def __init__(self, ctx: SceneContext, visit, citizen: str, city=None):
        super().__init__(ctx)
        self.visit = visit
        self.citizen = citizen
        self.city = city if city is not None else visit.new_city()
        self.growing = self.city.arriving() if not self.city.ready else iter(())
        self.total = max(1, self.city.warm_up)
        self.days = 0  # days of the warm-up grown so far
        self.done = False
        self._unit = 0.0  # seconds the last unit of growing took
        self.heading = Label(pygame.Rect(240, 300, 800, 60), ctx.t("building.heading"),
                             role="title", align="center")
        self.note = Label(pygame.Rect(240, 430, 800, 90), "", role="body",
                          colour="text.dim", align="center")

    def handle(self, command):
        return None  # nothing to choose; it takes a moment

    def update(self, dt: float):
        if self.done:
            return None
        budget = float("inf") if self.visit.instant else FRAME_BUDGET
        start, grown, fixed = time.perf_counter(), 0, self.days_per_update
        # one unit always; another only if it should end within the budget (a unit,
        # one city's day, takes about as long as the last one did)
        while grown < fixed if fixed is not None else (
                grown == 0 or time.perf_counter() - start + self._unit <= budget):
            grown += 1
            began = time.perf_counter()
            day = next(self.growing, None)
            self._unit = time.perf_counter() - began
            if day is None:
                self.done = True
                from ..city import keep
                from .moment import MomentScene

                keep(self.city, self.visit.policy)
                session = self.visit.new_session(self.citizen, self.city)
                return Replace(MomentScene(self.ctx, self.visit, session, opening=True))
            self.days = day
        return None

    def progress_text(self, days: int | None = None) -> str:
        citizens = self.ctx.locale.number(self.city.citizens)
        return self.ctx.tn("building.progress", self.total, citizens=citizens,
                           done=self.days if days is None else days, days=self.total)

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        pygame.draw.rect(surface, ctx.colour("panel"), BAR, border_radius=7)
        filled = BAR.copy()
        filled.width = max(BAR.height, int(BAR.width * self.days / self.total))
        pygame.draw.rect(surface, ctx.colour("accent"), filled, border_radius=7)
        Label(self.note.rect, self.progress_text(), role="body", colour="text.dim",
              align="center").draw(surface, ctx)

    def text_boxes(self):
        longest = self.progress_text(self.total)
        return [self.heading.text_box(),
                Label(self.note.rect, longest, role="body").text_box()]


def _half_grown(ctx):
    from engine.world import World

    from .visit import Visit

    visit = Visit.start()
    scene = CityBuildScene(ctx, visit, "courier", World.load(citizens=1000))
    for _ in range(45):
        next(scene.growing)
    scene.growing = itertools.repeat(45)  # held half-grown for the picture
    return scene


SCREENSHOTS = {"building-city": _half_grown}
