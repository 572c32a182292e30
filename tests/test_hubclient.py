"""The games' side of the class hub without the hub: the browser's sender through a
stand-in for the page's `fetch` (its Python side; the real runtime is out of reach
here), and the reports staying ids only. Needs no hub extra, so it runs wherever
the game runs (and in the browser-version parity run)."""

import json

from game.hubclient import BrowserHubClient, HubClient, report
from game.storage import FileStorage

SUMMARY = {"citizen": "graduate", "final_tier": "B", "ending": "ordinary",
           "choices": ["1:neighbour:ignore"], "seed": 3, "money": 10.0,
           "daily_scores": [1000, 990]}


class Promise:
    def __init__(self, response):
        self.response = response

    def then(self, callback):
        if self.response is not None:  # None: the page is still waiting
            callback(self.response)


class Response:
    def __init__(self, status):
        self.status, self.ok = status, 200 <= status < 300


class Window:
    """Just what BrowserTransport touches: JSON.parse and fetch."""

    class JSON:
        parse = staticmethod(json.loads)

    def __init__(self, status):
        self.status, self.calls = status, []

    def fetch(self, url, options):
        self.calls.append((url, json.loads(options["body"])))
        return Promise(Response(self.status) if self.status else None)


def test_the_browser_sends_with_fetch_and_keeps_what_was_not_answered(tmp_path):
    storage = FileStorage(tmp_path)
    window = Window(status=None)  # no answer yet (the hub is away)
    client = BrowserHubClient("http://hub:8765", "N9B-B4K", storage, window)
    run_id = client.offer(SUMMARY, "anyone")
    assert window.calls[0][0] == "http://hub:8765/api/runs"
    assert window.calls[0][1]["id"] == run_id and len(client.pending()) == 1
    # the next start: the hub answers, the entry goes
    window = Window(status=201)
    BrowserHubClient("http://hub:8765", "N9B-B4K", FileStorage(tmp_path), window)
    assert [c[1]["id"] for c in window.calls] == [run_id]
    assert FileStorage(tmp_path).keys() == []


def test_a_report_carries_ids_only():
    doc = report(SUMMARY, code="N9B-B4K", run_id="0" * 32, day="2026-11-28")
    assert set(doc["summary"]) == {"citizen", "final_tier", "ending", "choices"}
    assert doc["prediction"] is None and doc["poll"] is None


def test_the_poll_answer_goes_under_the_runs_id(tmp_path):
    sent = []

    class Transport:
        def post(self, url, body):
            sent.append(json.loads(body))
            return 201

    client = HubClient("http://hub", "N9B-B4K", FileStorage(tmp_path), transport=Transport(),
                       background=False)
    client.offer(SUMMARY)
    client.flush()
    client.offer_poll("fair")
    client.offer_poll("unfair")  # one answer per run
    client.flush()
    assert [d["poll"] for d in sent] == [None, "fair"]
    assert sent[0]["id"] == sent[1]["id"]


def test_a_kiosk_config_names_a_bad_hub_setting(tmp_path):
    import pytest

    from engine.errors import DataError
    from game.kiosk_config import load_config

    good = tmp_path / "good.toml"
    good.write_text('[admin]\npin = "4821"\n[hub]\nurl = "http://10.0.0.5:8765"\n'
                    'code = "N9B-B4K"\n')
    config = load_config(good)
    assert (config.hub_url, config.hub_code) == ("http://10.0.0.5:8765", "N9B-B4K")
    bad = tmp_path / "bad.toml"
    bad.write_text('[hub]\nurl = "10.0.0.5:8765"\ncode = "N9B-B4X"\n')
    with pytest.raises(DataError) as err:
        load_config(bad)
    text = str(err.value)
    assert "[hub]" in text and "url" in text and "code" in text
