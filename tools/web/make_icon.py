"""Draw tools/web/favicon.png, the page icon of offline browser builds.

A score badge: a dark rounded square holding an amber ring with a tick mark. Run by
hand if the look changes (pygame-ce only, no other image library):

    SDL_VIDEODRIVER=dummy .venv/bin/python tools/web/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

SIZE = 64
PAPER = (21, 24, 30, 255)
INK = (236, 238, 242, 255)
ACCENT = (231, 180, 58, 255)


def draw(size: int = SIZE) -> pygame.Surface:
    s = size / 64
    icon = pygame.Surface((size, size), pygame.SRCALPHA)
    icon.fill((0, 0, 0, 0))
    pygame.draw.rect(icon, PAPER, icon.get_rect(), border_radius=round(12 * s))
    centre = (size // 2, size // 2)
    pygame.draw.circle(icon, ACCENT, centre, round(23 * s), width=max(2, round(6 * s)))
    tick = [(20 * s, 33 * s), (28 * s, 41 * s), (44 * s, 24 * s)]
    pygame.draw.lines(icon, INK, False, tick, width=max(2, round(6 * s)))
    return icon


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent / "favicon.png"
    pygame.image.save(draw(), str(target))
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
