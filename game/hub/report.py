"""One run's report as the hub receives it, checked field by field.

Why this shape: it is the summary the game already counts for visitor statistics
(`Session.summary()` as `game.stats.VisitorStats.record_run` reads it: citizen,
final tier, ending, the "day:moment:choice" list) plus the prediction and poll
answer that `record_run` takes beside it — reduced to those id fields (`REPORT_FIELDS`)
so nothing else leaves the device. Around it: a random run id (one per run: the hub
counts an id once), the class code and the calendar day. No names, no addresses, no
free text, no time finer than a day: every value is an id from the game's own
locale data, or it is refused with a message naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..classcode import ClassCodeError, decode
from ..stats import DAY_PATTERN, check_id

RUN_ID = re.compile(r"[0-9a-f]{32}")
# The summary fields a report carries (the ones visitor statistics count).
REPORT_FIELDS = ("citizen", "final_tier", "ending", "choices")
MAX_CHOICES = 200  # a month of three moments a day is 90
NOT_POLL_ANSWERS = {"step", "heading", "lead", "skip", "note_top", "note_bottom"}
NOT_PREDICTIONS = {"heading", "too_few", "yours"}


class ReportError(ValueError):
    """A report that cannot be stored; the message names the field (sent as 4xx)."""


def normal_code(text: object) -> str:
    """A class or site code as stored: six characters, upper case, checksum valid."""
    if not isinstance(text, str) or len(text) > 20:
        raise ReportError("code: a class code is text of six characters, e.g. N9B-B4K")
    try:
        decode(text)
    except ClassCodeError as err:
        raise ReportError(f"code: unknown class code {text!r} ({err.reason})") from None
    return "".join(ch for ch in text.upper() if ch not in " -_.\t")


@dataclass(frozen=True)
class Report:
    run_id: str
    code: str
    day: str
    citizen: str
    final_tier: str
    ending: str
    choices: tuple[tuple[str, str], ...]  # (moment, choice), once per moment
    prediction: str | None
    poll: str | None


@dataclass(frozen=True)
class Answers:
    """One pupil's answers to the opt-in class questions of one phase (before or
    after), under their own random id: counted once."""

    answers_id: str
    code: str
    day: str
    phase: str
    answers: tuple[tuple[str, str], ...]  # (item, answer)


def check_answers(doc: object, items) -> Answers:
    """`items`: game.questions.load_items(), by id. Every value an id declared there."""
    if not isinstance(doc, dict):
        raise ReportError("body: a JSON object is expected")
    unknown = set(doc) - {"id", "code", "day", "phase", "answers"}
    if unknown:
        raise ReportError(f"{sorted(unknown)[0]}: unknown field")
    answers_id = doc.get("id")
    if not isinstance(answers_id, str) or not RUN_ID.fullmatch(answers_id):
        raise ReportError("id: 32 lower-case hex digits (one random id per set of answers)")
    code = normal_code(doc.get("code"))
    day = _day(doc.get("day"))
    phase = doc.get("phase")
    if phase not in ("before", "after"):
        raise ReportError("phase: \"before\" or \"after\"")
    given = doc.get("answers")
    if not isinstance(given, dict) or not given or len(given) > len(items):
        raise ReportError("answers: an object of question id → answer id")
    pairs = []
    for item_id, answer in given.items():
        item = items.get(item_id)
        if item is None or phase not in item.phases:
            raise ReportError(f"answers: unknown question {item_id!r}"[:120])
        if answer not in item.answers:
            raise ReportError(f"answers.{item_id}: unknown answer {answer!r}"[:120])
        pairs.append((item_id, answer))
    return Answers(answers_id, code, day, phase, tuple(sorted(pairs)))


def _day(day: object) -> str:
    if not isinstance(day, str) or not DAY_PATTERN.fullmatch(day):
        raise ReportError("day: a date, YYYY-MM-DD (nothing finer)")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ReportError(f"day: {day!r} is not a date") from None
    return day


class Vocabulary:
    """The ids a report may use, read from the game's locale messages."""

    def __init__(self, messages):
        self.messages = messages

    def has(self, message_id: str) -> bool:
        return message_id in self.messages

    def check(self, doc: object) -> Report:
        if not isinstance(doc, dict):
            raise ReportError("body: a JSON object is expected")
        unknown = set(doc) - {"id", "code", "day", "summary", "prediction", "poll"}
        if unknown:
            raise ReportError(f"{sorted(unknown)[0]}: unknown field")
        run_id = doc.get("id")
        if not isinstance(run_id, str) or not RUN_ID.fullmatch(run_id):
            raise ReportError("id: 32 lower-case hex digits (one random id per run)")
        code = normal_code(doc.get("code"))
        day = _day(doc.get("day"))
        summary = doc.get("summary")
        if not isinstance(summary, dict):
            raise ReportError("summary: a JSON object is expected")
        extra = set(summary) - set(REPORT_FIELDS)
        if extra:
            raise ReportError(f"summary.{sorted(extra)[0]}: not sent to a hub")
        citizen = self._id("summary.citizen", summary.get("citizen"), "citizen.{}.name")
        tier = summary.get("final_tier")
        tier = self._id("summary.final_tier", tier.lower() if isinstance(tier, str) else tier,
                        "tier.{}", upper=True)
        ending = self._id("summary.ending", summary.get("ending"), "ending.{}.title")
        choices = summary.get("choices")
        if not isinstance(choices, list) or len(choices) > MAX_CHOICES:
            raise ReportError(f"summary.choices: a list of at most {MAX_CHOICES} "
                              "\"day:moment:choice\" strings")
        made: dict[str, str] = {}
        for entry in choices:
            parts = entry.split(":") if isinstance(entry, str) else ()
            if len(parts) != 3 or not parts[0].isdigit():
                raise ReportError(f"summary.choices: {entry!r} is not \"day:moment:choice\"")
            _, moment, choice = parts
            self._id("summary.choices", moment, "moment.{}.title")
            if not self.has(f"moment.{moment}.choice.{choice}"):
                raise ReportError(f"summary.choices: unknown choice {moment}:{choice}")
            made.setdefault(moment, choice)
        prediction = doc.get("prediction")
        if prediction is not None:
            self._id("prediction", prediction, "others.prediction.{}", not_in=NOT_PREDICTIONS)
        poll = doc.get("poll")
        if poll is not None:
            self._id("poll", poll, "poll.{}", not_in=NOT_POLL_ANSWERS)
        return Report(run_id, code, day, citizen, tier, ending, tuple(made.items()),
                      prediction, poll)

    def _id(self, field, value, pattern, *, upper=False, not_in=()):
        try:
            check_id(field, value)
        except ValueError:
            raise ReportError(f"{field}: a short id is expected, not {value!r}"[:160]) from None
        key = pattern.format(value.upper() if upper else value)
        if value in not_in or not self.has(key):
            raise ReportError(f"{field}: unknown id {value!r}")
        return value
