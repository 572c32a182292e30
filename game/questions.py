"""The opt-in class questions: the items (assets/questions.toml) and their counts.

Why counts only: a game about surveillance keeps no personal data (DESIGN §6).
An answer adds 1 to a counter `(day, "poll", "phase:item:answer")` and nothing
else is written: no row per student, no time finer than the day, no free text
(every part of the key is an id declared in assets/questions.toml, checked).

Why game/stats.py's backends: they already keep day counters safely — SQLite with
a rollback journal on the desktop (a damaged file is set aside, never deleted),
one JSON record in localStorage in the browser. The class answers use them with
their own store (`class-answers.sqlite3`, localStorage record `class-answers`),
so a museum kiosk's visitor poll and a classroom's questions are never mixed. The
kind is stats' "poll"; the key says phase, item and answer.

Failures to store are logged and reported as False: questions never stop a lesson.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

from engine.errors import DataError, Problem
from engine.loader import ASSETS, read_toml

from .stats import ID_PATTERN, LocalStorageBackend, MemoryBackend, SqliteBackend

log = logging.getLogger("trustworthy.questions")

QUESTIONS_FILE = ASSETS / "questions.toml"
PHASES = ("before", "after")
KIND = "poll"  # a game.stats kind; this store holds nothing else
DB_NAME = "class-answers.sqlite3"
RECORD_KEY = "class-answers"


@dataclass(frozen=True)
class Item:
    id: str  # questions.item.<id> is the statement
    scale: str  # questions.scale.<scale>.<answer> are the answers
    answers: tuple[str, ...]  # in the order shown
    phases: tuple[str, ...]


def load_items(path: str | os.PathLike = QUESTIONS_FILE,
               message_ids: set[str] | None = None) -> tuple[Item, ...]:
    """The items, validated; with `message_ids`, every text id must exist."""
    doc = read_toml(path)
    file, problems = str(path), []
    scales = doc.get("scales", {})
    if not isinstance(scales, dict) or not scales:
        problems.append(Problem(file, "scales", "", "needs at least one scale"))
        scales = {}
    items = []
    for i, raw in enumerate(doc.get("item", [])):
        entry = f"item {i + 1}"
        if not isinstance(raw, dict):
            problems.append(Problem(file, entry, "", "must be a table"))
            continue
        unknown = set(raw) - {"id", "scale", "phases"}
        if unknown:
            problems.append(Problem(file, entry, ", ".join(sorted(unknown)), "unknown field"))
        iid, scale, phases = raw.get("id"), raw.get("scale"), raw.get("phases", list(PHASES))
        if not isinstance(iid, str) or not ID_PATTERN.fullmatch(iid):
            problems.append(Problem(file, entry, "id", "must be a short lower-case id"))
            continue
        if scale not in scales:
            problems.append(Problem(file, iid, "scale", f"unknown scale {scale!r}"))
            continue
        answers = scales[scale]
        if not (isinstance(answers, list) and 2 <= len(answers) <= 7
                and all(isinstance(a, str) and ID_PATTERN.fullmatch(a) for a in answers)):
            problems.append(Problem(file, f"scales.{scale}", "", "needs 2–7 answer ids"))
            continue
        if not (isinstance(phases, list) and phases and set(phases) <= set(PHASES)):
            problems.append(Problem(file, iid, "phases", f"must be some of {PHASES}"))
            continue
        if message_ids is not None:
            for mid in [f"questions.item.{iid}"] + [f"questions.scale.{scale}.{a}" for a in answers]:
                if mid not in message_ids:
                    problems.append(Problem(file, iid, "", f"no text for message id {mid!r}"))
        if iid in {item.id for item in items}:
            problems.append(Problem(file, iid, "id", "defined twice"))
        items.append(Item(iid, scale, tuple(answers), tuple(phases)))
    if not items and not problems:
        problems.append(Problem(file, "item", "", "needs at least one item"))
    if problems:
        raise DataError(problems)
    return tuple(items)


def key(phase: str, item: Item, answer: str) -> str:
    if phase not in PHASES:
        raise ValueError(f"class questions: unknown phase {phase!r}")
    if answer not in item.answers:
        raise ValueError(f"class questions: {answer!r} is not an answer to {item.id!r}")
    return f"{phase}:{item.id}:{answer}"


class ClassAnswers:
    """Counts of the class's answers, by day. `record` one student's answers;
    `counts` reads them back."""

    def __init__(self, backend, today: Callable[[], date] = date.today):
        self.backend = backend
        self._today = today
        self.kept = True  # False once a write failed (the screen says so)

    @classmethod
    def open_default(cls, path: str | os.PathLike | None = None,
                     today: Callable[[], date] = date.today) -> "ClassAnswers":
        """SQLite in the data folder on the desktop, localStorage in the browser; in
        memory (logged) when neither opens."""
        from .storage import Storage, data_dir

        try:
            if sys.platform == "emscripten":
                return cls(LocalStorageBackend(Storage.default(), today, key=RECORD_KEY), today)
            return cls(SqliteBackend(Path(path) if path else data_dir() / DB_NAME, today), today)
        except Exception as exc:  # StatsError, StorageError, sqlite3.Error
            log.error("class questions: cannot open the store (%s); counting in memory", exc)
            return cls(MemoryBackend(), today)

    def record(self, phase: str, items: Mapping[str, Item], answers: Mapping[str, str]) -> bool:
        """Add one student's answers (item id → answer id; skipped items absent)."""
        increments = {(KIND, key(phase, items[iid], answer)): 1 for iid, answer in answers.items()}
        if not increments:
            return True
        try:
            self.backend.add(self._today().isoformat(), increments)
            return True
        except Exception as exc:  # sqlite3.Error, StorageError (quota), OSError
            log.error("class questions: not counted (%s)", exc)
            self.kept = False
            return False

    def counts(self, phase: str, item: Item, *, day: str | None = None) -> dict[str, int]:
        """{answer: n} for one item and phase, today by default ("all" for every day)."""
        day = self._today().isoformat() if day is None else day
        try:
            totals = self.backend.totals(KIND, None if day == "all" else day)
        except Exception as exc:
            log.error("class questions: cannot read (%s)", exc)
            return {a: 0 for a in item.answers}
        return {a: totals.get(key(phase, item, a), 0) for a in item.answers}

    def close(self) -> None:
        self.backend.close()
