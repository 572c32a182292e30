"""A day's acts and who sees them: the first verbs of `Population.step`.

Every citizen's acts are masks over the whole city, read off the day's draws: an
act happens when its draw is below T(act) and is seen when the same draw is below
T(act × detection) (engine/behaviour.py says why one draw serves both). The player
is a row like any other, except that `Forcer` overwrites that row with the
player's choices (CHOICES); whether the city sees a forced act is still drawn.
Informants come last: they can only report a contact who smoked today.

engine/reference.py makes the same decisions one citizen at a time; keep both in
step when changing either.
"""

from __future__ import annotations

import weakref

from dataclasses import dataclass

import numpy as np

from .behaviour import ROW, SCALE

# Keys of a row's `choices` for one day: a forced act (True/False) or outcome.
CHOICES = {
    "bill": ("on_time", "late", None), "recycling": ("sorted", "unsorted", None),
    "jaywalking": (True, False), "smoking": (True, False), "ride": (True, False),
    "fare_evasion": (True, False), "criticising_officials": (True, False),
    "charity": (True, False), "volunteering": (True, False),
    "blood_donation": (True, False), "report_neighbour": (True, False),
    "tidy_contacts": (True, False), "patient": (True, False), "train_trip": (True, False),
    # what the night does with the row's life, where the player decides it
    "loan_default": (True, False),  # a missed repayment (engine/day_court.py)
    "repaid": (True, False),  # made a missed debt good
    "employment": (0, 1, 2, 3),  # tomorrow's employment code (no drawn hire or dismissal)
    "informal": (True, False),  # tomorrow's informal flag (no drawn entry or exit)
}


def check_choices(choices: dict, n: int) -> dict:
    """`choices` (row → {choice: value}) if every row and value is known; else raise."""
    for row, chosen in choices.items():
        if not 0 <= int(row) < n:
            raise IndexError(f"choices for row {row}, not in a city of {n}")
        for key, value in chosen.items():
            if key not in CHOICES:
                raise ValueError(f"unknown choice '{key}' (known: {', '.join(CHOICES)})")
            if value not in CHOICES[key] or type(value) is not type(CHOICES[key][0]) \
                    and value is not None:
                raise ValueError(f"choice '{key}' cannot be {value!r}")
    return choices


class Forcer:
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

    def flip(self, key, flip, current):
        """A flip mask (x ^ flip is tomorrow's x) that lands a forced row on its value."""
        for row, chosen in self.choices.items():
            if key in chosen:
                flip[row] = bool(current[row]) != chosen[key]

    def outcome(self, key, acts: dict, seen: dict | None = None, stream=None, detect=None):
        for row, chosen in self.choices.items():
            if key in chosen:
                for name, mask in acts.items():
                    mask[row] = chosen[key] == name
                    if seen is not None:
                        seen[name][row] = mask[row] and int(self.u[stream, row]) < detect


@dataclass(frozen=True)
class Today:
    """What every verb of one day reads: the draws, the circumstances, the choices."""

    u: np.ndarray  # (len(STREAMS), n) uint16: the day's draws (behaviour.draw_day)
    state: np.ndarray  # each citizen's circumstances as one index (behaviour.state_index)
    force: Forcer  # the rows whose acts are chosen, not drawn

    def take(self, table: np.ndarray) -> np.ndarray:
        """A table over circumstances, looked up for every citizen."""
        return np.take(table, self.state)

    def below(self, stream: str, table: np.ndarray) -> np.ndarray:
        """Whose draw of `stream` is below their threshold in `table`: u < T[state].

        The same answer as `u[stream] < take(table)`, done the cheapest exact way
        (this comparison is most of a day's acts at a million citizens): a table
        with one value needs no lookup; thresholds below SCALE fit the draws'
        own uint16, so lookup and comparison stay 16-bit (comparing uint16 with
        int32 casts every draw); thresholds all above 0 compare as u <= T − 1."""
        return below(self.u[ROW[stream]], table, self.state)

    def below_all(self, lookups) -> list[np.ndarray]:
        """`below` for many (stream, table) pairs at once, the same answers.

        Why: each lookup reads the whole state index (8 bytes a citizen); done a
        block of rows at a time, the block's index stays in the cache for every
        table, and the day's acts read it from memory once instead of ~17 times."""
        n = self.state.shape[0]
        out: list = [None] * len(lookups)
        blocked = []
        for i, (stream, table) in enumerate(lookups):
            kind, value = _prepared(table)
            if kind in ("u16", "u16-1"):
                out[i] = np.empty(n, dtype=bool)
                compare = np.less if kind == "u16" else np.less_equal
                blocked.append((self.u[ROW[stream]], value, compare, out[i]))
            else:
                out[i] = below(self.u[ROW[stream]], table, self.state)
        if blocked:
            buf = np.empty(min(n, _BLOCK), dtype=np.uint16)
            for start in range(0, n, _BLOCK):
                rows = slice(start, start + _BLOCK)
                state = self.state[rows]
                got = buf[:state.shape[0]]
                for u, value, compare, mask in blocked:
                    np.take(value, state, out=got, mode="wrap")  # wrap: no buffered copy
                    compare(u[rows], got, out=mask[rows])
        return out


