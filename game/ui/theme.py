"""Named styles: every colour and text size the game draws with, looked up by key.

Why named keys (as in rich's `default_styles`): scenes say *what* something is
("tier.D", "score.loss", "text.dim"), the theme says how it looks. A second theme —
`PROJECTOR`, for classrooms and facilitators: bigger text, higher contrast — is then
a table, not a code path. No pygame here: colours are RGB tuples.

The look is calm and documentary: dark navy background, off-white text, a brass
accent for what can be acted on, muted tier colours. Colour never carries meaning
alone: tiers also have a shape (see `widgets.TierBadge`), gains and losses a sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

RGB = tuple[int, int, int]

TIERS = ("AAA", "AA", "A", "B", "C", "D")  # best first, as in the Rongcheng pilot

# Text roles: (size in logical pixels, bold).
TextStyle = tuple[int, bool]


def _hex(code: str) -> RGB:
    code = code.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


@dataclass(frozen=True)
class Theme:
    """A named set of colours, text styles and sizes. Unknown keys raise KeyError."""

    name: str
    colours: Mapping[str, RGB]
    text_styles: Mapping[str, TextStyle]
    sizes: Mapping[str, int]

    def colour(self, key: str) -> RGB:
        try:
            return self.colours[key]
        except KeyError:
            raise KeyError(f"theme {self.name!r} has no colour {key!r}") from None

    def text_style(self, role: str) -> TextStyle:
        try:
            return self.text_styles[role]
        except KeyError:
            raise KeyError(f"theme {self.name!r} has no text style {role!r}") from None

    def size(self, key: str) -> int:
        try:
            return self.sizes[key]
        except KeyError:
            raise KeyError(f"theme {self.name!r} has no size {key!r}") from None

    def tier_colour(self, tier: str) -> RGB:
        return self.colour(f"tier.{tier}")


_STANDARD_COLOURS = {
    "bg": "#0e1520",            # the page: dark navy
    "bg.deep": "#0a0f17",       # bands and vignettes behind the page
    "panel": "#161f2b",         # cards, dialogs
    "panel.border": "#2a3646",
    "rule": "#2f3b4c",          # thin dividing lines
    "text": "#ece7dc",          # off-white, warm
    "text.dim": "#98a2ad",      # secondary text, captions
    "text.faint": "#8893a1",    # decoration, grid, disabled, hints (≥ 4.5:1 on every ground)
    "text.on_accent": "#10161f",
    "accent": "#d7b06a",        # brass: what can be acted on
    "accent.hover": "#e6c487",
    "focus": "#f3d999",         # keyboard focus ring
    "button": "#1f2a38",
    "button.hover": "#283648",
    "button.pressed": "#141c26",
    "button.border": "#576d89",  # ≥ 3:1 on the page and cards (WCAG 1.4.11)
    "button.text": "#ece7dc",
    "score.gain": "#7fb98e",    # muted green
    "score.loss": "#d9806f",    # muted red
    "score.neutral": "#a8b0ba",
    "warning": "#e0a458",
    # Tiers: chosen so every pair stays ≥ 10 ΔE2000 apart under protanopia,
    # deuteranopia and tritanopia as well (game/ui/access.py, docs/accessibility.md).
    # Each within 15 ΔE2000 of the calmer first palette (#6fb3a0 #85b7c9 #9aa9cf
    # #b3b0a4 #d1a25f #c7675c), whose closest pair was 1.1 apart under protanopia.
    "tier.AAA": "#6b9795",      # muted teal
    "tier.AA": "#7fd5e4",       # sky
    "tier.A": "#9c7df7",        # violet
    "tier.B": "#cfc9b0",        # stone
    "tier.C": "#fbbd5c",        # ochre
    "tier.D": "#d47143",        # brick
}

_PROJECTOR_COLOURS = {
    **_STANDARD_COLOURS,
    "bg": "#03070d",
    "bg.deep": "#000000",
    "panel": "#0d1520",
    "panel.border": "#6a7a8e",
    "rule": "#55657a",
    "text": "#ffffff",
    "text.dim": "#d3dae2",
    "text.faint": "#8793a1",
    "text.on_accent": "#000000",
    "accent": "#ffc857",
    "accent.hover": "#ffd984",
    "focus": "#ffffff",
    "button": "#18222f",
    "button.hover": "#25344a",
    "button.border": "#8a9bb0",
    "button.text": "#ffffff",
    "score.gain": "#8fe0a4",
    "score.loss": "#ff8f7a",
    "tier.AAA": "#8bfae2",
    "tier.AA": "#adc4e9",
    "tier.A": "#9d89f5",
    "tier.B": "#f4e49f",
    "tier.C": "#d1a800",
    "tier.D": "#c26a55",
}

STANDARD = Theme(
    name="standard",
    colours={k: _hex(v) for k, v in _STANDARD_COLOURS.items()},
    text_styles={
        "display": (80, True),   # the game's name
        "title": (40, True),     # a scene's heading
        "lead": (26, False),     # a line under a title
        "heading": (28, True),
        "body": (22, False),
        "body.bold": (22, True),
        "button": (22, True),
        "small": (18, False),
        "caption": (15, False),
        "badge": (16, True),
    },
    sizes={
        "button.min_height": 48,   # touch target floor (WCAG 2.5.5 asks 44 CSS px)
        "button.padding": 20,
        "button.radius": 8,
        "focus.width": 3,
        "panel.radius": 12,
        "panel.padding": 28,
        "line.gap": 6,            # extra space between wrapped lines
        "margin": 96,             # page margin, left and right
    },
)

PROJECTOR = Theme(
    name="projector",
    colours={k: _hex(v) for k, v in _PROJECTOR_COLOURS.items()},
    text_styles={
        "display": (88, True),
        "title": (48, True),
        "lead": (32, False),
        "heading": (34, True),
        "body": (28, False),
        "body.bold": (28, True),
        "button": (28, True),
        "small": (23, False),
        "caption": (20, False),
        "badge": (20, True),
    },
    sizes={
        **STANDARD.sizes,
        "button.min_height": 60,
        "focus.width": 4,
        "line.gap": 8,
        "margin": 80,
    },
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (STANDARD, PROJECTOR)}
