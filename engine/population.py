"""The population: a structure of arrays, stepped one day at a time.

One numpy array per attribute, one row per citizen, no Python loop over citizens.
The player is one row: `Population.admit(0, ...)` (or `create(..., player=
{...})`) puts the player's circumstances in row 0 and keeps a full ledger (engine.score.Record objects) for
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

import copy
from dataclasses import dataclass, field

import numpy as np

from . import behaviour as bh
from .behaviour import ROW, UNEMPLOYED, draw_day
from .city import Prices, loan_offers, zero_sum_prices
from .city_generation import drain, generate_steps
# CHOICES, TARGET_A and TARGET_B were defined here before the day's verbs had modules
# of their own; they stay importable from here (engine/reference.py reads them here).
from .day_acts import CHOICES, Forcer, Today, check_choices, draw_acts, informants  # noqa: F401
from .day_court import court_day
from .day_livelihood import (TARGET_A, TARGET_B, informal_flips, money,  # noqa: F401
                             next_employment, next_stress)
from .day_score import records_of, score_day
from .policy import Policy, apply_policy
from .population_data import AGE_BANDS, Assumptions
from .rules import RuleBook
from .score import Ledger

INFRACTIONS_MAX = np.iinfo(np.int16).max
_GATHER_ROWS = 1 << 13  # rows of contacts looked up at a time (`tiers_of_contacts`)

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
    ("missed", np.uint8, "missed repayments not yet made good (engine/day_court.py)"),
    ("court_due", np.int16, "day the court lists this citizen if still in default; -1 none"),
    ("listed", np.bool_, "on the court's list of judgment defaulters"),
    ("ties", np.uint8, "live contacts (slots of `contacts` that are not -1)"),
    ("contacts", np.int32, "(n, degree) rows of the citizen's contacts; -1 = cut tie"),
)
FIELD_NAMES = tuple(f[0] for f in FIELDS)

# Attributes `set_row` may change (the score may not: only records move it).
SETTABLE = ("age", "sex", "education", "employment", "local", "wage", "savings", "debt",
            "stress", "informal", "missed")

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
    fares: Prices  # today's posted fares, balanced over yesterday's paying riders
    loans: Prices  # today's balanced loan rates over the morning's outstanding debt
    riders: int
    evasions_seen: int
    patients: np.ndarray  # rows, in arrival order
    patient_tiers: np.ndarray
    patient_session: np.ndarray  # which clinic session each patient joined
    wait_with: np.ndarray  # minutes, with tier priority
    wait_without: np.ndarray  # minutes, in arrival order
    travel_wanted: int
    travel_refused: int
    travel_refused_rows: np.ndarray  # who was refused a ticket today
    reports: int
    ties_cut: int
    ties_made: int
    hires: int
    job_losses: int
    informal_entries: int
    informal_exits: int
    defaults: int
    detected: int  # infractions detected today
    court_listings: int  # names the court listed tonight
    listed: int  # names on the court's list tonight
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
        self._look = np.full(self.n + 1, -1, dtype=np.int8)  # tier by row; [-1]: no contact
        self._contact_tier: np.ndarray | None = None  # cache of `tiers_of_contacts`
        self._watched: dict[int, Ledger] = {}
        self.today: DayReport | None = None
        self._draws: np.ndarray | None = None  # the day's draws, once the day has begun
        # Today's fare board, posted in the morning: balanced over the tiers of
        # yesterday's paying riders (on the first day, over everyone's tiers).
        self.board = zero_sum_prices(book.perks.fares, np.bincount(self.tier,
                                                                  minlength=self.n_tiers))
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
        self.board = zero_sum_prices(self.book.perks.fares, self.board.counts)
        self.evasion = bh.evasion_table(self.assumptions, self.book, self.board.price)
        self.rule_points = {rid: r.points for rid, r in self.book.rules.items()}  # under policy

    # --- construction -----------------------------------------------------------

    @classmethod
    def create(cls, n: int, rng: np.random.Generator, book: RuleBook, policy: Policy,
               assumptions: Assumptions, player: dict | None = None) -> "Population":
        """A new city of `n` citizens drawn from the assumptions.

        With `player` (attributes as for `set_row`), row 0 is the player: those
        attributes are set and the row is watched (it keeps a full ledger).
        """
        return drain(cls.create_steps(n, rng, book, policy, assumptions, player))

    @classmethod
    def create_steps(cls, n: int, rng: np.random.Generator, book: RuleBook, policy: Policy,
                     assumptions: Assumptions, player: dict | None = None):
        """`create` in slices (a step generator returning the city; see
        city_generation.generate_steps): the same city, bit for bit."""
        arrays = yield from generate_steps(n, rng, assumptions, book)
        yield
        pop = cls(book, policy, assumptions, arrays, rng)
        if player is not None:
            pop.admit(0, **player)
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

    def admit(self, row: int, **attrs) -> None:
        """A newcomer takes this row (the player arriving in a city that has been
        scored for months): their circumstances, a clean record at the start score,
        a full ledger from today. The row's contacts stay: the newcomer moves into
        the previous occupant's circle (`befriend` names some of them)."""
        row = self._row(row)
        self.score[row] = self.start
        self.tier[row] = self.tiers_of(np.array([self.start], dtype=np.int32))[0]
        self.infractions[row] = 0
        self.missed[row], self.court_due[row], self.listed[row] = 0, -1, False
        self.set_row(row, **attrs)  # after the reset: a newcomer may arrive owing
        self._contact_tier = None
        self.watch(row)

    def befriend(self, row: int, friends) -> None:
        """Make `friends` (rows) the first contacts of `row`, keeping the others."""
        row = self._row(row)
        friends = [self._row(f) for f in friends][:self.degree]
        rest = [int(c) for c in self.contacts[row] if c >= 0 and c not in friends and c != row]
        slots = (friends + rest + [-1] * self.degree)[:self.degree]
        self.contacts[row] = slots
        self.ties[row] = sum(1 for c in slots if c >= 0)
        self._contact_tier = None

    def grant(self, row: int, records) -> None:
        """Add records to a watched row and their points to its score (staging a run
        for a screenshot or a test; the ledger law holds)."""
        row = self._row(row)
        self._watched[row] = self._watched[row].add(records)
        self.score[row] += sum(r.delta for r in records)
        self.tier[row] = self.tiers_of(self.score[row:row + 1])[0]
        self._contact_tier = None

    def copy(self) -> "Population":
        """An independent copy: every state array and the generator copied; the
        tables derived from the policy shared (nothing changes them in place)."""
        twin = copy.copy(self)
        for name in FIELD_NAMES:
            setattr(twin, name, getattr(self, name).copy())
        twin._look = self._look.copy()
        # the contact-tier cache is shared: nothing writes into it, and either city
        # drops its reference (not the array) when its tiers or contacts change
        twin._watched = dict(self._watched)
        twin.rng = copy.deepcopy(self.rng)
        twin._draws = None if self._draws is None else self._draws.copy()
        return twin

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
        """Same as RuleBook.tiers.index_of_score, on int32 edges (faster): the rank is
        how many edges the score reaches (what searchsorted(side="right") gives),
        counted with one comparison per edge, which beats a binary search per
        citizen at a million."""
        score = np.asarray(score)
        tier = np.full(score.shape, self.n_tiers - 1, dtype=np.int8)
        for edge in self._edges.tolist():
            tier -= score >= edge
        return tier

    # --- the day ------------------------------------------------------------------

    def begin_day(self) -> np.ndarray:
        """Draw the day's numbers, once: the morning the city's answers are read in.

        Why a morning: the player is shown today's fare, queue and detection odds
        before choosing, and those must be the answers the city gives row 0 when the
        day is stepped. The draws are made here (the first use of the day's random
        stream, so a city stepped without a morning draws exactly the same); every
        answer and preview of the day reads them, and `step` consumes them."""
        if self._draws is None:
            self._draws = draw_day(self.rng, self.n)
        return self._draws

    def _today(self, choices: dict) -> Today:
        u = self.begin_day()
        return Today(u, self._circumstances(), Forcer(choices, u))

    def step(self, choices: dict | None = None, places: dict | None = None) -> DayReport:
        """Advance the city one day. `choices`: row → {choice: value} (see CHOICES)
        forces a row's acts (the player's decisions); detection stays random.
        `places`: row → {rule id: place id}, where a forced row's acts happened (its
        records name that place and its camera).

        Every verb reads the morning's state (`self.tier` included) and returns new
        arrays, committed together at the end of the day; only tidying cuts ties in
        `self.contacts` in place, after the last verb that reads them."""
        choices = check_choices(choices or {}, self.n)
        today = self._today(choices)
        u, tier, tb = today.u, self.tier, self.tables

        acts = draw_acts(today, tb, self.evasion, self.book.perks.fares.refused, tier)
        report_rows = informants(today, tb, self.contacts, acts)
        low, units = self._association()
        fares, loans = self.board, self.loan_prices()
        hospital = self._hospital(today, tier)
        wants_train, refused = self._travel(today)
        employment = next_employment(today, tb, self.employment)
        today.force.act("employment", employment)
        income, savings, debt, defaulted = money(self, today, employment, acts, fares, loans)
        today.force.act("loan_default", defaulted)
        court = court_day(self, today.force, defaulted, savings)
        stress = next_stress(self.assumptions.economy, self.stress, savings, employment,
                             refused)
        ties, ties_cut, ties_made = self._tidy_and_make_ties(today, low, units)
        flip = informal_flips(today, tb)
        today.force.flip("informal", flip, self.informal)
        informal = self.informal ^ flip
        seen = acts.seen() + [("loan_default", defaulted),
                              ("court_defaulter", court.newly_listed)]
        score, bad, monthly, forgive = score_day(self, seen, units, employment, u)

        # Watched rows: the same points, as ledger records.
        records = {}
        for row, ledger in self._watched.items():
            recs = records_of(self, row, seen, units, monthly, forgive,
                              (places or {}).get(row))
            self._watched[row] = ledger.add(recs)
            records[row] = tuple(recs)

        # Tomorrow's fare board, balanced over the tiers of today's paying riders.
        paid = acts.ride & ~acts.evade
        board = zero_sum_prices(self.book.perks.fares,
                                np.bincount(tier[paid], minlength=self.n_tiers))

        # Commit the day.
        old_emp = self.employment
        self.employment = employment.astype(np.uint8)
        self.income = np.clip(income, -32768, 32767).astype(np.int16)
        self.savings, self.debt = savings, debt
        self.stress = stress.astype(np.uint8)
        self.ties = ties
        self.informal = informal
        self.missed, self.court_due, self.listed = court.missed, court.court_due, court.listed
        self.score = score
        self.tier = self.tiers_of(score)
        self.infractions = np.minimum(self.infractions + bad, INFRACTIONS_MAX).astype(np.int16)
        self.board = board
        self._contact_tier = None  # tiers and contacts have changed
        self.evasion = bh.evasion_table(self.assumptions, self.book, board.price)
        report = DayReport(
            day=self.day, fares=fares, loans=loans, riders=int(np.count_nonzero(acts.ride)),
            evasions_seen=int(np.count_nonzero(acts.evade_seen)), **hospital,
            travel_wanted=int(np.count_nonzero(wants_train)),
            travel_refused=int(np.count_nonzero(refused)),
            travel_refused_rows=np.flatnonzero(refused),
            reports=int(report_rows.size), ties_cut=ties_cut, ties_made=ties_made,
            hires=int(np.count_nonzero((old_emp == UNEMPLOYED) & (employment != UNEMPLOYED))),
            job_losses=int(np.count_nonzero((old_emp != UNEMPLOYED) & (employment == UNEMPLOYED))),
            informal_entries=int(np.count_nonzero(flip & informal)),
            informal_exits=int(np.count_nonzero(flip & ~informal)),
            defaults=int(np.count_nonzero(defaulted)), detected=int(bad.sum()),
            court_listings=int(np.count_nonzero(court.newly_listed)),
            listed=int(np.count_nonzero(court.listed)),
            records=records)
        self.day += 1
        self.today = report
        self._draws = None
        return report

    @property
    def fare_board(self) -> np.ndarray:
        """Today's posted fare for each tier."""
        return self.board.price

    # --- the city's answers, as the day step gives them ----------------------------

    def loan_prices(self) -> Prices:
        """Today's loan rates, balanced over the debt each tier owes this morning."""
        borrowed = np.bincount(self.tier, weights=self.debt, minlength=self.n_tiers)
        return loan_offers(self.book.perks, borrowed)[0]

    def clinic_day(self, row: int) -> dict:
        """Today's hospital queues with `row` among the patients (the player at the
        clinic): the same sessions the day step forms when that row is a patient."""
        return self._hospital(self._today({self._row(row): {"patient": True}}), self.tier)

    def refused_travel(self, row: int) -> bool:
        """The ticket machine's answer to `row` this morning (tier or court list)."""
        row = self._row(row)
        train = self.book.perks.travel_refused.get("train", (False,) * self.n_tiers)
        return bool(train[int(self.tier[row])] or self.listed[row])

    def preview(self, row: int, forced: dict, places: dict | None = None) -> list:
        """The act records `row` gets today if it does `forced` (CHOICES keys): the
        day step's own verbs on the morning's draws, so a choice's records are known
        when it is made and are exactly the ones the night writes."""
        row = self._row(row)
        today = self._today(check_choices({row: forced}, self.n))
        acts = draw_acts(today, self.tables, self.evasion, self.book.perks.fares.refused,
                         self.tier)
        informants(today, self.tables, self.contacts, acts)
        return records_of(self, row, acts.seen(), np.zeros(self.n, dtype=np.uint8), [], None,
                          places)

    def _circumstances(self) -> np.ndarray:
        """Each citizen's circumstances this morning as one state index (the key of
        every probability table, engine/behaviour.py)."""
        eco = self.assumptions.economy
        cushion = eco.living_cost * eco.cushion_days
        sband = bh.stress_band(self.stress)
        means = (self.savings >= 0).view(np.uint8) + (self.savings >= cushion).view(np.uint8)
        return bh.state_index(self.demo, self.employment, self.informal.view(np.uint8), sband,
                              means, self.tier, self.n_tiers)

    def tiers_of_contacts(self) -> np.ndarray:
        """Each contact's tier as things stand ((n, degree) int8; -1 where a slot has
        no contact). Do not write into it.

        Why cached: looking up eight contacts for every citizen is the one random
        read over the whole city, the slowest pass of a day at a million citizens.
        The daily reporters (engine/metrics.py) read it after a day and the next
        day's association rule reads the same tiers and contacts in the morning, so
        it is computed once for both. Everything that changes tiers or contacts
        (`step`, `admit`, `grant`, `befriend`) drops it."""
        if self._contact_tier is None:
            self._look[:self.n] = self.tier
            out = np.empty(self.contacts.shape, dtype=np.int8)
            for i in range(0, self.n, _GATHER_ROWS):  # blocks: index copies stay in cache
                block = slice(i, i + _GATHER_ROWS)
                # mode="wrap": -1 is still the last entry (the "no contact" -1), and
                # take writes straight into `out` (mode="raise" buffers a copy)
                np.take(self._look, self.contacts[block], out=out[block], mode="wrap")
            self._contact_tier = out
        return self._contact_tier

    def _association(self) -> tuple[np.ndarray, np.ndarray]:
        """Which contacts are in a low tier this morning ((n, degree) bool), and how
        many each citizen has (the units of the association rule)."""
        low = self.tiers_of_contacts() >= self.book.tiers.index(self.policy.association_tier)
        return low, _count_rows(low)

    def _travel(self, today: Today) -> tuple[np.ndarray, np.ndarray]:
        """Who wants a train ticket today, and who is refused one: by tier (the
        rule book) or by the court's list."""
        nt = self.n_tiers
        wants_train = today.below("travel", self.tables.travel)
        today.force.act("train_trip", wants_train)
        train_refused = np.asarray(self.book.perks.travel_refused.get("train", (False,) * nt))
        if train_refused.any():
            refused = wants_train & (np.take(train_refused, self.tier.astype(np.intp))
                                     | self.listed)
        else:
            refused = wants_train & self.listed
        return wants_train, refused

    def _hospital(self, today: Today, tier) -> dict:
        """Today's patients in arrival order, split into clinic sessions; each
        session is one work-conserving priority queue (engine.city.queue_waits)."""
        up = today.u[ROW["patient"]]
        patient = today.below("patient", self.tables.patient)
        drawn = patient.copy()
        today.force.act("patient", patient)
        rows = np.flatnonzero(patient)
        # Arrival: by draw, then row. A drawn patient's draw lies below its threshold;
        # a forced one (the player at the clinic) has its draw scaled into the same
        # range, so it arrives somewhere in the day like anyone else — not always
        # last, where nobody could arrive after it and step ahead.
        arrive = up[rows].astype(np.int64)
        forced = ~drawn[rows]
        if forced.any():  # a few rows: their thresholds only, not a lookup for everyone
            threshold = np.take(self.tables.patient, today.state[rows[forced]])
            arrive[forced] = arrive[forced] * threshold.astype(np.int64) // bh.SCALE
        rows = rows[np.lexsort((rows, arrive))]
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
