"""What every screen of the game is: a Scene, the context it is built with, and
the transitions it asks for.

Why this shape (Tuxemon's `State`, the tcod tutorial's handlers):
- A scene turns commands into changes of its own state (`handle`), advances time
  (`update`, fixed steps) and draws itself (`draw`). Draw never changes state: the
  same state always draws the same picture, which keeps screenshots and tests exact.
- A scene never reaches for the window or the app. What it needs comes through its
  constructor: a `SceneContext` (locale, theme, fonts) plus its own data.
- To go somewhere else it *returns* a transition (`Push`, `Pop`, `Replace`,
  `Reset`, `QuitGame`) from `handle` or `update`; the app applies it. So a scene can
  be tested alone: give it commands, look at what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame

from ..commands import Command
from ..i18n import Locale
from ..settings import DEFAULTS, NOWHERE, Settings, SettingsStore
from ..ui.text import Fonts, TextBox
from ..ui.theme import STANDARD, THEMES, Theme


@dataclass(frozen=True)
class SceneContext:
    """What every scene may use. Immutable: switching theme or language builds a new
    context (`with_theme`, `with_locale`, `with_settings`) and new scenes from it.

    `settings` are the player's display settings (game/settings.py): every text role
    is drawn at `text_size` per cent, and scenes ask `reduced_motion` before they
    animate. `settings_store` keeps them (per device; the kiosk's keeps nothing)."""

    locale: Locale
    theme: Theme = STANDARD
    fonts: Fonts | None = None
    size: tuple[int, int] = (1280, 720)
    settings: Settings = DEFAULTS
    settings_store: SettingsStore = NOWHERE

    def __post_init__(self):
        if self.fonts is None:  # the locale's own fonts (Chinese: a CJK font)
            object.__setattr__(self, "fonts", Fonts.for_locale(self.locale))
        if self.settings.theme != self.theme.name:  # the theme given wins
            object.__setattr__(self, "settings", replace(self.settings, theme=self.theme.name))

    def t(self, message_id: str, **params) -> str:
        return self.locale.t(message_id, **params)

    def tn(self, message_id: str, n: float, **params) -> str:
        return self.locale.tn(message_id, n, **params)

    def font(self, role: str) -> pygame.font.Font:
        """The font for a text role of the theme ("title", "body", "button", …)."""
        size, bold = self.theme.text_style(role)
        if self.settings.text_size == 100:
            return self.fonts.get(size, bold)
        # The text size is measured against the standard theme (150 %: standard body
        # text half as big again); a theme with bigger text of its own (projector)
        # grows only where the setting asks for more than it already has.
        wanted = round(STANDARD.text_style(role)[0] * self.settings.text_scale)
        return self.fonts.get(max(size, wanted), bold, floor=size)

    @property
    def reduced_motion(self) -> bool:
        """No slides, no pulsing, no moving decoration: scenes draw their still state."""
        return self.settings.reduced_motion

    def colour(self, key: str):
        return self.theme.colour(key)

    def with_theme(self, theme: Theme) -> "SceneContext":
        return replace(self, theme=theme, settings=replace(self.settings, theme=theme.name))

    def with_settings(self, settings: Settings) -> "SceneContext":
        """The same context with other display settings (the theme follows them)."""
        return replace(self, settings=settings, theme=THEMES[settings.theme])

    def with_locale(self, locale: Locale) -> "SceneContext":
        """The same context in another language, drawn with that language's fonts."""
        return replace(self, locale=locale, fonts=Fonts.for_locale(locale))


# --- transitions ------------------------------------------------------------------

@dataclass(frozen=True)
class Push:
    """Put a scene on top; the current one waits below (gets `leave`, later `enter`)."""
    scene: "Scene"


@dataclass(frozen=True)
class Pop:
    """Close this scene and return to the one below. Ignored on the last scene."""


@dataclass(frozen=True)
class Replace:
    """Swap this scene for another (the stack keeps its depth)."""
    scene: "Scene"


@dataclass(frozen=True)
class Reset:
    """Clear the whole stack and start again from this scene (kiosk idle reset)."""
    scene: "Scene"


@dataclass(frozen=True)
class QuitGame:
    """End the run (desktop only; kiosks never offer it)."""


Transition = Push | Pop | Replace | Reset | QuitGame


class Scene:
    """One screen. Subclasses override what they need; all methods are optional.

    `overlay = True` makes the scene below visible underneath (dialogs).
    """

    overlay = False

    def __init__(self, ctx: SceneContext):
        self.ctx = ctx

    def enter(self) -> None:
        """Called when this scene becomes the top of the stack (again)."""

    def leave(self) -> None:
        """Called when this scene stops being the top (covered or removed)."""

    def handle(self, command: Command) -> Transition | None:
        """React to one command; return a transition to change scene."""
        return None

    def update(self, dt: float) -> Transition | None:
        """Advance time by one fixed step of `dt` seconds."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the current state onto the 1280×720 page. Must not change state."""
        surface.fill(self.ctx.colour("bg"))

    def text_boxes(self) -> list[TextBox]:
        """The texts this scene lays out in fixed boxes (checked by tests)."""
        return []
