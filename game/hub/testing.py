"""A hub in a child process on 127.0.0.1, and made-up reports: for the tests and
tools/load_hub.py (so both start and feed a hub the way a teacher and the games do)."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

CODE = "N9B-B4K"  # a valid class code (README)
PIN = "246810"
# (moment, choices) pairs the game's data knows, for made-up runs.
MOMENTS = (("neighbour", ("report", "ignore", "talk")), ("red_light", ("wait", "cross")),
           ("charity", ("donate", "keep")), ("metro", ("pay", "jump", "walk")))
ENDINGS = ("model", "ordinary", "discredited", "off_the_books")
CITIZENS = ("courier", "civil-servant", "retiree", "graduate")
TIERS = ("AAA", "AA", "A", "B", "C", "D")
POLLS = ("fair", "fair_for_some", "unfair", "not_sure")
PREDICTIONS = ("rule_breakers", "young_men", "anyone", "old_poor")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def made_up(rng: random.Random, code: str = CODE) -> dict:
    """One plausible report (ids from the game's data), with a new run id."""
    choices = [f"{day}:{m}:{rng.choice(c)}" for day, (m, c) in enumerate(MOMENTS, 1)]
    return {"id": uuid.uuid4().hex, "code": code, "day": "2026-11-28",
            "summary": {"citizen": rng.choice(CITIZENS), "final_tier": rng.choice(TIERS),
                        "ending": rng.choice(ENDINGS), "choices": choices},
            "prediction": rng.choice(PREDICTIONS), "poll": rng.choice(POLLS)}


AGREE = ("strongly_disagree", "disagree", "unsure", "agree", "strongly_agree")


def made_up_answers(rng: random.Random, phase: str, code: str = CODE) -> dict:
    """One pupil's answers to the class questions (assets/questions.toml); after
    playing, a little less agreement with the score."""
    lean = 3 if phase == "before" else 2
    return {"id": uuid.uuid4().hex, "code": code, "day": "2026-11-28", "phase": phase,
            "answers": {item: AGREE[max(0, min(4, lean + rng.choice((-1, 0, 0, 1))))]
                        for item in ("fairer", "trust", "earned", "report")}}


class HubProcess:
    """`python -m game hub` as a teacher starts it, on 127.0.0.1 and a free port."""

    def __init__(self, db: Path, *, rate: int | None = None, port: int | None = None):
        self.db, self.rate = Path(db), rate
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> "HubProcess":
        argv = [sys.executable, "-m", "game", "hub", "--host", "127.0.0.1", "--port",
                str(self.port), "--db", str(self.db), "--pin", PIN, "--no-qr"]
        if self.rate is not None:
            argv += ["--rate", str(self.rate)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.proc.stdout.read().decode()}")
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("hub did not start")

    def get(self, path: str, pin: str | None = None):
        request = urllib.request.Request(self.url + path,
                                         headers={"X-Hub-Pin": pin} if pin else {})
        with urllib.request.urlopen(request, timeout=5) as r:
            return json.loads(r.read())

    def post(self, doc: dict, path: str = "/api/runs") -> int:
        request = urllib.request.Request(self.url + path, data=json.dumps(doc).encode(),
                                         method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status

    def rss_kb(self) -> int:
        """The hub's resident memory (Linux /proc), in kB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the power goes."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
