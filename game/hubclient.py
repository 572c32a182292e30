"""Sending finished runs to a class hub (game.hub), never making the game wait.

Why it looks like this:
- One run, one report, one random id (`new_run_id`). The report is the summary the
  game counts for visitor statistics, reduced to the hub's fields
  (`game.hub.report.REPORT_FIELDS`), with the prediction and, once answered, the poll.
  The hub stores an id once, so sending a report twice never counts twice; a poll
  answer given after the run was sent goes again under the same id.
- The outbox: every report is first written to `game.storage` (a file per report,
  temp + rename, on the desktop; localStorage in the browser) and deleted only when
  the hub has answered. A hub that cannot be reached, a crash, a restart: the
  report waits and goes on the next try, or the next start.
- Never blocking: on the desktop a daemon thread does the network (urllib, short
  timeouts); the game thread only writes the outbox and sets an event. In the
  browser there are no threads: the page's `fetch` sends (`BrowserTransport`) and
  its promise deletes the entry when the hub answers; until then the entry stays and
  is sent again at the next start (the hub ignores the copy).
- A report the hub refuses (4xx other than 429) would be refused forever: it is
  logged and dropped, so the outbox cannot fill with it.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import uuid
from datetime import date
from typing import Callable, Mapping

log = logging.getLogger("trustworthy.hub")
OUTBOX_PREFIX = "hub-outbox."
TIMEOUT = 3.0        # seconds per request
RETRY_SECONDS = 20.0  # the sender's pause between tries while the hub is away
REPORT_FIELDS = ("citizen", "final_tier", "ending", "choices")  # = game.hub.report's


def new_run_id() -> str:
    return uuid.uuid4().hex


def report(summary: Mapping, *, code: str, run_id: str, day: str,
           prediction: str | None = None, poll: str | None = None) -> dict:
    """The report of one finished run (a `Session.summary()`): ids only."""
    return {"id": run_id, "code": code, "day": day,
            "summary": {k: summary[k] for k in REPORT_FIELDS},
            "prediction": prediction or None, "poll": poll or None}


class UrllibTransport:
    """The desktop's sender: one POST, a short timeout. Returns the HTTP status,
    or None when the hub could not be reached."""

    def __init__(self, timeout: float = TIMEOUT):
        self.timeout = timeout

    def post(self, url: str, body: bytes) -> int | None:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.status
        except urllib.error.HTTPError as err:
            return err.code
        except (OSError, ValueError) as err:  # URLError, timeouts, refused
            log.info("hub: %s not reached (%s); the run waits in the outbox", url, err)
            return None


class HubClient:
    """Offers finished runs to one hub under one class code, through an outbox."""

    def __init__(self, url: str, code: str, storage, *, transport=None,
                 today: Callable[[], date] = date.today, background: bool = True):
        self.base = url.rstrip("/")
        self.url = self.base + "/api/runs"
        self.code = code
        self.storage = storage
        self.transport = transport or UrllibTransport()
        self.today = today
        self.last: dict | None = None  # the newest run's report (for its poll answer)
        self._offered: list = []  # summaries offered, by identity: each run goes once
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = False
        self._thread = None
        if background:
            self._thread = threading.Thread(target=self._loop, name="hub-sender", daemon=True)
            self._thread.start()

    # --- the game's side: write the outbox, wake the sender ----------------------

    def offer(self, summary: Mapping, prediction: str | None = None) -> str | None:
        """A finished run: into the outbox, then sent in the background. Its id
        (None when this very summary was offered before)."""
        if any(summary is done for done in self._offered):
            return None
        self._offered = (self._offered + [summary])[-32:]
        doc = report(summary, code=self.code, run_id=new_run_id(),
                     day=self.today().isoformat(), prediction=prediction)
        self._keep(doc)
        return doc["id"]

    def offer_answers(self, phase: str, answers: Mapping[str, str]) -> str | None:
        """One pupil's answers to the class questions of one phase (ids only)."""
        if not answers:
            return None
        doc = {"id": new_run_id(), "code": self.code, "day": self.today().isoformat(),
               "phase": phase, "answers": dict(answers)}
        with self._lock:
            self.storage.write(OUTBOX_PREFIX + doc["id"], json.dumps(doc))
        self._wake.set()
        return doc["id"]

    def url_for(self, text: str) -> str:
        """Where an outbox entry goes: answers to /api/answers, runs to /api/runs."""
        try:
            answers = "phase" in json.loads(text)
        except ValueError:
            answers = False
        return self.base + ("/api/answers" if answers else "/api/runs")

    def offer_poll(self, answer: str) -> None:
        """The poll answer of the newest run: its report again, with the answer."""
        if self.last is None or self.last.get("poll"):
            return
        self._keep(dict(self.last, poll=answer))

    def _keep(self, doc: dict) -> None:
        with self._lock:
            self.storage.write(OUTBOX_PREFIX + doc["id"], json.dumps(doc))
            self.last = doc
        self._wake.set()

    def pending(self) -> list[str]:
        return sorted(k for k in self.storage.keys() if k.startswith(OUTBOX_PREFIX))

    # --- the sender's side --------------------------------------------------------

    def flush(self) -> int:
        """Try every report in the outbox once; returns how many are still waiting."""
        waiting = 0
        for key in self.pending():
            text = self.storage.read(key)
            if text is None:
                continue
            status = self.transport.post(self.url_for(text), text.encode())
            if status is None or status == 429 or status >= 500:
                waiting += 1
                if status is None:
                    break  # the hub is away: the rest wait too
                continue
            if 400 <= status < 500:
                log.error("hub: report %s refused (HTTP %d); dropped", key, status)
            with self._lock:  # a poll answer written meanwhile must still go
                if self.storage.read(key) == text:
                    self.storage.delete(key)
                else:
                    waiting += 1
        return waiting

    def _loop(self) -> None:
        while not self._stop:
            try:
                waiting = self.flush()
            except Exception:  # a full disk must not kill the sender
                log.exception("hub: the outbox could not be sent")
                waiting = 1
            self._wake.wait(RETRY_SECONDS if waiting else None)
            self._wake.clear()

    def close(self, wait: float = TIMEOUT) -> None:
        """At exit: give the sender up to `wait` seconds to empty the outbox (what is
        left goes at the next start)."""
        if self._thread is None:
            return
        deadline_flush = threading.Thread(target=self._final_flush, daemon=True)
        deadline_flush.start()
        deadline_flush.join(wait)

    def _final_flush(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join()
        try:
            self.flush()
        except Exception:
            log.exception("hub: the outbox could not be sent")


class BrowserTransport:
    """The browser's sender (pygbag): the page's `fetch`, whose promise deletes the
    outbox entry when the hub has answered. Never awaited: the game goes on."""

    def __init__(self, window):
        self.window = window

    def send(self, client: "HubClient", key: str, text: str) -> None:
        options = self.window.JSON.parse(json.dumps({
            "method": "POST", "body": text, "headers": {"Content-Type": "application/json"}}))

        def answered(response):
            if response.ok or (400 <= response.status < 500 and response.status != 429):
                if client.storage.read(key) == text:
                    client.storage.delete(key)

        self.window.fetch(client.url_for(text), options).then(answered)


class BrowserHubClient(HubClient):
    """The same interface in the browser: no thread; each offer sends at once."""

    def __init__(self, url, code, storage, window, **kw):
        super().__init__(url, code, storage, background=False, **kw)
        self.browser = BrowserTransport(window)
        self.flush()

    def _keep(self, doc: dict) -> None:
        super()._keep(doc)
        self.flush()

    def offer_answers(self, phase, answers):
        done = super().offer_answers(phase, answers)
        self.flush()
        return done

    def flush(self) -> int:
        for key in self.pending():
            text = self.storage.read(key)
            if text is not None:
                try:
                    self.browser.send(self, key, text)
                except Exception:  # no fetch: the entry waits for the next start
                    log.exception("hub: fetch failed")
        return len(self.pending())


# --- the client this installation sends through (like game.stats.install) --------

_installed: HubClient | None = None


def install(client: HubClient | None) -> None:
    global _installed
    _installed = client


def installed() -> HubClient | None:
    return _installed


def offer_finished(visit) -> None:
    """Called where the game counts a finished run (game.stats.count_finished)."""
    from .stats import is_suspended

    runs = getattr(visit, "runs", ())
    if _installed is None or is_suspended() or not runs or runs[-1].replay_of:
        return
    try:
        _installed.offer(runs[-1].summary, getattr(visit, "prediction", "") or None)
    except Exception:  # the network side must never cost the player the debrief
        log.exception("hub: a finished run could not be put in the outbox")


def offer_poll(answer: str) -> None:
    from .stats import is_suspended

    if _installed is None or is_suspended():
        return
    try:
        _installed.offer_poll(answer)
    except Exception:
        log.exception("hub: a poll answer could not be put in the outbox")


def offer_answers(phase: str, answers: Mapping[str, str]) -> None:
    """Called where the class questions are counted (game/scenes/questions.py)."""
    if _installed is None:
        return
    try:
        _installed.offer_answers(phase, answers)
    except Exception:
        log.exception("hub: class answers could not be put in the outbox")


def from_browser_page(storage) -> HubClient | None:
    """In the browser: the page served by a hub, opened as `/?class=CODE`, sends to
    that hub under that code. None elsewhere, or without a class code."""
    if sys.platform != "emscripten":
        return None
    import platform  # pygbag's: the page's window

    window = platform.window
    params = window.URLSearchParams.new(window.location.search)
    code = params.get("class")
    if not code:
        return None
    return BrowserHubClient(str(window.location.origin), str(code), storage, window)
