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
    missed = np.where(made_good, 0, np.minimum(pop.missed.astype(np.int32) + defaulted, 255))
    due = np.where(made_good, NO_COURT_DATE, pop.court_due)
    sue = (due == NO_COURT_DATE) & ~pop.listed & (missed >= rule.missed_repayments)
    due = np.where(sue, pop.day + rule.days_to_pay, due)
    newly = (due != NO_COURT_DATE) & (pop.day >= due) & ~pop.listed & ~made_good
    due = np.where(newly, NO_COURT_DATE, due)
    listed = (pop.listed | newly) & ~made_good
    return CourtDay(missed.astype(np.uint8), due.astype(np.int16), listed, newly)
