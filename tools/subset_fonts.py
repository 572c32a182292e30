"""Make the small font files the game ships, from the full DejaVu fonts.

Why: the browser build downloads every byte of assets/, and `SysFont` finds nothing
there, so the game loads its own TTF files by path. The full DejaVu Sans is ~750 KB;
the game only needs Latin text, punctuation, currency signs (¥, €), arrows and a
few symbols, so we keep those glyphs and drop the rest (~10x smaller).

This is a developer tool, run by hand when the character set changes. fontTools is
needed here only, never at run time:

    .venv/bin/pip install fonttools
    .venv/bin/python tools/subset_fonts.py [SOURCE_DIR]

SOURCE_DIR defaults to /usr/share/fonts/truetype/dejavu (Debian's fonts-dejavu-core).
A new locale with other scripts (e.g. Greek, Cyrillic) adds its ranges to KEEP.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts"

# (source file, shipped file)
FONTS = [
    ("DejaVuSans.ttf", "DejaVuSans-Subset.ttf"),
    ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-Subset.ttf"),
]

# Unicode ranges kept, inclusive, each with why.
KEEP = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (×, ·, °, accented letters)
    (0x0100, 0x017F),  # Latin Extended-A (Central European languages)
    (0x2000, 0x206F),  # General Punctuation (dashes, quotes, •, …)
    (0x20A0, 0x20CF),  # Currency Symbols (€ and others; ¥ is in Latin-1)
    (0x2190, 0x21FF),  # Arrows
    (0x2212, 0x2212),  # − minus sign (score losses)
    (0x2248, 0x2248),  # ≈
    (0x2260, 0x2265),  # ≠ ≤ ≥
    (0x25A0, 0x25A1),  # ■ □
    (0x25B2, 0x25BC),  # ▲ △ ▼ (and neighbours)
    (0x25CB, 0x25CF),  # ○ ●
    (0x2605, 0x2606),  # ★ ☆
    (0x2713, 0x2718),  # ✓ ✔ ✕ ✖ ✗ ✘
]


def codepoints() -> list[int]:
    return [cp for start, end in KEEP for cp in range(start, end + 1)]


def subset_one(source: Path, target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["kern", "liga", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep copyright and licence names
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True  # FreeType in pygame uses it at small sizes
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    glyphs = len(font.getGlyphOrder())
    print(f"{target.relative_to(TARGET.parent.parent)}: {target.stat().st_size // 1024} KB, {glyphs} glyphs")


def main(argv: list[str]) -> int:
    source_dir = Path(argv[0]) if argv else DEFAULT_SOURCE
    for source_name, target_name in FONTS:
        source = source_dir / source_name
        if not source.is_file():
            print(f"missing source font: {source}", file=sys.stderr)
            return 1
        subset_one(source, TARGET / target_name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
