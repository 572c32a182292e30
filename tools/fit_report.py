"""Which texts overflow their boxes, in a language and a theme — before players see it.

    .venv/bin/python -m tools.fit_report --locale es                 # as translated today
    .venv/bin/python -m tools.fit_report --locale es --stretch 30    # untranslated text 30 % longer
    .venv/bin/python -m tools.fit_report --locale zh-Hans --theme projector

Why: the fit test (tests/test_game_shell.py) checks every registered scene in each
language, but only with the text translated so far (English where a catalog is
empty). While translations are being written, `--stretch N` makes every message
still in English N % longer (a pseudo-translation, in memory only: the catalogs are
not touched), so a layout that will not hold Spanish shows up now. Prints one line
per overflowing box (scene, role, box size, the text's size, the text) and a total;
exits 1 when something overflows.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import replace

EXTRA = "ñáéíóú"  # letters added by --stretch: Spanish's own, so the font is tried too


def stretch(text: str, percent: int) -> str:
    """`text` with each word (not a {placeholder}) about `percent` % longer."""
    def longer(match: re.Match) -> str:
        word = match.group(0)
        extra = round(len(word) * percent / 100)
        return word + (EXTRA * (extra // len(EXTRA) + 1))[:extra]

    parts = re.split(r"(\{[^}]*\})", text)
    return "".join(part if part.startswith("{") else re.sub(r"[A-Za-z’']{3,}", longer, part)
                   for part in parts)


def stretched(locale, english, percent: int):
    """The locale with every message still equal to English stretched."""
    messages = {}
    for message_id, value in locale.messages.items():
        if value != english.messages.get(message_id) or message_id.startswith("format."):
            messages[message_id] = value
        elif isinstance(value, str):
            messages[message_id] = stretch(value, percent)
        else:
            messages[message_id] = {k: stretch(v, percent) for k, v in value.items()}
    return replace(locale, messages=messages)


def overflows(ctx, seconds: float = 0.05):
    """(scene, role, box size, (text width, height), text) for every box too small."""
    from game.screenshots import discover, render
    from game.ui.text import measure

    gap = ctx.theme.size("line.gap")
    found = []
    for name, factory in discover().items():
        app = render(factory, ctx, seconds=seconds)
        for scene in app.stack:
            for box in scene.text_boxes():
                font = (box.fonts or ctx.fonts).get(*ctx.theme.text_style(box.role))
                layout = measure(box.text, font, box.size, gap)
                if not layout.fits:
                    found.append((name, box.role, box.size, (layout.width, layout.height),
                                  box.text))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fit_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale", default="es")
    parser.add_argument("--theme", default="all", choices=("all", "standard", "projector"))
    parser.add_argument("--stretch", type=int, default=0, metavar="PERCENT",
                        help="make untranslated (English) messages this much longer")
    args = parser.parse_args(argv)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.i18n import Locale
    from game.scenes.base import SceneContext
    from game.ui.theme import THEMES

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))
    english = Locale.load("en")
    locale = Locale.load(args.locale)
    if args.stretch:
        locale = stretched(locale, english, args.stretch)
    themes = list(THEMES) if args.theme == "all" else [args.theme]
    total = 0
    for theme in themes:
        ctx = SceneContext(english).with_theme(THEMES[theme]).with_locale(locale)
        for name, role, size, used, text in overflows(ctx):
            total += 1
            short = text.replace("\n", " ")
            print(f"{theme} {name}: {role} box {size[0]}×{size[1]}, text {used[0]}×{used[1]}: "
                  f"{short[:70]}{'…' if len(short) > 70 else ''}")
    print(f"{args.locale}{f' stretched {args.stretch} %' if args.stretch else ''}: "
          f"{total} overflowing boxes ({', '.join(themes)})")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
