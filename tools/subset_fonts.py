"""Make the small font files the game ships: DejaVu for Latin, Noto Sans CJK for Chinese.

Why: the browser build downloads every byte of assets/, and `SysFont` finds nothing
there, so the game loads its own font files by path. The full DejaVu Sans is ~750 KB
and the full Noto Sans CJK SC ~16 MB a weight; the game keeps only the glyphs it can
draw:

- DejaVu Sans (English, Spanish): fixed ranges, `KEEP` — Latin, punctuation,
  currency signs, arrows and a few symbols.
- Noto Sans CJK SC (Simplified Chinese): exactly the characters of every shipped
  locale's text (`locale_characters`: English included, since an untranslated
  message shows in English), the characters the game's code draws itself
  (`code_characters`: ¥, −, ▲, arrows…), printable ASCII and CJK punctuation.
  So after the translations change, re-run this tool and commit the two files.

Developer tool, offline: fontTools comes with the test extra (`make` installs it
into .venv), the sources with Debian's font packages; the game never needs either:

    apt-get install fonts-dejavu-core fonts-noto-cjk     # the sources, once
    .venv/bin/python -m tools.subset_fonts               # both families
    .venv/bin/python -m tools.subset_fonts --only cjk    # just the Chinese font

The test tests/test_languages.py fails when a shipped catalog uses a character its
locale's font lacks; the message says to run this.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "assets" / "fonts"
DEJAVU_SOURCE = Path("/usr/share/fonts/truetype/dejavu")
NOTO_SOURCE = Path("/usr/share/fonts/opentype/noto")
CJK_FACE = "Noto Sans CJK SC"  # the face inside Debian's .ttc collections

# family → [(source file, shipped file)]
FONTS = {
    "dejavu": [("DejaVuSans.ttf", "DejaVuSans-Subset.ttf"),
               ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-Subset.ttf")],
    "cjk": [("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular-Subset.otf"),
            ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold-Subset.otf")],
}

# DejaVu: Unicode ranges kept, inclusive, each with why.
KEEP = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (×, ·, °, accented letters, ¿ ¡ ñ)
    (0x0100, 0x017F),  # Latin Extended-A (Central European languages)
    (0x0391, 0x03C9),  # Greek letters (Δ in ΔE: the code may draw any character it holds)
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

# CJK: kept whatever the catalogs say, so a translator's punctuation shows before
# the next run of this tool (a few dozen glyphs).
CJK_ALWAYS = [
    (0x0020, 0x007E),  # printable ASCII: digits, Latin names, the game's own marks
    (0x3000, 0x303F),  # CJK Symbols and Punctuation: 、。「」『』【】〈〉《》
    (0xFF01, 0xFF5E),  # full-width forms: ，！？：；（）
]


def codepoints() -> list[int]:
    """DejaVu's kept code points."""
    return [cp for start, end in KEEP for cp in range(start, end + 1)]


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from value.values()
    else:  # a translated plural: a tuple of forms
        yield from value


def locale_characters(code: str) -> set[str]:
    """Every character a locale's messages (English where untranslated) and its
    own name use."""
    from engine.loader import load_locale

    meta, messages = load_locale(code)
    chars = set(str(meta.get("name", code)))
    for value in messages.values():
        for text in _texts(value):
            chars.update(text)
    return chars - {"\n", "\t"}


