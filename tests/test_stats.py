"""game.stats: anonymous aggregate counters that survive kills, bad files and curators.

The kill test runs a real writer process and SIGKILLs it while it loops writing one
transaction per run; the file must open afterwards with every run counted whole.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from game.stats import (APPLICATION_ID, DB_NAME, LocalStorageBackend, MemoryBackend,
                        SqliteBackend, VisitorStats, main)

ROOT = Path(__file__).resolve().parents[1]
DAY1, DAY2 = date(2025, 3, 1), date(2025, 3, 2)


def summary(ending="ordinary", tier="A", choices=("1:bill:pay", "2:neighbour:report",
                                                  "3:bill:pay", "4:red_light:cross")):
    """The parts of Session.summary() that are counted (plus some that are not)."""
    return {"citizen": "courier", "strategy": "player", "seed": 7, "days": 7,
            "final_score": 1012, "final_tier": tier, "ending": ending,
            "choices": list(choices), "money": 88.5}


class Today:
    """An injected clock: the day is whatever the test says."""

    def __init__(self, day=DAY1):
        self.day = day

    def __call__(self):
        return self.day


def open_stats(path, today=None):
    today = today or Today()
    return VisitorStats(SqliteBackend(path, today), today), today


# --- counting ---------------------------------------------------------------------

def test_a_run_adds_one_to_each_of_its_counters_once(tmp_path):
    stats, _ = open_stats(tmp_path / DB_NAME)
    assert stats.record_run(summary(), prediction="young_men", poll="no")
    assert stats.visitors() == 1
    assert stats.counts("faced") == {"bill": 1, "neighbour": 1, "red_light": 1}
    assert stats.counts("choice") == {"bill:pay": 1, "neighbour:report": 1,
                                      "red_light:cross": 1}
    assert stats.counts("ending") == {"ordinary": 1}
    assert stats.counts("tier") == {"a": 1}
    assert stats.counts("prediction") == {"young_men": 1}
    assert stats.counts("poll_by_tier") == {"bottom:no": 1}  # the band (A: not top), never the tier
    stats.record_run(summary(ending="model", tier="AA"))  # no prediction, no poll
    assert stats.counts("poll") == {"no": 1} and stats.counts("prediction") == {"young_men": 1}
    assert stats.record_poll("yes", "AA") and stats.counts("poll") == {"no": 1, "yes": 1}


def test_share_is_visitors_today_and_all_visitors(tmp_path):
    stats, today = open_stats(tmp_path / DB_NAME)
    stats.record_run(summary())
    stats.record_run(summary(choices=("1:neighbour:ignore",)))
    today.day = DAY2
    stats.record_run(summary())
    stats.record_run(summary(choices=("1:bill:late",)))  # never met the neighbour
    share = stats.share("neighbour:report")
    assert (share.today, share.today_of, share.all, share.all_of) == (1, 1, 2, 3)
    assert share.today_percent == 100 and share.all_percent == 67
    earlier = stats.share("neighbour:report", today=DAY1)
    assert (earlier.today, earlier.today_of) == (1, 2)
    assert stats.share("post:share").all_percent is None  # nobody yet: no number
    assert stats.visitors(day=DAY1) == 2 and stats.visitors() == 4


@pytest.mark.parametrize("bad", [
    dict(prediction="I think young men"), dict(poll="Hao Li, 22, said no"),
    dict(poll="2025-03-01T14:03"), dict(prediction=""),
])
def test_free_text_never_gets_in_and_nothing_is_half_written(tmp_path, bad):
    stats, _ = open_stats(tmp_path / DB_NAME)
    with pytest.raises(ValueError, match="short id"):
        stats.record_run(summary(), **bad)
    with pytest.raises(ValueError):
        stats.record_run({**summary(), "citizen": "Mr Smith"})
    assert stats.rows() == []


def test_the_file_holds_counters_by_day_and_nothing_finer(tmp_path):
    path = tmp_path / DB_NAME
    stats, _ = open_stats(path)
    stats.record_run(summary(), prediction="anyone", poll="yes")
    stats.close()
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"schema_version", "counts"}
    assert [r[1] for r in conn.execute("PRAGMA table_info(counts)")] == ["day", "kind", "key", "n"]
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert {r[0] for r in conn.execute("SELECT DISTINCT day FROM counts")} == {"2025-03-01"}
    assert {r[0] for r in conn.execute("SELECT DISTINCT n FROM counts")} == {1}
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


# --- bad files are set aside ------------------------------------------------------------

def _foreign_db(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.execute("INSERT INTO photos VALUES ('holiday.jpg')")
    conn.commit()
    conn.close()


def _newer_schema(path):
    stats, _ = open_stats(path)
    stats.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("spoil, why", [
    (lambda p: p.write_bytes(b"this is a text file, not a database\n" * 50), "cannot"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(4000)), "cannot|damaged"),
    (_foreign_db, "another program"),
    (_newer_schema, "newer"),
])
def test_a_corrupt_or_foreign_file_is_set_aside_and_a_new_one_started(tmp_path, caplog,
                                                                      spoil, why):
    path = tmp_path / DB_NAME
    spoil(path)
    before = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="trustworthy.stats"):
        stats, _ = open_stats(path)
    aside = tmp_path / f"{DB_NAME}.set-aside-2025-03-01-1"
    assert aside.read_bytes() == before  # kept whole, never deleted
    assert "set aside" in caplog.text
    assert re.search(why, caplog.text)
    assert stats.record_run(summary()) and stats.visitors() == 1
    stats.close()
    path.unlink()
    spoil(path)  # a second time the same day: a second name
    open_stats(path)[0].close()
    assert (tmp_path / f"{DB_NAME}.set-aside-2025-03-01-2").exists()


def test_a_file_spoilt_while_the_kiosk_runs_is_set_aside_and_counting_goes_on(tmp_path,
                                                                            caplog):
    path = tmp_path / DB_NAME
    stats, _ = open_stats(path)
    assert stats.record_run(summary()) and stats.visitors() == 1
    path.write_bytes(b"overwritten by something else " * 200)
    with caplog.at_level(logging.WARNING, logger="trustworthy.stats"):
        assert stats.record_run(summary())  # this run goes into a new file
    assert stats.visitors() == 1 and "set aside" in caplog.text
    assert (tmp_path / f"{DB_NAME}.set-aside-2025-03-01-1").exists()


def test_an_empty_file_is_simply_used(tmp_path):
    path = tmp_path / DB_NAME
    path.write_bytes(b"")
    stats, _ = open_stats(path)
    assert stats.record_run(summary()) and stats.visitors() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


def test_no_store_at_all_still_lets_the_game_count_in_memory(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with caplog.at_level(logging.ERROR, logger="trustworthy.stats"):
        stats = VisitorStats.open_default(blocker / "sub" / DB_NAME, today=Today())
    assert isinstance(stats.backend, MemoryBackend) and "in memory" in caplog.text
    assert stats.record_run(summary()) and stats.visitors() == 1


# --- killed mid-write ------------------------------------------------------------------

WRITER = """
import sys
from datetime import date
from game.stats import SqliteBackend, VisitorStats
today = lambda: date(2025, 3, 1)
stats = VisitorStats(SqliteBackend(sys.argv[1], today), today)
# A tiny page cache makes SQLite spill pages into the file mid-transaction, so a
# kill also lands where the file holds half a transaction and a hot journal.
stats.backend.conn.execute("PRAGMA cache_size = 1")
choices = [f"{d}:m{d}:c{d % 3}" for d in range(200)] + ["1:bill:pay", "3:post:scroll",
           "4:metro:pay", "5:charity:donate"]
