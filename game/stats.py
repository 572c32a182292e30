"""Visitor statistics: what visitors chose, counted — never who chose it.

Why it looks like this:
- A game about surveillance keeps no personal data (DESIGN §6). All that is kept
  is a table of counters, `(day, kind, key) → n`: `kind` is one of `KINDS`, `key` an
  id from the game's own data (a moment and choice, an ending, a poll answer),
  checked against a strict pattern so free text can never get in. `day` is a
  calendar date, YYYY-MM-DD: nothing finer is written, and there is no row per
  visitor — a run only adds 1 to some counters, in one transaction.
- Desktop: one SQLite file with a rollback journal and `synchronous=FULL`, so a
  kiosk killed (or unplugged) mid-write reopens with every run counted whole or
  not at all. The file carries an application id and a `schema_version` table; a
  file that is not ours, is damaged, or has a schema newer than this code is set
  aside (renamed, never deleted) with a log line, and a new one is started.
- Browser (pygbag): the same counters as one JSON record in `localStorage`, through
  `game.storage`; a record we cannot read is set aside the same way.
- The date comes from an injected `today()` callable, so tests fix it.
- Failures to *store* (disk full, file locked) are logged and reported as `False`:
  statistics never stop a visitor's game. Bad ids are bugs and raise `ValueError`.

    stats = VisitorStats.open_default()
    stats.record_run(visit.runs[-1].summary, prediction="young_men", poll="no")
    share = stats.share("neighbour:report")   # visitors today / all visitors

Who counts: the installation (`install`). A kiosk installs the museum's store and
its shell counts its visitors' runs; the desktop and the browser install a store
of their own (`open_for_players`: "players on this computer") and the game counts
each finished run once, where the run ends (`count_finished`). The poll answer is
counted by the poll scene, with the final tier's band only (`tier_band`).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
try:
    import sqlite3
except ImportError:  # pygbag's runtime may lack the stdlib wrapper; the browser uses localStorage

    class sqlite3:  # noqa: N801 - stands in for the module: its errors can never be raised
        class Error(Exception):
            pass

        class DatabaseError(Error):
            pass

        class OperationalError(DatabaseError):
            pass
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Mapping

log = logging.getLogger("trustworthy.stats")

# What may be counted. "runs" has the single key "all" (finished runs: visitors).
KINDS = (
    "runs",          # key "all": one per finished run
    "citizen",       # which citizen card was played
    "tier",          # the final tier
    "ending",        # which ending the run earned
    "faced",         # a moment id: runs that met this moment (once per run)
    "choice",        # "moment:choice": runs that made this choice (once per run)
    "prediction",    # the answer to "who ends up in tier D?"
    "poll",          # the answer to "was the system fair?"
    "poll_by_tier",  # "band:answer": the poll split by the answerer's final tier band
)                    # (`tier_band`: "top" for AAA/AA, "bottom" for A–D; never the tier)
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")
KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:-]{0,90}")
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

APPLICATION_ID = 0x54575354  # "TWST" in the SQLite header: this file is ours
SCHEMA_VERSION = 1
DB_NAME = "visitor-stats.sqlite3"
RECORD_KEY = "visitor-stats"  # the browser's localStorage record
# The desktop's and the browser's own store (players of this copy of the game), kept
# apart from a museum's, so staff trying the game on a kiosk PC never count as visitors.
PLAYER_DB_NAME = "player-stats.sqlite3"
PLAYER_RECORD_KEY = "player-stats"
# The poll splits answers by where the run ended, in two bands only: coarse enough
# that an answer never says which tier its visitor reached. Everyone starts in A, so
# "top" means rising above the start — AAA or AA — against all the rest (A to D).
TOP_TIERS = ("aaa", "aa")
BANDS = ("top", "bottom")
RECORD_FORMAT = "trustworthy-visitor-stats"
BUSY_TIMEOUT = 2.0  # seconds to wait for a curator's export holding the file

Increments = Mapping[tuple[str, str], int]


class StatsError(Exception):
    """The statistics store cannot be opened or set aside (logged by callers)."""


def tier_band(tier: str) -> str:
    """ "top" for a final tier of AAA or AA (above the start); "bottom" for A, B, C
    or D — A is where every citizen starts, so it is not a top tier."""
    return "top" if check_id("tier", str(tier).lower()) in TOP_TIERS else "bottom"


def check_id(what: str, value: object) -> str:
    """An id from the game's data (lower case, digits, '_' '-'), or ValueError."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise ValueError(f"visitor stats: {what} must be a short id, not {value!r}")
    return value


