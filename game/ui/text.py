"""Fonts by path, word-wrapping into boxes, and checks that text fits.

Why by path: in the browser (pygbag) `pygame.font.SysFont` finds no fonts at all, so
the game ships its own font files (assets/fonts, see its README) and opens them
directly. Fonts are cached per (size, bold): opening a font is slow, and scenes ask
for the same few sizes every frame. Each language names its fonts in its
`_locale.toml` (`[fonts] regular/bold`): Latin languages use the DejaVu subset,
Chinese a Noto Sans CJK SC subset (SDL_ttf has no fallback between fonts, so one
locale's text is drawn with one font, which must have every character it uses).

Why a wrap of its own for Chinese: Chinese puts no spaces between words, so a line
may break between any two characters — except that some punctuation may not start
a line (，。、：；！？）」』…) and some may not end one (（「『“): the rule called
kinsoku. `wrap` does both and keeps breaking only at spaces for Latin text.

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


def font_paths(meta, code: str = "?") -> tuple[Path, Path]:
    """(regular, bold) font files a locale's `_locale.toml` names in `[fonts]`;
    the DejaVu subset when it names none. A bad entry raises ValueError naming it."""
    fonts = meta.get("fonts")
    if fonts is None:
        return REGULAR, BOLD
    paths = []
    for weight in ("regular", "bold"):
        name = fonts.get(weight) if isinstance(fonts, dict) else None
        if not isinstance(name, str) or not name or "/" in name or "\\" in name:
            raise ValueError(f"assets/locales/{code}/_locale.toml: [fonts] {weight} must "
                             f"name a file in assets/fonts (got {name!r})")
        path = FONT_DIR / name
        if not path.is_file():
            raise ValueError(f"assets/locales/{code}/_locale.toml: [fonts] {weight}: "
                             f"{path} not found (tools/subset_fonts.py makes it)")
        paths.append(path)
    return paths[0], paths[1]


_SHARED: dict[tuple[Path, Path], "Fonts"] = {}
# Fonts enlarged by the text-size setting, by id: (their Fonts, size, bold, floor),
# the floor being the theme's own size. A box too small for the enlarged text draws
# it at the largest size from there down to the floor that fits (`fitting_font`):
# nothing is cut off, and nothing is ever smaller than the theme's own text.
# Each entry holds the font itself too: its id can then never be reused by another.
_ENLARGED: dict[int, tuple[pygame.font.Font, "Fonts", int, bool, int]] = {}


class Fonts:
    """Opens the shipped fonts on demand and keeps them, one per (size, bold), and one
    per (size, bold, floor) for text enlarged by the text-size setting."""

    @classmethod
    def for_locale(cls, locale) -> "Fonts":
        """The fonts a locale draws with, shared by every context in that locale
        (switching language back and forth does not reopen font files)."""
        key = font_paths(locale.meta, locale.code)
        if key not in _SHARED:
            _SHARED[key] = cls(*key)
        return _SHARED[key]

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

    Breaks at spaces, and in Chinese (or Japanese) text between characters, minding
    kinsoku (see `cjk_units`); keeps the author's line breaks ("\\n"; a blank line
    stays a blank line, for paragraphs); a single word wider than the box is cut
    between characters rather than overflowing.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if any(_is_cjk(ch) for ch in paragraph):
            lines += _wrap_units(cjk_units(paragraph), font, width)
            continue
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


# Characters that may not begin a line (closing brackets and quotes, stops, commas,
# the iteration mark…) and that may not end one (opening brackets and quotes,
# currency signs): the basic line-breaking prohibitions of W3C's "Requirements for
# Chinese Text Layout" and Japan's JIS X 4051 (kinsoku), full-width and ASCII forms.
NO_LINE_START = frozenset("，。、：；！？）」』】〕〉》〗〙〛”’…‥·・〃々—～ー"
                          ".,:;!?)]}%％‰℃")
NO_LINE_END = frozenset("（「『【〔〈《〖〘〚“‘([{¥￥$£€#")


def _is_cjk(ch: str) -> bool:
    """A character written without spaces around it: CJK ideographs and kana, their
    punctuation and full-width forms (a line may break before or after it)."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF)


