"""The population: a structure of arrays, stepped one day at a time.

One numpy array per attribute, one row per citizen, no Python loop over citizens.
The player is one row: `Population.create(..., player={...})` puts the player's
circumstances in row 0 and keeps a full ledger (engine.score.Record objects) for
it, so the same engine scores the player and everyone else. For the other rows
only the score and aggregate counters are kept (a ledger per citizen would not
fit a million citizens); their score still moves by exactly the points of the
records the ledger would hold.

A day (`step`) is a list of verbs, in this order, all reading the morning's
tiers: draw → circumstances → acts and detection → informants → association →
the city's answers (fares, loans, hospital, travel) → jobs → money → stress →
ties → informal economy → score and tier. engine/reference.py is the same day
written as a plain loop over citizens; tests check that both agree exactly.

Where the verbs live: a new city is drawn in engine/city_generation.py; acts,
detection, informants and the player's forced choices in engine/day_acts.py;
jobs, money, stress and the informal economy in engine/day_livelihood.py; the
points and the watched rows' records in engine/day_score.py. This module keeps
the arrays, the public API and the order of the day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import behaviour as bh
from .behaviour import ROW, UNEMPLOYED, draw_day
from .city import Prices, loan_offers, zero_sum_prices
from .city_generation import generate
# CHOICES, TARGET_A and TARGET_B were defined here before the day's verbs had modules
# of their own; they stay importable from here (engine/reference.py reads them here).
from .day_acts import CHOICES, Forcer, Today, check_choices, draw_acts, informants  # noqa: F401
from .day_livelihood import (TARGET_A, TARGET_B, informal_flips, money,  # noqa: F401
                             next_employment, next_stress)
from .day_score import records_of, score_day
from .policy import Policy, apply_policy
from .population_data import AGE_BANDS, Assumptions
from .rules import RuleBook
from .score import Ledger

INFRACTIONS_MAX = np.iinfo(np.int16).max

# The state arrays, one line each: name, dtype, meaning. `state_bytes` sums them.
FIELDS = (
    ("age", np.int8, "age in years (fixed during a run)"),
    ("sex", np.uint8, "0 female, 1 male"),
    ("education", np.uint8, "0 low, 1 middle, 2 high (university)"),
    ("demo", np.uint8, "demographic group 0..23 (age band, sex, education): cached"),
    ("employment", np.uint8, "0 unemployed, 1 gig/informal work, 2 formal job, 3 retired"),
    ("local", np.bool_, "holds a local household registration"),
    ("wage", np.int16, "yuan a day a formal job pays this citizen"),
    ("income", np.int16, "yuan earned today, all sources"),
    ("savings", np.float64, "yuan; below zero means arrears"),
    ("debt", np.float64, "yuan owed to the bank"),
    ("stress", np.uint8, "money and job stress, 0–100"),
    ("score", np.int32, "the score: start + the points of every record"),
    ("tier", np.int8, "tier index, 0 = top (AAA)"),
    ("infractions", np.int16, "infractions detected so far (saturates at 32767)"),
    ("informal", np.bool_, "works in the informal economy"),
    ("ties", np.uint8, "live contacts (slots of `contacts` that are not -1)"),
    ("contacts", np.int32, "(n, degree) rows of the citizen's contacts; -1 = cut tie"),
)
FIELD_NAMES = tuple(f[0] for f in FIELDS)

# Attributes `set_row` may change (the score may not: only records move it).
SETTABLE = ("age", "sex", "education", "employment", "local", "wage", "savings", "debt",
            "stress", "informal")

def population_knobs(policy: Policy) -> dict:
    """The policy's validated [population] knobs, with "no effect" defaults."""
    knobs = dict(policy.population or {})
    return {"screening": tuple(knobs.get("screening", (1.0,) * 6)),
            "dismissal": tuple(knobs.get("dismissal", (1.0,) * 6)),
            "call_loans": bool(knobs.get("call_loans", False))}


@dataclass
class DayReport:
    """What happened on one day, city-wide, and the city's answers that day."""

    day: int
    fares: Prices  # today's balanced fares over the riders who paid
    loans: Prices  # today's balanced loan rates over outstanding debt
    riders: int
    evasions_seen: int
    patients: np.ndarray  # rows, in arrival order
    patient_tiers: np.ndarray
    patient_session: np.ndarray  # which clinic session each patient joined
    wait_with: np.ndarray  # minutes, with tier priority
    wait_without: np.ndarray  # minutes, in arrival order
    travel_wanted: int
    travel_refused: int
    reports: int
    ties_cut: int
    ties_made: int
    hires: int
    job_losses: int
    informal_entries: int
    informal_exits: int
    defaults: int
    detected: int  # infractions detected today
    records: dict = field(default_factory=dict)  # watched row → tuple of Records