_BLOCK = 1 << 15  # rows a block (`below_all`): their index, 256 KB, stays in cache


def below(u: np.ndarray, table: np.ndarray, state: np.ndarray) -> np.ndarray:
    """u < table[state] for uint16 draws `u` and int thresholds in [0, SCALE]."""
    kind, value = _prepared(table)
    if kind == "all":
        return np.full(u.shape, value, dtype=bool)
    if kind == "one":
        return u < value
    if kind == "u16":
        return u < np.take(value, state)
    if kind == "u16-1":
        return u <= np.take(value, state)
    return u < np.take(table, state)


_PREPARED: dict[int, tuple] = {}  # id(table) → (weakref to it, kind, value): tables are never written


def _prepared(table: np.ndarray) -> tuple[str, object]:
    """How `below` compares against this table (worked out once per table: at ten
    thousand citizens the min and max would cost more than the lookup)."""
    found = _PREPARED.get(id(table))
    if found is not None and found[0]() is table:
        return found[1], found[2]
    lo, hi = int(table.min()), int(table.max())
    if lo == hi and (lo <= 0 or lo >= SCALE):
        kind, value = "all", lo > 0
    elif lo == hi:
        kind, value = "one", np.uint16(lo)
    elif hi < SCALE:
        kind, value = "u16", table.astype(np.uint16)
    elif lo > 0:
        kind, value = "u16-1", (table - 1).astype(np.uint16)
    else:
        kind, value = "int", None
    # Kept only while the table lives (evasion tables are new each day: a kiosk
    # plays cities all day, and a table kept here would never be freed).
    _PREPARED[id(table)] = (weakref.ref(table), kind, value)
    weakref.finalize(table, _PREPARED.pop, id(table), None)
    return kind, value


@dataclass
class Acts:
    """Today's acts and what the city saw of them: one bool per citizen each."""

    on_time: np.ndarray  # a bill fell due and was paid on time (on record)
    late: np.ndarray  # a bill fell due and was paid late (on record)
    sorted_seen: np.ndarray  # recycling sorted, and a camera saw it
    unsorted_seen: np.ndarray  # recycling not sorted, and a camera saw it
    jaywalk_seen: np.ndarray  # crossed on red, and a camera saw it
    charity: np.ndarray  # gave to charity (on record; costs the gift)
    volunteer: np.ndarray
    blood: np.ndarray  # gave blood (a day without volunteering)
    smoke: np.ndarray  # smoked in the stairwell (an informant may report it)
    smoke_seen: np.ndarray  # … and a camera or an informant told the city
    ride: np.ndarray  # rode the metro (never where the tier is refused)
    evade: np.ndarray  # rode without paying
    evade_seen: np.ndarray  # … and the gate camera saw it
    post_seen: np.ndarray  # criticised officials online, and the platform told
    reported: np.ndarray  # reported a contact who smoked (set by `informants`)

    def seen(self) -> list[tuple[str, np.ndarray]]:
        """(rule id, mask) of every act the city learnt of today, in ledger order."""
        return [("bill_on_time", self.on_time), ("bill_late", self.late),
                ("recycling_sorted", self.sorted_seen),
                ("recycling_unsorted", self.unsorted_seen),
                ("charity", self.charity), ("volunteering", self.volunteer),
                ("blood_donation", self.blood), ("jaywalking", self.jaywalk_seen),
                ("smoking_no_smoking_area", self.smoke_seen),
                ("fare_evasion", self.evade_seen),
                ("criticising_officials", self.post_seen),
                ("report_neighbour", self.reported)]