def code_characters(root: Path = ROOT) -> set[str]:
    """Non-ASCII characters in the string literals of the game's code: what it draws
    without a message (¥, −, ▲, arrows, •…). Docstrings and comments do not count,
    nor the line-breaking tables (game/ui/text.py's kinsoku sets: rules, not text)."""
    import ast

    chars: set[str] = set()
    for path in sorted((root / "game").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skipped = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and ast.get_docstring(node, False):
                skipped.add(id(node.body[0].value))
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id.startswith("NO_LINE_") for t in node.targets):
                skipped.update(id(inner) for inner in ast.walk(node.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in skipped:
                chars.update(ch for ch in node.value if ord(ch) > 0x7E)
    return chars - {"\n", "\t"}


def cjk_characters() -> set[str]:
    """What the CJK font must draw: every locale's text, the code's, CJK_ALWAYS."""
    from engine.loader import locale_codes

    chars = code_characters()
    for code in locale_codes():
        chars |= locale_characters(code)
    chars.update(chr(cp) for start, end in CJK_ALWAYS for cp in range(start, end + 1))
    return chars


def _open(source: Path):
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() != ".ttc":
        return TTFont(str(source), recalcTimestamp=False)
    faces = TTCollection(str(source)).fonts
    for index, face in enumerate(faces):
        if face["name"].getDebugName(4) in (CJK_FACE, f"{CJK_FACE} Bold"):
            return TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    raise SystemExit(f"subset_fonts: {source} has no face named {CJK_FACE!r}")


# The CJK font's vertical metrics, in em: DejaVu Sans's line (ascent 0.928, descent
# 0.236) instead of Noto CJK's taller 1.16 + 0.288. Why: every box in the game is
# laid out for the DejaVu line height; Chinese then gets the same lines, and its
# ideographs (the em box, 0.88 above the baseline to 0.12 below) still fit whole.
CJK_LINE = (0.928, 0.236)


def _set_line_height(font, ascent: float, descent: float) -> None:
    """Write one line height into every table a renderer may read it from."""
    em = font["head"].unitsPerEm
    up, down = round(ascent * em), round(descent * em)
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = up, -down, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = up, -down, 0
    os2.usWinAscent, os2.usWinDescent = up, down


def subset_one(source: Path, target: Path, unicodes: list[int], *, hinting: bool,
               line_height: tuple[float, float] | None = None) -> set[int]:
    """Write the subset of `source` to `target` (temp file, then rename); returns
    the requested code points the source has no glyph for."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["kern", "liga", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep copyright and licence names
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = hinting  # FreeType uses TrueType hints at small sizes
    font = _open(source)
    missing = set(unicodes) - set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if line_height is not None:
        _set_line_height(font, *line_height)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    font.save(str(temporary))
    temporary.replace(target)
    glyphs = len(font.getGlyphOrder())
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB, {glyphs} glyphs")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.subset_fonts",
                                     description="Make the shipped font subsets.")
    parser.add_argument("--only", choices=sorted(FONTS), help="one family only")
    parser.add_argument("--dejavu-dir", type=Path, default=DEJAVU_SOURCE)
    parser.add_argument("--noto-dir", type=Path, default=NOTO_SOURCE)
    args = parser.parse_args(argv)
    try:
        import fontTools  # noqa: F401
    except ImportError:
        print("subset_fonts: fontTools is missing: .venv/bin/pip install -e '.[test]'",
              file=sys.stderr)
        return 1
    families = [args.only] if args.only else list(FONTS)
    for family in families:
        folder = args.dejavu_dir if family == "dejavu" else args.noto_dir
        package = "fonts-dejavu-core" if family == "dejavu" else "fonts-noto-cjk"
        for source_name, _ in FONTS[family]:
            if not (folder / source_name).is_file():
                print(f"subset_fonts: missing source font {folder / source_name} "
                      f"(Debian: apt-get install {package})", file=sys.stderr)
                return 1
    for family in families:
        if family == "dejavu":
            unicodes, folder = codepoints(), args.dejavu_dir
        else:
            unicodes, folder = sorted(ord(ch) for ch in cjk_characters()), args.noto_dir
            print(f"CJK: {len(unicodes)} characters from the catalogs and the code")
        for source_name, target_name in FONTS[family]:
            missing = subset_one(folder / source_name, TARGET / target_name, unicodes,
                                 hinting=family == "dejavu",
                                 line_height=CJK_LINE if family == "cjk" else None)
            always = {cp for start, end in CJK_ALWAYS for cp in range(start, end + 1)}
            shown = "".join(chr(cp) for cp in sorted(missing - always))
            if family == "cjk" and shown:
                print(f"  not in {source_name}: {shown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
