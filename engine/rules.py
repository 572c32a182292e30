"""The rule book: tiers, rules, places and perk schedules as frozen values.

`parse_rulebook` turns the four TOML documents of assets/rules/ into a `RuleBook`,
checking every field and the cross-references between them (a perk naming an
unknown tier, a rule whose message id no locale defines, tier bands that overlap
or leave a gap). It never touches files: engine/loader.py reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import DataError, Problem
from .schema import LIMIT, Fields, file_entries

RULE_KINDS = ("act", "circumstance", "association", "system")
DETECTIONS = ("record", "camera", "informant", "online", "registry", "self")
SCORE_LIMIT = 100_000  # no band edge or start value lies beyond ± this


@dataclass(frozen=True)
class Tier:
    id: str  # "AAA" … "D"
    message: str  # locale id of its name
    min: int | None  # lowest score in the band; None for the bottom band
    max: int | None  # highest score in the band; None for the top band


@dataclass(frozen=True)
class Tiers:
    """Tier bands from the highest (index 0) to the lowest."""

    start: int
    bands: tuple[Tier, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.bands)

    def index(self, tier_id: str) -> int:
        return self.ids.index(tier_id)

    def index_of_score(self, score):
        """Tier index (0 = top) for a score or an array of scores."""
        # Lower edges of all bands but the bottom one, ascending.
        edges = np.array([t.min for t in reversed(self.bands[:-1])], dtype=np.int64)
        rank_from_bottom = np.searchsorted(edges, score, side="right")
        result = len(self.bands) - 1 - rank_from_bottom
        return int(result) if np.ndim(result) == 0 else result.astype(np.int8)

    def of_score(self, score: int) -> Tier:
        return self.bands[self.index_of_score(score)]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # one of RULE_KINDS
    points: int  # score change per unit
    message: str
    detection: str  # one of DETECTIONS
    probability: float  # chance of being seen, for informant/online detection


@dataclass(frozen=True)
class Place:
    id: str
    message: str
    camera: str  # camera id shown on the ledger, "" where there is none
    coverage: float  # chance the camera sees an act here


@dataclass(frozen=True)
class ZeroSumSchedule:
    """A price that insiders pay less of and outsiders more of, in balance."""

    message: str
    base: float  # the flat price with no scheme
    max_discount: float  # cap on an insider's discount, as a share of base
    surcharge: tuple[float, ...]  # per tier index: outsiders' share of base, else 0
    share: tuple[float, ...]  # per tier index: insiders' slice weight, else 0
    refused: tuple[bool, ...]  # per tier index: turned away altogether


@dataclass(frozen=True)
class Queue:
    id: str
    message: str
    slot_minutes: float  # every person takes one slot
    servers: int
    priority: tuple[int, ...]  # per tier index; higher is served first


@dataclass(frozen=True)
class Job:
    id: str
    message: str
    min_tier: int  # tier index: the lowest tier (largest index) that may apply


@dataclass(frozen=True)
class Perks:
    fares: ZeroSumSchedule
    loans: ZeroSumSchedule
    loan_limit: tuple[float, ...]  # per tier index, yuan
    queues: dict  # id → Queue
    jobs: tuple[Job, ...]
    travel_message: str
    travel_refused: dict  # mode → tuple[bool, ...] per tier index


@dataclass(frozen=True)
class RuleBook:
    tiers: Tiers
    rules: dict  # id → Rule
    places: dict  # id → Place
    perks: Perks
    association_tier: str = "C"  # contacts at this tier or below cost points (policy)
    forgiveness: float = 0.0  # share of the gap to the start that fades each night (policy)

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def message_ids(self) -> set[str]:
        ids = {t.message for t in self.tiers.bands}
        ids |= {r.message for r in self.rules.values()}
        ids |= {p.message for p in self.places.values()}
        p = self.perks
        ids |= {p.fares.message, p.loans.message, p.travel_message}
        ids |= {q.message for q in p.queues.values()}
        ids |= {j.message for j in p.jobs}
        return ids


# --- parsing -------------------------------------------------------------------

def parse_tiers(doc: dict, file: str, problems: list[Problem]) -> Tiers | None:
    top = Fields(doc, file, "", problems)
    start = top.number("start", low=-SCORE_LIMIT, high=SCORE_LIMIT, integer=True)
    raw = top.raw("tier")
    top.done()
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(file, "", "tier", "must be a list of [[tier]] tables"))
        return None
    bands, seen, given = [], set(), []
    for f in top.entries("tier", raw):
        given.append((f.has("min"), f.has("max")))  # present, even if refused above
        tid = f.string("id")
        message = f.string("message")
        lo = f.number("min", None, -SCORE_LIMIT, SCORE_LIMIT, integer=True)
        hi = f.number("max", None, -SCORE_LIMIT, SCORE_LIMIT, integer=True)
        f.done()
        if tid in seen:
            f.problem("id", f"tier '{tid}' is listed twice")
        seen.add(tid)
        if lo is not None and hi is not None and lo > hi:
            f.problem("min", f"min {lo} is above max {hi}")
        bands.append(Tier(tid, message, lo, hi))
    n = len(bands)
    for i, band in enumerate(bands):
        entry = f"tier {band.id}"
        if i == 0 and band.max is not None:
            problems.append(Problem(file, entry, "max", "the top tier must have no max"))
        if i == n - 1 and band.min is not None:
            problems.append(Problem(file, entry, "min", "the bottom tier must have no min"))
        if i < n - 1 and not given[i][0]:
            problems.append(Problem(file, entry, "min", "is missing (only the bottom tier has none)"))
        if i > 0 and not given[i][1]:
            problems.append(Problem(file, entry, "max", "is missing (only the top tier has none)"))
        if i < n - 1 and band.min is not None and bands[i + 1].max is not None:
            below = bands[i + 1]
            if below.max >= band.min:
                problems.append(Problem(file, f"tier {below.id}", "max",
                                        f"{below.max} overlaps tier {band.id} (starts at {band.min})"))
            elif below.max + 1 < band.min:
                problems.append(Problem(file, f"tier {below.id}", "max",
                                        f"leaves a gap: scores {below.max + 1}–{band.min - 1} "
                                        f"are in no tier"))
    if problems:
        return None
    return Tiers(start, tuple(bands))


def parse_rules(doc: dict, file: str, problems: list[Problem]) -> dict:
    rules: dict = {}
    for f in file_entries(doc, file, "rule", problems):
        rid = f.string("id")
        kind = f.string("kind", choices=RULE_KINDS)
        points = f.number("points", low=-10_000, high=10_000, integer=True)
        message = f.string("message")
        detection = f.string("detection", choices=DETECTIONS)
        needs_p = detection in ("informant", "online")
        probability = f.number("probability", None if needs_p else 1.0, 0.0, 1.0)
        if needs_p and probability is None and "probability" not in f.data:
            pass  # already reported as missing
        f.done()
        if rid in rules:
            f.problem("id", f"rule '{rid}' is defined twice")
        if None not in (rid, kind, points, message, detection, probability):
            rules[rid] = Rule(rid, kind, points, message, detection, float(probability))
    return rules


def parse_places(doc: dict, file: str, problems: list[Problem]) -> dict:
    places: dict = {}
    for f in file_entries(doc, file, "place", problems):
        pid = f.string("id")
        message = f.string("message")
        camera = f.string("camera", "")
        coverage = f.number("coverage", 0.0, 0.0, 1.0)
        f.done()
        if pid in places:
            f.problem("id", f"place '{pid}' is defined twice")
        if coverage and not camera:
            f.problem("camera", "a place with coverage above 0 must name its camera")
        if None not in (pid, message, camera, coverage):
            places[pid] = Place(pid, message, camera, float(coverage))
    return places


def _zero_sum(f: Fields, ids: tuple, base_field: str) -> ZeroSumSchedule | None:
    message = f.string("message")
    base = f.number(base_field, low=0.0, high=LIMIT)
    max_discount = f.number("max_discount", low=0.0, high=1.0)
    surcharge = f.number_table("surcharge", ids, {}, 0.0, 100.0)
    share = f.number_table("share", ids, {}, 0.0, 1000.0)
    refused = f.string_list("refused", (), choices=ids)
    for t in set(surcharge) & set(share):
        f.problem(f"share.{t}", f"tier {t} cannot both pay a surcharge and receive a share")
    if None in (message, base, max_discount) or refused is None:
        return None
    return ZeroSumSchedule(
        message, float(base), float(max_discount),
        tuple(surcharge.get(t, 0.0) for t in ids),
        tuple(share.get(t, 0.0) for t in ids),
        tuple(t in refused for t in ids),
    )


def parse_perks(doc: dict, file: str, ids: tuple, problems: list[Problem]) -> Perks | None:
    top = Fields(doc, file, "", problems)
    fares_f = Fields(top.table("fares"), file, "fares", problems)
    fares = _zero_sum(fares_f, ids, "base")
    fares_f.done()
    loans_f = Fields(top.table("loans"), file, "loans", problems)
    loans = _zero_sum(loans_f, ids, "base_rate")
    limit = loans_f.number_table("limit", ids, low=0.0, high=LIMIT, required_keys=True)
    loans_f.done()
    queues = {}
    for qid, qdoc in (top.table("queues") or {}).items():
        f = Fields(qdoc, file, f"queue {qid}", problems)
        message = f.string("message")
        slot = f.number("slot_minutes", low=0.1, high=24 * 60)
        servers = f.number("servers", low=1, high=10_000, integer=True)
        priority = f.number_table("priority", ids, low=-1000, high=1000, required_keys=True)
        f.done()
        if None not in (message, slot, servers) and len(priority) == len(ids):
            queues[qid] = Queue(qid, message, float(slot), servers,
                                tuple(int(priority[t]) for t in ids))
    travel_f = Fields(top.table("travel"), file, "travel", problems)
    travel_message = travel_f.string("message")
    travel_refused = {}
    for mode, tiers in (travel_f.table("refused") or {}).items():
        if not isinstance(tiers, list) or not all(t in ids for t in tiers):
            travel_f.problem(f"refused.{mode}", f"must list tier ids ({', '.join(ids)})")
            continue
        travel_refused[mode] = tuple(t in tiers for t in ids)
    travel_f.done()
    jobs = []
    for f in top.entries("job", top.tables("job", [])):
        jid = f.string("id")
        message = f.string("message")
        min_tier = f.string("min_tier", choices=ids)
        f.done()
        if None not in (jid, message, min_tier):
            jobs.append(Job(jid, message, ids.index(min_tier)))
    top.done()
    if None in (fares, loans, travel_message) or len(limit) != len(ids):
        return None
    return Perks(fares, loans, tuple(limit[t] for t in ids), queues, tuple(jobs),
                 travel_message, travel_refused)


def parse_rulebook(docs: dict, message_ids: dict | None = None) -> RuleBook:
    """Build a RuleBook from {"tiers": (file, doc), "rules": …, "places": …, "perks": …}.

    `message_ids` maps each locale code to the ids it defines; every message id the
    rules use must exist in every locale. Raises DataError listing every problem.
    """
    problems: list[Problem] = []
    tiers = parse_tiers(docs["tiers"][1], docs["tiers"][0], problems)
    rules = parse_rules(docs["rules"][1], docs["rules"][0], problems)
    places = parse_places(docs["places"][1], docs["places"][0], problems)
    perks = None
    if tiers is not None:
        perks = parse_perks(docs["perks"][1], docs["perks"][0], tiers.ids, problems)
    if problems or perks is None:
        raise DataError(problems or [Problem(docs["perks"][0], "", "", "could not be read")])
    book = RuleBook(tiers, rules, places, perks)
    if message_ids:
        _check_messages(book, docs, message_ids, problems)
    if problems:
        raise DataError(problems)
    return book


def _check_messages(book: RuleBook, docs: dict, message_ids: dict, problems: list) -> None:
    owners = (
        [(docs["tiers"][0], f"tier {t.id}", t.message) for t in book.tiers.bands]
        + [(docs["rules"][0], f"rule {r.id}", r.message) for r in book.rules.values()]
        + [(docs["places"][0], f"place {p.id}", p.message) for p in book.places.values()]
        + [(docs["perks"][0], "fares", book.perks.fares.message),
           (docs["perks"][0], "loans", book.perks.loans.message),
           (docs["perks"][0], "travel", book.perks.travel_message)]
        + [(docs["perks"][0], f"queue {q.id}", q.message) for q in book.perks.queues.values()]
        + [(docs["perks"][0], f"job {j.id}", j.message) for j in book.perks.jobs]
    )
    for file, entry, message in owners:
        for code, ids in sorted(message_ids.items()):
            if message not in ids:
                problems.append(Problem(file, entry, "message",
                                        f"message id '{message}' is not defined in locale '{code}'"))
