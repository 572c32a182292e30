"""Settings: text size, motion and display, reached from the title screen.

Why it looks like this: every setting is one big button that steps through its
values (Enter, a click or a tap changes it; arrows and Tab move), so it works the
same by keyboard, mouse and touch, and a player sees the change at once — the
screen is rebuilt in the new settings, the sample text on the right shows the
size. Changes are kept per device as they are made (`ctx.settings_store`); the
kiosk's store keeps nothing, so a visitor's choice ends with the visit. Done (or
Esc) returns to the screen that opened this one, rebuilt in the new settings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import pygame

from ..commands import Back
from ..settings import Settings
from ..ui.text import TextBox, measure
from ..ui.widgets import Button, FocusGroup, Label, Panel
from .base import Replace, Scene, SceneContext

LEFT_W = 560  # the column of settings
ROW_H = 64


class SettingsScene(Scene):
    """The settings screen. `back(ctx)` builds the screen Done returns to."""

    def __init__(self, ctx: SceneContext, back: Callable[[SceneContext], Scene],
                 focus: str = "text_size"):
        super().__init__(ctx)
        self.back = back
        settings = ctx.settings
        margin = ctx.theme.size("margin")
        gap = ctx.theme.size("line.gap")
        y = 56
        title_h = ctx.font("title").get_linesize()
        self.heading = Label(pygame.Rect(margin, y, 1280 - 2 * margin, title_h),
                             ctx.t("settings.heading"), role="title")
        y += title_h + 12
        kept = ctx.t("settings.kept" if ctx.settings_store.persistent else "settings.not_kept")
        kept_h = measure(kept, ctx.font("small"), (1280 - 2 * margin, 10_000), gap).height
        self.kept = Label(pygame.Rect(margin, y, 1280 - 2 * margin, kept_h), kept,
                          role="small", colour="text.dim")
        y += kept_h + 28
        top = y
        motion = "settings.motion_reduced" if settings.reduced_motion else "settings.motion_full"
        display = ("title.display_projector" if settings.theme == "projector"
                   else "title.display_standard")
        rows = [(ctx.t("settings.text_size", size=settings.text_size), "text_size"),
                (ctx.t(motion), "motion"), (ctx.t(display), "display")]
        row_h = max(ROW_H, ctx.font("button").get_linesize() + 20)
        buttons = []
        for text, action in rows:
            buttons.append(Button(pygame.Rect(margin, y, LEFT_W, row_h), text, action))
            y += row_h + 16
        done_h = max(64, ctx.font("button").get_linesize() + 20)
        buttons.append(Button(pygame.Rect(margin, max(y + 24, 720 - 56 - done_h - 60),
                                          260, done_h), ctx.t("settings.done"), "done",
                              kind="primary"))
        self.group = FocusGroup(buttons)
        self.group.focus = next((i for i, b in enumerate(buttons) if b.action == focus), 0)
        # The sample: what text looks like now, in a card beside the settings.
        sx = margin + LEFT_W + 40
        sw = 1280 - margin - sx
        self.panel = Panel(pygame.Rect(sx, top, sw, buttons[-1].rect.bottom - top))
        inner = self.panel.rect.inflate(-48, -40)
        sample_h = ctx.font("heading").get_linesize()
        self.sample_heading = Label(pygame.Rect(inner.x, inner.y, inner.width, sample_h),
                                    ctx.t("settings.sample_heading"), role="heading")
        self.sample = Label(pygame.Rect(inner.x, inner.y + sample_h + 12, inner.width,
                                        inner.height - sample_h - 12),
                            ctx.t("settings.sample"), role="body")
        keys = ctx.t("settings.keys")
        keys_h = measure(keys, ctx.font("caption"), (1280 - 2 * margin, 10_000), gap).height
        self.keys = Label(pygame.Rect(margin, 720 - 24 - keys_h, 1280 - 2 * margin, keys_h),
                          keys, role="caption", colour="text.dim")

    def changed(self, settings: Settings, focus: str):
        """Keep the new settings and show this screen again in them."""
        self.ctx.settings_store.save(settings)
        return Replace(SettingsScene(self.ctx.with_settings(settings), self.back, focus))

    def handle(self, command):
        if isinstance(command, Back):
            return Replace(self.back(self.ctx))
        action = self.group.handle(command)
        settings = self.ctx.settings
        if action == "done":
            return Replace(self.back(self.ctx))
        if action == "text_size":
            return self.changed(settings.next_text_size(), action)
        if action == "motion":
            return self.changed(replace(settings, reduced_motion=not settings.reduced_motion),
                                action)
        if action == "display":
            theme = "standard" if settings.theme == "projector" else "projector"
            return self.changed(replace(settings, theme=theme), action)
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        self.kept.draw(surface, ctx)
        self.group.draw(surface, ctx)
        self.panel.draw(surface, ctx)
        self.sample_heading.draw(surface, ctx)
        self.sample.draw(surface, ctx)
        self.keys.draw(surface, ctx)

    def text_boxes(self) -> list[TextBox]:
        boxes = [label.text_box() for label in (self.heading, self.kept, self.sample_heading,
                                                 self.sample, self.keys)]
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


def _title(ctx):
    from .title import TitleScene

    return TitleScene(ctx, focus="settings")


def _on_a_computer(ctx):
    from ..settings import SettingsStore
    from ..storage import MemoryStorage

    return replace(ctx, settings_store=SettingsStore(MemoryStorage()))


SCREENSHOTS = {
    "settings": lambda ctx: SettingsScene(_on_a_computer(ctx), _title),
    # the kiosk's (nothing kept), at the biggest text and with reduced motion
    "settings-kiosk-150": lambda ctx: SettingsScene(
        ctx.with_settings(replace(ctx.settings, text_size=150, reduced_motion=True)), _title),
}
