"""A day's points: one sum for every citizen, ledger records for the watched rows.

A score is the start plus the points of its records (engine/score.py). A million
citizens cannot each keep a ledger, but their scores must move exactly as if they
did. So both come from the same list of (rule id, mask) lines: `score_day` adds
the lines' points for everyone; `records_of` writes the same lines as Records for
one watched row (the player), so that row's ledger always sums to its score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .behaviour import FORMAL, ROW, threshold
from .score import SOURCE_BY_DETECTION, Record

if TYPE_CHECKING:
    from .population import Population

# Where a rule's record says it happened (place ids of assets/rules/places.toml).
RULE_PLACES = {"jaywalking": "crossing", "recycling_sorted": "recycling",
               "recycling_unsorted": "recycling", "fare_evasion": "metro",
               "smoking_no_smoking_area": "stairwell", "loan_default": "bank"}


def score_day(pop: Population, seen: list, units: np.ndarray, employment: np.ndarray,
              u: np.ndarray):
    """Tomorrow's scores from today's lines: `seen` (rule id, mask) pairs, `units` low-tier
    contacts each, the monthly "who you are" rules, then forgiveness (`u`: the day's
    draws).

    Returns (score, bad, monthly, forgive): `bad` counts each citizen's detected
    infractions, `monthly` the (rule id, mask) lines paid today, `forgive` the
    forgiveness points or None; `records_of` needs the last two."""
    pts, book = pop.rule_points, pop.book
    delta = np.zeros(pop.n, dtype=np.int32)
    bad = np.zeros(pop.n, dtype=np.int32)
    for rid, mask in seen:
        if pts[rid]:
            _add_points(delta, mask, pts[rid])
        if pts[rid] < 0 and book.rules[rid].kind == "act":
            np.add(bad, mask.view(np.int8), out=bad)
    assoc_points = pts["association_low_tier"]
    if assoc_points:
        delta += units * np.int32(assoc_points)
    monthly = monthly_lines(pop, employment)
    for rid, mask in monthly:
        _add_points(delta, mask, pts[rid])
    score = pop.score + delta
    forgive = forgiveness(pop, score, u)
    if forgive is not None:
        score += forgive
    return score, bad, monthly, forgive


def _add_points(delta: np.ndarray, mask: np.ndarray, points: int) -> None:
    """delta += points where mask: through int8 when the points fit (a quarter of
    the memory traffic of an int32 product at a million citizens)."""
    if -128 <= points <= 127:
        delta += mask.view(np.int8) * np.int8(points)
    else:
        delta += mask * np.int32(points)


def monthly_lines(pop: Population, employment: np.ndarray) -> list:
    """"Who you are" rules, paid once every 30 days from the registry."""
    if (pop.day + 1) % 30:
        return []
    out = [("steady_job", employment == FORMAL),
           ("higher_education", pop.education == 2),
           ("local_residence", pop.local)]
    return [(rid, mask) for rid, mask in out if pop.rule_points.get(rid)]


def forgiveness(pop: Population, score: np.ndarray, u: np.ndarray) -> np.ndarray | None:
    """Points that move each score `policy.forgiveness` of the way back to the start,
    or None: records fade, good and bad alike (a record's weight halves in about
    0.69 ÷ share days), so the score is restored towards the start from below and
    from above.

    Whole points only, without a bias: with share as a 16-bit threshold T, the gap
    × T / 65536 is paid as its floor plus one more point when today's "expire" draw
    is below the remainder (stochastic rounding), so the expected restoration is
    exactly gap × share. Integer arithmetic, the same in engine/reference.py."""
    share = pop.policy.forgiveness
    if share <= 0 or "forgiveness" not in pop.book.rules:
        return None
    t = int(threshold(share))
    gap = pop.start - score
    # int32 is enough (and half the memory traffic of int64) while gap × t fits
    wide = score.size and max(abs(int(gap.min())), abs(int(gap.max()))) * t >= 2 ** 31
    x = gap.astype(np.int64 if wide else np.int32)
    x *= t
    out = x >> 16
    out += u[ROW["expire"]] < (x & 0xFFFF)
    return out.astype(np.int32, copy=False)


def records_of(pop: Population, row: int, seen: list, units: np.ndarray, monthly: list,
               forgive: np.ndarray | None, places: dict | None = None) -> list:
    """The ledger records of one row for today (same points as the arrays).
    `places`: rule id → place id where this row's act happened (the player's moment),
    instead of the rule's usual place."""
    book, out = pop.book, []
    lines = [(rid, 1) for rid, mask in seen if mask[row]]
    if units[row]:
        lines.append(("association_low_tier", int(units[row])))
    lines += [(rid, 1) for rid, mask in monthly if mask[row]]
    for rid, k in lines:
        rule = book.rules[rid]
        if rule.points == 0:
            continue
        place = (places or {}).get(rid, RULE_PLACES.get(rid, ""))
        camera = book.places[place].camera if rule.detection == "camera" else ""
        source = "source.camera" if camera else SOURCE_BY_DETECTION.get(rule.detection,
                                                                        "source.records")
        out.append(Record(pop.day, rid, rule.message, rule.kind, rule.points * k, source,
                          camera, place, k))
    if forgive is not None and forgive[row] != 0:
        rule = book.rules["forgiveness"]
        p = int(forgive[row])
        out.append(Record(pop.day, rule.id, rule.message, rule.kind, p, "source.registry",
                          "", "", p))
    return out
