"""The city a run lives in: an engine World (engine/world.py), made in one place.

Scenes and the autoplayer call only `make_city`; the building scene grows what
it returns over frames (game/scenes/building.py). A city already grown for the
same seed and policy is kept (the last few), so the next visitor with that seed,
a replay and every screenshot start from a copy instead of growing it again —
the same city, since growing is deterministic.
"""

from __future__ import annotations

from functools import lru_cache

from engine import loader
from engine.world import CONTROL, WARM_UP, World

CITIZENS = 10_000  # the game's city (the classroom sandbox goes to a million)
KEPT = 2  # grown cities kept for reuse (each about 2 MB at 10,000 citizens)

_grown: dict = {}  # (seed, policy, citizens, warm_up) → a grown World, never handed out


def make_city(seed: int, policy: str = "default", citizens: int = CITIZENS,
              warm_up: int = WARM_UP) -> World:
    """The city for a new run: a copy of one grown already, or a new one to grow."""
    key = (seed, policy, citizens, warm_up)
    if key in _grown:
        return _grown[key].copy()
    book, assumptions, chosen, control = _data(policy)
    return World(book, assumptions, chosen, citizens, seed, control, warm_up)


@lru_cache(maxsize=4)
def _data(policy: str) -> tuple:
    """The files a city is made from, read once (not in the frame a visitor taps)."""
    book = loader.load_rulebook()
    return (book, loader.load_assumptions(book), loader.load_policy(policy, book),
            loader.load_policy(CONTROL, book))


def keep(world: World, policy: str) -> None:
    """Remember a city grown to the day a player arrives (called once it is)."""
    if not world.ready or world.city.day != world.warm_up:
        return
    key = (world.seed, policy, world.citizens, world.warm_up)
    _grown.pop(key, None)
    while len(_grown) >= KEPT:
        _grown.pop(next(iter(_grown)))
    _grown[key] = world.copy()


def grown_city(seed: int, policy: str = "default", citizens: int = CITIZENS,
               warm_up: int = WARM_UP) -> World:
    """A city grown to arrival now (the autoplayer without scenes, screenshots)."""
    world = make_city(seed, policy, citizens, warm_up)
    if not world.ready:
        world.grow_to_arrival()
        keep(world, policy)
    return world
