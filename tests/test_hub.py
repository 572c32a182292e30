"""The class hub (game.hub): the API as games and teachers meet it, bad input, the
PIN, the store surviving a killed hub, and the client's outbox (game.hubclient).

Needs the hub extra (starlette, uvicorn, httpx for the in-process client); skipped
with one line where it is missing. The big load run is tools/load_hub.py."""

import json
import random
import sqlite3
import subprocess
import sys
import threading
import warnings

import pytest

pytest.importorskip("starlette", reason="the hub extra is not installed (pip install -e '.[hub]')")
pytest.importorskip("httpx", reason="httpx (the test extra) is not installed")

with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2, not on PyPI here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from game.hub.app import MAX_BODY, MIN_SHOWN, create_app  # noqa: E402
from game.hub.store import SqliteHubStore  # noqa: E402
from game.hub.testing import CODE, PIN, HubProcess, made_up  # noqa: E402
from game.hubclient import HubClient, UrllibTransport, report  # noqa: E402
from game.storage import FileStorage  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def hub(tmp_path, english):
    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    client = TestClient(create_app(store, english, PIN, rate=1000))
    client.store = store
    yield client
    store.close()


def runs(hub, code=CODE):
    answer = hub.get(f"/api/classes/{code}")
    assert answer.status_code == 200
    return answer.json()


def test_a_run_is_counted_once_and_its_late_poll_answer_is_kept(hub):
    doc = made_up(random.Random(1))
    doc["poll"] = None
    assert hub.post("/api/runs", json=doc).status_code == 201
    assert hub.post("/api/runs", json=doc).json() == {"status": "known", "id": doc["id"]}
    assert hub.post("/api/runs", json=dict(doc, poll="unfair")).status_code == 200
    assert hub.post("/api/runs", json=dict(doc, poll="fair")).status_code == 200
    totals = runs(hub)
    assert totals["runs"] == 1 and totals["endings"] == {doc["summary"]["ending"]: 1}
    assert [r["poll"] for r in hub.store.runs("N9BB4K")] == ["unfair"]  # the first answer


def test_the_summary_the_game_counts_is_what_goes(hub):
    summary = {"citizen": "retiree", "final_tier": "D", "ending": "discredited",
               "choices": ["1:neighbour:talk", "2:metro:walk"], "seed": 7, "money": 12.5}
    doc = report(summary, code="n9b b4k", run_id="ab" * 16, day="2026-11-28",
                 prediction="anyone")
    assert "seed" not in doc["summary"] and "money" not in doc["summary"]
    assert hub.post("/api/runs", json=doc).status_code == 201
    assert runs(hub)["endings"] == {"discredited": 1}


BAD = [
    ("malformed JSON", b'{"id": "ab', 400, "not JSON"),
    ("a list", b"[1, 2]", 422, "JSON object"),
    ("a wrong id", {"id": "1234"}, 422, "id:"),
    ("unknown class code", {"code": "N9B-B4X"}, 422, "unknown class code"),
    ("a time of day", {"day": "2026-11-28T10:15"}, 422, "day:"),
    ("a number as the citizen", {"summary.citizen": 3}, 422, "summary.citizen"),
    ("an unknown ending", {"summary.ending": "hero"}, 422, "unknown id 'hero'"),
    ("an unknown choice", {"summary.choices": ["1:neighbour:bribe"]}, 422, "neighbour:bribe"),
    ("free text", {"summary.choices": ["1:neighbour:I told them my name"]}, 422, "choices"),
    ("a name", {"name": "Alice"}, 422, "name: unknown field"),
    ("an extra summary field", {"summary.seed": 5}, 422, "summary.seed"),
    ("a wrong poll answer", {"poll": "skip"}, 422, "poll"),
]


@pytest.mark.parametrize("what, change, status, says", BAD, ids=[b[0] for b in BAD])
def test_bad_reports_get_a_clear_4xx_and_store_nothing(hub, what, change, status, says):
    if isinstance(change, bytes):
        body = change
    else:
        doc = made_up(random.Random(2))
        for key, value in change.items():
            where, _, field = key.rpartition(".")
            (doc[where] if where else doc)[field] = value
        body = json.dumps(doc).encode()
    answer = hub.post("/api/runs", content=body)
    assert answer.status_code == status
    assert says in answer.json()["error"]
    assert runs(hub)["runs"] == 0
    assert hub.post("/api/runs", json=made_up(random.Random(3))).status_code == 201  # serving


