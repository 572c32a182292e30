"""Probabilities from circumstances, as integer thresholds on 16-bit draws.

Why thresholds: the numpy day step (engine/population.py) and the scalar reference
(engine/reference.py) must agree exactly for the same seed. So each day's random
numbers are drawn once, as one (streams × citizens) array of 16-bit integers in a
fixed order (`draw_day`), and an event with probability p happens when its draw is
below `threshold(p) = round(p × 65536)`. Integer comparisons are exact in both.

A citizen's circumstances are folded into one *state index* (demographic group,
employment, informal flag, stress band, means band, tier), and every behaviour's
probability is a table over states, built from the factors of
assets/population/assumptions.toml. Looking a probability up is one `np.take`.

Acts that a camera, a neighbour or a platform may see use one draw for both the
act and its detection: the act happens when u < T(p) and is seen when
u < T(p × detection), so P(seen | act) is the detection probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .population_data import (AGE_BANDS, EDUCATION, EMPLOYMENT, INFORMAL, MEANS, SEXES,
                              STRESS_BANDS, Assumptions)
from .rules import RuleBook

SCALE = 65536  # probabilities are thresholds on 16-bit draws: p = threshold / SCALE

# The day's draws, one row each, in this order. Never reorder: seeds would change.
STREAMS = (
    "bill", "jaywalk", "recycle", "charity", "civic", "smoke", "ride", "evade", "post",
    "report", "slot", "patient", "travel", "job", "default", "informal", "tidy",
    "newtie", "pick_hi", "pick_lo", "expire",
)
ROW = {name: i for i, name in enumerate(STREAMS)}

# Employment codes (the `employment` array).
UNEMPLOYED, GIG, FORMAL, RETIRED = 0, 1, 2, 3
# Means bands: savings below zero, below the cushion, above it.
ARREARS, SHORT, COMFORTABLE = 0, 1, 2

DEMO_GROUPS = AGE_BANDS * SEXES * EDUCATION  # 24


def draw_day(rng: np.random.Generator, n: int) -> np.ndarray:
    """All of one day's random draws: a (len(STREAMS), n) array of uint16.

    Raw 64-bit outputs of the generator, each split into four 16-bit draws: about
    ten times faster than `rng.random` for the same number of draws.
    """
    k = len(STREAMS) * n
    raw = rng.bit_generator.random_raw((k + 3) // 4)
    return raw.view(np.uint16)[:k].reshape(len(STREAMS), n)


def threshold(p) -> np.ndarray:
    """Probabilities → int32 thresholds in [0, SCALE] (exact: round half to even)."""
    return np.minimum(np.rint(np.asarray(p, dtype=np.float64) * SCALE), SCALE).astype(np.int32)


def demo_group(age_band, sex, education):
    """Demographic group index 0..23 from age band, sex and education."""
    return (age_band * SEXES + sex) * EDUCATION + education


def stress_band(stress):
    """Stress 0–100 → band 0..3 (calm, strained, stressed, desperate)."""
    return np.minimum(stress // 25, STRESS_BANDS - 1) if np.ndim(stress) else min(stress // 25, 3)


def state_index(demo, employment, informal, sband, means, tier, n_tiers: int):
    """Index into a behaviour table. Works on arrays and on Python ints.

    Arrays come back as np.intp: `np.take` converts any other index type to intp
    on every call, and a day makes some 25 lookups with the same index."""
    if np.ndim(demo):
        states = DEMO_GROUPS * EMPLOYMENT * INFORMAL * STRESS_BANDS * MEANS * n_tiers
        # worked out in 16 bits where the states fit (a quarter of the memory
        # traffic), then widened once
        s = demo.astype(np.uint16 if states <= 1 << 16 else np.intp)
        s *= EMPLOYMENT
        s += employment
        s *= INFORMAL
        s += informal
        s *= STRESS_BANDS
        s += sband
        s *= MEANS
        s += means
        s *= n_tiers
        np.add(s, tier, out=s, casting="unsafe")  # tier is int8, never negative here
        return s.astype(np.intp, copy=False)
    return (((((demo * EMPLOYMENT + employment) * INFORMAL + informal) * STRESS_BANDS + sband)
             * MEANS + means) * n_tiers + tier)


def _grid(assumptions: Assumptions, name: str, n_tiers: int, tier_factor=None) -> np.ndarray:
    """A behaviour's probability for every state, shape (states,), float64, capped at 1."""
    p = _untiered(assumptions.behaviours[name])
    tier = np.ones(n_tiers) if tier_factor is None else np.asarray(tier_factor, dtype=np.float64)
    p = np.multiply.outer(p, tier)
    return np.minimum(p, 1.0).reshape(-1)


