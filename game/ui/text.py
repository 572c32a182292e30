"""Fonts by path, word-wrapping into boxes, and checks that text fits.

Why by path: in the browser (pygbag) `pygame.font.SysFont` finds no fonts at all, so
the game ships its own TTF files (assets/fonts, see its README) and opens them
directly. Fonts are cached per (size, bold): opening a TTF is slow, and scenes ask
for the same few sizes every frame.

Why fit checks: translated text is often 30% longer than English. Scenes lay text
out in fixed boxes on a 1280×720 page; `fits` tells a test (or a translator) that a
string overflows its box before a player sees it cut off.
"""

from __future__ import annotations

import struct
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "fonts"
REGULAR = FONT_DIR / "DejaVuSans-Subset.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold-Subset.ttf"


# Fonts enlarged by the text-size setting, by id: (their Fonts, size, bold, floor),
# the floor being the theme's own size. A box too small for the enlarged text draws
# it at the largest size from there down to the floor that fits (`fitting_font`):
# nothing is cut off, and nothing is ever smaller than the theme's own text.
# Each entry holds the font itself too: its id can then never be reused by another.
_ENLARGED: dict[int, tuple[pygame.font.Font, "Fonts", int, bool, int]] = {}


class Fonts:
    """Opens the shipped fonts on demand and keeps them, one per (size, bold), and one
    per (size, bold, floor) for text enlarged by the text-size setting."""

    def __init__(self, regular: Path = REGULAR, bold: Path = BOLD):
        if not pygame.font.get_init():
            pygame.font.init()
        self.paths = {False: Path(regular), True: Path(bold)}
        self._cache: dict[tuple[int, bool, int], pygame.font.Font] = {}

    def get(self, size: int, bold: bool = False, floor: int | None = None) -> pygame.font.Font:
        """The font at `size`. With `floor` below `size` (enlarged text), a font of
        its own that `draw_text` may shrink back down to `floor` to fit its box."""
        size = int(size)
        floor = size if floor is None or floor >= size else int(floor)
        key = (size, bool(bold), floor)
        font = self._cache.get(key)
        if font is None:
            font = pygame.font.Font(str(self.paths[key[1]]), size)
            self._cache[key] = font
            if floor < size:
                _ENLARGED[id(font)] = (font, self, size, bool(bold), floor)
        return font

    def missing_glyphs(self, text: str, bold: bool = False) -> set[str]:
        """Characters of `text` the font has no glyph for (they would show as boxes)."""
        covered = glyph_coverage(str(self.paths[bool(bold)]))
        return {ch for ch in text if ch not in "\n\t" and ord(ch) not in covered}


# --- layout ----------------------------------------------------------------------

def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break text into lines no wider than `width`.

    Breaks at spaces; keeps the author's line breaks ("\\n"; a blank line stays a
    blank line, for paragraphs); a single word wider than the box is cut between
    characters rather than overflowing.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = word if not line else f"{line} {word}"
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while font.size(word)[0] > width and len(word) > 1:
                cut = _longest_prefix(word, font, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, font: pygame.font.Font, width: int) -> int:
    cut = 1
    while cut < len(word) and font.size(word[: cut + 1])[0] <= width:
        cut += 1
    return cut


def line_height(font: pygame.font.Font, gap: int = 0) -> int:
    return font.get_linesize() + gap


@dataclass(frozen=True)
class TextBox:
    """A piece of text, its theme text role, and the box (width, height) it must fit.
    Scenes list theirs (`Scene.text_boxes`) so tests check every locale's strings."""

    text: str
    role: str
    size: tuple[int, int]


@dataclass(frozen=True)
class Measure:
    """How a text lays out in a box: its lines, size, and whether it fits."""

    lines: tuple[str, ...]
    width: int
    height: int
    fits: bool


def measure(text: str, font: pygame.font.Font, box: tuple[int, int], gap: int = 0) -> Measure:
    """Lay text out in a box (width, height) without drawing it."""
    box_w, box_h = box
    lines = wrap(text, font, box_w)
    widest = max((font.size(line)[0] for line in lines), default=0)
    height = len(lines) * line_height(font, gap) - gap if lines else 0
    return Measure(tuple(lines), widest, height, widest <= box_w and height <= box_h)


def fits(text: str, font: pygame.font.Font, box: tuple[int, int], gap: int = 0) -> bool:
    """True when the wrapped text fits inside the box (width, height), counting the
    shrink back toward the theme's size that enlarged text gets (`fitting_font`)."""
    return measure(text, fitting_font(text, font, box, gap), box, gap).fits


def _whole_words(text: str, layout: Measure) -> bool:
    return " ".join(layout.lines).split() == text.split()