# --- backends: counters by day, added in one transaction ----------------------------

class MemoryBackend:
    """Counters in a dict: tests, and the fallback when no store can be opened."""

    def __init__(self):
        self.data: dict[tuple[str, str, str], int] = {}

    def add(self, day: str, increments: Increments) -> None:
        for (kind, key), n in increments.items():
            self.data[(day, kind, key)] = self.data.get((day, kind, key), 0) + n

    def totals(self, kind: str, day: str | None = None) -> dict[str, int]:
        out: dict[str, int] = {}
        for (d, k, key), n in self.data.items():
            if k == kind and (day is None or d == day):
                out[key] = out.get(key, 0) + n
        return out

    def rows(self) -> list[tuple[str, str, str, int]]:
        return sorted((d, k, key, n) for (d, k, key), n in self.data.items())

    def close(self) -> None:
        pass


_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE counts (
    day  TEXT NOT NULL CHECK (length(day) = 10),  -- YYYY-MM-DD, never finer
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    n    INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (day, kind, key)
) WITHOUT ROWID;
"""
# Upgrades from an older schema: MIGRATIONS[v] are the statements that take a file
# from version v to v + 1 (none yet: version 1 is the first).
MIGRATIONS: dict[int, tuple[str, ...]] = {}


class SqliteBackend:
    """One SQLite file. Opened (and checked, and set aside if need be) on creation."""

    def __init__(self, path: str | os.PathLike, today: Callable[[], date] = date.today):
        self.path = Path(path)
        self._today = today
        self.conn = self._open()

    # --- opening and checking ---------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StatsError(f"cannot create folder {self.path.parent}: {exc}") from exc
        if self.path.exists():
            problem = self._problem()
            if problem:
                self._set_aside(problem)
        try:
            conn = self._connect()
            if not self._tables(conn):
                self._create(conn)
            return conn
        except sqlite3.Error as exc:
            raise StatsError(f"cannot open {self.path}: {exc}") from exc

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we write BEGIN/COMMIT ourselves, one per run.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute("PRAGMA journal_mode=DELETE")  # rollback journal: one file at rest
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    @staticmethod
    def _tables(conn: sqlite3.Connection) -> set[str]:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _problem(self) -> str:
        """Why the existing file cannot be used ("" when it can). Migrates old schemas."""
        try:
            conn = self._connect()  # a hot journal from a killed writer rolls back here
        except sqlite3.Error as exc:
            return f"cannot be opened ({exc})"
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                return f"is damaged (quick_check: {check[0] if check else 'no answer'})"
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = self._tables(conn)
            if app_id == 0 and not tables:
                return ""  # an empty file: we create the schema in it
            if app_id != APPLICATION_ID:
                return f"is another program's database (application id {app_id:#x})"
            if not {"schema_version", "counts"} <= tables:
                return "lacks the schema_version or counts table"
            rows = conn.execute("SELECT version FROM schema_version").fetchall()
            if len(rows) != 1 or not isinstance(rows[0][0], int):
                return "has no single schema version"
            version = rows[0][0]
            if version > SCHEMA_VERSION:
                return f"has schema version {version}, newer than this game's {SCHEMA_VERSION}"
            if version < SCHEMA_VERSION:
                self._migrate(conn, version)
            return ""
        except sqlite3.Error as exc:
            return f"cannot be read ({exc})"
        finally:
            conn.close()

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            while version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                version += 1
            conn.execute("UPDATE schema_version SET version = ?", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("visitor stats: %s upgraded to schema version %d", self.path, version)

    def _set_aside(self, problem: str) -> None:
        """Rename the file (and any journal of it) out of the way; never delete."""
        stamp = self._today().isoformat()
        for n in range(1, 1000):
            target = self.path.with_name(f"{self.path.name}.set-aside-{stamp}-{n}")
            if not target.exists():
                break
        else:
            raise StatsError(f"{self.path} {problem}, and no free name to set it aside")
        try:
            os.replace(self.path, target)
            for suffix in ("-journal", "-wal", "-shm"):
                companion = Path(f"{self.path}{suffix}")
                if companion.exists():
                    os.replace(companion, Path(f"{target}{suffix}"))
        except OSError as exc:
            raise StatsError(f"{self.path} {problem}, and it cannot be set aside: {exc}") from exc
        log.warning("visitor stats: %s %s; set aside as %s, starting a new one",
                    self.path, problem, target.name)

    def reopen(self) -> None:
        """After a database error in use: check the file again (setting it aside)."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        self.conn = self._open()

    # --- counting -----------------------------------------------------------------

    def add(self, day: str, increments: Increments) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT INTO counts (day, kind, key, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (day, kind, key) DO UPDATE SET n = n + excluded.n",
                [(day, kind, key, n) for (kind, key), n in increments.items()])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def totals(self, kind: str, day: str | None = None) -> dict[str, int]:
        if day is None:
            rows = self.conn.execute(
                "SELECT key, SUM(n) FROM counts WHERE kind = ? GROUP BY key", (kind,))
        else:
            rows = self.conn.execute(
                "SELECT key, n FROM counts WHERE kind = ? AND day = ?", (kind, day))
        return {key: int(n) for key, n in rows}

    def rows(self) -> list[tuple[str, str, str, int]]:
        return [tuple(r) for r in self.conn.execute(
            "SELECT day, kind, key, n FROM counts ORDER BY day, kind, key")]

    def close(self) -> None:
        self.conn.close()


