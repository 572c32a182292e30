"""Story data: the citizens a player can be and the moments of their days.

Parsed from assets/story/*.toml (read by engine/loader.py) into frozen values and
cross-checked against the rule book: every event a choice triggers names a real
rule, every place a real place. Text is never here — only message ids, built from
the ids (`moment.<id>.title`, `moment.<id>.choice.<choice>` …) and checked against
every locale by `check_story_messages`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError, Problem
from .rules import RuleBook
from .schema import Fields

SLOTS = ("morning", "day", "evening")
STYLES = ("comply", "cut", "neutral")
SERVICES = ("", "metro", "hospital", "bank", "jobs", "station", "friends")
EFFECTS = ("", "cut_friend", "take_loan", "loan_shark", "informal_work", "pay_fare",
           "wait_queue", "leave_queue", "buy_ticket", "apply_job", "repay_debt", "miss_repayment",
           "ask_grace", "part_pay")
EMPLOYMENT = ("gig", "civil_service", "retired", "unemployed", "informal")
EDUCATION = ("low", "vocational", "university")


@dataclass(frozen=True)
class FriendSpec:
    id: str  # message id prefix: friend.<id>.name
    tier: str  # tier id at the start


@dataclass(frozen=True)
class Citizen:
    id: str
    age: int
    sex: str  # "male" | "female"
    education: str  # one of EDUCATION
    employment: str  # one of EMPLOYMENT
    money: float  # yuan at the start
    income: float  # yuan earned each day (wage, gig pay or pension)
    living_cost: float  # yuan spent each day on food and rent
    stress: int  # 0–100 at the start
    circumstances: tuple[str, ...]  # circumstance rule ids that score who they are
    friends: tuple[FriendSpec, ...]
    debt: float = 0.0  # yuan owed to a lawful creditor when the run starts
    debt_due: int = 0  # run day it falls due (a `due` moment asks for it that morning)
    missed: int = 0  # repayments of that debt already missed when the run starts


@dataclass(frozen=True)
class Choice:
    id: str
    style: str  # comply (keeps the rules), cut (the quick or cheap way), neutral
    money: float  # yuan gained (+) or spent (−); a spend needs that much money
    stress: int  # change in stress
    events: tuple[str, ...]  # rule ids applied at the moment's place
    effect: str  # one of EFFECTS: what the city or the run does beyond points


@dataclass(frozen=True)
class Moment:
    id: str
    place: str  # place id
    slot: str  # one of SLOTS
    service: str  # which city answer the scene shows, or ""
    citizens: tuple[str, ...]  # who meets it; empty: everyone
    anchor: int  # day of the week (1–7) it always falls on, or 0 for the pool
    choices: tuple[Choice, ...]
    once: bool = False  # anchored, but only in the run's first week (a loan desk, a job board)
    due: bool = False  # falls on the morning the citizen's starting debt is due


@dataclass(frozen=True)
class Story:
    citizens: dict  # id → Citizen
    moments: dict  # id → Moment
    finale: str  # moment id of the last day's last moment
    short_days: int
    full_days: int

    def message_ids(self) -> set[str]:
        ids = set()
        for c in self.citizens.values():
            ids |= {f"citizen.{c.id}.{k}" for k in ("name", "summary", "goal")}
            ids |= {f"friend.{f.id}.name" for f in c.friends}
        for m in self.moments.values():
            ids |= {f"moment.{m.id}.title", f"moment.{m.id}.text"}
            for ch in m.choices:
                ids |= {f"moment.{m.id}.choice.{ch.id}", f"moment.{m.id}.outcome.{ch.id}"}
        return ids


def parse_citizens(doc: dict, file: str, book: RuleBook, problems: list) -> dict:
    top = Fields(doc, file, "", problems)
    citizens = {}
    circumstance_rules = {r for r, v in book.rules.items() if v.kind == "circumstance"}
    for f in top.entries("citizen", top.tables("citizen", [])):
        cid = f.string("id")
        age = f.number("age", low=16, high=110, integer=True)
        sex = f.string("sex", choices=("male", "female"))
        education = f.string("education", choices=EDUCATION)
        employment = f.string("employment", choices=EMPLOYMENT)
        money = f.number("money", low=0, high=1e7)
        income = f.number("income", low=0, high=1e5)
        living = f.number("living_cost", low=0, high=1e5)
        stress = f.number("stress", low=0, high=100, integer=True)
        circ = f.string_list("circumstances", (), choices=circumstance_rules)
        debt = f.number("debt", 0.0, 0, 1e7)
        debt_due = f.number("debt_due", 0, 0, 365, integer=True)
        missed = f.number("missed", 0, 0, 12, integer=True)
        if debt and not debt_due:
            f.problem("debt_due", "a citizen with a debt needs the day it falls due")
        friends = []
        for j, fr in enumerate(f.tables("friend", [])):
            ff = Fields(fr, file, f"{f.entry} friend {j + 1}", problems)
            fid = ff.string("id")
            tier = ff.string("tier", choices=book.tiers.ids)
            ff.done()
            if None not in (fid, tier):
                friends.append(FriendSpec(fid, tier))
        f.done()
        values = (cid, age, sex, education, employment, money, income, living, stress, circ,
                  debt, debt_due, missed)
        if None not in values:
            citizens[cid] = Citizen(cid, age, sex, education, employment, float(money),
                                    float(income), float(living), stress, circ, tuple(friends),
                                    float(debt), debt_due if debt else 0,
                                    missed if debt else 0)
    top.done()
    return citizens


def parse_moments(doc: dict, file: str, book: RuleBook, citizen_ids, problems: list) -> dict:
    top = Fields(doc, file, "", problems)
    moments = {}
    for f in top.entries("moment", top.tables("moment", [])):
        mid = f.string("id")
        place = f.string("place", choices=tuple(book.places))
        slot = f.string("slot", choices=SLOTS)
        service = f.string("service", "", choices=SERVICES)
        who = f.string_list("citizens", (), choices=tuple(citizen_ids))
        anchor = f.number("anchor", 0, 0, 7, integer=True)
        once = f.boolean("once", False)
        due = f.boolean("due", False)
        if once and not anchor:
            f.problem("once", "only an anchored moment can fall once")
        choices = []
        for cf in f.entries("choice", f.tables("choice", [])):
            cid = cf.string("id")
            style = cf.string("style", choices=STYLES)
            money = cf.number("money", 0.0, -1e6, 1e6)
            stress = cf.number("stress", 0, -100, 100, integer=True)
            events = cf.string_list("events", (), choices=tuple(book.rules))
            effect = cf.string("effect", "", choices=EFFECTS)
            cf.done()
            if None not in (cid, style, money, stress, events, effect):
                choices.append(Choice(cid, style, float(money), stress, events, effect))
        if not 2 <= len(choices) <= 4:
            f.problem("choice", f"a moment needs 2 to 4 choices, not {len(choices)}")
        f.done()
        if None not in (mid, place, slot, service, who, anchor, once, due):
            moments[mid] = Moment(mid, place, slot, service, who, anchor, tuple(choices),
                                  once, due)
    top.done()
    return moments


def parse_story(citizens_doc, moments_doc, schedule_doc, book: RuleBook,
                message_ids: dict | None = None) -> Story:
    """Build the Story from (file, doc) pairs; raise DataError listing every problem."""
    problems: list[Problem] = []
    citizens = parse_citizens(citizens_doc[1], citizens_doc[0], book, problems)
    moments = parse_moments(moments_doc[1], moments_doc[0], book, citizens, problems)
    f = Fields(schedule_doc[1], schedule_doc[0], "schedule", problems)
    finale = f.string("finale", choices=tuple(moments) or None)
    short_days = f.number("short_days", low=1, high=365, integer=True)
    full_days = f.number("full_days", low=1, high=365, integer=True)
    f.done()
    for c in citizens.values():
        # a debt falls due on a morning when a `due` moment asks the citizen for it
        if c.debt and not any(m.due and (not m.citizens or c.id in m.citizens)
                              for m in moments.values()):
            problems.append(Problem(citizens_doc[0], c.id, "debt",
                                    "a citizen with a debt needs a `due` moment to meet it"))
    for m in moments.values():
        if m.due and m.slot != "morning":
            problems.append(Problem(moments_doc[0], m.id, "slot", "a `due` moment is a morning's"))
    if problems:
        raise DataError(problems)
    story = Story(citizens, moments, finale, short_days, full_days)
    for code, ids in sorted((message_ids or {}).items()):
        for mid in sorted(story.message_ids() - ids):
            problems.append(Problem(moments_doc[0], mid.split(".")[1], "message",
                                    f"message id '{mid}' is not defined in locale '{code}'"))
    if problems:
        raise DataError(problems)
    return story
