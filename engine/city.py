"""The city's answers to a tier: fares, queues, loans, jobs and travel.

Every perk here is zero-sum and says so in numbers. `zero_sum_prices` pays each
insider's discount out of the outsiders' surcharges and nothing else: revenue is
always base × people, whatever the tier make-up. `queue_waits` reorders one
work-conserving queue: every person takes one slot, so the total of all waits is
the same with priority as without; what a high tier gains, a low tier loses.
All functions take tier indices (0 = top tier) and numpy arrays, and are pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import Job, Perks, Queue, ZeroSumSchedule


@dataclass(frozen=True)
class Prices:
    """What each tier pays under a zero-sum schedule, for one day's make-up."""

    base: float
    price: np.ndarray  # per tier index: what one person of that tier pays
    counts: np.ndarray  # per tier index: how many people (or yuan borrowed) it priced
    pool: float  # total surcharges collected = total discounts given

    @property
    def revenue(self) -> float:
        return float(np.dot(self.price, self.counts))

    @property
    def revenue_flat(self) -> float:
        return float(self.base * self.counts.sum())

    @property
    def transfer(self) -> np.ndarray:
        """Per tier: total paid above (+) or below (−) the flat price."""
        return (self.price - self.base) * self.counts


@dataclass(frozen=True)
class Receipt:
    """One person's line: what they paid, against the flat price, and for whom."""

    tier: int
    paid: float
    base: float
    difference: float  # paid − base: + surcharge, − discount
    counterparts: float  # equivalent people on the other side of the transfer
    insiders: int  # people receiving a discount today
    outsiders: int  # people paying a surcharge today


def zero_sum_prices(schedule: ZeroSumSchedule, counts) -> Prices:
    """Balance surcharges against discounts for this make-up of tiers.

    Outsiders' surcharges form a pool; each insider tier gets a slice of it in
    proportion to its share weight, per person. A slice is capped at
    `max_discount` × base; if the cap binds, surcharges are scaled down so that the
    pool still equals the discounts exactly. With no insiders present nobody pays
    a surcharge (there is no one to fund); with no outsiders nobody gets a discount.
    """
    counts = np.asarray(counts, dtype=np.float64)
    base = schedule.base
    surcharge = np.asarray(schedule.surcharge) * ~np.asarray(schedule.refused)
    share = np.asarray(schedule.share) * ~np.asarray(schedule.refused)
    wanted_pool = base * float(np.dot(counts, surcharge))
    weight = float(np.dot(counts, share))
    if wanted_pool <= 0.0 or weight <= 0.0:
        return Prices(base, np.full(len(counts), base), counts, 0.0)
    unit = wanted_pool / weight  # yuan of discount per unit of share weight
    # The cap holds for every tier on the fare board, present today or not.
    unit = min(unit, schedule.max_discount * base / float(share.max()))
    pool = unit * weight
    scale = pool / wanted_pool
    price = base * (1.0 + surcharge * scale) - unit * share
    return Prices(base, price, counts, pool)


def receipt(prices: Prices, schedule: ZeroSumSchedule, tier: int) -> Receipt:
    """The receipt for one person of `tier` under today's prices."""
    share = np.asarray(schedule.share) > 0
    counts = prices.counts
    surcharged = (prices.price > prices.base) & (counts > 0)
    insiders = float(counts[share & (prices.price < prices.base)].sum())
    outsiders = float(counts[surcharged].sum())
    paid = float(prices.price[tier])
    diff = paid - prices.base
    counterparts = 0.0
    if prices.pool > 0:
        if diff > 0:  # my surcharge, in units of the average insider's discount
            counterparts = diff / (prices.pool / insiders)
        elif diff < 0:  # my discount, in units of the average outsider's surcharge
            counterparts = -diff / (prices.pool / outsiders)
    return Receipt(tier, paid, prices.base, diff, counterparts, int(insiders), int(outsiders))


@dataclass(frozen=True)
class Waits:
    """Everyone's wait in one queue, in minutes, with and without priority."""

    with_priority: np.ndarray
    without_priority: np.ndarray

    @property
    def saved(self) -> np.ndarray:
        """Minutes gained (+) or lost (−) by each person because of priority."""
        return self.without_priority - self.with_priority


def queue_waits(queue: Queue, tiers) -> Waits:
    """Waits for people who took numbers in this order (`tiers[i]` is the i-th).

    Without priority people are served in arrival order. With priority they are
    sorted by tier priority, arrival order breaking ties. Each takes one slot on
    one of `servers` desks, so the k-th person served waits floor(k / servers)
    slots either way: the sum of waits cannot change, only who bears it.
    """
    tiers = np.asarray(tiers, dtype=np.int64)
    n = tiers.size
    priority = np.asarray(queue.priority, dtype=np.int64)[tiers]
    order = np.lexsort((np.arange(n), -priority))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    slot = queue.slot_minutes
    with_p = (position // queue.servers) * slot
    without = (np.arange(n) // queue.servers) * slot
    return Waits(with_p.astype(np.float64), without.astype(np.float64))


@dataclass(frozen=True)
class LoanOffer:
    """The bank's answer to one tier: refused, or a yearly rate and a limit."""

    tier: int
    refused: bool
    rate: float
    limit: float
    base_rate: float


def loan_offers(perks: Perks, borrowed) -> tuple[Prices, list[LoanOffer]]:
    """Rates for every tier, balanced over what each tier borrows (yuan).

    The bank earns base_rate × all lending, whatever the mix: insiders' cheaper
    credit is paid by outsiders' dearer credit. Refused tiers borrow nothing.
    """
    schedule = perks.loans
    borrowed = np.asarray(borrowed, dtype=np.float64) * ~np.asarray(schedule.refused)
    prices = zero_sum_prices(schedule, borrowed)
    offers = [LoanOffer(t, bool(schedule.refused[t]), float(prices.price[t]),
                        0.0 if schedule.refused[t] else perks.loan_limit[t], schedule.base)
              for t in range(len(borrowed))]
    return prices, offers


def open_jobs(perks: Perks, tier: int) -> list[tuple[Job, bool]]:
    """Every opening, and whether a citizen of `tier` may apply."""
    return [(job, tier <= job.min_tier) for job in perks.jobs]


def may_travel(perks: Perks, mode: str, tier: int) -> bool:
    """False when the rules refuse this tier a ticket for this mode of travel."""
    refused = perks.travel_refused.get(mode)
    return not (refused and refused[tier])