class Population:
    """The city's citizens as arrays; `step()` advances one day."""

    def __init__(self, book: RuleBook, policy: Policy, assumptions: Assumptions,
                 arrays: dict, rng: np.random.Generator, day: int = 0):
        self.raw_book = book
        self.assumptions = assumptions
        self.rng = rng
        self.day = day
        self.n = int(arrays["age"].shape[0])
        for name, dtype, _ in FIELDS:
            setattr(self, name, np.ascontiguousarray(arrays[name], dtype=dtype))
        self.degree = self.contacts.shape[1]
        tiers = book.tiers  # a policy reweighs rules and perks, never the tiers
        self.n_tiers = len(tiers.bands)
        self.start = tiers.start
        self._edges = np.array([t.min for t in reversed(tiers.bands[:-1])], dtype=np.int32)
        self.fare_board = np.full(self.n_tiers, book.perks.fares.base)  # yesterday's fares
        self._look = np.full(self.n + 1, -1, dtype=np.int8)  # tier by row; [-1]: no contact
        self._watched: dict[int, Ledger] = {}
        self.today: DayReport | None = None
        self.set_policy(policy)

    def set_policy(self, policy: Policy) -> None:
        """Run the city under `policy` from the next day on (the sandbox's sliders).

        Rebuilds everything derived from the policy — the book as this policy runs
        it, the knobs, the probability tables, the evasion table and the points —
        and keeps the citizens, their scores, the ledgers and yesterday's fare board.
        `__init__` calls it too, so a city switched before its first day is the city
        created with that policy.
        """
        self.policy = policy
        self.book = apply_policy(self.raw_book, policy)  # the rules as this policy runs them
        self.knobs = population_knobs(policy)
        self.tables = bh.build_tables(self.assumptions, self.book, self.knobs,
                                      self.book.rules["report_neighbour"].points,
                                      policy.consequences)
        self.evasion = bh.evasion_table(self.assumptions, self.book, self.fare_board)
        self.rule_points = {rid: r.points for rid, r in self.book.rules.items()}  # under policy

    # --- construction -----------------------------------------------------------

    @classmethod
    def create(cls, n: int, rng: np.random.Generator, book: RuleBook, policy: Policy,
               assumptions: Assumptions, player: dict | None = None) -> "Population":
        """A new city of `n` citizens drawn from the assumptions.

        With `player` (attributes as for `set_row`), row 0 is the player: those
        attributes are set and the row is watched (it keeps a full ledger).
        """
        arrays = generate(n, rng, assumptions, book)
        pop = cls(book, policy, assumptions, arrays, rng)
        if player is not None:
            pop.set_row(0, **player)
            pop.watch(0)
        return pop

    def set_row(self, row: int, **attrs) -> None:
        """Set one citizen's circumstances (e.g. the player's card)."""
        row = self._row(row)
        for key, value in attrs.items():
            if key not in SETTABLE:
                raise ValueError(f"cannot set '{key}' (settable: {', '.join(SETTABLE)})")
            limits = {"age": (18, 99), "sex": (0, 1), "education": (0, 2),
                      "employment": (0, 3), "wage": (0, 30000), "stress": (0, 100)}
            if key in limits and not limits[key][0] <= int(value) <= limits[key][1]:
                raise ValueError(f"{key} {value!r} is out of range {limits[key]}")
            getattr(self, key)[row] = value
        edges = self.assumptions.demography.age_edges
        band = min(int(np.searchsorted(edges, int(self.age[row]), side="right")) - 1, AGE_BANDS - 1)
        self.demo[row] = bh.demo_group(max(band, 0), int(self.sex[row]), int(self.education[row]))

    def watch(self, row: int) -> None:
        """Keep a full ledger for this row from now on (the player; a few others)."""
        row = self._row(row)
        self._watched[row] = Ledger(int(self.score[row]))

    # --- reading one row --------------------------------------------------------

    def ledger(self, row: int) -> Ledger:
        return self._watched[self._row(row)]

    def records_today(self, row: int) -> tuple:
        if self.today is None:
            return ()
        return self.today.records.get(self._row(row), ())

    def tier_id(self, row: int) -> str:
        return self.book.tiers.bands[int(self.tier[self._row(row)])].id

    def contact_tiers(self, row: int) -> list[tuple[int, str]]:
        """(row, tier id) of each live contact of this citizen."""
        ids = self.book.tiers.ids
        return [(int(c), ids[int(self.tier[c])]) for c in self.contacts[self._row(row)] if c >= 0]

    def citizen(self, row: int) -> dict:
        """Every attribute of one row, as plain Python values."""
        row = self._row(row)
        out = {name: getattr(self, name)[row].item() for name in FIELD_NAMES if name != "contacts"}
        out["contacts"] = [int(c) for c in self.contacts[row] if c >= 0]
        out["tier_id"] = self.tier_id(row)
        return out

    def _row(self, row: int) -> int:
        row = int(row)
        if not 0 <= row < self.n:
            raise IndexError(f"row {row} is not in a city of {self.n}")
        return row

    def state_bytes(self) -> int:
        """Bytes of per-citizen state (every field array, plus the tier lookup)."""
        return sum(getattr(self, name).nbytes for name in FIELD_NAMES) + self._look.nbytes

    def tiers_of(self, score) -> np.ndarray:
        """Same as RuleBook.tiers.index_of_score, on int32 edges (faster)."""
        rank = np.searchsorted(self._edges, score, side="right")
        return (self.n_tiers - 1 - rank).astype(np.int8)

    # --- the day ------------------------------------------------------------------

    def step(self, choices: dict | None = None) -> DayReport:
        """Advance the city one day. `choices`: row → {choice: value} (see CHOICES)
        forces a row's acts (the player's decisions); detection stays random.

        Every verb reads the morning's state (`self.tier` included) and returns new
        arrays, committed together at the end of the day; only tidying cuts ties in
        `self.contacts` in place, after the last verb that reads them."""
        choices = check_choices(choices or {}, self.n)
        u = draw_day(self.rng, self.n)
        tier, tb = self.tier, self.tables
        today = Today(u, self._circumstances(), Forcer(choices, u))

        acts = draw_acts(today, tb, self.evasion, self.book.perks.fares.refused, tier)
        report_rows = informants(today, tb, self.contacts, acts)
        low, units = self._association()
        fares, loans, hospital, wants_train, refused = self._city_answers(today, acts)
        employment = next_employment(today, tb, self.employment)
        income, savings, debt, defaulted = money(self, today, employment, acts, fares, loans)
        stress = next_stress(self.assumptions.economy, self.stress, savings, employment,
                             refused)
        ties, ties_cut, ties_made = self._tidy_and_make_ties(today, low, units)
        flip = informal_flips(today, tb)
        informal = self.informal ^ flip
        seen = acts.seen() + [("loan_default", defaulted)]
        score, bad, monthly, forgive = score_day(self, seen, units, employment, u)

        # Watched rows: the same points, as ledger records.
        records = {}
        for row, ledger in self._watched.items():
            recs = records_of(self, row, seen, units, monthly, forgive)
            self._watched[row] = ledger.add(recs)
            records[row] = tuple(recs)

        # Commit the day.
        old_emp = self.employment
        self.employment = employment.astype(np.uint8)
        self.income = np.clip(income, -32768, 32767).astype(np.int16)
        self.savings, self.debt = savings, debt
        self.stress = stress.astype(np.uint8)
        self.ties = ties
        self.informal = informal
        self.score = score
        self.tier = self.tiers_of(score)
        self.infractions = np.minimum(self.infractions + bad, INFRACTIONS_MAX).astype(np.int16)
        self.fare_board = fares.price
        self.evasion = bh.evasion_table(self.assumptions, self.book, fares.price)
        report = DayReport(
            day=self.day, fares=fares, loans=loans, riders=int(acts.ride.sum()),
            evasions_seen=int(acts.evade_seen.sum()), **hospital,
            travel_wanted=int(wants_train.sum()), travel_refused=int(refused.sum()),
            reports=int(report_rows.size), ties_cut=ties_cut, ties_made=ties_made,
            hires=int(((old_emp == UNEMPLOYED) & (employment != UNEMPLOYED)).sum()),
            job_losses=int(((old_emp != UNEMPLOYED) & (employment == UNEMPLOYED)).sum()),
            informal_entries=int((flip & informal).sum()),
            informal_exits=int((flip & ~informal).sum()),
            defaults=int(defaulted.sum()), detected=int(bad.sum()), records=records)
        self.day += 1
        self.today = report
        return report

    def _circumstances(self) -> np.ndarray:
        """Each citizen's circumstances this morning as one state index (the key of
        every probability table, engine/behaviour.py)."""
        eco = self.assumptions.economy
        cushion = eco.living_cost * eco.cushion_days
        sband = bh.stress_band(self.stress)
        means = (self.savings >= 0).view(np.uint8) + (self.savings >= cushion).view(np.uint8)
        return bh.state_index(self.demo, self.employment, self.informal.view(np.uint8), sband,
                              means, self.tier, self.n_tiers)

    def _association(self) -> tuple[np.ndarray, np.ndarray]:
        """Which contacts are in a low tier this morning ((n, degree) bool), and how
        many each citizen has (the units of the association rule)."""
        n = self.n
        self._look[:n] = self.tier
        contact_tier = self._look[self.contacts]
        low = contact_tier >= self.book.tiers.index(self.policy.association_tier)
        return low, _count_rows(low)

    def _city_answers(self, today: Today, acts) -> tuple:
        """Today's fares over the riders who paid, loan rates over the debt owed, the
        hospital's queues, and train tickets refused by tier (engine/city.py)."""
        book, nt, tier = self.book, self.n_tiers, self.tier
        fares = zero_sum_prices(book.perks.fares,
                                np.bincount(tier[acts.ride & ~acts.evade], minlength=nt))
        borrowed = np.bincount(tier, weights=self.debt, minlength=nt)
        loans, _ = loan_offers(book.perks, borrowed)
        hospital = self._hospital(today, tier)
        wants_train = today.u[ROW["travel"]] < today.take(self.tables.travel)
        today.force.act("train_trip", wants_train)
        train_refused = np.asarray(book.perks.travel_refused.get("train", (False,) * nt))
        refused = wants_train & train_refused[tier]
        return fares, loans, hospital, wants_train, refused

    def _hospital(self, today: Today, tier) -> dict:
        """Today's patients in arrival order, split into clinic sessions; each
        session is one work-conserving priority queue (engine.city.queue_waits)."""
        up = today.u[ROW["patient"]]
        patient = up < today.take(self.tables.patient)
        today.force.act("patient", patient)
        rows = np.flatnonzero(patient)
        rows = rows[np.lexsort((rows, up[rows]))]  # arrival: by draw, then row
        tiers = tier[rows]
        k = rows.size
        size = self.assumptions.society.hospital_session
        queue = self.book.perks.queues["hospital"]
        session = np.arange(k) // size
        priority = np.asarray(queue.priority, dtype=np.int64)[tiers]
        served = np.lexsort((np.arange(k), -priority, session))
        position = np.empty(k, dtype=np.int64)
        position[served] = np.arange(k) - session[served] * size
        arrival = np.arange(k) - session * size
        return dict(patients=rows, patient_tiers=tiers, patient_session=session,
                    wait_with=(position // queue.servers) * queue.slot_minutes,
                    wait_without=(arrival // queue.servers) * queue.slot_minutes)

    def _tidy_and_make_ties(self, today: Today, low, units) -> tuple[np.ndarray, int, int]:
        """Tidy away low-tier contacts to stop the penalty; make new ties.

        Cuts happen in `self.contacts` itself (a slot becomes -1); returns tomorrow's
        tie counts, the ties cut and the ties made."""
        u, n = today.u, self.n
        assoc_points = self.rule_points["association_low_tier"]
        per_unit = int(bh.threshold(self.assumptions.society.tidy_per_point * -assoc_points)) \
            if assoc_points < 0 else 0
        tidy = u[ROW["tidy"]] < units.astype(np.int32) * per_unit
        today.force.act("tidy_contacts", tidy)
        tidy &= units > 0
        rows = np.flatnonzero(tidy)
        ties = self.ties.copy()
        if rows.size:
            c = self.contacts[rows]
            c[low[rows]] = -1
            self.contacts[rows] = c
            ties[rows] -= units[rows]
        ties_cut = int(units[rows].sum())
        t_new = int(bh.threshold(self.assumptions.society.tie_regrowth))
        rows = np.flatnonzero((ties < self.degree) & (u[ROW["newtie"]] < t_new))
        if rows.size:
            free = np.argmax(self.contacts[rows] < 0, axis=1)
            x = (u[ROW["pick_hi"]][rows].astype(np.uint64) << np.uint64(16)) | u[ROW["pick_lo"]][rows]
            pick = ((x * np.uint64(n)) >> np.uint64(32)).astype(np.int64)
            pick = np.where(pick == rows, (rows + 1) % n, pick)
            self.contacts[rows, free] = pick
            ties[rows] += 1
        return ties, ties_cut, int(rows.size)


def _count_rows(mask: np.ndarray) -> np.ndarray:
    """True values per row of an (n, k) bool array, as uint8."""
    if mask.shape[1] == 8 and hasattr(np, "bitwise_count"):
        return np.bitwise_count(np.ascontiguousarray(mask).view(np.uint64)).ravel()
    return mask.sum(axis=1, dtype=np.uint8)
