"""The player's display settings: text size, reduced motion, display theme.

Why here and why so small: these are device settings, not game state — a reader who
needs bigger text needs it on every screen and every run, so they live in one
frozen `Settings` value carried by the `SceneContext` (`ctx.settings`), and are
kept per device in one JSON record of `game.storage` (a file in the data folder on
the desktop, `localStorage` in the browser).

A stored record we cannot use is never trusted and never lost: each bad field is
refused with a message naming the record and the field (logged for the operator),
that field falls back to its default, the good fields are kept, and the record's
text is copied aside to `settings-rejected` before anything new is written, so a
person can still read what was there.

The kiosk keeps nothing: its defaults come from its settings file (kiosk.toml,
[display]) and a visitor's change lives only in that visitor's scenes, gone at the
next reset (`SettingsStore(None)`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace

from engine.errors import DataError, Problem

log = logging.getLogger("trustworthy.settings")

TEXT_SIZES = (100, 125, 150)  # per cent of the theme's text sizes
THEME_NAMES = ("standard", "projector")
RECORD_KEY = "settings"
REJECTED_KEY = "settings-rejected"


@dataclass(frozen=True)
class Settings:
    """What a player chose. `text_size` in per cent (one of TEXT_SIZES)."""

    text_size: int = 100
    reduced_motion: bool = False
    theme: str = "standard"

    @property
    def text_scale(self) -> float:
        return self.text_size / 100

    def next_text_size(self) -> "Settings":
        index = TEXT_SIZES.index(self.text_size) if self.text_size in TEXT_SIZES else -1
        return replace(self, text_size=TEXT_SIZES[(index + 1) % len(TEXT_SIZES)])

    def to_json(self) -> str:
        return json.dumps({"version": 1, **asdict(self)}, sort_keys=True)


DEFAULTS = Settings()

_CHECKS = {
    "text_size": (lambda v: type(v) is int and v in TEXT_SIZES,
                  f"must be one of {', '.join(map(str, TEXT_SIZES))} (per cent)"),
    "reduced_motion": (lambda v: isinstance(v, bool), "must be true or false"),
    "theme": (lambda v: v in THEME_NAMES, f"must be one of {', '.join(THEME_NAMES)}"),
}


def parse(text: str, source: str = RECORD_KEY,
          defaults: Settings = DEFAULTS) -> tuple[Settings, list[Problem]]:
    """Settings from a stored record, and the problems found. Never raises: a bad
    field keeps its default (from `defaults`), unknown fields are reported."""
    problems: list[Problem] = []
    try:
        doc = json.loads(text)
    except (ValueError, TypeError) as exc:
        return defaults, [Problem(source, "", "", f"is not JSON ({exc})")]
    if not isinstance(doc, dict):
        return defaults, [Problem(source, "", "", "must be a JSON object")]
    values = {}
    for name, (ok, rule) in _CHECKS.items():
        if name not in doc:
            continue
        if ok(doc[name]):
            values[name] = doc[name]
        else:
            problems.append(Problem(source, "", name, f"{rule}, not {doc[name]!r}"))
    for name in sorted(set(doc) - set(_CHECKS) - {"version"}):
        problems.append(Problem(source, "", name, "is not a setting"))
    return replace(defaults, **values), problems


class SettingsStore:
    """Reads and keeps `Settings` in a `Storage` (None: keep nothing, the kiosk)."""

    def __init__(self, storage=None, defaults: Settings = DEFAULTS):
        self.storage = storage
        self.defaults = defaults
        self.problems: list[Problem] = []

    @property
    def persistent(self) -> bool:
        return self.storage is not None

    def load(self) -> Settings:
        """The stored settings, or the defaults. A bad record is reported (logged,
        `self.problems`) and set aside; what was good in it is kept."""
        if self.storage is None:
            return self.defaults
        try:
            text = self.storage.read(RECORD_KEY)
        except DataError as err:
            self.problems = list(err.problems)
            log.warning("settings: %s; using the defaults", err.problems[0])
            return self.defaults
        if text is None:
            return self.defaults
        settings, self.problems = parse(text, f"the stored record '{RECORD_KEY}'",
                                        self.defaults)
        if self.problems:
            for problem in self.problems:
                log.warning("settings: %s; that setting falls back to its default", problem)
            try:
                self.storage.write(REJECTED_KEY, text)  # losing nothing
            except DataError as err:
                log.warning("settings: cannot set the bad record aside: %s", err.problems[0])
        return settings

    def save(self, settings: Settings) -> bool:
        """Keep `settings` (replacing the record whole). False when it could not be
        kept (logged: a full disk never stops the game) or nothing is kept here."""
        if self.storage is None:
            return False
        try:
            self.storage.write(RECORD_KEY, settings.to_json())
        except DataError as err:
            log.warning("settings: not kept: %s", err.problems[0])
            return False
        return True


NOWHERE = SettingsStore(None)
