"""`python -m game.screenshots OUTDIR`: a PNG of every registered scene, headless.

Why: screenshots are how we review a screen's look without playing to it, and how
docs/screenshots stays current (`make screenshots`). The same registry feeds the
scene tests, so every registered scene is also built and drawn by `make test`.

The registry maps a name to a factory `factory(ctx) -> Scene | list[Scene]` (a list
is a stack, bottom first, for dialogs over a screen). Scene modules in
`game/scenes/` add theirs with a module-level `SCREENSHOTS = {name: factory}`, found
here automatically; `register(name, factory)` adds one from anywhere else.

Each run also removes the PNGs in OUTDIR that no registered scene produces any more
(a renamed or dropped scene leaves none behind); only names this command could have
written (`name.png`, `name--theme.png`) are touched, never other files.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
from pathlib import Path
from typing import Callable

REGISTRY: dict[str, Callable] = {}

# Shot in every language besides English: the first screen, a moment, the debrief.
LANGUAGE_SHOTS = ("title", "moment-red-light-crossed", "debrief-1-score")


def register(name: str, factory: Callable) -> None:
    if name in REGISTRY and REGISTRY[name] is not factory:
        raise ValueError(f"screenshot name {name!r} is registered twice")
    REGISTRY[name] = factory


def discover() -> dict[str, Callable]:
    """Every registered scene: the `SCREENSHOTS` of each game.scenes module + REGISTRY."""
    from . import scenes

    found: dict[str, Callable] = {}
    for module_info in sorted(pkgutil.iter_modules(scenes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{scenes.__name__}.{module_info.name}")
        for name, factory in getattr(module, "SCREENSHOTS", {}).items():
            if name in found:
                raise ValueError(f"screenshot name {name!r} is registered twice "
                                 f"(again in {module.__name__})")
            found[name] = factory
    for name, factory in REGISTRY.items():
        if name in found and found[name] is not factory:
            raise ValueError(f"screenshot name {name!r} is registered twice")
        found[name] = factory
    return found


def render(factory: Callable, ctx, seconds: float = 1.0):
    """Build the scene(s), run `seconds` of fixed updates, return the App (its `.page`
    is the picture, its `.stack` the scenes).

    The updates run at the game's fixed step, but the page is drawn every 0.1 s of
    them, not every step: drawing changes no scene (tests/test_scenes.py checks it),
    so the picture is the same and the tests that render every scene are ~5× faster."""
    from .app import STEP, App, FixedClock

    app = App(ctx, clock=FixedClock())
    built = factory(ctx)
    for scene in built if isinstance(built, list) else [built]:
        app.push(scene)
    steps = max(1, round(seconds / STEP))
    per_draw = max(1, round(DRAW_EVERY / STEP))
    while steps > 0:
        app.step(dt=STEP * min(per_draw, steps))
        steps -= per_draw
    return app


DRAW_EVERY = 0.1  # seconds of updates between two drawings in `render`


_SHOT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")


def expected_files(names, theme_names, locale_codes=()) -> set[str]:
    """The file names a run writes for these scene and theme names (and the
    LANGUAGE_SHOTS in these other languages)."""
    files = {f"{name}{'' if theme == 'standard' else f'--{theme}'}.png"
             for name in names for theme in theme_names}
    return files | {f"{name}--{code.lower()}.png" for name in names if name in LANGUAGE_SHOTS
                    for code in locale_codes}


# Screenshots other tools write into docs/screenshots (the web page's and the class
# hub's, taken in headless Chromium by their tests): never stale here.
OTHERS = ("web-", "hub-")


def orphans(out: Path, names, theme_names, locale_codes=()) -> list[Path]:
    """PNGs in `out` shaped like a screenshot that no registered scene produces."""
    if not out.is_dir():
        return []
    keep = expected_files(names, theme_names, locale_codes)
    return sorted(path for path in out.iterdir()
                  if path.is_file() and _SHOT_NAME.match(path.name)
                  and path.name not in keep and not path.name.startswith(OTHERS))


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: python -m game.screenshots OUTDIR [NAME ...]", file=sys.stderr)
        return 2
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from .i18n import Locale
    from .scenes.base import SceneContext
    from .ui.theme import THEMES

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1, 1))  # lets scenes use convert()/convert_alpha()
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(argv[1:])
    scenes = discover()
    unknown = wanted - set(scenes)
    if unknown:
        print(f"unknown scene(s): {', '.join(sorted(unknown))}; "
              f"known: {', '.join(sorted(scenes))}", file=sys.stderr)
        return 2
    others = [code for code in Locale.available() if code != "en"]
    for stale in orphans(out, scenes, [theme.name for theme in THEMES.values()], others):
        stale.unlink()
        print(f"removed {stale}")
    base = SceneContext(Locale.load("en"))
    for name, factory in scenes.items():
        if wanted and name not in wanted:
            continue
        for theme in THEMES.values():
            ctx = base.with_theme(theme)
            suffix = "" if theme.name == "standard" else f"--{theme.name}"
            path = out / f"{name}{suffix}.png"
            pygame.image.save(render(factory, ctx).page, str(path))
            print(path)
        if name in LANGUAGE_SHOTS:
            for code in others:
                path = out / f"{name}--{code.lower()}.png"
                pygame.image.save(render(factory, base.with_locale(Locale.load(code))).page,
                                  str(path))
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
