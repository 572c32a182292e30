"""Language buttons: each language's name in its own script and its own font.

Why a widget of its own: the buttons sit on a screen drawn in one language, but
"简体中文" cannot be drawn with the Latin font, nor "Español" be shown translated —
a player looks for their language's name as they write it (no flags: a flag is a
country, not a language). So each button draws its label with its language's fonts
(`Fonts.for_locale`), in the screen's colours. The current language is marked by an
accent border and a bar under its name, not by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from .text import Fonts, TextBox
from .widgets import Button


def in_own_language(ctx, locale):
    """`ctx` (its theme, its text size) with `locale`'s words and fonts."""
    if locale is None or ctx.locale.code == locale.code:
        return ctx
    return ctx.with_locale(locale)


@dataclass
class LanguageButton(Button):
    """A Button whose label is `locale.name`, drawn in that locale's fonts."""

    locale: object = None
    selected: bool = False

    def _own(self, ctx):
        return in_own_language(ctx, self.locale)

    def draw(self, surface: pygame.Surface, ctx, **state) -> None:
        super().draw(surface, self._own(ctx), **state)
        if self.selected:
            radius = ctx.theme.size("button.radius")
            pygame.draw.rect(surface, ctx.colour("accent"), self.rect, 2, border_radius=radius)
            inner = self.label_rect(ctx)
            bar = pygame.Rect(inner.x, self.rect.bottom - 9, inner.width, 3)
            pygame.draw.rect(surface, ctx.colour("accent"), bar)

    def text_box(self, ctx) -> TextBox:
        box = super().text_box(ctx)
        fonts = Fonts.for_locale(self.locale) if self.locale is not None else None
        return TextBox(box.text, box.role, box.size, fonts)


def language_row(ctx, rect: pygame.Rect, locales: list, current: str, *, gap: int = 12,
                 action=lambda code: f"language:{code}") -> list[LanguageButton]:
    """One button per locale side by side from `rect`'s left, each as wide as its
    name in its own font needs (bigger projector text gets wider buttons); squeezed
    evenly into `rect` only when they would not fit it."""
    pad = ctx.theme.size("button.padding")
    # measured as drawn: the language's own fonts, the context's text size
    widths = [in_own_language(ctx, locale).font("button").size(locale.name)[0] + 2 * pad + 8
              for locale in locales]
    room = rect.width - gap * (len(locales) - 1)
    if sum(widths) > room:
        widths = [room // max(1, len(locales))] * len(locales)
    buttons, x = [], rect.x
    for locale, width in zip(locales, widths):
        buttons.append(LanguageButton(pygame.Rect(x, rect.y, width, rect.height), locale.name,
                                      action(locale.code), locale=locale,
                                      selected=locale.code == current))
        x += width + gap
    return buttons