_UNTIERED: dict[int, tuple] = {}  # id(behaviour) → (behaviour, its grid before the tier axis)


def _untiered(f) -> np.ndarray:
    """The outer product of a behaviour's base and factors over every axis but the
    tier: the same for every day of a city, while the fare evasion table is made
    again each day (the tier axis follows the fares). Never written into."""
    found = _UNTIERED.get(id(f))
    if found is not None and found[0] is f:
        return found[1]
    p = np.asarray(f.base)
    for vec in (np.asarray(v) for v in f.factors):
        p = np.multiply.outer(p, vec)
    if len(_UNTIERED) > 256:
        _UNTIERED.clear()
    _UNTIERED[id(f)] = (f, p)
    return p


def _set(p: np.ndarray, n_tiers: int) -> np.ndarray:
    """View a flat table with its eight axes, for setting a slice (e.g. means = ARREARS)."""
    shape = (AGE_BANDS, SEXES, EDUCATION, EMPLOYMENT, INFORMAL, STRESS_BANDS, MEANS, n_tiers)
    return p.reshape(shape)


@dataclass(frozen=True)
class Tables:
    """Every threshold table the day step uses (int32, one value per state)."""

    bill_due: np.ndarray
    bill_late: np.ndarray  # joint: due and late
    jaywalk: np.ndarray
    jaywalk_seen: np.ndarray
    recycle: tuple  # cumulative: sorted seen, sorted, + unsorted seen, + unsorted
    charity: np.ndarray
    volunteer: np.ndarray
    civic: np.ndarray  # cumulative: volunteer, + blood donation
    smoke: np.ndarray
    smoke_seen: np.ndarray
    ride: np.ndarray
    post: np.ndarray
    post_seen: np.ndarray
    report: np.ndarray
    patient: np.ndarray
    travel: np.ndarray
    job_a: np.ndarray  # unemployed → formal | gig → unemployed | formal → unemployed
    job_b: np.ndarray  # unemployed → gig (cumulative) | gig → formal (cumulative)
    default: np.ndarray
    informal: np.ndarray  # entry where informal = 0, exit where informal = 1
    detect: dict  # behaviour → detection threshold alone (for a player's forced act)


