"""The hub's web application (Starlette): the runs API, the dashboard, the export.

Why these rules:
- A report is small (a month's choices are a few kilobytes): a body over
  `MAX_BODY` bytes is refused (413) before it is read whole.
- Every refusal is a 4xx with {"error": "<field>: <what is wrong>"}, nothing is
  stored, and the hub goes on serving.
- Floods: each address may make `rate` API requests per `RATE_WINDOW` seconds
  (429 after that), and `MAX_WRONG_PINS` wrong PINs per window, so the PIN
  cannot be guessed.
- The class totals (`GET /api/classes/CODE`: runs and endings) are open — the
  clients' own check that a run arrived. The dashboard's detail, the CSV export and
  "clear this class" need the teacher's PIN (header `X-Hub-Pin`).
- Small groups: a share of fewer than `MIN_SHOWN` runs is not shown (game.stats'
  rule for visitors), so a projector never tells the room what one pupil chose.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import logging
import time
from collections import deque
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..stats import MIN_VISITORS_SHOWN, tier_band
from ..questions import load_items
from .report import ReportError, Vocabulary, check_answers, normal_code
from .store import HubStore

log = logging.getLogger("trustworthy.hub")
STATIC = Path(__file__).with_name("static")
MAX_BODY = 16 * 1024
RATE_WINDOW = 10.0   # seconds
DEFAULT_RATE = 120   # API requests per address per window (0: no limit)
MAX_WRONG_PINS = 5   # per address per window
MIN_SHOWN = MIN_VISITORS_SHOWN
SPLITS_SHOWN = 5
TIERS = ("aaa", "aa", "a", "b", "c", "d")


class RateLimit:
    """At most `limit` events per address in any `window` seconds (a sliding log)."""

    def __init__(self, limit: int, window: float = RATE_WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.seen: dict[str, deque] = {}
        self._swept = clock()

    def allow(self, address: str) -> bool:
        if self.limit <= 0:
            return True
        now = self.clock()
        if now - self._swept >= self.window:  # forget quiet addresses: kept seconds, not days
            self.seen = {a: q for a, q in self.seen.items() if q and now - q[-1] < self.window}
            self._swept = now
        times = self.seen.setdefault(address, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(store: HubStore, locale, pin: str, *, rate: int = DEFAULT_RATE,
               web_root: str | Path | None = None, clock=time.monotonic) -> Starlette:
    """The application over `store`; `locale` (game.i18n.Locale) gives the ids a
    report may use and the dashboard's words; `web_root` is the web build to serve."""
    vocabulary = Vocabulary(locale.messages)
    items = {item.id: item for item in load_items()}
    limiter = RateLimit(rate, clock=clock)
    wrong_pins = RateLimit(MAX_WRONG_PINS, clock=clock)

    def address(request: Request) -> str:
        return request.client.host if request.client else "?"

    def refused(request: Request) -> Response | None:
        if not limiter.allow(address(request)):
            return _error(429, "too many requests from this address: wait a few seconds")
        return None

    def pin_problem(request: Request) -> Response | None:
        given = request.headers.get("x-hub-pin", "")
        if hmac.compare_digest(given.encode(), pin.encode()):
            return None
        if given and not wrong_pins.allow(address(request)):  # a guess
            return _error(429, "too many wrong PINs from this address: wait a few seconds")
        return _error(401 if not given else 403, "this needs the teacher's PIN "
                      "(header X-Hub-Pin; printed when the hub started)")

    def code_of(request: Request) -> str:
        return normal_code(request.path_params["code"])

    async def read_json(request: Request):
        """The body as JSON, or the refusal (too many requests, too big, not JSON)."""
        if (no := refused(request)) is not None:
            return None, no
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return None, _error(413, f"body: at most {MAX_BODY} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return None, _error(413, f"body: at most {MAX_BODY} bytes")
        try:
            return json.loads(body), None
        except (ValueError, UnicodeDecodeError):
            return None, _error(400, "body: not JSON (one report as a JSON object)")

    async def post_run(request: Request) -> Response:
        doc, no = await read_json(request)
        if no is not None:
            return no
        try:
            report = vocabulary.check(doc)
        except ReportError as err:
            return _error(422, str(err))
        status = store.add(report)  # under a millisecond: on the loop, no thread hop
        return JSONResponse({"status": status, "id": report.run_id},
                            status_code=201 if status == "stored" else 200)

    async def post_answers(request: Request) -> Response:
        doc, no = await read_json(request)
        if no is not None:
            return no
        try:
            answers = check_answers(doc, items)
        except ReportError as err:
            return _error(422, str(err))
        status = store.add_answers(answers)
        return JSONResponse({"status": status, "id": answers.answers_id},
                            status_code=201 if status == "stored" else 200)

    def class_totals(request: Request) -> Response:
        if (no := refused(request)) is not None:
            return no
        try:
            code = code_of(request)
        except ReportError as err:
            return _error(404, str(err))
        tallies = store.tallies(code)
        return JSONResponse({"code": code, "runs": sum(tallies["ending"].values()),
                             "endings": tallies["ending"]})

    def dashboard_data(request: Request) -> Response:
        if (no := refused(request) or pin_problem(request)) is not None:
            return no
        try:
            code = code_of(request)
        except ReportError as err:
            return _error(404, str(err))
        return JSONResponse(dashboard(code, store.tallies(code), locale, items))

    def export(request: Request) -> Response:
        if (no := refused(request) or pin_problem(request)) is not None:
            return no
        try:
            code = code_of(request)
        except ReportError as err:
            return _error(404, str(err))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("code", "day", "citizen", "final_tier", "ending", "prediction",
                         "poll", "choices"))
        for run in store.runs(code):
            writer.writerow((code, run["day"], run["citizen"], run["final_tier"], run["ending"],
                             run["prediction"] or "", run["poll"] or "",
                             " ".join(f"{m}:{c}" for m, c in run["choices"])))
        return Response(out.getvalue(), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="class-{code}.csv"'})

    def clear(request: Request) -> Response:
        if (no := refused(request) or pin_problem(request)) is not None:
            return no
        try:
            code = code_of(request)
        except ReportError as err:
            return _error(404, str(err))
        n = store.clear(code)
        log.info("hub: class %s cleared (%d runs)", code, n)
        return JSONResponse({"cleared": n})

    def strings(request: Request) -> Response:
        words = {k: v for k, v in locale.messages.items()
                 if k.startswith("hub.") and isinstance(v, str)}
        return JSONResponse(words)

    def dashboard_page(request: Request) -> Response:
        return FileResponse(STATIC / "dashboard.html")

    def no_build(request: Request) -> Response:
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>Trustworthy</title>"
                            f"<p style='font:24px sans-serif'>{locale.t('hub.no_web_build')}"
                            f"<p><a href='/dashboard'>{locale.t('hub.title')}</a>")

    def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route("/api/runs", post_run, methods=["POST"]),
        Route("/api/answers", post_answers, methods=["POST"]),
        Route("/api/health", health),
        Route("/api/strings", strings),
        Route("/api/classes/{code}", class_totals),
        Route("/api/classes/{code}/dashboard", dashboard_data),
        Route("/api/classes/{code}/export.csv", export),
        Route("/api/classes/{code}/clear", clear, methods=["POST"]),
        Route("/dashboard", dashboard_page),
        Mount("/hub-static", StaticFiles(directory=STATIC), name="hub-static"),
    ]
    if web_root and (Path(web_root) / "index.html").is_file():
        routes.append(Mount("/", StaticFiles(directory=web_root, html=True), name="web"))
    else:
        routes.append(Route("/", no_build))
    return Starlette(routes=routes)