def test_an_oversized_body_is_refused_before_it_is_read(hub):
    doc = made_up(random.Random(4))
    doc["summary"]["choices"] = ["1:neighbour:report"] * 2000
    answer = hub.post("/api/runs", content=json.dumps(doc).encode())
    assert answer.status_code == 413 and str(MAX_BODY) in answer.json()["error"]
    assert runs(hub)["runs"] == 0


def test_an_unknown_class_code_is_not_found(hub):
    answer = hub.get("/api/classes/N9B-B4X")
    assert answer.status_code == 404 and "unknown class code" in answer.json()["error"]


def test_a_flood_from_one_address_is_slowed_down(tmp_path, english):
    ticks = iter(range(10_000))
    store = SqliteHubStore(tmp_path / "hub.sqlite3")
    client = TestClient(create_app(store, english, PIN, rate=5, clock=lambda: next(ticks) * 0.001))
    codes = [client.post("/api/runs", json=made_up(random.Random(n))).status_code
             for n in range(8)]
    assert codes == [201] * 5 + [429] * 3
    assert store.count("N9BB4K") == 5
    assert "too many requests" in client.get(f"/api/classes/{CODE}").json()["error"]
    store.close()


def test_export_clear_and_the_dashboard_need_the_pin(hub):
    for n in range(MIN_SHOWN):
        hub.post("/api/runs", json=made_up(random.Random(n)))
    paths = [("get", f"/api/classes/{CODE}/export.csv"), ("get", f"/api/classes/{CODE}/dashboard"),
             ("post", f"/api/classes/{CODE}/clear")]
    for method, path in paths:
        assert getattr(hub, method)(path).status_code == 401
        assert getattr(hub, method)(path, headers={"X-Hub-Pin": "000000"}).status_code == 403
    assert runs(hub)["runs"] == MIN_SHOWN
    csv = hub.get(paths[0][1], headers={"X-Hub-Pin": PIN})
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("code,day,citizen") and len(lines) == 1 + MIN_SHOWN
    board = hub.get(paths[1][1], headers={"X-Hub-Pin": PIN}).json()
    assert board["runs"] == MIN_SHOWN and board["splits"]
    assert hub.post(paths[2][1], headers={"X-Hub-Pin": PIN}).json() == {"cleared": MIN_SHOWN}
    assert runs(hub)["runs"] == 0


def test_wrong_pins_are_limited(hub):
    codes = {hub.get(f"/api/classes/{CODE}/export.csv", headers={"X-Hub-Pin": f"{n:06d}"}
                     ).status_code for n in range(8)}
    assert 429 in codes


def test_the_dashboard_hides_shares_of_too_few_runs(hub):
    for n in range(MIN_SHOWN - 1):
        hub.post("/api/runs", json=made_up(random.Random(n)))
    board = hub.get(f"/api/classes/{CODE}/dashboard", headers={"X-Hub-Pin": PIN}).json()
    assert board["runs"] == MIN_SHOWN - 1
    assert board["splits"] == [] and board["poll"] == []


def answers(n, phase, agree):
    return {"id": f"{n:032x}", "code": CODE, "day": "2026-11-28", "phase": phase,
            "answers": {"fairer": "agree" if agree else "disagree", "trust": "unsure"}}


def test_class_answers_before_and_after_are_counted_once_and_shown_as_a_shift(hub):
    for n in range(MIN_SHOWN):
        assert hub.post("/api/answers", json=answers(n, "before", agree=n < 4)).status_code == 201
        assert hub.post("/api/answers", json=answers(100 + n, "after", agree=n < 1)
                        ).status_code == 201
    assert hub.post("/api/answers", json=answers(0, "before", agree=True)).status_code == 200
    bad = answers(7, "during", agree=True)
    assert "phase" in hub.post("/api/answers", json=bad).json()["error"]
    bad = dict(answers(8, "after", agree=True), answers={"fairer": "maybe"})
    assert "unknown answer" in hub.post("/api/answers", json=bad).json()["error"]
    board = hub.get(f"/api/classes/{CODE}/dashboard", headers={"X-Hub-Pin": PIN}).json()
    fairer = board["shift"][0]
    assert [a["text"] for a in fairer["answers"]] == ["80%", "20%"]
    assert runs(hub)["runs"] == 0  # answers are not runs


# --- the client's outbox -------------------------------------------------------------

class Flaky:
    """A transport to an in-process hub that can be 'down'."""

    def __init__(self, hub):
        self.hub, self.down, self.sent = hub, False, 0

    def post(self, url, body):
        if self.down:
            return None
        self.sent += 1
        return self.hub.post("/api/" + url.rsplit("/", 1)[1], content=body).status_code


