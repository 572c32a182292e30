"""The court's list of judgment defaulters: one rule for every citizen.

Why here and not in the player's run: the list is a fact of the city (FACTS.md:
the Supreme People's Court list), so everyone who misses repayments meets it by
the same rule, and tier D and the listed exist in the city, not only for the
player. The rule (assets/population/assumptions.toml, [court]): a creditor sues
after `missed_repayments` missed repayments not made good; the judgment gives
`days_to_pay` days; a citizen still in default then is listed (the
`court_defaulter` rule scores it, and train tickets are refused) until the debt
is made good. A drawn citizen makes good by getting out of arrears; the player
(a forced row) by the repayment they choose ("repaid").

engine/reference.py applies the same rule one citizen at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NO_COURT_DATE = -1  # `court_due` of a citizen nobody has sued


@dataclass
class CourtDay:
    missed: np.ndarray  # tomorrow's missed repayments not made good
    court_due: np.ndarray  # tomorrow's judgment deadlines (day number, or NO_COURT_DATE)
    listed: np.ndarray  # tomorrow's list
    newly_listed: np.ndarray  # listed tonight (the court_defaulter records)


def court_day(pop, force, defaulted: np.ndarray, savings: np.ndarray) -> CourtDay:
    """Today's missed repayments (`defaulted`) and the evening's savings → the list."""
    rule = pop.assumptions.court
    made_good = savings > 0
    force.act("repaid", made_good)
    n = made_good.shape[0]
    missed = np.zeros(n, dtype=np.uint8)
    due = np.full(n, NO_COURT_DATE, dtype=np.int16)
    listed = np.zeros(n, dtype=bool)
    newly = np.zeros(n, dtype=bool)
    # Only rows with something on file (a missed repayment, one today, a court date,
    # a listing) can come out other than "nothing": the rule is worked out on those.
    active = pop.listed | defaulted
    active |= pop.missed > 0
    active |= pop.court_due != NO_COURT_DATE
    if rule.missed_repayments <= 0:  # everyone is sued at once: every row counts
        active[:] = True
    rows = np.flatnonzero(active)
    good, was_listed = made_good[rows], pop.listed[rows]
    m = np.where(good, 0, np.minimum(pop.missed[rows].astype(np.int32) + defaulted[rows], 255))
    d = np.where(good, NO_COURT_DATE, pop.court_due[rows])
    sue = (d == NO_COURT_DATE) & ~was_listed & (m >= rule.missed_repayments)
    d = np.where(sue, pop.day + rule.days_to_pay, d)
    new = (d != NO_COURT_DATE) & (pop.day >= d) & ~was_listed & ~good
    d = np.where(new, NO_COURT_DATE, d)
    missed[rows] = m
    due[rows] = d
    listed[rows] = (was_listed | new) & ~good
    newly[rows] = new
    return CourtDay(missed, due, listed, newly)