def shift(tallies: dict, locale, items: dict) -> list[dict]:
    """The class questions before and after: per question, the share who agree (the
    scale's last two answers), each phase shown from MIN_SHOWN answers on."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for key, n in tallies.get("answer", {}).items():
        phase, item, answer = key.split(":", 2)
        counts.setdefault((phase, item), {})[answer] = n
    out = []
    for item in items.values():
        row = {"label": locale.t(f"questions.item.{item.id}"), "answers": []}
        for phase in ("before", "after"):
            given = counts.get((phase, item.id), {})
            total = sum(given.values())
            if total >= MIN_SHOWN:
                agree = sum(given.get(a, 0) for a in item.answers[-2:])
                share = round(100 * agree / total)
                row["answers"].append({"label": locale.t(f"hub.phase.{phase}", n=total),
                                       "n": share, "of": 100, "text": f"{share}%"})
        if row["answers"]:
            out.append(row)
    return out


def dashboard(code: str, tallies: dict, locale, items: dict | None = None) -> dict:
    """What the projector shows, with its labels; shares under MIN_SHOWN runs left out."""
    from ..classcode import pretty

    t = locale.t
    runs = sum(tallies["ending"].values())
    tier_d = {key.split(":", 1)[1]: n for key, n in tallies["tier_citizen"].items()
              if key.startswith("d:")}
    faced: dict[str, dict[str, int]] = {}
    for key, n in tallies["choice"].items():
        moment, choice = key.split(":", 1)
        faced.setdefault(moment, {})[choice] = n
    splits = []
    for moment, picks in faced.items():
        total = sum(picks.values())
        if total >= MIN_SHOWN and len(picks) > 1:
            splits.append({"moment": moment, "title": t(f"moment.{moment}.title"),
                           "faced": total, "division": 1 - max(picks.values()) / total,
                           "choices": [{"label": t(f"moment.{moment}.choice.{c}"), "n": n}
                                       for c, n in sorted(picks.items(), key=lambda x: -x[1])]})
    splits.sort(key=lambda s: (-s["division"], -s["faced"], s["moment"]))
    bands: dict[str, dict[str, int]] = {}
    for key, n in tallies["poll_by_tier"].items():
        tier, answer = key.split(":", 1)
        band = bands.setdefault(tier_band(tier), {})
        band[answer] = band.get(answer, 0) + n
    poll = [{"band": band, "label": t(f"hub.band.{band}"), "answered": sum(answers.values()),
             "answers": [{"label": t(f"poll.{a}"), "n": n} for a, n in
                         sorted(answers.items(), key=lambda x: -x[1])]}
            for band, answers in sorted(bands.items(), key=lambda x: x[0] != "top")
            if sum(answers.values()) >= MIN_SHOWN]

    def labelled(counts: dict, pattern: str, order=None) -> list[dict]:
        keys = order or sorted(counts, key=lambda k: -counts[k])
        return [{"label": t(pattern.format(k)), "n": counts.get(k, 0)} for k in keys
                if counts.get(k, 0)]

    return {
        "code": pretty(code), "runs": runs, "min_shown": MIN_SHOWN,
        "endings": labelled(tallies["ending"], "ending.{}.title"),
        "tiers": [{"label": t(f"tier.{k.upper()}"), "n": tallies["tier"][k]} for k in TIERS
                  if tallies["tier"].get(k)],
        "citizens": labelled(tallies["citizen"], "citizen.{}.short"),
        "tier_d": labelled(tier_d, "citizen.{}.short") if sum(tier_d.values()) >= MIN_SHOWN
        else [],
        "tier_d_runs": sum(tier_d.values()),
        "predictions": labelled(tallies["prediction"], "prediction.{}"),
        "splits": splits[:SPLITS_SHOWN],
        "poll": poll,
        "shift": shift(tallies, locale, items or {}),
    }
