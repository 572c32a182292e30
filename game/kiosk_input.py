"""The kiosk's two small clocks on input: the idle timer and the staff gesture.

Why pure classes: they decide when a visitor has walked away and when staff may
close the kiosk, which tests must check to the second and the soak benchmark
(tools/soak_kiosk.py) must run for hours in seconds. So neither reads the real
time nor pygame: each is given a clock (a callable returning seconds) and plain
key names (those of kiosk_config.CHORD_KEYS); game/kiosk.py's `KioskShell` feeds
them the events and maps pygame's keys onto those names.
"""

from __future__ import annotations

import hmac
from typing import Callable


class IdleTimer:
    """Quiet for `idle_seconds` → WARNING; quiet for `warning_seconds` more → EXPIRED.
    `poke()` on every input starts over. `clock()` returns seconds."""

    ACTIVE, WARNING, EXPIRED = "active", "warning", "expired"

    def __init__(self, idle_seconds: float, warning_seconds: float,
                 clock: Callable[[], float]):
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self.clock = clock
        self.last_input = clock()

    def poke(self) -> None:
        self.last_input = self.clock()

    def quiet(self) -> float:
        return self.clock() - self.last_input

    def state(self) -> str:
        quiet = self.quiet()
        if quiet < self.idle_seconds:
            return self.ACTIVE
        if quiet < self.idle_seconds + self.warning_seconds:
            return self.WARNING
        return self.EXPIRED

    def seconds_left(self) -> float:
        """Of the "Still there?" countdown (the full countdown before it starts)."""
        left = self.idle_seconds + self.warning_seconds - self.quiet()
        return max(0.0, min(self.warning_seconds, left))


class AdminGesture:
    """Every key of `keys` held together, or a finger on `corner`, for `hold_seconds`.

    Fires once per hold (`update()` returns True that once); letting go re-arms it.
    Key names are those of CHORD_KEYS; the shell maps pygame keys onto them.
    """

    def __init__(self, keys, hold_seconds: float, clock: Callable[[], float],
                 corner=None):
        self.keys = frozenset(keys)
        self.hold_seconds = hold_seconds
        self.clock = clock
        self.corner = corner  # a pygame.Rect-like with collidepoint, or None
        self.held: set[str] = set()
        self._chord_since: float | None = None
        self._corner_since: float | None = None
        self._fired = False

    def key_down(self, name: str) -> None:
        self.held.add(name)
        if self.keys <= self.held and self._chord_since is None:
            self._chord_since = self.clock()

    def key_up(self, name: str) -> None:
        self.held.discard(name)
        if not self.keys <= self.held:
            self._chord_since = None
            self._rearm()

    def pointer_down(self, pos) -> None:
        if self.corner is not None and self.corner.collidepoint(pos):
            self._corner_since = self.clock()

    def pointer_away(self, pos=None) -> None:
        """The finger lifted, or the pointer left the corner."""
        if pos is None or self.corner is None or not self.corner.collidepoint(pos):
            self._corner_since = None
            self._rearm()

    def release_all(self) -> None:
        self.held.clear()
        self._chord_since = self._corner_since = None
        self._fired = False

    def _rearm(self) -> None:
        if self._chord_since is None and self._corner_since is None:
            self._fired = False

    def update(self) -> bool:
        if self._fired:
            return False
        now = self.clock()
        for since in (self._chord_since, self._corner_since):
            if since is not None and now - since >= self.hold_seconds - 1e-9:
                self._fired = True
                return True
        return False


def pin_matches(entered: str, pin: str) -> bool:
    """In constant time, so the PIN pad cannot be timed digit by digit."""
    return hmac.compare_digest(entered.encode(), pin.encode())
