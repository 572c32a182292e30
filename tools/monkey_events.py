"""The monkey's random input: seeded streams of plain, JSON-able event specs, and
the pygame events they stand for.

Why specs and not pygame events: a failing run is saved to a file and replayed
exactly, so the stream must be written down before it is played. A stream is a
list of frames; each frame is `[dt, [spec, ...]]` — the game seconds the frame
lasts and the events that arrive in it. A spec is a short list such as
`["key", 27, 0]` or `["click", 640, 360]` (see `to_pygame`).

What a monkey does (as Android's Monkey does to an app): keys a player has (Esc,
Enter, Space, Tab and Shift+Tab, the arrows, digits, F11, Backspace), clicks and
motion at random points of the window, a press here and a release there, the
wheel, fingers down and up, the window losing and regaining focus, resizes, now
and then a pause (the kiosk's idle timer, the sandbox's run) and, rarely, QUIT.
"""

from __future__ import annotations

import random

WINDOW = (1280, 720)
FRAME = 1 / 60
# A long wait (the kiosk's idle timer wants 90 s) is played as frames of 0.25 s,
# the longest the App catches up in one frame. A real game at 60 frames a second
# only meets such a frame after a stall, so the monkey does not time these frames.
SKIP = 0.25

# (weight, kind): how often each kind of input comes.
KINDS = [(30, "key"), (22, "click"), (12, "motion"), (5, "press"), (5, "release"),
         (3, "wheel"), (8, "finger"), (2, "focus"), (1, "resize"), (3, "pause"),
         (0.2, "quit")]


def _keys():
    import pygame

    return ([pygame.K_ESCAPE] * 3 + [pygame.K_RETURN] * 4 + [pygame.K_SPACE, pygame.K_TAB] * 2
            + [pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN] * 2
            + [getattr(pygame, f"K_{n}") for n in range(10)]
            + [pygame.K_KP_ENTER, pygame.K_F11, pygame.K_BACKSPACE, pygame.K_a])


def make_stream(seed: int, events: int) -> list:
    """`events` random inputs as frames (see the module docstring)."""
    import pygame

    rng = random.Random(seed)
    keys = _keys()
    weights, kinds = zip(*KINDS)
    frames: list = []
    made = 0
    while made < events:
        kind = rng.choices(kinds, weights)[0]
        x, y = rng.randrange(WINDOW[0]), rng.randrange(WINDOW[1])
        specs: list = []
        if kind == "key":
            mod = pygame.KMOD_SHIFT if rng.random() < 0.15 else 0
            specs = [["key", rng.choice(keys), mod]]
        elif kind == "click":
            specs = [["down", x, y, 1], ["up", x, y, 1]]
        elif kind == "motion":
            specs = [["motion", x, y]]
        elif kind == "press":
            specs = [["down", x, y, rng.choice((1, 1, 1, 3))]]
        elif kind == "release":
            specs = [["up", x, y, rng.choice((1, 1, 1, 3))]]
        elif kind == "wheel":
            specs = [["wheel", rng.choice((-3, -1, 1, 3))]]
        elif kind == "finger":
            fx, fy = round(rng.random(), 4), round(rng.random(), 4)
            specs = [["fdown", fx, fy]]
            if rng.random() < 0.8:
                specs.append(["fup", fx, fy])
        elif kind == "focus":
            specs = [["focus", rng.choice((0, 1))]]
        elif kind == "resize":
            specs = [["resize", rng.randrange(320, 2560), rng.randrange(240, 1440)]]
        elif kind == "quit":
            specs = [["quit"]]
        if kind == "pause":  # nobody touches anything for a while
            seconds = rng.choice((0.5, 2, 5, 20, 90))
            step = FRAME if seconds <= 5 else SKIP  # long waits: time skips (see SKIP)
            frames += [[step, []]] * round(seconds / step)
            continue
        frames.append([FRAME, specs])
        made += len(specs)
        frames += [[FRAME, []]] * rng.choice((0, 0, 1, 2, 5, 20))  # the game answers
    return frames


def to_pygame(spec) -> list:
    """The pygame event(s) a spec stands for."""
    import pygame

    Event = pygame.event.Event
    match spec:
        case ["key", key, mod]:
            return [Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0),
                    Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)]
        case ["down", x, y, button]:
            return [Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=button, touch=False)]
        case ["up", x, y, button]:
            return [Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=button, touch=False)]
        case ["motion", x, y]:
            return [Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=(0, 0, 0),
                          touch=False)]
        case ["wheel", dy]:
            return [Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False, touch=False)]
        case ["fdown", fx, fy]:
            return [Event(pygame.FINGERDOWN, x=fx, y=fy, dx=0.0, dy=0.0, finger_id=0,
                          touch_id=0, pressure=1.0)]
        case ["fup", fx, fy]:
            return [Event(pygame.FINGERUP, x=fx, y=fy, dx=0.0, dy=0.0, finger_id=0,
                          touch_id=0, pressure=0.0)]
        case ["focus", gained]:
            kind = pygame.WINDOWFOCUSGAINED if gained else pygame.WINDOWFOCUSLOST
            return [Event(kind), Event(pygame.ACTIVEEVENT, gain=gained, state=1)]
        case ["resize", w, h]:
            return [Event(pygame.VIDEORESIZE, size=(w, h), w=w, h=h),
                    Event(pygame.WINDOWRESIZED, x=w, y=h)]
        case ["quit"]:
            return [Event(pygame.QUIT)]
    raise ValueError(f"unknown event spec {spec!r}")


def counts_as_input(spec) -> bool:
    """Whether a player did something a screen should answer (stuck detection)."""
    return spec[0] in ("key", "click", "down", "up", "fdown", "fup")
