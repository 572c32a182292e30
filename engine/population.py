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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import behaviour as bh
from .behaviour import FORMAL, GIG, RETIRED, ROW, UNEMPLOYED, draw_day
from .city import Prices, loan_offers, zero_sum_prices
from .policy import Policy, apply_policy
from .population_data import AGE_BANDS, Assumptions
from .rules import RuleBook
from .score import SOURCE_BY_DETECTION, Ledger, Record

# Job transitions on the day's job draw: u < job_a → TARGET_A[employment],
# else u < job_b → TARGET_B[employment] (see behaviour.build_tables).
TARGET_A = np.array([FORMAL, UNEMPLOYED, UNEMPLOYED, RETIRED], dtype=np.uint8)
TARGET_B = np.array([GIG, FORMAL, FORMAL, RETIRED], dtype=np.uint8)
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
# Keys of a row's `choices` for one day: a forced act (True/False) or outcome.
CHOICES = {
    "bill": ("on_time", "late", None), "recycling": ("sorted", "unsorted", None),
    "jaywalking": (True, False), "smoking": (True, False), "ride": (True, False),
    "fare_evasion": (True, False), "criticising_officials": (True, False),
    "charity": (True, False), "volunteering": (True, False),
    "blood_donation": (True, False), "report_neighbour": (True, False),
    "tidy_contacts": (True, False), "patient": (True, False), "train_trip": (True, False),
}


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
        self._points = {rid: r.points for rid, r in self.book.rules.items()}

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
        forces a row's acts (the player's decisions); detection stays random."""
        choices = _check_choices(choices or {}, self.n)
        n, nt, book, eco = self.n, self.n_tiers, self.book, self.assumptions.economy
        u = draw_day(self.rng, n)
        tb = self.tables
        tier = self.tier
        cushion = eco.living_cost * eco.cushion_days

        # Circumstances → one state index per citizen.
        sband = bh.stress_band(self.stress)
        means = (self.savings >= 0).view(np.uint8) + (self.savings >= cushion).view(np.uint8)
        state = bh.state_index(self.demo, self.employment, self.informal.view(np.uint8), sband,
                               means, tier, nt)
        take = lambda table: np.take(table, state)  # noqa: E731
        force = _Forcer(choices, u)

        # Acts and detection (one draw each: u < T(act), u < T(act × detection)).
        ub = u[ROW["bill"]]
        due = ub < take(tb.bill_due)
        late = ub < take(tb.bill_late)
        on_time = due & ~late
        force.outcome("bill", {"on_time": on_time, "late": late})
        uj = u[ROW["jaywalk"]]
        jay = uj < take(tb.jaywalk)
        jay_seen = uj < take(tb.jaywalk_seen)
        force.act("jaywalking", jay, jay_seen, ROW["jaywalk"], tb.detect["jaywalking"])
        ur = u[ROW["recycle"]]
        r1, r2, r3, r4 = (take(t) for t in tb.recycle)
        sorted_seen = ur < r1
        sorted_act = ur < r2
        unsorted_act = ~sorted_act & (ur < r4)
        unsorted_seen = ~sorted_act & (ur < r3)
        force.outcome("recycling", {"sorted": sorted_act, "unsorted": unsorted_act},
                      {"sorted": sorted_seen, "unsorted": unsorted_seen}, ROW["recycle"],
                      tb.detect["recycling"])
        charity = u[ROW["charity"]] < take(tb.charity)
        force.act("charity", charity)
        uc = u[ROW["civic"]]
        volunteer = uc < take(tb.volunteer)
        blood = ~volunteer & (uc < take(tb.civic))
        force.act("volunteering", volunteer)
        force.act("blood_donation", blood)
        us = u[ROW["smoke"]]
        smoke = us < take(tb.smoke)
        smoke_seen = us < take(tb.smoke_seen)
        force.act("smoking", smoke, smoke_seen, ROW["smoke"], tb.detect["smoking"])
        fares_refused = np.asarray(book.perks.fares.refused)
        ride = (u[ROW["ride"]] < take(tb.ride)) & ~fares_refused[tier]
        force.act("ride", ride)
        ue = u[ROW["evade"]]
        evade = ride & (ue < take(self.evasion[0]))
        evade_seen = ride & (ue < take(self.evasion[1]))
        force.act("fare_evasion", evade, evade_seen, ROW["evade"], tb.detect["fare_evasion"])
        evade &= ride
        evade_seen &= ride
        up = u[ROW["post"]]
        post = up < take(tb.post)
        post_seen = up < take(tb.post_seen)
        force.act("criticising_officials", post, post_seen, ROW["post"],
                  tb.detect["criticising_officials"])

        # Informants: a willing citizen looks at one contact; if that contact smoked
        # today, the report makes the smoking seen and earns the reward.
        reporter = u[ROW["report"]] < take(tb.report)
        rows = np.flatnonzero(reporter)
        slot = (u[ROW["slot"]][rows].astype(np.int32) * self.degree) >> 16
        target = self.contacts[rows, slot]
        ok = target >= 0
        ok[ok] = smoke[target[ok]]
        report_rows, report_targets = rows[ok], target[ok]
        smoke_seen[report_targets] = True
        reported = np.zeros(n, dtype=bool)
        reported[report_rows] = True
        force.act("report_neighbour", reported)

        # Association: contacts in a low tier this morning.
        self._look[:n] = tier
        contact_tier = self._look[self.contacts]
        low = contact_tier >= book.tiers.index(self.policy.association_tier)
        units = _count_rows(low)

        # The city's answers.
        fares = zero_sum_prices(book.perks.fares,
                                np.bincount(tier[ride & ~evade], minlength=nt))
        borrowed = np.bincount(tier, weights=self.debt, minlength=nt)
        loans, _ = loan_offers(book.perks, borrowed)
        hospital = self._hospital(u, take, force, tier)
        wants_train = u[ROW["travel"]] < take(tb.travel)
        force.act("train_trip", wants_train)
        train_refused = np.asarray(book.perks.travel_refused.get("train", (False,) * nt))
        refused = wants_train & train_refused[tier]

        # Jobs, screened by the morning's tier.
        uo = u[ROW["job"]]
        a = uo < take(tb.job_a)
        b = uo < take(tb.job_b)
        old_emp = self.employment
        employment = np.where(a, TARGET_A[old_emp], np.where(b, TARGET_B[old_emp], old_emp))

        # Money: income, living, fares, gifts; the bank; defaults.
        base_income = np.array([eco.benefit, 0, 0, eco.pension], dtype=np.int32)
        gig_wage = (self.wage.astype(np.int32) * int(round(eco.gig_pay * 100))) // 100
        income = np.where(employment == FORMAL, self.wage,
                          np.where(employment == GIG, gig_wage, base_income[employment]))
        income = income + self.informal * np.int32(eco.informal_income)
        s = self.savings + income
        s -= eco.living_cost
        s -= np.where(ride & ~evade, fares.price[tier], 0.0)
        s -= np.where(charity, eco.charity_gift, 0.0)
        debt = self.debt + self.debt * (loans.price / 365.0)[tier]
        limit = np.array([0.0 if book.perks.loans.refused[t] else book.perks.loan_limit[t]
                          for t in range(nt)])[tier]
        room = limit - debt
        borrow = np.where((s < 0) & (room > 0), np.minimum(-s, room), 0.0)
        debt += borrow
        s += borrow
        call = self.knobs["call_loans"] and self.policy.consequences
        if call:
            over = debt - limit
            repay = np.where((over > 0) & (s > 0), np.minimum(over, s), 0.0)
            debt -= repay
            s -= repay
        repay = np.where((s > cushion) & (debt > 0), np.minimum(debt, s - cushion), 0.0)
        debt -= repay
        s -= repay
        defaulted = np.zeros(n, dtype=bool)
        if call:
            defaulted = (debt > limit) & (s <= 0) & (u[ROW["default"]] < take(tb.default))
            debt = np.where(defaulted, limit, debt)  # the bank writes off what it called

        # Stress: money pressure, no job, a refused ticket.
        pressure = np.clip(np.floor(100.0 * (cushion - s) / cushion), 0, 100).astype(np.int32)
        job_pressure = np.array([eco.unemployed_pressure, eco.gig_pressure, 0, 0], dtype=np.int32)
        pressure += job_pressure[employment]
        pressure += refused * np.int32(eco.refusal_pressure)
        np.minimum(pressure, 100, out=pressure)
        m = eco.stress_memory
        stress = (self.stress.astype(np.int32) * m + pressure * (100 - m)) // 100

        # Ties: tidy away low-tier contacts to stop the penalty; make new ones.
        assoc_points = self._points["association_low_tier"]
        per_unit = int(bh.threshold(self.assumptions.society.tidy_per_point * -assoc_points)) \
            if assoc_points < 0 else 0
        tidy = u[ROW["tidy"]] < units.astype(np.int32) * per_unit
        force.act("tidy_contacts", tidy)
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

        # The informal economy: entry (shut out of jobs and credit) and exit.
        flip = u[ROW["informal"]] < take(tb.informal)
        informal = self.informal ^ flip

        # Score: the points of every record of the day.
        pts = self._points
        seen = [("bill_on_time", on_time), ("bill_late", late),
                ("recycling_sorted", sorted_seen), ("recycling_unsorted", unsorted_seen),
                ("charity", charity), ("volunteering", volunteer),
                ("blood_donation", blood), ("jaywalking", jay_seen),
                ("smoking_no_smoking_area", smoke_seen), ("fare_evasion", evade_seen),
                ("criticising_officials", post_seen), ("report_neighbour", reported),
                ("loan_default", defaulted)]
        delta = np.zeros(n, dtype=np.int32)
        bad = np.zeros(n, dtype=np.int32)
        for rid, mask in seen:
            if pts[rid]:
                delta += mask * np.int32(pts[rid])
            if pts[rid] < 0 and book.rules[rid].kind == "act":
                bad += mask
        if assoc_points:
            delta += units * np.int32(assoc_points)
        monthly = self._monthly(employment)
        for rid, mask in monthly:
            delta += mask * np.int32(pts[rid])
        score = self.score + delta
        forgive = self._forgiveness(score)
        if forgive is not None:
            score += forgive

        # Watched rows: the same points, as ledger records.
        records = {}
        for row, ledger in self._watched.items():
            recs = self._records(row, seen, units, monthly, forgive)
            self._watched[row] = ledger.add(recs)
            records[row] = tuple(recs)

        # Commit the day.
        self.employment = employment.astype(np.uint8)
        self.income = np.clip(income, -32768, 32767).astype(np.int16)
        self.savings, self.debt = s, debt
        self.stress = stress.astype(np.uint8)
        self.ties = ties
        self.informal = informal
        self.score = score
        self.tier = self.tiers_of(score)
        self.infractions = np.minimum(self.infractions + bad, INFRACTIONS_MAX).astype(np.int16)
        self.fare_board = fares.price
        self.evasion = bh.evasion_table(self.assumptions, book, fares.price)
        report = DayReport(
            day=self.day, fares=fares, loans=loans, riders=int(ride.sum()),
            evasions_seen=int(evade_seen.sum()), **hospital,
            travel_wanted=int(wants_train.sum()), travel_refused=int(refused.sum()),
            reports=int(report_rows.size), ties_cut=ties_cut, ties_made=int(rows.size),
            hires=int(((old_emp == UNEMPLOYED) & (employment != UNEMPLOYED)).sum()),
            job_losses=int(((old_emp != UNEMPLOYED) & (employment == UNEMPLOYED)).sum()),
            informal_entries=int((flip & informal).sum()),
            informal_exits=int((flip & ~informal).sum()),
            defaults=int(defaulted.sum()), detected=int(bad.sum()), records=records)
        self.day += 1
        self.today = report
        return report

    def _hospital(self, u, take, force, tier) -> dict:
        """Today's patients in arrival order, split into clinic sessions; each
        session is one work-conserving priority queue (engine.city.queue_waits)."""
        up = u[ROW["patient"]]
        patient = up < take(self.tables.patient)
        force.act("patient", patient)
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

    def _monthly(self, employment) -> list:
        """"Who you are" rules, paid once every 30 days from the registry."""
        if (self.day + 1) % 30:
            return []
        out = [("steady_job", employment == FORMAL),
               ("higher_education", self.education == 2),
               ("local_residence", self.local)]
        return [(rid, mask) for rid, mask in out if self._points.get(rid)]

    def _forgiveness(self, score):
        share = self.policy.forgiveness
        if share <= 0 or "forgiveness" not in self.book.rules:
            return None
        gap = self.start - score
        return np.where(gap > 0, np.floor(gap * share), 0).astype(np.int32)

    def _records(self, row, seen, units, monthly, forgive) -> list:
        """The ledger records of one row for today (same points as the arrays)."""
        book, out = self.book, []
        places = {"jaywalking": "crossing", "recycling_sorted": "recycling",
                  "recycling_unsorted": "recycling", "fare_evasion": "metro",
                  "smoking_no_smoking_area": "stairwell", "loan_default": "bank"}
        lines = [(rid, 1) for rid, mask in seen if mask[row]]
        if units[row]:
            lines.append(("association_low_tier", int(units[row])))
        lines += [(rid, 1) for rid, mask in monthly if mask[row]]
        for rid, k in lines:
            rule = book.rules[rid]
            if rule.points == 0:
                continue
            place = places.get(rid, "")
            camera = book.places[place].camera if rule.detection == "camera" else ""
            source = "source.camera" if camera else SOURCE_BY_DETECTION.get(rule.detection,
                                                                            "source.records")
            out.append(Record(self.day, rid, rule.message, rule.kind, rule.points * k, source,
                              camera, place, k))
        if forgive is not None and forgive[row] > 0:
            rule = book.rules["forgiveness"]
            p = int(forgive[row])
            out.append(Record(self.day, rule.id, rule.message, rule.kind, p, "source.registry",
                              "", "", p))
        return out


def _count_rows(mask: np.ndarray) -> np.ndarray:
    """True values per row of an (n, k) bool array, as uint8."""
    if mask.shape[1] == 8 and hasattr(np, "bitwise_count"):
        return np.bitwise_count(np.ascontiguousarray(mask).view(np.uint64)).ravel()
    return mask.sum(axis=1, dtype=np.uint8)


def _check_choices(choices: dict, n: int) -> dict:
    for row, chosen in choices.items():
        if not 0 <= int(row) < n:
            raise IndexError(f"choices for row {row}, not in a city of {n}")
        for key, value in chosen.items():
            if key not in CHOICES:
                raise ValueError(f"unknown choice '{key}' (known: {', '.join(CHOICES)})")
            if value not in CHOICES[key]:
                raise ValueError(f"choice '{key}' cannot be {value!r}")
    return choices


class _Forcer:
    """Applies the player's forced acts to the day's masks, row by row."""

    def __init__(self, choices: dict, u: np.ndarray):
        self.choices = choices
        self.u = u

    def act(self, key, act, seen=None, stream=None, detect=None):
        for row, chosen in self.choices.items():
            if key in chosen:
                act[row] = chosen[key]
                if seen is not None:
                    seen[row] = chosen[key] and int(self.u[stream, row]) < detect

    def outcome(self, key, acts: dict, seen: dict | None = None, stream=None, detect=None):
        for row, chosen in self.choices.items():
            if key in chosen:
                for name, mask in acts.items():
                    mask[row] = chosen[key] == name
                    if seen is not None:
                        seen[name][row] = mask[row] and int(self.u[stream, row]) < detect


# --- drawing a city from the assumptions ----------------------------------------------

def generate(n: int, rng: np.random.Generator, assumptions: Assumptions,
             book: RuleBook) -> dict:
    """Every state array for a new city of `n` citizens (n ≥ 2), all at the start score."""
    if n < 2:
        raise ValueError("a city needs at least 2 citizens")
    d, eco, soc = assumptions.demography, assumptions.economy, assumptions.society
    band = rng.choice(AGE_BANDS, size=n, p=np.asarray(d.age_shares) / sum(d.age_shares))
    edges = np.asarray(d.age_edges)
    age = edges[band] + np.floor(rng.random(n) * (edges[band + 1] - edges[band])).astype(np.int64)
    sex = (rng.random(n) < d.male_share).astype(np.uint8)
    education = _categorical(rng, np.asarray(d.education_by_age)[band])
    retired = rng.random(n) < np.asarray(d.retired_by_age)[band]
    work = _categorical(rng, np.asarray(d.employment_by_age)[band, education])
    employment = np.where(retired, RETIRED, work).astype(np.uint8)
    local = rng.random(n) < np.asarray(d.local_by_age)[band]
    wage = np.asarray(eco.wage_by_education)[education] * np.exp(eco.wage_spread * rng.standard_normal(n))
    wage = np.clip(np.rint(wage), 1, 30000).astype(np.int16)
    savings = (eco.living_cost * np.asarray(eco.savings_days_by_education)[education]
               * np.exp(eco.savings_spread * rng.standard_normal(n)))
    savings = np.where(employment == UNEMPLOYED, savings * eco.unemployed_savings, savings)
    start_tier = book.tiers.index_of_score(book.tiers.start)
    loan = eco.loan_median * np.exp(eco.loan_spread * rng.standard_normal(n))
    debt = np.where(rng.random(n) < eco.loan_share,
                    np.minimum(np.round(loan), book.perks.loan_limit[start_tier]), 0.0)
    cushion = eco.living_cost * eco.cushion_days
    pressure = np.clip(np.floor(100.0 * (cushion - savings) / cushion), 0, 100)
    pressure += np.array([eco.unemployed_pressure, eco.gig_pressure, 0, 0])[employment]
    stress = np.minimum(pressure, 100).astype(np.uint8)
    demo = bh.demo_group(band, sex.astype(np.int64), education).astype(np.uint8)
    informal = _initial_informal(rng, assumptions, demo, employment, stress, savings, cushion)
    contacts = _contacts(rng, n, soc, band * 3 + education)
    return dict(
        age=age, sex=sex, education=education, demo=demo, employment=employment, local=local,
        wage=wage, income=np.zeros(n, np.int16), savings=savings, debt=debt, stress=stress,
        score=np.full(n, book.tiers.start), tier=np.full(n, start_tier),
        infractions=np.zeros(n, np.int16), informal=informal,
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


def _contacts(rng, n: int, soc, group) -> np.ndarray:
    """A fixed-degree directed graph: `homophily` of the contacts are near oneself in
    a city sorted by (age band, education); the rest are anyone."""
    k = soc.contacts
    order = np.argsort(group + rng.random(n), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    rows = np.arange(n, dtype=np.int64)[:, None]
    offset = rng.integers(1, soc.window + 1, size=(n, k), dtype=np.int64)
    offset[rng.random((n, k), dtype=np.float32) < 0.5] *= -1
    offset += rank[:, None]
    offset %= n
    near = order[offset].astype(np.int32)
    del offset
    anyone = rng.integers(0, n - 1, size=(n, k), dtype=np.int32)
    anyone += anyone >= rows  # never oneself
    contacts = np.where(rng.random((n, k), dtype=np.float32) < soc.homophily, near, anyone)
    np.copyto(contacts, anyone, where=contacts == rows)
    return contacts.astype(np.int32, copy=False)