class LocalStorageBackend(MemoryBackend):
    """The browser: all counters in one JSON record of `game.storage` (localStorage).

    Read again before every add (another tab may have counted), written whole.
    """

    def __init__(self, storage, today: Callable[[], date] = date.today,
                 key: str = RECORD_KEY):
        super().__init__()
        self.storage = storage
        self.key = key
        self._today = today
        self._load()

    def _load(self) -> None:
        text = self.storage.read(self.key)
        self.data = {}
        if text is None:
            return
        problem = self._parse(text)
        if problem:
            aside = f"{self.key}.set-aside-{self._today().isoformat()}"
            self.storage.write(aside, text)
            self.storage.delete(self.key)
            log.warning("visitor stats: record %r %s; set aside as %r, starting a new one",
                        self.key, problem, aside)
            self.data = {}

    def _parse(self, text: str) -> str:
        try:
            doc = json.loads(text)
        except ValueError:
            return "is not JSON"
        if not isinstance(doc, dict) or doc.get("format") != RECORD_FORMAT:
            return "is not a Trustworthy statistics record"
        version = doc.get("schema_version")
        if version != SCHEMA_VERSION:
            return f"has schema version {version!r}, not {SCHEMA_VERSION}"
        days = doc.get("days")
        if not isinstance(days, dict):
            return "has no days"
        data = {}
        for day, kinds in days.items():
            if not DAY_PATTERN.fullmatch(str(day)) or not isinstance(kinds, dict):
                return f"has a bad day {day!r}"
            for kind, keys in kinds.items():
                if kind not in KINDS or not isinstance(keys, dict):
                    return f"has a bad kind {kind!r}"
                for key, n in keys.items():
                    if (not KEY_PATTERN.fullmatch(str(key)) or isinstance(n, bool)
                            or not isinstance(n, int) or n < 0):
                        return f"has a bad count {kind}/{key}"
                    data[(day, kind, key)] = n
        self.data = data
        return ""

    def _dump(self) -> str:
        days: dict = {}
        for (day, kind, key), n in sorted(self.data.items()):
            days.setdefault(day, {}).setdefault(kind, {})[key] = n
        return json.dumps({"format": RECORD_FORMAT, "schema_version": SCHEMA_VERSION,
                           "days": days}, separators=(",", ":"), sort_keys=True)

    def add(self, day: str, increments: Increments) -> None:
        self._load()
        before = dict(self.data)
        super().add(day, increments)
        try:
            self.storage.write(self.key, self._dump())
        except BaseException:
            self.data = before
            raise


# --- the front: what the game and curators ask ----------------------------------------

@dataclass(frozen=True)
class Share:
    """How many visitors made a choice, of those who met its moment."""

    today: int
    today_of: int
    all: int
    all_of: int

    @staticmethod
    def _percent(n: int, of: int) -> int | None:
        return None if of == 0 else round(100 * n / of)

    @property
    def today_percent(self) -> int | None:
        return self._percent(self.today, self.today_of)

    @property
    def all_percent(self) -> int | None:
        return self._percent(self.all, self.all_of)


