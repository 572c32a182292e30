"""A new city: every citizen's starting arrays, drawn from the assumptions.

Why a module of its own: a city is drawn once and then stepped thousands of
times, and drawing it (ages, education, jobs, wages, savings and loans, the
contact graph, from assets/population/assumptions.toml) shares almost nothing
with the day. `generate` returns plain arrays, one per field of
engine.population.FIELDS; `Population.create` wraps them.

Everyone starts at the rule book's start score and tier; the informal economy
starts at its no-scoring steady state, so day one is not a jump.
"""

from __future__ import annotations

import numpy as np

from . import behaviour as bh
from .behaviour import RETIRED, UNEMPLOYED
from .population_data import AGE_BANDS, Assumptions
from .rules import RuleBook


def generate(n: int, rng: np.random.Generator, assumptions: Assumptions,
             book: RuleBook) -> dict:
    """Every state array for a new city of `n` citizens (n ≥ 2), all at the start score."""
    return drain(generate_steps(n, rng, assumptions, book))


def drain(steps):
    """Run a step generator to its end and return what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def generate_steps(n: int, rng: np.random.Generator, assumptions: Assumptions,
                   book: RuleBook):
    """`generate` in slices: yields between its stages (so a caller that runs one
    slice per frame never draws a big city in one go) and returns the arrays. The
    same draws in the same order as one go: the city is bit-identical."""
    if n < 2:
        raise ValueError("a city needs at least 2 citizens")
    d, eco, soc = assumptions.demography, assumptions.economy, assumptions.society
    band = rng.choice(AGE_BANDS, size=n, p=np.asarray(d.age_shares) / sum(d.age_shares))
    edges = np.asarray(d.age_edges)
    age = edges[band] + np.floor(rng.random(n) * (edges[band + 1] - edges[band])).astype(np.int64)
    sex = (rng.random(n) < d.male_share).astype(np.uint8)
    education = _categorical(rng, np.asarray(d.education_by_age)[band])
    yield
    retired = rng.random(n) < np.asarray(d.retired_by_age)[band]
    work = _categorical(rng, np.asarray(d.employment_by_age)[band, education])
    employment = np.where(retired, RETIRED, work).astype(np.uint8)
    yield
    local = rng.random(n) < np.asarray(d.local_by_age)[band]
    wage = np.asarray(eco.wage_by_education)[education] * np.exp(eco.wage_spread * rng.standard_normal(n))
    wage = np.clip(np.rint(wage), 1, 30000).astype(np.int16)
    savings = (eco.living_cost * np.asarray(eco.savings_days_by_education)[education]
               * np.exp(eco.savings_spread * rng.standard_normal(n)))
    savings = np.where(employment == UNEMPLOYED, savings * eco.unemployed_savings, savings)
    yield
    start_tier = book.tiers.index_of_score(book.tiers.start)
    loan = eco.loan_median * np.exp(eco.loan_spread * rng.standard_normal(n))
    debt = np.where(rng.random(n) < eco.loan_share,
                    np.minimum(np.round(loan), book.perks.loan_limit[start_tier]), 0.0)
    cushion = eco.living_cost * eco.cushion_days
    pressure = np.clip(np.floor(100.0 * (cushion - savings) / cushion), 0, 100)
    pressure += np.array([eco.unemployed_pressure, eco.gig_pressure, 0, 0])[employment]
    stress = np.minimum(pressure, 100).astype(np.uint8)
    demo = bh.demo_group(band, sex.astype(np.int64), education).astype(np.uint8)
    yield
    informal = _initial_informal(rng, assumptions, demo, employment, stress, savings, cushion)
    yield
    contacts = yield from _contacts(rng, n, soc, band * 3 + education)
    return dict(
        age=age, sex=sex, education=education, demo=demo, employment=employment, local=local,
        wage=wage, income=np.zeros(n, np.int16), savings=savings, debt=debt, stress=stress,
        score=np.full(n, book.tiers.start), tier=np.full(n, start_tier),
        infractions=np.zeros(n, np.int16), informal=informal,
        missed=np.zeros(n, np.uint8), court_due=np.full(n, -1, np.int16),
        listed=np.zeros(n, bool),
        ties=(contacts >= 0).sum(axis=1), contacts=contacts)


def _categorical(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) table of probabilities → category 0..k-1."""
    cum = np.cumsum(probs, axis=1)[:, :-1]
    return (rng.random(probs.shape[0])[:, None] >= cum).sum(axis=1).astype(np.uint8)


def _initial_informal(rng, a, demo, employment, stress, savings, cushion) -> np.ndarray:
    """Start each citizen at the no-scoring steady state: entry ÷ (entry + exit)."""
    def p(name):
        f = a.behaviours[name]
        age, sex, edu, emp, inf, st, means = (np.asarray(v) for v in f.factors)
        band = demo // 6
        mb = (savings >= 0).astype(int) + (savings >= cushion)
        return (f.base * age[band] * sex[(demo // 3) % 2] * edu[demo % 3] * emp[employment]
                * st[bh.stress_band(stress)] * means[mb])
    enter = p("informal_entry")
    leave = p("informal_exit")
    share = np.divide(enter, enter + leave, out=np.zeros_like(enter), where=enter + leave > 0)
    return rng.random(demo.size) < share


def _contacts(rng, n: int, soc, group):
    """A fixed-degree directed graph: `homophily` of the contacts are near oneself in
    a city sorted by (age band, education); the rest are anyone. A step generator
    (see `generate_steps`) returning the (n, k) contacts."""
    k = soc.contacts
    order = np.argsort(group + rng.random(n), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    yield
    rows = np.arange(n, dtype=np.int64)[:, None]
    offset = rng.integers(1, soc.window + 1, size=(n, k), dtype=np.int64)
    yield
    offset[rng.random((n, k), dtype=np.float32) < 0.5] *= -1
    yield
    offset += rank[:, None]
    offset %= n
    near = order[offset].astype(np.int32)
    del offset
    yield
    anyone = rng.integers(0, n - 1, size=(n, k), dtype=np.int32)
    anyone += anyone >= rows  # never oneself
    yield
    contacts = np.where(rng.random((n, k), dtype=np.float32) < soc.homophily, near, anyone)
    np.copyto(contacts, anyone, where=contacts == rows)
    return contacts.astype(np.int32, copy=False)
