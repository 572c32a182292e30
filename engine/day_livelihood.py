"""A day's livelihood: jobs, money, stress and the informal economy.

This is where the morning's tier reaches a citizen's life (docs/model.md, "How
the feedback loops close"). Employers hire and dismiss by tier (the job tables,
built by engine/behaviour.py with the policy's screening and dismissal knobs);
the metro and the bank charge and lend by tier (today's fares and loan rates,
engine/city.py); low savings, no job and a refused train ticket add stress; no
job, arrears and stress push people into the informal economy. Each function
reads the morning's state and returns new arrays: `Population.step` commits them
at the end of the day, so every verb sees the same morning.

engine/reference.py does the same one citizen at a time; keep both in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .behaviour import FORMAL, GIG, RETIRED, ROW, UNEMPLOYED
from .day_acts import Acts, Today, below

if TYPE_CHECKING:
    from .city import Prices
    from .population import Population

# Job transitions on the day's job draw: u < job_a → TARGET_A[employment],
# else u < job_b → TARGET_B[employment] (see behaviour.build_tables).
TARGET_A = np.array([FORMAL, UNEMPLOYED, UNEMPLOYED, RETIRED], dtype=np.uint8)
TARGET_B = np.array([GIG, FORMAL, FORMAL, RETIRED], dtype=np.uint8)


# Tomorrow's employment by (employment × 4 + 2a + b) on the job draw: a wins over b
# (a lookup instead of two nested `where`s; the same answer as TARGET_A/TARGET_B).
_NEXT = np.array([[e, TARGET_B[e], TARGET_A[e], TARGET_A[e]] for e in range(4)],
                 dtype=np.uint8).reshape(-1)


def next_employment(today: Today, tables, employment: np.ndarray) -> np.ndarray:
    """Hires, dismissals and retirements, screened by the morning's tier."""
    key = employment.astype(np.uint8) << 2
    key |= today.below("job", tables.job_a).view(np.uint8) << 1
    key |= today.below("job", tables.job_b).view(np.uint8)
    return np.take(_NEXT, key.astype(np.intp))  # intp: take's own conversion is slow