class VisitorStats:
    """Counts finished runs, answers to the prediction and the poll; reads them back."""

    # A finished run's summary is counted once however many callers offer it (the
    # kiosk shell and the game both may): the last few counted are remembered.
    REMEMBERED_RUNS = 32

    def __init__(self, backend, today: Callable[[], date] = date.today):
        self.backend = backend
        self._today = today
        self._counted: list = []  # summaries already counted, by identity, newest last

    @classmethod
    def open_default(cls, path: str | os.PathLike | None = None,
                     today: Callable[[], date] = date.today) -> "VisitorStats":
        """SQLite at `path` (default: the data folder) on the desktop, localStorage in
        the browser; an in-memory store (logged) when neither can be opened."""
        from .storage import Storage, data_dir

        try:
            if sys.platform == "emscripten":
                return cls(LocalStorageBackend(Storage.default(), today), today)
            return cls(SqliteBackend(Path(path) if path else data_dir() / DB_NAME, today),
                       today)
        except Exception as exc:  # StatsError, StorageError, sqlite3.Error
            log.error("visitor stats: cannot open the store (%s); counting in memory "
                      "for this session only", exc)
            return cls(MemoryBackend(), today)

    @classmethod
    def open_for_players(cls, today: Callable[[], date] = date.today) -> "VisitorStats":
        """The desktop's or the browser's own store: `PLAYER_DB_NAME` in the data
        folder, or the `PLAYER_RECORD_KEY` record of localStorage (in memory, logged,
        when neither can be opened)."""
        from .storage import Storage, data_dir

        try:
            if sys.platform == "emscripten":
                return cls(LocalStorageBackend(Storage.default(), today,
                                               key=PLAYER_RECORD_KEY), today)
            return cls(SqliteBackend(data_dir() / PLAYER_DB_NAME, today), today)
        except Exception as exc:  # StatsError, StorageError, sqlite3.Error
            log.error("player stats: cannot open the store (%s); counting in memory "
                      "for this session only", exc)
            return cls(MemoryBackend(), today)

    def day(self) -> str:
        return self._today().isoformat()

    # --- writing ------------------------------------------------------------------

    def record_run(self, summary: Mapping, prediction: str | None = None,
                   poll: str | None = None) -> bool:
        """Count one finished run (a `Session.summary()`), its prediction and poll
        answer (None when not given). One transaction. False if it could not be kept.
        The same summary object offered again is not counted again (returns True)."""
        if any(summary is done for done in self._counted):
            log.debug("visitor stats: this run is counted already")
            return True
        final_tier = check_id("final tier", str(summary["final_tier"]).lower())
        increments: dict[tuple[str, str], int] = {
            ("runs", "all"): 1,
            ("citizen", check_id("citizen", summary["citizen"])): 1,
            ("tier", final_tier): 1,
            ("ending", check_id("ending", summary["ending"])): 1,
        }
        for entry in summary["choices"]:
            _, moment, choice = str(entry).split(":")
            increments[("faced", check_id("moment", moment))] = 1
            increments[("choice", f"{moment}:{check_id('choice', choice)}")] = 1
        if prediction is not None:
            increments[("prediction", check_id("prediction", prediction))] = 1
        if poll is not None:
            increments.update(self._poll_increments(poll, final_tier))
        counted = self._add(increments)
        if counted:
            self._counted = (self._counted + [summary])[-self.REMEMBERED_RUNS:]
        return counted

    def record_poll(self, answer: str, final_tier: str) -> bool:
        """Count a poll answer given after the run was recorded: the answer, and the
        answer with the final tier's band (never the tier itself)."""
        return self._add(self._poll_increments(answer, final_tier))

    @staticmethod
    def _poll_increments(answer: str, final_tier: str) -> dict:
        answer = check_id("poll answer", answer)
        band = tier_band(final_tier)
        return {("poll", answer): 1, ("poll_by_tier", f"{band}:{answer}"): 1}

    def _add(self, increments: dict) -> bool:
        day = self.day()
        for attempt in (1, 2):
            try:
                self.backend.add(day, increments)
                return True
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or isinstance(exc, sqlite3.OperationalError):
                    log.error("visitor stats: not counted (%s)", exc)
                    return False
                log.error("visitor stats: database error (%s); checking the file", exc)
                try:
                    self.backend.reopen()
                except StatsError as again:
                    log.error("visitor stats: not counted (%s)", again)
                    return False
            except Exception as exc:  # StorageError (quota), OSError
                log.error("visitor stats: not counted (%s)", exc)
                return False
        return False

    # --- reading --------------------------------------------------------------------

    def counts(self, kind: str, *, day: str | date | None = None) -> dict[str, int]:
        """{key: n} for one kind, for one day or (day=None) all days."""
        if kind not in KINDS:
            raise ValueError(f"visitor stats: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if isinstance(day, date):
            day = day.isoformat()
        try:
            return self.backend.totals(kind, day)
        except sqlite3.Error as exc:
            log.error("visitor stats: cannot read (%s)", exc)
            return {}

    def visitors(self, *, day: str | date | None = None) -> int:
        return self.counts("runs", day=day).get("all", 0)

    def share(self, choice: str, today: str | date | None = None) -> Share:
        """"moment:choice" → how many made it, of those who met the moment, today
        (the injected clock's day unless `today` is given) and over all days."""
        moment, _, pick = choice.partition(":")
        check_id("moment", moment)
        check_id("choice", pick)
        day = today or self.day()
        return Share(self.counts("choice", day=day).get(choice, 0),
                     self.counts("faced", day=day).get(moment, 0),
                     self.counts("choice").get(choice, 0),
                     self.counts("faced").get(moment, 0))

    def poll_split(self, answer: str = "fair") -> dict[str, tuple[int, int]]:
        """{band: (how many gave `answer`, how many answered)} over all days."""
        split = {band: [0, 0] for band in BANDS}
        for key, n in self.counts("poll_by_tier").items():
            band, _, said = key.partition(":")
            if band in split:
                split[band][1] += n
                split[band][0] += n if said == answer else 0
        return {band: (a, b) for band, (a, b) in split.items()}

    def rows(self) -> list[tuple[str, str, str, int]]:
        return self.backend.rows()

    def export_csv(self, path: str | os.PathLike) -> int:
        """Write every counter as CSV (day, kind, key, count) via a temporary file and
        a rename, so a curator never opens half a file. Returns the number of rows."""
        rows = self.rows()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("day", "kind", "key", "count"))
        writer.writerows(rows)
        write_atomically(Path(path), buffer.getvalue())
        return len(rows)

    def close(self) -> None:
        self.backend.close()


