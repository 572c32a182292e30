"""Colour checks for accessibility: WCAG contrast and colour-vision simulation.

Why in the game and not only in a test: the figures docs/accessibility.md quotes
come from here (`python -m game.ui.access` prints them), and the tests assert the
same numbers, so the statement and the checks cannot drift apart. No pygame: colours
are RGB tuples, as in game/ui/theme.py.

- Contrast: WCAG 2.2's relative luminance and contrast ratio (success criteria
  1.4.3, 4.5:1 for text and 3:1 for large text, and 1.4.11, 3:1 for controls and
  the graphics that carry meaning). `TEXT_PAIRS` lists every (text colour,
  background) the scenes draw; `LARGE_PAIRS` text drawn only at large sizes;
  `CONTROL_PAIRS` borders, focus rings and chart marks against what is behind them.
- Colour vision: Machado, Oliveira & Fernandes (2009), "A Physiologically-based
  Model for Simulation of Color Vision Deficiency", the severity-1.0 matrices for
  protanopia, deuteranopia and tritanopia, applied to linear RGB. Distances are CIE
  ΔE 2000 in CIELAB (D65). A palette passes when every pair of its colours stays at
  least `MIN_DELTA_E` apart after simulation; colour is never alone anyway (tier
  shapes and letters, chart markers and dashes, queue letters).
"""

from __future__ import annotations

import math
from itertools import combinations

RGB = tuple[int, int, int]

TEXT_MIN, LARGE_MIN, CONTROL_MIN = 4.5, 3.0, 3.0
MIN_DELTA_E = 10.0  # CIEDE2000: beyond "clearly different at a glance" (~2.3 is a JND)

BACKGROUNDS = ("bg", "bg.deep", "panel")
# Text colours drawn on the page, the cards and the bands.
TEXT_ON_BACKGROUNDS = ("text", "text.dim", "text.faint", "accent", "accent.hover",
                       "score.gain", "score.loss", "score.neutral", "warning",
                       "tier.AAA", "tier.AA", "tier.A", "tier.B", "tier.C", "tier.D")
TEXT_PAIRS = tuple((fg, bg) for fg in TEXT_ON_BACKGROUNDS for bg in BACKGROUNDS) + (
    ("button.text", "button"), ("button.text", "button.hover"),
    ("button.text", "button.pressed"), ("text.faint", "button"),
    ("text.on_accent", "accent"), ("text.on_accent", "accent.hover"),
)
LARGE_PAIRS: tuple[tuple[str, str], ...] = ()  # none: every text pair meets 4.5:1
CONTROL_PAIRS = (
    ("button.border", "bg"), ("button.border", "panel"), ("accent", "bg"),
    ("accent", "panel"), ("focus", "bg"), ("focus", "panel"), ("focus", "button"),
) + tuple((f"tier.{t}", bg) for t in ("AAA", "AA", "A", "B", "C", "D")
          for bg in ("bg", "panel"))
# Not in CONTROL_PAIRS: panel.border and rule — a card's edge and dividing lines are
# decoration (the card's text and controls carry their own contrast).

# Palettes that must stay distinguishable (theme colour keys).
TIER_KEYS = ("tier.AAA", "tier.AA", "tier.A", "tier.B", "tier.C", "tier.D")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG 2.2 relative luminance (sRGB)."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_failures(theme) -> list[tuple[str, str, float, float]]:
    """(foreground, background, ratio, needed) for every pair of `theme` below AA."""
    out = []
    for pairs, needed in ((TEXT_PAIRS, TEXT_MIN), (LARGE_PAIRS, LARGE_MIN),
                          (CONTROL_PAIRS, CONTROL_MIN)):
        for fg, bg in pairs:
            ratio = contrast(theme.colour(fg), theme.colour(bg))
            if ratio < needed:
                out.append((fg, bg, ratio, needed))
    return out


def minimum_contrast(theme, pairs) -> tuple[float, str, str]:
    """The lowest ratio among `pairs` of `theme`, and its pair."""
    return min((contrast(theme.colour(fg), theme.colour(bg)), fg, bg) for fg, bg in pairs)


# --- colour vision -------------------------------------------------------------------

# Machado et al. 2009, severity 1.0, on linear RGB (their Table: the 1.0 rows).
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal",) + tuple(MACHADO)


def _encode(value: float) -> int:
    v = min(1.0, max(0.0, value))
    v = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(v * 255)


def simulate(rgb: RGB, vision: str) -> RGB:
    """How `rgb` looks with `vision` ("normal" or a key of MACHADO)."""
    if vision == "normal":
        return tuple(rgb)
    lin = [_linear(c) for c in rgb]
    return tuple(_encode(sum(m * c for m, c in zip(row, lin))) for row in MACHADO[vision])


def _lab(rgb: RGB) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: RGB, b: RGB) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005's formulation)."""
    l1, a1, b1 = _lab(a)
    l2, a2, b2 = _lab(b)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dhp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbp, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / math.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = (-2 * math.sqrt(cbp ** 7 / (cbp ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-((hbp - 275) / 25) ** 2))))
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2
                     + rt * (dcp / sc) * (dhp / sh))


def closest_pair(colours: dict[str, RGB], vision: str) -> tuple[float, str, str]:
    """The smallest ΔE2000 between two of `colours` as seen with `vision`."""
    seen = {name: simulate(rgb, vision) for name, rgb in colours.items()}
    return min((delta_e(seen[a], seen[b]), a, b) for a, b in combinations(seen, 2))


# The sandbox's chart series (game/scenes/sandbox_charts.py, game/ui/plots.py): the
# city's line (accent, solid, a round end marker) and the control city's (text.dim,
# dashed, a square end marker); the make-up's tier-D bar and everyone's tick (text).
# The stacked shares and bars by tier use the tier palette, with their letters.
LINE_SERIES_KEYS = ("accent", "text.dim")
MAKEUP_SERIES_KEYS = ("tier.D", "text")
# The queue (game/scenes/queue.py): each person a figure — the player's in the accent
# colour and labelled "you", the others' in text.dim — with their tier's shape in
# the tier's colour (the tier palette above, and the shapes, tell tiers apart).
QUEUE_KEYS = ("accent", "text.dim")


def palettes(theme) -> dict[str, dict[str, RGB]]:
    """The palettes that carry meaning, by name: tiers, the sandbox's chart series
    and the queue's people."""
    return {name: {key: theme.colour(key) for key in keys}
            for name, keys in (("tiers", TIER_KEYS), ("line chart series", LINE_SERIES_KEYS),
                               ("make-up series", MAKEUP_SERIES_KEYS),
                               ("queue figures", QUEUE_KEYS))}


def report(themes) -> list[str]:
    """The lines `python -m game.ui.access` prints (figures for the statement)."""
    lines = []
    for theme in themes:
        for label, pairs in (("text", TEXT_PAIRS), ("controls", CONTROL_PAIRS)):
            ratio, fg, bg = minimum_contrast(theme, pairs)
            lines.append(f"{theme.name}: lowest {label} contrast {ratio:.2f}:1 ({fg} on {bg})")
        for name, colours in palettes(theme).items():
            for vision in VISIONS:
                d, a, b = closest_pair(colours, vision)
                lines.append(f"{theme.name}: {name}, {vision}: closest ΔE2000 {d:.1f} "
                             f"({a} / {b})")
    return lines


if __name__ == "__main__":
    from .theme import THEMES

    print("\n".join(report(THEMES.values())))
