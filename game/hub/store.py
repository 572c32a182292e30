"""Where the hub keeps runs: a small interface, and SQLite (WAL) behind it.

Why an interface (`HubStore`): one hub serves a school or a museum; a group larger
than one machine would put a database server behind the same four methods (see
docs/hub.md), and the web application would not change.

Why SQLite in WAL mode: one file, no server to run; readers (the dashboard) never
block the writer; a run is one transaction, so a hub killed mid-write (SIGKILL)
reopens with every run stored whole or not at all. `synchronous=NORMAL` is what WAL
needs to survive a killed process (a power cut may lose the last moments' runs,
which the clients' outboxes then send again: a run id is stored once).

What is kept: one row per run with ids only (code, day, citizen, final tier,
ending, prediction, poll answer) and its (moment, choice) pairs. No names, no
addresses, no free text, no time finer than a day.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from .report import Answers, Report

APPLICATION_ID = 0x54574842  # "TWHB": this file is a Trustworthy hub's
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, code TEXT NOT NULL, day TEXT NOT NULL CHECK (length(day) = 10),
    citizen TEXT NOT NULL, final_tier TEXT NOT NULL, ending TEXT NOT NULL,
    prediction TEXT, poll TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS runs_code ON runs (code);
CREATE TABLE IF NOT EXISTS choices (
    id TEXT NOT NULL, code TEXT NOT NULL, moment TEXT NOT NULL, choice TEXT NOT NULL,
    PRIMARY KEY (id, moment)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS choices_code ON choices (code, moment);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT NOT NULL, code TEXT NOT NULL, day TEXT NOT NULL, phase TEXT NOT NULL,
    item TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (id, item)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS answers_code ON answers (code, phase, item);
"""


class HubStore(Protocol):
    def add(self, report: Report) -> str:
        """Store a run: "stored", "known" (its id was stored before; a poll answer
        the stored run lacked is added) — never counted twice."""

    def add_answers(self, answers: Answers) -> str:
        """Store one pupil's answers to the class questions: "stored" or "known"."""

    def runs(self, code: str) -> list[dict]:
        """Every stored run of a class, as {field: value} with "choices" (export)."""

    def tallies(self, code: str) -> dict[str, dict[str, int]]:
        """A class's counts: {"ending": {id: n}, "tier", "citizen", "prediction",
        "poll_by_tier" ("tier:answer"), "tier_citizen" ("tier:citizen"),
        "choice" ("moment:choice"), "answer" ("phase:item:answer")} (the dashboard)."""

    def clear(self, code: str) -> int:
        """Forget a class's runs; returns how many."""

    def close(self) -> None: ...


class SqliteHubStore:
    """The hub's store: one SQLite file in WAL mode, one connection behind a lock."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None,
                                    check_same_thread=False)
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or tables):
            self.conn.close()
            raise sqlite3.DatabaseError(f"{self.path} is not a Trustworthy hub's store "
                                        f"(application id {app_id:#x})")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # Readers (dashboard, export) have their own connection: in WAL mode they see
        # the last committed runs and never hold up a pupil's report.
        self.reader = sqlite3.connect(self.path, timeout=5.0, isolation_level=None,
                                      check_same_thread=False)
        self._read_lock = threading.Lock()

    def add(self, report: Report) -> str:
        r = report
        with self._lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                row = c.execute("SELECT poll FROM runs WHERE id = ?", (r.run_id,)).fetchone()
                if row is not None:
                    if row[0] is None and r.poll is not None:
                        c.execute("UPDATE runs SET poll = ? WHERE id = ?", (r.poll, r.run_id))
                    c.execute("COMMIT")
                    return "known"
                c.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          (r.run_id, r.code, r.day, r.citizen, r.final_tier, r.ending,
                           r.prediction, r.poll))
                c.executemany("INSERT INTO choices VALUES (?, ?, ?, ?)",
                              [(r.run_id, r.code, m, ch) for m, ch in r.choices])
                c.execute("COMMIT")
                return "stored"
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise

    def add_answers(self, answers: Answers) -> str:
        a = answers
        with self._lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                if c.execute("SELECT 1 FROM answers WHERE id = ? LIMIT 1",
                             (a.answers_id,)).fetchone():
                    c.execute("COMMIT")
                    return "known"
                c.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                              [(a.answers_id, a.code, a.day, a.phase, item, answer)
                               for item, answer in a.answers])
                c.execute("COMMIT")
                return "stored"
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise

    def runs(self, code: str) -> list[dict]:
        with self._read_lock:
            self.reader.execute("BEGIN")
            try:
                rows = self.reader.execute(
                    "SELECT id, day, citizen, final_tier, ending, prediction, poll FROM runs "
                    "WHERE code = ? ORDER BY day, id", (code,)).fetchall()
                picks = self.reader.execute(
                    "SELECT id, moment, choice FROM choices WHERE code = ?", (code,)).fetchall()
            finally:
                self.reader.execute("COMMIT")
        made: dict[str, list] = {}
        for run_id, moment, choice in picks:
            made.setdefault(run_id, []).append((moment, choice))
        keys = ("id", "day", "citizen", "final_tier", "ending", "prediction", "poll")
        return [dict(zip(keys, row), choices=sorted(made.get(row[0], ()))) for row in rows]

    TALLIES = {
        "ending": "SELECT ending, count(*) FROM runs WHERE code = ? GROUP BY 1",
        "tier": "SELECT final_tier, count(*) FROM runs WHERE code = ? GROUP BY 1",
        "citizen": "SELECT citizen, count(*) FROM runs WHERE code = ? GROUP BY 1",
        "prediction": "SELECT prediction, count(*) FROM runs WHERE code = ? "
                      "AND prediction IS NOT NULL GROUP BY 1",
        "poll_by_tier": "SELECT final_tier || ':' || poll, count(*) FROM runs "
                        "WHERE code = ? AND poll IS NOT NULL GROUP BY 1",
        "tier_citizen": "SELECT final_tier || ':' || citizen, count(*) FROM runs "
                        "WHERE code = ? GROUP BY 1",
        "choice": "SELECT moment || ':' || choice, count(*) FROM choices "
                  "WHERE code = ? GROUP BY 1",
        "answer": "SELECT phase || ':' || item || ':' || answer, count(*) FROM answers "
                  "WHERE code = ? GROUP BY 1",
    }

    def tallies(self, code: str) -> dict[str, dict[str, int]]:
        with self._read_lock:
            self.reader.execute("BEGIN")  # one snapshot for every count
            try:
                return {kind: {key: n for key, n in self.reader.execute(sql, (code,))}
                        for kind, sql in self.TALLIES.items()}
            finally:
                self.reader.execute("COMMIT")

    def count(self, code: str) -> int:
        with self._lock:
            return self.conn.execute("SELECT count(*) FROM runs WHERE code = ?",
                                     (code,)).fetchone()[0]

    def clear(self, code: str) -> int:
        with self._lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                n = c.execute("DELETE FROM runs WHERE code = ?", (code,)).rowcount
                c.execute("DELETE FROM choices WHERE code = ?", (code,))
                c.execute("DELETE FROM answers WHERE code = ?", (code,))
                c.execute("COMMIT")
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise
        return n

    def close(self) -> None:
        with self._lock, self._read_lock:
            self.reader.close()
            self.conn.close()