def money(pop: Population, today: Today, employment: np.ndarray, acts: Acts,
          fares: Prices, loans: Prices) -> tuple:
    """Income, living, fares and gifts; then the bank: borrowing up to the tier's limit,
    repaying above the cushion, and (if the policy calls loans) defaults.

    Returns (income, savings, debt, defaulted) as new arrays.

    Why it looks this way: it is the slowest verb at a million citizens, so a
    charge or a loan touches only the rows it concerns (subtracting 0.0 from
    everyone else changes nothing; the bank's rows are those who owe), whole-city
    passes are in place, and tier and job codes are turned into intp once (numpy
    converts a small-integer index on every lookup, ten times slower than the
    lookup itself). Adding 0.0 is not
    quite nothing (it turns -0.0 into 0.0), so where the day used to add a zero
    to everyone's debt it still does (`+= 0.0`): results are bit for bit the same
    as the plain `where` version, and engine/reference.py agrees. Savings need no
    such pass: savings + income is never -0.0 (an integer income is never -0),
    and subtracting or adding non-zero amounts never gives -0.0."""
    eco, perks = pop.assumptions.economy, pop.book.perks
    nt = pop.n_tiers
    tier = pop.tier.astype(np.intp)
    cushion = eco.living_cost * eco.cushion_days
    # income by job code: wage × (gig pay or 100 %) ÷ 100, plus the benefit or pension
    # (wage × 100 // 100 is the wage: integers, exact)
    gig_pay = int(round(eco.gig_pay * 100))
    job = employment.astype(np.intp)
    income = pop.wage.astype(np.int32)
    income *= np.take(np.array([0, gig_pay, 100, 0], dtype=np.int32), job)
    income //= 100
    income += np.take(np.array([eco.benefit, 0, 0, eco.pension], dtype=np.int32), job)
    if eco.informal_income:
        income += pop.informal * np.int32(eco.informal_income)
    s = pop.savings + income
    s -= eco.living_cost
    s -= np.take(fares.price, tier) * (acts.ride & ~acts.evade)  # s − 0.0 is s
    rows = np.flatnonzero(acts.charity)
    s[rows] -= eco.charity_gift
    # Interest for everyone (a zero debt stays zero; `+= 0.0` turns -0.0 into 0.0,
    # as the whole-city version did after borrowing: borrowing never gives -0.0);
    # then the bank concerns only those who owe and today's borrowers: calls,
    # repayments and defaults are worked out on those rows.
    rate = np.take(loans.price / 365.0, tier)
    rate *= pop.debt
    debt = pop.debt + rate
    debt += 0.0
    owing = np.flatnonzero(debt != 0.0)  # (a bool mask: numpy's fast nonzero)
    limits = np.array([0.0 if perks.loans.refused[t] else perks.loan_limit[t]
                       for t in range(nt)])
    call = pop.knobs["call_loans"] and pop.policy.consequences
    # borrowing: those below zero, up to the room under their limit
    rows = np.flatnonzero(s < 0)
    room = np.take(limits, tier[rows]) - debt[rows]
    ok = room > 0
    rows, room = rows[ok], room[ok]
    borrow = np.minimum(-s[rows], room)
    fresh = rows[debt[rows] == 0.0]  # borrowers who owed nothing: not in `owing` yet
    debt[rows] += borrow
    s[rows] += borrow
    # every row with a debt is in `owing` now (each once: unsorted, and no row's
    # result depends on the order)
    owing = np.concatenate((owing, fresh))
    if call:
        limit = np.take(limits, tier[owing])
        over = (debt[owing] > limit) & (s[owing] > 0)
        rows, limit = owing[over], limit[over]
        repay = np.minimum(debt[rows] - limit, s[rows])
        debt[rows] -= repay
        s[rows] -= repay
    rows = owing[(s[owing] > cushion) & (debt[owing] > 0)]
    repay = np.minimum(debt[rows], s[rows] - cushion)
    debt[rows] -= repay
    s[rows] -= repay
    defaulted = np.zeros(pop.n, dtype=bool)
    if call:
        # a default needs savings at or below zero: few rows, so the rest of the
        # test (over the limit, the day's draw) is made on those alone
        rows = np.flatnonzero(s <= 0)
        limit = np.take(limits, tier[rows])
        over = debt[rows] > limit
        rows, limit = rows[over], limit[over]
        drawn = below(today.u[ROW["default"]][rows], pop.tables.default, today.state[rows])
        rows, limit = rows[drawn], limit[drawn]
        defaulted[rows] = True
        debt[rows] = limit  # the bank writes off what it called
    return income, s, debt, defaulted


def next_stress(eco, stress: np.ndarray, savings: np.ndarray, employment: np.ndarray,
                refused: np.ndarray) -> np.ndarray:
    """Stress moves toward today's pressure: money below the cushion, no job, a refused
    ticket. `eco.stress_memory` percent of yesterday's stress stays."""
    cushion = eco.living_cost * eco.cushion_days
    # 100 × (cushion − savings) ÷ cushion, floored and clipped to 0–100, in place
    # (the same operations in the same order as the formula: bit for bit the same)
    x = np.subtract(cushion, savings)
    x *= 100.0
    x /= cushion
    np.floor(x, out=x)
    np.clip(x, 0, 100, out=x)
    pressure = x.astype(np.int32)
    for code, points in enumerate((eco.unemployed_pressure, eco.gig_pressure, 0, 0)):
        if points:  # a comparison per job code: cheaper than a lookup by uint8 index
            pressure += (employment == code) * np.int32(points)
    if eco.refusal_pressure:
        pressure += refused * np.int32(eco.refusal_pressure)
    np.minimum(pressure, 100, out=pressure)
    m = eco.stress_memory
    out = stress.astype(np.int32)
    out *= m
    pressure *= 100 - m
    out += pressure
    out //= 100
    return out


def informal_flips(today: Today, tables) -> np.ndarray:
    """Who enters or leaves the informal economy today (entry: shut out of jobs and
    credit; the informal flag XOR this is tomorrow's flag)."""
    return today.below("informal", tables.informal)
