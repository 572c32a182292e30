"""Before play, one question: who do you think ends up in the lowest tier?

Why (DESIGN §8, The Evolution of Trust, Parable of the Polygons): a prediction
made before living it turns the debrief into a test of one's own intuition. The
answer is not scored and not stored; it travels with the visit and comes back in
the debrief beside what the city's tier D turned out to be. The four answers are
the essay's claim and three plausible rivals, in the same plain words.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from ..commands import Back
from ..ui.widgets import Button, FocusGroup, Label
from .base import Pop, Replace, Scene
from .common import LEAD_ROLES, TITLE_ROLES, draw_rule, fitted
from .visit import PREDICTIONS, Visit


class PredictionScene(Scene):
    def __init__(self, ctx, visit: Visit):
        super().__init__(ctx)
        self.visit = visit
        margin = ctx.theme.size("margin")
        width = 1280 - 2 * margin
        # Settings (text size, motion, display) before the run begins: the kiosk's
        # visitors have no title screen, and their change lasts this visit only.
        settings = Button(pygame.Rect(1280 - margin - 220, 54, 220, 48),
                          ctx.t("title.settings"), "settings", kind="link")
        self.step = fitted(ctx, (margin, 64, width - 240, 30), ctx.t("prediction.step"),
                           ("small", "caption"), colour="text.dim")
        self.heading = fitted(ctx, (margin, 100, width, 60), ctx.t("prediction.heading"),
                              TITLE_ROLES)
        self.lead = fitted(ctx, (margin, 188, 960, 104), ctx.t("prediction.lead"),
                           LEAD_ROLES, colour="text.dim")
        self.question = fitted(ctx, (margin, 312, width, 44), ctx.t("prediction.question"),
                               ("heading", "body.bold"))
        buttons = [Button(pygame.Rect(margin, 372 + i * 68, min(1000, width), 58),
                          ctx.t(f"prediction.{p}"), p, number=i + 1)
                   for i, p in enumerate(PREDICTIONS)]
        self.group = FocusGroup(buttons + [settings])
        self.note = fitted(ctx, (margin, 656, width, 40), ctx.t("prediction.note"),
                           ("small", "caption"), colour="text.faint")

    def number_of(self, prediction: str) -> int:
        return PREDICTIONS.index(prediction) + 1

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        action = self.group.handle(command)
        if action == "settings":
            from .settings import SettingsScene

            visit = self.visit
            return Replace(SettingsScene(self.ctx, lambda ctx: PredictionScene(ctx, visit)))
        if action in PREDICTIONS:
            self.visit.sound.play("select")
            from .citizen import CitizenScene

            return Replace(CitizenScene(self.ctx, replace(self.visit, prediction=action)))
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.step.draw(surface, ctx)
        self.heading.draw(surface, ctx)
        draw_rule(surface, ctx, self.heading.rect.x, 168)
        self.lead.draw(surface, ctx)
        self.question.draw(surface, ctx)
        self.group.draw(surface, ctx)
        self.note.draw(surface, ctx)

    def text_boxes(self):
        labels: list[Label] = [self.step, self.heading, self.lead, self.question, self.note]
        return [l.text_box() for l in labels] + [b.text_box(self.ctx)
                                                 for b in self.group.buttons]


def _visit():
    return Visit.start()


SCREENSHOTS = {"prediction": lambda ctx: PredictionScene(ctx, _visit())}