n = 0
while True:
    n += 1
    ending = "model" if n % 3 else "discredited"
    stats.record_run({"citizen": "courier", "final_tier": "AA", "ending": ending,
                      "choices": choices}, prediction="anyone", poll="yes" if n % 2 else "no")
    print(n, flush=True)
"""


def _check_consistent(path) -> int:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    stats, _ = open_stats(path)
    runs = stats.visitors()
    for kind in ("citizen", "tier", "ending", "prediction", "poll", "poll_by_tier"):
        assert sum(stats.counts(kind).values()) == runs, kind
    assert set(stats.counts("faced").values()) == {runs}
    assert set(stats.counts("choice").values()) == {runs}
    stats.close()
    return runs


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_writer_leaves_every_run_counted_whole_or_not_at_all(tmp_path):
    path = tmp_path / DB_NAME
    journal = Path(f"{path}-journal")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    counted, hot = 0, 0
    for round_ in range(8):  # three kills, more if none has hit a transaction yet
        if round_ >= 3 and hot:
            break
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(20):  # let it write a while (it prints after each commit)
            assert writer.stdout.readline(), "the writer stopped by itself"
        time.sleep(0.0007 * (round_ + 2))  # not in step with its prints
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        printed = [int(line) for line in writer.stdout.read().split()]
        writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL
        hot += journal.exists() and journal.stat().st_size > 0  # killed mid-transaction
        runs = _check_consistent(path)
        # every run it reported is in; at most the one it had no time to report
        last = printed[-1] if printed else 20
        assert counted + last <= runs <= counted + last + 1, round_
        counted = runs
    assert hot >= 1, "no kill landed inside a transaction: the test proved nothing"
    stats, _ = open_stats(path)  # and the file takes new runs as before
    assert stats.record_run(summary()) and stats.visitors() == counted + 1
    stats.close()
    assert not journal.exists()


# --- curators' export ----------------------------------------------------------------

def test_export_matches_the_counts(tmp_path):
    stats, today = open_stats(tmp_path / DB_NAME)
    for n in range(7):
        today.day = DAY1 if n < 4 else DAY2
        stats.record_run(summary(ending="model" if n % 2 else "ordinary"),
                         prediction="young_men", poll="yes" if n % 3 else "no")
    out = tmp_path / "out" / "visitors.csv"
    assert stats.export_csv(out) == len(stats.rows())
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["day", "kind", "key", "count"]
    totals: dict = {}
    for row in rows:
        assert row["day"] in ("2025-03-01", "2025-03-02")
        totals.setdefault(row["kind"], {}).setdefault(row["key"], 0)
        totals[row["kind"]][row["key"]] += int(row["count"])
    for kind, keys in totals.items():
        assert stats.counts(kind) == keys
    assert totals["runs"] == {"all": 7} and totals["ending"] == {"model": 3, "ordinary": 4}
    assert not [p for p in out.parent.iterdir() if p.name != "visitors.csv"]  # no temp left


def test_command_line_prints_and_exports(tmp_path, capsys):
    db = tmp_path / DB_NAME
    stats, _ = open_stats(db)
    stats.record_run(summary(), poll="no")
    stats.close()
    assert main(["--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "all: 1" in printed and "neighbour:report" in printed
    assert main(["--db", str(db), "--export", str(tmp_path / "x.csv")]) == 0
    assert (tmp_path / "x.csv").read_text().startswith("day,kind,key,count\n")


def test_python_m_game_stats_dispatches_without_a_window(tmp_path):
    env = {**os.environ, "TRUSTWORTHY_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "game", "stats", "--export",
                           str(tmp_path / "e.csv")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / DB_NAME).exists() and (tmp_path / "e.csv").exists()


# --- the browser's localStorage -------------------------------------------------------

class FakeLocal:
    def __init__(self):
        self.items: dict[str, str] = {}

    @property
    def length(self):
        return len(self.items)

    def key(self, i):
        return list(self.items)[i] if i < len(self.items) else None

    def getItem(self, name):
        return self.items.get(name)

    def setItem(self, name, value):
        self.items[name] = str(value)

    def removeItem(self, name):
        self.items.pop(name, None)


def test_browser_backend_counts_the_same_and_survives_a_reload():
    from game.storage import BrowserStorage

    local, today = FakeLocal(), Today()
    stats = VisitorStats(LocalStorageBackend(BrowserStorage(local), today), today)
    stats.record_run(summary(), prediction="anyone", poll="yes")
    today.day = DAY2
    stats.record_run(summary())
    again = VisitorStats(LocalStorageBackend(BrowserStorage(local), today), today)  # reload
    assert again.visitors() == 2 and again.share("bill:pay").today == 1
    assert again.rows() == stats.rows()
    assert list(local.items) == ["trustworthy:visitor-stats"]
    assert "T" not in local.items["trustworthy:visitor-stats"].split('"days"')[1][:20]


def test_browser_backend_sets_aside_a_record_it_cannot_read(caplog):
    from game.storage import BrowserStorage

    local = FakeLocal()
    local.items["trustworthy:visitor-stats"] = '{"days": "garbage"'
    with caplog.at_level(logging.WARNING, logger="trustworthy.stats"):
        stats = VisitorStats(LocalStorageBackend(BrowserStorage(local), Today()), Today())
    assert "set aside" in caplog.text
    assert local.items["trustworthy:visitor-stats.set-aside-2025-03-01"] == '{"days": "garbage"'
    assert stats.record_run(summary()) and stats.visitors() == 1


def test_debrief_lines_compare_with_other_visitors_but_never_with_a_handful(english):
    from game.stats import MIN_VISITORS_SHOWN, share_lines

    stats, today = open_stats_memory()
    mine = ["1:neighbour:report", "2:post:scroll", "3:bill:pay"]
    stats.record_run(summary(choices=mine))
    assert share_lines(english, stats, mine) == []  # one visitor: nothing to compare
    for n in range(MIN_VISITORS_SHOWN):
        stats.record_run(summary(choices=("1:neighbour:ignore", "2:post:scroll")))
    today.day = DAY2
    stats.record_run(summary(choices=mine))
    lines = share_lines(english, stats, mine)
    assert lines == ["Report her (+15): 29% of all visitors",
                     f"{english.t('moment.post.choice.scroll')}: 100% of all visitors"]
    for n in range(MIN_VISITORS_SHOWN):
        stats.record_run(summary(choices=mine))
    assert share_lines(english, stats, mine, limit=1) == \
        ["Report her (+15): 100% of visitors today, 58% of all visitors"]


def open_stats_memory():
    today = Today()
    return VisitorStats(MemoryBackend(), today), today


def test_stats_work_without_sqlite3_as_in_the_browser(tmp_path):
    """pygbag's runtime may have no sqlite3 module: the localStorage store must still count."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; sys.modules['sqlite3'] = None\n"
        "import game.stats as stats\n"
        "class Fake:\n"
        "    def __init__(self): self.d = {}\n"
        "    def getItem(self, k): return self.d.get(k)\n"
        "    def setItem(self, k, v): self.d[k] = str(v)\n"
        "    def removeItem(self, k): self.d.pop(k, None)\n"
        "from game.storage import BrowserStorage\n"
        "backend = stats.LocalStorageBackend(BrowserStorage(Fake()))\n"
        "store = stats.VisitorStats(backend)\n"
        "store.record_poll('fair', 'AA')\n"
        "print(store.counts('poll'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr
    assert "fair" in out.stdout


def test_top_band_is_above_the_start_tier():
    """Everyone starts in A, so only AAA and AA are the "top" band."""
    from game.stats import tier_band

    assert [tier_band(t) for t in ("AAA", "AA", "A", "B", "C", "D")] == \
        ["top", "top", "bottom", "bottom", "bottom", "bottom"]