def cjk_units(paragraph: str) -> list[tuple[str, bool]]:
    """A paragraph as unbreakable units, each (text, a space before it).

    Every CJK character is a unit of its own; a run of other characters is split at
    spaces only (a Latin word, a number, "¥12.50"). Kinsoku joins a unit starting
    with a NO_LINE_START character to the one before it, and a unit ending with a
    NO_LINE_END character to the one after it, so no line starts with "，" or ends
    with "「".
    """
    raw: list[tuple[str, bool]] = []
    word, spaced = "", False
    for ch in paragraph:
        if ch == " ":
            if word:
                raw.append((word, spaced))
                word = ""
            spaced = True
        elif _is_cjk(ch):
            if word:
                raw.append((word, spaced))
                word, spaced = "", False
            raw.append((ch, spaced))
            spaced = False
        else:
            word += ch
    if word:
        raw.append((word, spaced))
    units: list[tuple[str, bool]] = []
    glue_next = False
    for text, spaced in raw:
        if units and (glue_next or (not spaced and text[0] in NO_LINE_START)):
            previous, before = units[-1]
            units[-1] = (previous + (" " if spaced else "") + text, before)
        else:
            units.append((text, spaced))
        glue_next = text[-1] in NO_LINE_END
    return units


def break_units(text: str) -> list[tuple[str, bool]]:
    """Where a text may be cut, as units (text, a space before it): words for Latin
    text, characters (with kinsoku) for Chinese. `join_units` puts them back."""
    if any(_is_cjk(ch) for ch in text):
        return cjk_units(text)
    return [(word, i > 0) for i, word in enumerate(text.split(" "))]


def join_units(units: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and i else "") + text
                   for i, (text, spaced) in enumerate(units))


def _wrap_units(units: list[tuple[str, bool]], font: pygame.font.Font,
                width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for text, spaced in units:
        candidate = line + (" " if spaced and line else "") + text
        if font.size(candidate)[0] <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.size(text)[0] > width and len(text) > 1:
            cut = _longest_prefix(text, font, width)
            lines.append(text[:cut])
            text = text[cut:]
        line = text
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
    Scenes list theirs (`Scene.text_boxes`) so tests check every locale's strings.
    `fonts`: the Fonts it is drawn with when not the scene's (a language's own name
    on a language button)."""

    text: str
    role: str
    size: tuple[int, int]
    fonts: "Fonts | None" = None


@dataclass(frozen=True)
class Measure:
    """How a text lays out in a box: its lines, size, and whether it fits."""

    lines: tuple[str, ...]
    width: int
    height: int
    fits: bool


class _Cache(OrderedDict):
    """A small least-recently-used cache (the browser has no room for an unbounded one)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def find(self, key):
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def keep(self, key, value):
        self[key] = value
        if len(self) > self.limit:
            self.popitem(last=False)
        return value


# Why caches: scenes draw the same texts every frame (60 a second), and laying a
# text out measures every word with the font while rendering a line rasterises
# it: together most of a frame's time. A font object is part of each key (fonts
# are kept by `Fonts`, so the same size and weight is the same object).
_LAYOUTS = _Cache(2048)  # (text, font, box, gap) → Measure
_LINES = _Cache(768)  # (font, line, colour) → rendered line (read-only: only blitted)


def measure(text: str, font: pygame.font.Font, box: tuple[int, int], gap: int = 0) -> Measure:
    """Lay text out in a box (width, height) without drawing it."""
    key = (text, font, tuple(box), gap)
    found = _LAYOUTS.find(key)
    if found is None:
        found = _LAYOUTS.keep(key, _measure(text, font, box, gap))
    return found


def _measure(text: str, font: pygame.font.Font, box: tuple[int, int], gap: int) -> Measure:
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
            image = render_line(font, line, colour)
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


def render_line(font: pygame.font.Font, line: str, colour) -> pygame.Surface:
    """`font.render(line, True, colour)`, kept: the same line in the same colour is
    rasterised once. Blit the surface; never draw on it."""
    key = (font, line, tuple(colour))
    image = _LINES.find(key)
    if image is None:
        image = _LINES.keep(key, font.render(line, True, colour))
    return image


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
