"""Trustworthy's functional core: the score engine, the city's answers, the population.

No pygame, no clock, no global random state, and no file access outside
`engine.loader`. Randomness comes from a `numpy.random.Generator` passed in.
Functions return records with message ids; the game renders them.
"""

from .city import (LoanOffer, Prices, Receipt, Waits, loan_offers, may_travel, open_jobs,
                   queue_waits, receipt, zero_sum_prices)
from .errors import DataError, Problem
from .metrics import Collector
from .population import Population
from .policy import Policy, apply_policy
from .rules import Job, Perks, Place, Queue, Rule, RuleBook, Tier, Tiers, ZeroSumSchedule
from .score import Event, Ledger, Outcome, Record, apply_event, detection_probability

__all__ = [
    "Collector", "DataError", "Event", "Job", "Ledger", "LoanOffer", "Outcome", "Perks", "Place",
    "Policy", "Population", "Prices", "Problem", "Queue", "Receipt", "Record", "Rule", "RuleBook",
    "Tier", "Tiers", "Waits", "ZeroSumSchedule", "apply_event", "apply_policy",
    "detection_probability", "loan_offers", "may_travel", "open_jobs", "queue_waits",
    "receipt", "zero_sum_prices",
]