# --- the store this installation counts into --------------------------------------
# Scenes get their data through constructors; the statistics store is different: it
# belongs to the installation (a kiosk opens it once, at start), like the storage
# folder. The kiosk installs it here; the debrief asks `installed()` and shows the
# "what others chose" lines only when there is one.

_installed: VisitorStats | None = None
# Who the counted people are, for the debrief's words: "visitors" (a kiosk),
# "computer" (the desktop: players on this computer), "browser" (players here).
AUDIENCES = ("visitors", "computer", "browser")
_audience = "visitors"
_counts_runs = False  # the game counts finished runs itself (not a kiosk shell)


def install(stats: VisitorStats | None, *, audience: str = "visitors",
            count_runs: bool = False) -> None:
    """Make `stats` this installation's store (None: no statistics). `count_runs`:
    the game counts each finished run (`count_finished`); a kiosk whose shell
    counts its visitors' runs leaves it False."""
    global _installed, _audience, _counts_runs
    if audience not in AUDIENCES:
        raise ValueError(f"visitor stats: unknown audience {audience!r}")
    _installed, _audience, _counts_runs = stats, audience, bool(count_runs)


def installed() -> VisitorStats | None:
    return _installed


def audience() -> str:
    return _audience


_suspended = False


@contextmanager
def suspended():
    """No store while the block runs: the kiosk's self-playing demo counts nothing
    (and sends nothing to a class hub: `is_suspended`)."""
    global _installed, _suspended
    saved, _installed = _installed, None
    was, _suspended = _suspended, True
    try:
        yield
    finally:
        _installed, _suspended = saved, was


def is_suspended() -> bool:
    return _suspended


def count_finished(visit) -> bool:
    """The one place the game counts a finished run: the visit's newest run, with
    the visit's prediction, once (the store ignores a run it has counted), never a
    replay, and only where the installation asked the game to count. True when
    the store holds the run (counted now, or before). A class hub, where one is
    installed (game.hubclient), is offered the run here too."""
    from .hubclient import offer_finished

    offer_finished(visit)
    stats = _installed
    runs = getattr(visit, "runs", ())
    if stats is None or not _counts_runs or not runs or runs[-1].replay_of:
        return False
    try:
        return stats.record_run(runs[-1].summary, getattr(visit, "prediction", "") or None)
    except Exception:  # a counting bug must not cost the player the debrief
        log.exception("visitor stats: a finished run could not be counted")
        return False


