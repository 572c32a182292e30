"""The ledger: events in, explanation records out.

A citizen's score is *always* the start value plus the sum of the deltas of its
records (`Ledger.score`); nothing else ever changes it. Applying an event decides,
with the seeded generator passed in, whether the city learns of it, and returns an
`Outcome` naming what saw it (camera J-04, a neighbour, the bank's records) — or
that nothing did. The game renders records through their message ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import DataError, Problem
from .rules import RuleBook

# Who tells the city, by detection kind, when no camera is involved. These are
# message ids of the source shown on the ledger.
SOURCE_BY_DETECTION = {
    "record": "source.records",
    "informant": "source.informant",
    "online": "source.online",
    "registry": "source.registry",
    "self": "source.self",
}


@dataclass(frozen=True)
class Event:
    """Something a citizen did or is, at a place, on a day."""

    rule: str  # rule id
    day: int = 0
    place: str = ""  # place id; required for camera-detected rules
    units: int = 1  # e.g. number of low-tier contacts for the association rule


@dataclass(frozen=True)
class Record:
    """One line of the ledger: why the score moved, by how much, who saw it."""

    day: int
    rule: str  # rule id
    message: str  # locale id of the rule's name
    kind: str  # act | circumstance | system
    delta: int
    source: str  # locale id of what saw it ("source.camera", "source.records", …)
    camera: str  # camera id when a camera saw it, else ""
    place: str  # place id or ""
    units: int


@dataclass(frozen=True)
class Outcome:
    """The result of applying one event: seen or not, and the records it made."""

    event: Event
    seen: bool
    probability: float  # the chance it had of being seen
    records: tuple[Record, ...]


def detection_probability(book: RuleBook, event: Event) -> float:
    rule = book.rule(event.rule)
    if rule.detection == "camera":
        return book.places[event.place].coverage
    if rule.detection in ("informant", "online"):
        return rule.probability
    return 1.0


def check_event(book: RuleBook, event: Event) -> None:
    """Refuse an event that names what the book does not have."""
    where = f"event on day {event.day}"
    if event.rule not in book.rules:
        raise DataError([Problem("<event>", where, "rule", f"unknown rule '{event.rule}'")])
    rule = book.rules[event.rule]
    if event.place and event.place not in book.places:
        raise DataError([Problem("<event>", where, "place", f"unknown place '{event.place}'")])
    if rule.detection == "camera" and not event.place:
        raise DataError([Problem("<event>", where, "place",
                                 f"rule '{rule.id}' is seen by cameras and needs a place")])
    if event.units < 0:
        raise DataError([Problem("<event>", where, "units", "must not be negative")])


def apply_event(book: RuleBook, event: Event, rng: np.random.Generator) -> Outcome:
    """Decide whether the city sees the event; if it does, record it.

    Always draws exactly one number from `rng` (even when the outcome is certain),
    so a run's random stream does not depend on which rules were involved.
    """
    check_event(book, event)
    rule = book.rule(event.rule)
    p = detection_probability(book, event)
    draw = rng.random()
    seen = bool(draw < p)
    if not seen or event.units == 0 or rule.points == 0:
        return Outcome(event, seen, p, ())
    camera = book.places[event.place].camera if rule.detection == "camera" else ""
    source = "source.camera" if camera else SOURCE_BY_DETECTION.get(rule.detection, "source.records")
    record = Record(event.day, rule.id, rule.message, rule.kind, rule.points * event.units,
                    source, camera, event.place, event.units)
    return Outcome(event, seen, p, (record,))


@dataclass(frozen=True)
class Ledger:
    """A citizen's records; the score is derived from them, never stored."""

    start: int
    records: tuple[Record, ...] = ()

    @property
    def score(self) -> int:
        return self.start + sum(r.delta for r in self.records)

    def add(self, records) -> "Ledger":
        return Ledger(self.start, self.records + tuple(records))

    def history(self) -> list[int]:
        """The score after each record, starting with the start value."""
        out = [self.start]
        for r in self.records:
            out.append(out[-1] + r.delta)
        return out

    def by_rule(self) -> dict[str, tuple[int, int]]:
        """rule id → (number of records, total delta), in first-seen order."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.records:
            n, total = out.get(r.rule, (0, 0))
            out[r.rule] = (n + 1, total + r.delta)
        return out

    def forgiveness(self, book: RuleBook, day: int, share: float) -> tuple[Record, ...]:
        """The record that moves a score a share of the way back to the start.

        Records fade both ways, as in the population (engine/day_score.py): a score
        below the start recovers, one above it settles. Whole points, rounded
        towards zero, so a small gap stays put. Forgiveness is a record like any
        other, so the ledger law holds.
        """
        points = int((self.start - self.score) * share)  # int() rounds towards zero
        if points == 0 or "forgiveness" not in book.rules:
            return ()
        rule = book.rule("forgiveness")
        return (Record(day, rule.id, rule.message, rule.kind, points, "source.registry", "",
                       "", abs(points)),)
