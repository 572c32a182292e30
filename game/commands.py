"""Input becomes commands: small frozen values that scenes understand.

Why (the Command pattern, as in the tcod tutorial's actions): keyboard, mouse,
touch, the autoplayer and the tests all produce the *same* objects, through this one
module, so a scene never reads a pygame event and everything a player can do can
be replayed, scripted or tested.

Pointer positions in commands are always in logical pixels (the 1280×720 page),
whatever the window's size: `Viewport` maps window pixels and the normalised
(0–1) finger coordinates of touch screens onto the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

LOGICAL_SIZE = (1280, 720)

Point = tuple[int, int]


# --- the commands ------------------------------------------------------------------

@dataclass(frozen=True)
class Move:
    """Arrow keys: move focus or selection. dx, dy are -1, 0 or 1."""
    dx: int
    dy: int


@dataclass(frozen=True)
class FocusNext:
    """Tab (step 1) and Shift+Tab (step -1): go to the next focusable thing."""
    step: int = 1


@dataclass(frozen=True)
class Choose:
    """Number keys: pick choice `number` (1-based, as printed beside the choice)."""
    number: int


@dataclass(frozen=True)
class Activate:
    """Enter / Space: press whatever has the focus."""


@dataclass(frozen=True)
class Back:
    """Esc: leave this screen, close this dialog. Never quits the game."""


@dataclass(frozen=True)
class PointerMove:
    """The mouse moved (for hover). Touch screens do not hover."""
    pos: Point


@dataclass(frozen=True)
class PointerDown:
    """A mouse button or a finger went down at pos (for the pressed look)."""
    pos: Point
    touch: bool = False


@dataclass(frozen=True)
class Click:
    """A mouse button or a finger was released at pos: this is what activates."""
    pos: Point
    touch: bool = False


@dataclass(frozen=True)
class Scroll:
    """Mouse wheel: dy > 0 scrolls content up (towards the start)."""
    dy: int


@dataclass(frozen=True)
class ToggleFullscreen:
    """F11. Handled by the app, never by scenes."""


@dataclass(frozen=True)
class Quit:
    """The window was closed (or a test/autoplayer ends the run)."""


Command = (Move | FocusNext | Choose | Activate | Back | PointerMove | PointerDown
           | Click | Scroll | ToggleFullscreen | Quit)
COMMAND_TYPES = Command.__args__  # for isinstance checks


# --- window ↔ page geometry ---------------------------------------------------------

@dataclass(frozen=True)
class Viewport:
    """Where the logical page sits in the window: scaled to fit, letterboxed."""

    window_size: tuple[int, int]
    logical_size: tuple[int, int] = LOGICAL_SIZE

    @property
    def scale(self) -> float:
        (ww, wh), (lw, lh) = self.window_size, self.logical_size
        return min(ww / lw, wh / lh)

    @property
    def rect(self) -> pygame.Rect:
        """The page's rectangle in window pixels (bars around it are empty)."""
        (ww, wh), (lw, lh) = self.window_size, self.logical_size
        w, h = round(lw * self.scale), round(lh * self.scale)
        return pygame.Rect((ww - w) // 2, (wh - h) // 2, w, h)

    def to_logical(self, window_pos) -> Point:
        rect, scale = self.rect, self.scale
        return (int((window_pos[0] - rect.x) / scale), int((window_pos[1] - rect.y) / scale))

    def from_normalised(self, x: float, y: float) -> Point:
        """Finger events give 0–1 coordinates across the whole window."""
        ww, wh = self.window_size
        return self.to_logical((x * ww, y * wh))


# --- events → commands ----------------------------------------------------------------

_ARROWS = {
    pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1), pygame.K_DOWN: (0, 1),
}
_NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)}
_NUMBER_KEYS.update({getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)})
_ACTIVATE_KEYS = {pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE}


def commands_from_event(event: pygame.event.Event, viewport: Viewport) -> list[Command]:
    """Translate one pygame event into zero or more commands."""
    kind = event.type
    if kind == pygame.QUIT:
        return [Quit()]
    if kind == pygame.KEYDOWN:
        return _from_key(event)
    # SDL also reports each touch as a mouse event marked `touch`; the finger
    # events below already cover it, so those copies are dropped.
    if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
        if getattr(event, "touch", False):
            return []
        pos = viewport.to_logical(event.pos)
        if kind == pygame.MOUSEMOTION:
            return [PointerMove(pos)]
        if event.button != 1:
            return []
        return [PointerDown(pos)] if kind == pygame.MOUSEBUTTONDOWN else [Click(pos)]
    if kind == pygame.MOUSEWHEEL:
        return [Scroll(int(event.y))] if event.y else []
    if kind == pygame.FINGERDOWN:
        return [PointerDown(viewport.from_normalised(event.x, event.y), touch=True)]
    if kind == pygame.FINGERMOTION:  # a finger dragging (sliders)
        return [PointerMove(viewport.from_normalised(event.x, event.y))]
    if kind == pygame.FINGERUP:
        return [Click(viewport.from_normalised(event.x, event.y), touch=True)]
    return []


def _from_key(event: pygame.event.Event) -> list[Command]:
    key = event.key
    if key in _ARROWS:
        return [Move(*_ARROWS[key])]
    if key in _NUMBER_KEYS:
        return [Choose(_NUMBER_KEYS[key])]
    if key in _ACTIVATE_KEYS:
        return [Activate()]
    if key == pygame.K_ESCAPE:
        return [Back()]
    if key == pygame.K_TAB:
        return [FocusNext(-1 if getattr(event, "mod", 0) & pygame.KMOD_SHIFT else 1)]
    if key == pygame.K_F11:
        return [ToggleFullscreen()]
    return []


def to_commands(inputs, viewport: Viewport) -> list[Command]:
    """A mixed sequence of pygame events and ready-made commands → commands."""
    out: list[Command] = []
    for item in inputs:
        if isinstance(item, COMMAND_TYPES):
            out.append(item)
        else:
            out.extend(commands_from_event(item, viewport))
    return out
