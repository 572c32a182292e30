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
from .day_acts import Acts, Today

if TYPE_CHECKING:
    from .city import Prices
    from .population import Population

# Job transitions on the day's job draw: u < job_a → TARGET_A[employment],
# else u < job_b → TARGET_B[employment] (see behaviour.build_tables).
TARGET_A = np.array([FORMAL, UNEMPLOYED, UNEMPLOYED, RETIRED], dtype=np.uint8)
TARGET_B = np.array([GIG, FORMAL, FORMAL, RETIRED], dtype=np.uint8)


def next_employment(today: Today, tables, employment: np.ndarray) -> np.ndarray:
    """Hires, dismissals and retirements, screened by the morning's tier."""
    uo = today.u[ROW["job"]]
    a = uo < today.take(tables.job_a)
    b = uo < today.take(tables.job_b)
    return np.where(a, TARGET_A[employment], np.where(b, TARGET_B[employment], employment))


def money(pop: Population, today: Today, employment: np.ndarray, acts: Acts,
          fares: Prices, loans: Prices) -> tuple:
    """Income, living, fares and gifts; then the bank: borrowing up to the tier's limit,
    repaying above the cushion, and (if the policy calls loans) defaults.

    Returns (income, savings, debt, defaulted) as new arrays."""
    eco, perks, tier, take = pop.assumptions.economy, pop.book.perks, pop.tier, today.take
    nt = pop.n_tiers
    cushion = eco.living_cost * eco.cushion_days
    base_income = np.array([eco.benefit, 0, 0, eco.pension], dtype=np.int32)
    gig_wage = (pop.wage.astype(np.int32) * int(round(eco.gig_pay * 100))) // 100
    income = np.where(employment == FORMAL, pop.wage,
                      np.where(employment == GIG, gig_wage, base_income[employment]))
    income = income + pop.informal * np.int32(eco.informal_income)
    s = pop.savings + income
    s -= eco.living_cost
    s -= np.where(acts.ride & ~acts.evade, fares.price[tier], 0.0)
    s -= np.where(acts.charity, eco.charity_gift, 0.0)
    debt = pop.debt + pop.debt * (loans.price / 365.0)[tier]
    limit = np.array([0.0 if perks.loans.refused[t] else perks.loan_limit[t]
                      for t in range(nt)])[tier]
    room = limit - debt
    borrow = np.where((s < 0) & (room > 0), np.minimum(-s, room), 0.0)
    debt += borrow
    s += borrow
    call = pop.knobs["call_loans"] and pop.policy.consequences
    if call:
        over = debt - limit
        repay = np.where((over > 0) & (s > 0), np.minimum(over, s), 0.0)
        debt -= repay
        s -= repay
    repay = np.where((s > cushion) & (debt > 0), np.minimum(debt, s - cushion), 0.0)
    debt -= repay
    s -= repay
    defaulted = np.zeros(pop.n, dtype=bool)
    if call:
        defaulted = (debt > limit) & (s <= 0) & (today.u[ROW["default"]] < take(pop.tables.default))
        debt = np.where(defaulted, limit, debt)  # the bank writes off what it called
    return income, s, debt, defaulted


def next_stress(eco, stress: np.ndarray, savings: np.ndarray, employment: np.ndarray,
                refused: np.ndarray) -> np.ndarray:
    """Stress moves toward today's pressure: money below the cushion, no job, a refused
    ticket. `eco.stress_memory` percent of yesterday's stress stays."""
    cushion = eco.living_cost * eco.cushion_days
    pressure = np.clip(np.floor(100.0 * (cushion - savings) / cushion), 0, 100).astype(np.int32)
    job_pressure = np.array([eco.unemployed_pressure, eco.gig_pressure, 0, 0], dtype=np.int32)
    pressure += job_pressure[employment]
    pressure += refused * np.int32(eco.refusal_pressure)
    np.minimum(pressure, 100, out=pressure)
    m = eco.stress_memory
    return (stress.astype(np.int32) * m + pressure * (100 - m)) // 100


def informal_flips(today: Today, tables) -> np.ndarray:
    """Who enters or leaves the informal economy today (entry: shut out of jobs and
    credit; the informal flag XOR this is tomorrow's flag)."""
    return today.u[ROW["informal"]] < today.take(tables.informal)