def fitting_font(text: str, font: pygame.font.Font, box: tuple[int, int],
                 gap: int = 0) -> pygame.font.Font:
    """The font `draw_text` uses for `text` in `box`: `font` itself, unless it is
    enlarged (the text-size setting) and the text does not fit or would break a
    word; then the largest size from there down to the theme's own that does
    (or the theme's own size, which every layout is made for)."""
    enlarged = _ENLARGED.get(id(font))
    if enlarged is None or enlarged[0] is not font:
        return font
    key = (id(font), text, tuple(box), gap)
    chosen = _FITTED.get(key)
    if chosen is None:  # wrapping at several sizes is slow: once per (text, box)
        chosen = _FITTED[key] = _fit(text, font, box, gap, enlarged)
        if len(_FITTED) > FITTED_MEMO_SIZE:
            _FITTED.popitem(last=False)  # the least recently used
    else:
        _FITTED.move_to_end(key)
    return chosen


# Chosen fonts of enlarged text by (font, text, box, gap): bounded, as its keys hold
# per-run text (a kiosk runs for months).
FITTED_MEMO_SIZE = 4096
_FITTED: OrderedDict = OrderedDict()


def _fit(text, font, box, gap, enlarged) -> pygame.font.Font:
    layout = measure(text, font, box, gap)
    if layout.fits and _whole_words(text, layout):
        return font
    _, fonts, size, bold, floor = enlarged
    for smaller in range(size - 1, floor, -1):
        candidate = fonts.get(smaller, bold, floor)
        layout = measure(text, candidate, box, gap)
        if layout.fits and _whole_words(text, layout):
            return candidate
    return fonts.get(floor, bold)


def full_size(text: str, font: pygame.font.Font, box: tuple[int, int], gap: int = 0) -> bool:
    """True when `text` is drawn at `font`'s own size in `box` (not shrunk to fit)."""
    return fitting_font(text, font, box, gap) is font


def draw_text(
    surface: pygame.Surface,
    text: str,
    font: pygame.font.Font,
    colour,
    rect: pygame.Rect,
    *,
    align: str = "left",
    valign: str = "top",
    gap: int = 0,
) -> pygame.Rect:
    """Draw wrapped text into rect; returns the area used. Enlarged text shrinks
    toward the theme's size to fit (`fitting_font`); overflow is clipped."""
    font = fitting_font(text, font, rect.size, gap)
    layout = measure(text, font, rect.size, gap)
    step = line_height(font, gap)
    if valign == "middle":
        y = rect.y + (rect.height - layout.height) // 2
    elif valign == "bottom":
        y = rect.bottom - layout.height
    else:
        y = rect.y
    used = pygame.Rect(rect.x, y, 0, 0)
    previous_clip = surface.get_clip()
    surface.set_clip(rect.clip(previous_clip) if previous_clip else rect)
    for line in layout.lines:
        if line:
            image = font.render(line, True, colour)
            if align == "center":
                x = rect.x + (rect.width - image.get_width()) // 2
            elif align == "right":
                x = rect.right - image.get_width()
            else:
                x = rect.x
            surface.blit(image, (x, y))
            used.union_ip(pygame.Rect(x, y, image.get_width(), image.get_height()))
        y += step
    surface.set_clip(previous_clip)
    return used


# --- glyph coverage ---------------------------------------------------------------
# SDL_ttf draws a box for characters a font lacks and does not report them, so we
# read the font's character map ("cmap" table) ourselves: formats 4 (BMP) and 12
# (full Unicode) cover every font we could ship.

@lru_cache(maxsize=8)
def glyph_coverage(path: str) -> frozenset[int]:
    """The Unicode code points a TrueType font maps to glyphs."""
    data = Path(path).read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    cmap_offset = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        return frozenset()
    covered: set[int] = set()
    count = struct.unpack_from(">H", data, cmap_offset + 2)[0]
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        if platform not in (0, 3):  # Unicode or Windows (Unicode) subtables only
            continue
        start = cmap_offset + sub
        fmt = struct.unpack_from(">H", data, start)[0]
        if fmt == 4:
            covered |= _cmap_format4(data, start)
        elif fmt == 12:
            covered |= _cmap_format12(data, start)
    return frozenset(covered)


def _cmap_format4(data: bytes, start: int) -> set[int]:
    seg_count = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{seg_count}H", data, start + 14)
    starts = struct.unpack_from(f">{seg_count}H", data, start + 16 + 2 * seg_count)
    deltas = struct.unpack_from(f">{seg_count}h", data, start + 16 + 4 * seg_count)
    range_base = start + 16 + 6 * seg_count
    offsets = struct.unpack_from(f">{seg_count}H", data, range_base)
    covered = set()
    for seg in range(seg_count):
        for code in range(starts[seg], ends[seg] + 1):
            if code == 0xFFFF:
                continue
            if offsets[seg] == 0:
                glyph = (code + deltas[seg]) & 0xFFFF
            else:
                where = range_base + 2 * seg + offsets[seg] + 2 * (code - starts[seg])
                glyph = struct.unpack_from(">H", data, where)[0]
                if glyph:
                    glyph = (glyph + deltas[seg]) & 0xFFFF
            if glyph:
                covered.add(code)
    return covered


def _cmap_format12(data: bytes, start: int) -> set[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    covered = set()
    for i in range(groups):
        first, last, _ = struct.unpack_from(">III", data, start + 16 + 12 * i)
        covered.update(range(first, last + 1))
    return covered