def draw_acts(today: Today, tables, evasion, fares_refused, tier) -> Acts:
    """Every citizen's acts and their detection (one draw each: u < T(act), u < T(act ×
    detection)); `evasion` is the table for yesterday's fares, `tier` the morning's."""
    u, force, tb = today.u, today.force, tables
    lookups = [("bill", tb.bill_due), ("bill", tb.bill_late), ("jaywalk", tb.jaywalk),
               ("jaywalk", tb.jaywalk_seen), *(("recycle", t) for t in tb.recycle),
               ("charity", tb.charity), ("civic", tb.volunteer), ("civic", tb.civic),
               ("smoke", tb.smoke), ("smoke", tb.smoke_seen), ("ride", tb.ride),
               ("evade", evasion[0]), ("evade", evasion[1]), ("post", tb.post_seen)]
    # the act of posting itself is not kept (Acts holds what the platform saw); it
    # is only needed where a row's choices are forced
    if force.choices:
        lookups.append(("post", tb.post))
    (due, late, jay, jay_seen, r1, r2, r3, r4, charity, volunteer, civic, smoke,
     smoke_seen, ride, evade, evade_seen, post_seen, *post) = today.below_all(lookups)
    on_time = due & ~late
    force.outcome("bill", {"on_time": on_time, "late": late})
    force.act("jaywalking", jay, jay_seen, ROW["jaywalk"], tb.detect["jaywalking"])
    sorted_seen = r1
    sorted_act = r2
    unsorted_act = ~sorted_act & r4
    unsorted_seen = ~sorted_act & r3
    force.outcome("recycling", {"sorted": sorted_act, "unsorted": unsorted_act},
                  {"sorted": sorted_seen, "unsorted": unsorted_seen}, ROW["recycle"],
                  tb.detect["recycling"])
    force.act("charity", charity)
    blood = ~volunteer & civic
    force.act("volunteering", volunteer)
    force.act("blood_donation", blood)
    force.act("smoking", smoke, smoke_seen, ROW["smoke"], tb.detect["smoking"])
    refused = np.asarray(fares_refused, dtype=bool)
    if refused.any():
        ride &= ~refused[tier]
    force.act("ride", ride)
    evade &= ride
    evade_seen &= ride
    force.act("fare_evasion", evade, evade_seen, ROW["evade"], tb.detect["fare_evasion"])
    evade &= ride
    evade_seen &= ride
    post = post[0] if post else post_seen
    force.act("criticising_officials", post, post_seen, ROW["post"],
              tb.detect["criticising_officials"])
    return Acts(on_time, late, sorted_seen, unsorted_seen, jay_seen, charity, volunteer,
                blood, smoke, smoke_seen, ride, evade, evade_seen, post_seen,
                reported=np.zeros(u.shape[1], dtype=bool))


def informants(today: Today, tables, contacts: np.ndarray, acts: Acts) -> np.ndarray:
    """A willing citizen looks at one contact; if that contact smoked today, the report
    makes the smoking seen and earns the reward. Marks `acts`; returns the reporters."""
    u = today.u
    reporter = today.below("report", tables.report)
    rows = np.flatnonzero(reporter)
    slot = (u[ROW["slot"]][rows].astype(np.int32) * contacts.shape[1]) >> 16
    target = contacts[rows, slot]
    ok = target >= 0
    ok[ok] = acts.smoke[target[ok]]
    report_rows, report_targets = rows[ok], target[ok]
    acts.smoke_seen[report_targets] = True
    acts.reported[report_rows] = True
    today.force.act("report_neighbour", acts.reported)
    return report_rows