def test_the_outbox_waits_for_the_hub_and_survives_a_restart(hub, tmp_path):
    transport = Flaky(hub)
    transport.down = True
    storage = FileStorage(tmp_path / "device")
    first = HubClient("http://hub", CODE, storage, transport=transport, background=False)
    summary = {"citizen": "courier", "final_tier": "A", "ending": "ordinary",
               "choices": ["1:neighbour:report"]}
    first.offer(summary, "young_men")
    assert first.offer(summary) is None  # the same run is offered once
    first.offer_poll("unfair")
    assert first.flush() == 1 and len(first.pending()) == 1
    # the game is closed; later it starts again and the hub is back
    transport.down = False
    again = HubClient("http://hub", CODE, FileStorage(tmp_path / "device"),
                      transport=transport, background=False)
    assert again.flush() == 0 and again.pending() == []
    assert again.flush() == 0 and transport.sent == 1
    assert runs(hub)["runs"] == 1
    assert hub.store.runs("N9BB4K")[0]["poll"] == "unfair"


def test_class_answers_go_through_the_outbox_to_their_own_address(hub, tmp_path):
    sent = []

    class Transport(Flaky):
        def post(self, url, body):
            sent.append(url)
            return super().post(url, body)

    client = HubClient("http://hub/", CODE, FileStorage(tmp_path), transport=Transport(hub),
                       background=False)
    client.offer_answers("before", {"fairer": "agree"})
    assert client.flush() == 0 and sent == ["http://hub/api/answers"]


def test_a_refused_report_does_not_clog_the_outbox(hub, tmp_path):
    storage = FileStorage(tmp_path / "device")
    client = HubClient("http://hub", "N9B-B4K", storage, transport=Flaky(hub), background=False)
    client.offer({"citizen": "nobody", "final_tier": "A", "ending": "ordinary", "choices": []})
    assert client.flush() == 0 and client.pending() == []
    assert runs(hub)["runs"] == 0


# --- a real hub process ------------------------------------------------------------

@pytest.fixture()
def live_hub(tmp_path):
    process = HubProcess(tmp_path / "hub.sqlite3", rate=0).start()
    yield process
    process.stop()


def test_a_run_played_with_hub_appears_at_the_hub(live_hub, tmp_path):
    """The contract: `python -m game --headless --autoplay … --hub URL --class-code CODE`."""
    import os

    env = dict(os.environ, TRUSTWORTHY_DATA_DIR=str(tmp_path / "player"))
    done = subprocess.run(
        [sys.executable, "-m", "game", "--headless", "--autoplay", "comply", "--citizen",
         "courier", "--seed", "1", "--days", "7", "--hub", live_hub.url, "--class-code", CODE],
        capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    totals = live_hub.get(f"/api/classes/{CODE}")
    assert totals["runs"] == 1 and sum(totals["endings"].values()) == 1
    assert not list((tmp_path / "player").glob("hub-outbox.*"))  # the outbox is empty


def test_a_hub_killed_mid_write_loses_and_doubles_nothing(tmp_path):
    """Clients keep sending while the hub is SIGKILLed and restarted on the same store:
    every run is stored exactly once (the clients' outboxes send again)."""
    db = tmp_path / "hub.sqlite3"
    hub = HubProcess(db, rate=0).start()
    clients, offered = [], []
    for n in range(4):
        c = HubClient(hub.url, CODE, FileStorage(tmp_path / f"device{n}"),
                      transport=UrllibTransport(timeout=2.0), background=False)
        clients.append(c)
    rng = random.Random(5)
    stop = threading.Event()

    def play(client):
        while not stop.is_set() and len(offered) < 400:
            summary = made_up(rng)["summary"]
            offered.append(client.offer(summary))
            client.flush()

    threads = [threading.Thread(target=play, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    try:
        while len(offered) < 120:
            threading.Event().wait(0.01)
        hub.kill()  # mid-stream: some requests are in flight
        at_kill = len(offered)
        while len(offered) < at_kill + 8:  # runs keep finishing while the hub is down
            threading.Event().wait(0.01)
        stop.set()
        for t in threads:
            t.join(30)
        waiting = sum(len(c.pending()) for c in clients)
        hub = HubProcess(db, rate=0, port=hub.port).start()
        for c in clients:
            assert c.flush() == 0
        stored = sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT id) FROM runs"
                                             ).fetchone()
        assert stored == (len(offered), len(offered))
        assert hub.get(f"/api/classes/{CODE}")["runs"] == len(offered)
        assert waiting >= 8  # they waited in the outboxes, and went after the restart
    finally:
        hub.stop()