# Below this many visitors, a share is not shown: with two visitors in a day, "50%"
# would tell the second one what the first chose.
MIN_VISITORS_SHOWN = 5
# Moments whose choices the debrief compares with other visitors', most telling first.
# Each citizen meets their own loan desk and (courier, graduate) their own debt day.
NOTABLE_MOMENTS = ("neighbour", "friend", "post", "red_light", "red_light_delivery",
                   "loan", "loan_graduate", "loan_retiree", "loan_servant",
                   "instalment", "card_bill", "metro", "charity", "recycling")


def share_lines(locale, stats: VisitorStats, choices, limit: int = 3,
                words: str = "kiosk.others") -> list[str]:
    """For the debrief: up to `limit` of this run's choices ("day:moment:choice", as
    in `Session.summary()["choices"]`) with the share of visitors who chose the same,
    today and over all days, as text in the visitor's language. A share of fewer than
    MIN_VISITORS_SHOWN visitors is left out (today's, or the whole line). `words` is
    the locale section with `line` and `line_all` (visitors, or players)."""
    return [line for _, line in share_entries(locale, stats, choices, limit, words)]


def share_entries(locale, stats: VisitorStats, choices, limit: int = 3,
                  words: str = "kiosk.others") -> list[tuple[str, str]]:
    """`share_lines` with the moment id of each line: [(moment, line)]."""
    made = {}
    for entry in choices:
        _, moment, choice = str(entry).split(":")
        made.setdefault(moment, choice)
    lines = []
    for moment in NOTABLE_MOMENTS:
        if moment not in made or len(lines) >= limit:
            continue
        share = stats.share(f"{moment}:{made[moment]}")
        if share.all_of < MIN_VISITORS_SHOWN:
            continue
        choice = locale.t(f"moment.{moment}.choice.{made[moment]}")
        if share.today_of < MIN_VISITORS_SHOWN:
            lines.append((moment, locale.t(f"{words}.line_all", choice=choice,
                                           all=share.all_percent)))
        else:
            lines.append((moment, locale.t(f"{words}.line", choice=choice,
                                           today=share.today_percent,
                                           all=share.all_percent)))
    return lines


def shown_share(part: int, whole: int) -> int | None:
    """A whole percentage, or None below MIN_VISITORS_SHOWN (too few to show)."""
    return None if whole < MIN_VISITORS_SHOWN else round(100 * part / whole)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def summarise(stats: VisitorStats, kinds: Iterable[str] = KINDS) -> str:
    """A plain table for `python -m game stats`: kind, key, today, all."""
    day = stats.day()
    lines = [f"visitors today ({day}): {stats.visitors(day=day)}   all: {stats.visitors()}"]
    for kind in kinds:
        if kind == "runs":
            continue
        every, today = stats.counts(kind), stats.counts(kind, day=day)
        if not every:
            continue
        lines.append(f"\n{kind}")
        for key in sorted(every, key=lambda k: (-every[k], k)):
            lines.append(f"  {key:<40} {today.get(key, 0):>7} {every[key]:>9}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python -m game stats [--export FILE.csv] [--db PATH | --kiosk-config FILE]`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m game stats",
        description="Anonymous visitor statistics: print the counts (today, all days) "
                    "or export every daily counter as CSV for curators.")
    parser.add_argument("--export", metavar="FILE.csv", help="write the counters as CSV")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help="the statistics file (default: the "
                       "kiosk's, in the data folder)")
    where.add_argument("--kiosk-config", metavar="FILE",
                       help="use the statistics file named in this kiosk config")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    from .storage import data_dir

    path = Path(args.db) if args.db else None
    if args.kiosk_config:
        from engine.errors import DataError

        from .kiosk import load_config

        try:
            config = load_config(args.kiosk_config)
        except DataError as err:
            print(f"cannot read the kiosk config:\n{err}", file=sys.stderr)
            return 2
        path = Path(config.stats_path) if config.stats_path else None
    path = path or data_dir() / DB_NAME
    try:
        stats = VisitorStats(SqliteBackend(path))
    except StatsError as err:
        print(f"cannot open the statistics: {err}", file=sys.stderr)
        return 1
    try:
        if args.export:
            rows = stats.export_csv(args.export)
            print(f"{rows} rows from {path} written to {args.export}")
        else:
            print(f"{path}\n{summarise(stats)}")
    except OSError as err:
        print(f"cannot write {args.export}: {err}", file=sys.stderr)
        return 1
    finally:
        stats.close()
    return 0