def build_tables(assumptions: Assumptions, book: RuleBook, knobs: dict, reward: int,
                 consequences: bool) -> Tables:
    """Thresholds for one policy's city. `book` is the rule book after apply_policy."""
    nt = len(book.tiers.bands)
    g = lambda name, tf=None: _grid(assumptions, name, nt, tf)  # noqa: E731
    cov = {pid: p.coverage for pid, p in book.places.items()}
    smoke_p = book.rules["smoking_no_smoking_area"].probability
    post_p = book.rules["criticising_officials"].probability

    due = g("bill_due")
    late = g("bill_late")
    _set(late, nt)[:, :, :, :, :, :, ARREARS, :] = 1.0  # no money, no payment
    jay = g("jaywalking")
    rec, srt = g("recycling"), g("recycling_sorted")
    c = cov["recycling"]
    a1, a2 = rec * srt * c, rec * srt
    a3 = a2 + rec * (1.0 - srt) * c
    vol, blood = g("volunteering"), g("blood_donation")
    smoke = g("smoking")
    post = g("criticising")
    report = g("report") * (1.0 + assumptions.society.report_per_point * reward)

    # Jobs: what share of openings a tier may apply for, and employers' screening.
    jobs = book.perks.jobs
    gig_ids = set(assumptions.economy.gig_jobs)
    open_all = np.array([sum(t <= j.min_tier for j in jobs) for t in range(nt)], dtype=np.float64)
    open_formal = np.array([sum(t <= j.min_tier and j.id not in gig_ids for j in jobs)
                            for t in range(nt)], dtype=np.float64)
    n_jobs = max(len(jobs), 1)
    screening = np.asarray(knobs["screening"]) if consequences else np.ones(nt)
    dismissal = np.asarray(knobs["dismissal"]) if consequences else np.ones(nt)
    hire_tier = open_all / n_jobs * screening
    formal_share = np.divide(open_formal, open_all, out=np.zeros(nt), where=open_all > 0)
    hire = g("hire", hire_tier)
    hire_formal = np.minimum(hire * g("hire_formal", formal_share), hire)
    promotion = g("promotion", open_formal / n_jobs * screening)
    dismiss = g("dismissal", dismissal)
    gig_loss = g("gig_loss", dismissal)
    job_a = np.zeros_like(hire)
    job_b = np.zeros_like(hire)
    va, vb = _set(job_a, nt), _set(job_b, nt)
    vh, vhf = _set(hire, nt), _set(hire_formal, nt)
    vgl, vpr, vdi = _set(gig_loss, nt), _set(promotion, nt), _set(dismiss, nt)
    va[:, :, :, UNEMPLOYED] = vhf[:, :, :, UNEMPLOYED]
    vb[:, :, :, UNEMPLOYED] = vh[:, :, :, UNEMPLOYED]
    va[:, :, :, GIG] = vgl[:, :, :, GIG]
    vb[:, :, :, GIG] = np.minimum(vgl[:, :, :, GIG] + vpr[:, :, :, GIG], 1.0)
    va[:, :, :, FORMAL] = vdi[:, :, :, FORMAL]
    vb[:, :, :, FORMAL] = vdi[:, :, :, FORMAL]

    informal = g("informal_entry")
    vi = _set(informal, nt)
    vi[:, :, :, :, 1] = _set(g("informal_exit"), nt)[:, :, :, :, 1]

    T = threshold
    return Tables(
        bill_due=T(due), bill_late=T(due * late),
        jaywalk=T(jay), jaywalk_seen=T(jay * cov["crossing"]),
        recycle=(T(a1), T(a2), T(a3), T(rec)),
        charity=T(g("charity")),
        volunteer=T(vol), civic=T(np.minimum(vol + blood, 1.0)),
        smoke=T(smoke), smoke_seen=T(smoke * smoke_p),
        ride=T(g("ride")),
        post=T(post), post_seen=T(post * post_p),
        report=T(np.minimum(report, 1.0)),
        patient=T(g("patient")), travel=T(g("train_trip")),
        job_a=T(job_a), job_b=T(job_b),
        default=T(g("loan_default")),
        informal=T(informal),
        detect={
            "jaywalking": int(T(cov["crossing"])), "recycling": int(T(c)),
            "smoking": int(T(smoke_p)), "fare_evasion": int(T(cov["metro"])),
            "criticising_officials": int(T(post_p)),
        },
    )


def evasion_table(assumptions: Assumptions, book: RuleBook, fare_price) -> tuple:
    """Fare evasion thresholds (act, seen) given the fares on today's board.

    A surcharge makes gate-jumping more tempting: × (fare ÷ flat fare) ^ elasticity.
    """
    nt = len(book.tiers.bands)
    base = book.perks.fares.base
    ratio = np.asarray(fare_price, dtype=np.float64) / base if base > 0 else np.ones(nt)
    p = _grid(assumptions, "fare_evasion", nt, ratio ** assumptions.economy.fare_elasticity)
    p = np.minimum(p, 1.0)
    return threshold(p), threshold(p * book.places["metro"].coverage)
