"""Declared reporters: what the sandbox charts and the command line prints.

`DAILY` names each daily series and the function that reads it from the
population and the day's report (as Mesa's DataCollector does). `Collector`
keeps the series; `summary()` gives the final figures and the make-up of tier D
against the whole population's (who ends up in the out-group).
"""

from __future__ import annotations

import math

import numpy as np

from .behaviour import GIG, UNEMPLOYED
from .population import DayReport, Population


def outgroup_tiers(pop: Population) -> np.ndarray:
    """Tier indices that fund the perks: those the rule book as written surcharges
    at the metro (C and D); the same in every policy, so cities compare."""
    surcharged = np.asarray(pop.raw_book.perks.fares.surcharge) > 0
    if not surcharged.any():
        surcharged[-2:] = True
    return np.flatnonzero(surcharged)


def cross_tier_ties(pop: Population) -> float:
    """Mean ties per citizen that link the out-group with everyone else.

    From the population's cached contact tiers (one random read of the city a day,
    shared with the association rule), by comparisons on int8 (no index arrays).
    A tie crosses when exactly one end is in the out-group: everyone's out-group
    contacts count once, and an out-group citizen's ties count the other way
    round (live − out-group), so the sum is all out-group contacts plus, over the
    few out-group rows only, their live ties less twice their out-group ones."""
    contact = pop.tiers_of_contacts()
    tiers = outgroup_tiers(pop).tolist()

    def is_out(a: np.ndarray) -> np.ndarray:
        if tiers == list(range(tiers[0], pop.n_tiers)):  # the bottom tiers: one comparison
            return a >= tiers[0]
        mask = a == tiers[0]
        for t in tiers[1:]:
            mask |= a == t
        return mask

    mine = contact[np.flatnonzero(is_out(pop.tier))]
    crossing = (np.count_nonzero(is_out(contact)) + np.count_nonzero(mine >= 0)
                - 2 * np.count_nonzero(is_out(mine)))
    return float(int(crossing) / pop.n)


def wait_by_tier(pop: Population, report: DayReport, waits: np.ndarray) -> list:
    """Mean hospital wait per tier, in hours (None where the tier had no patient)."""
    counts = np.bincount(report.patient_tiers, minlength=pop.n_tiers)
    total = np.bincount(report.patient_tiers, weights=waits, minlength=pop.n_tiers)
    return [round(float(t) / c / 60.0, 4) if c else None for t, c in zip(total, counts)]


# Below this many people, a group's make-up is too few to read (the debrief and
# the sandbox say so instead of quoting shares).
FEW_TO_READ = 30


def composition(pop: Population, mask: np.ndarray | None) -> dict:
    """Shares male, under 30, low education, under-employed (unemployed or gig);
    of the rows in `mask`, or of everyone (None: no copy of every array)."""
    pick = (lambda a: a) if mask is None else (lambda a: a[mask])
    k = pop.n if mask is None else int(mask.sum())
    if k == 0:
        return {"count": 0, "male": None, "under_30": None, "low_education": None,
                "underemployed": None}
    emp = pick(pop.employment)
    return {
        "count": k,
        "male": _r(pick(pop.sex).mean()),
        "under_30": _r((pick(pop.age) < 30).mean()),
        "low_education": _r((pick(pop.education) == 0).mean()),
        "underemployed": _r(((emp == UNEMPLOYED) | (emp == GIG)).mean()),
    }


def _r(x: float, digits: int = 6):
    """Rounded for printing; NaN → None, and -0.0 → 0.0 (a sign with no meaning)."""
    x = float(x)
    return None if math.isnan(x) else round(x, digits) + 0.0


def _tier_counts(pop: Population) -> dict:
    """Citizens per tier (a comparison per tier: cheaper than bincount's index copy)."""
    return {tid: int(np.count_nonzero(pop.tier == t)) for t, tid in enumerate(pop.book.tiers.ids)}


def _waits(p: Population, r: DayReport) -> dict:
    """Hospital minutes per tier with and without priority, and patients per tier."""
    t, nt = r.patient_tiers, p.n_tiers
    return {"with": tuple(np.bincount(t, weights=r.wait_with, minlength=nt).tolist()),
            "without": tuple(np.bincount(t, weights=r.wait_without, minlength=nt).tolist()),
            "patients": tuple(np.bincount(t, minlength=nt).tolist())}


# name → reporter(pop, report): one value per day (scalars, or a tier-id table).
DAILY = {
    "tier_counts": lambda p, r: _tier_counts(p),
    "mean_score": lambda p, r: _r(p.score.mean(), 4),
    "informal_share": lambda p, r: _r(p.informal.mean()),
    "mean_ties": lambda p, r: _r(p.ties.mean(), 4),
    "cross_tier_ties": lambda p, r: _r(cross_tier_ties(p), 4),
    "unemployed_share": lambda p, r: _r((p.employment == UNEMPLOYED).mean()),
    "arrears_share": lambda p, r: _r((p.savings < 0).mean()),
    "fare_by_tier": lambda p, r: {t: _r(x, 4) for t, x in zip(p.book.tiers.ids, r.fares.price)},
    "fare_revenue": lambda p, r: _r(r.fares.revenue, 4),
    "fare_revenue_flat": lambda p, r: _r(r.fares.revenue_flat, 4),
    "fare_transfer_by_tier": lambda p, r: {t: _r(x, 4) for t, x in
                                           zip(p.book.tiers.ids, r.fares.transfer)},
    # None for a tier the bank turns away: it is offered no rate at all.
    "loan_rate_by_tier": lambda p, r: {t: None if refused else _r(x) for t, x, refused in
                                       zip(p.book.tiers.ids, r.loans.price,
                                           p.book.perks.loans.refused)},
    "hospital_wait_by_tier": lambda p, r: dict(zip(p.book.tiers.ids,
                                                   wait_by_tier(p, r, r.wait_with))),
    "hospital_wait_flat_by_tier": lambda p, r: dict(zip(p.book.tiers.ids,
                                                        wait_by_tier(p, r, r.wait_without))),
    "riders": lambda p, r: r.riders,
    "detected": lambda p, r: r.detected,
    "reports": lambda p, r: r.reports,
    "ties_cut": lambda p, r: r.ties_cut,
    "travel_refused": lambda p, r: r.travel_refused,
    "loan_defaults": lambda p, r: r.defaults,
    "listed": lambda p, r: r.listed,
    "hires": lambda p, r: r.hires,
    "job_losses": lambda p, r: r.job_losses,
    # for the sandbox's charts (NOT_IN_ROWS)
    "tier_D_makeup": lambda p, r: composition(p, p.tier == p.n_tiers - 1),
    "everyone_makeup": lambda p, r: composition(p, None),
    "row_0": lambda p, r: {"score": int(p.score[0]), "tier": int(p.tier[0])},
    "hospital_waits": _waits,
}

# Reporters that read the day's report; on the day a city is drawn they give None.
OF_THE_DAY = ("fare_by_tier", "fare_revenue", "fare_revenue_flat", "fare_transfer_by_tier",
              "loan_rate_by_tier", "hospital_wait_by_tier", "hospital_wait_flat_by_tier",
              "riders", "detected", "reports", "ties_cut", "travel_refused", "loan_defaults",
              "listed", "hires", "job_losses", "hospital_waits")

# Series kept for the sandbox's charts, not flattened into the CSV's rows.
NOT_IN_ROWS = ("tier_D_makeup", "everyone_makeup", "row_0", "hospital_waits")

# The daily series the command line prints one value per day of.
PRINTED_DAILY = ("mean_score", "informal_share", "mean_ties", "cross_tier_ties",
                 "unemployed_share", "fare_revenue", "fare_revenue_flat")


class Collector:
    """Runs every reporter after each day and keeps the series."""

    def __init__(self, pop: Population, reporters: dict = DAILY):
        self.pop = pop
        self.reporters = reporters
        self.series: dict[str, list] = {name: [] for name in reporters}
        self.start: dict | None = None  # the figures of the day the city was drawn

    def collect(self, report: DayReport | None) -> None:
        """Run every reporter: after a day (`report`), or on the city as drawn (None:
        kept in `start`, not in the series)."""
        if report is None:
            self.start = {name: None if name in OF_THE_DAY else reporter(self.pop, None)
                          for name, reporter in self.reporters.items()}
            return
        for name, reporter in self.reporters.items():
            self.series[name].append(reporter(self.pop, report))

    def last(self, name: str):
        return self.series[name][-1] if self.series[name] else None

    def rows(self) -> list[dict]:
        """One flat row per day (tier tables spread as name_TIER), for CSV."""
        out = []
        for day in range(len(self.series["mean_score"])):
            row = {"day": day + 1}
            for name, values in self.series.items():
                if name in NOT_IN_ROWS:
                    continue
                v = values[day]
                if isinstance(v, dict):
                    prefix = "tier" if name == "tier_counts" else name.removesuffix("_by_tier")
                    row.update({f"{prefix}_{k}": x for k, x in v.items()})
                else:
                    row[name] = v
            out.append(row)
        return out

    def summary(self) -> dict:
        pop = self.pop
        final = {name: self.last(name) for name in (
            "tier_counts", "mean_score", "informal_share", "mean_ties", "cross_tier_ties",
            "unemployed_share", "arrears_share", "fare_by_tier", "fare_revenue",
            "fare_revenue_flat", "fare_transfer_by_tier", "loan_rate_by_tier",
            "hospital_wait_by_tier", "hospital_wait_flat_by_tier")}
        if self.pop.day == 0:
            final.update(tier_counts=_tier_counts(pop), mean_score=_r(pop.score.mean(), 4),
                         informal_share=_r(pop.informal.mean()), mean_ties=_r(pop.ties.mean(), 4))
        final["tier_shares"] = {t: _r(c / pop.n) for t, c in final["tier_counts"].items()}
        bottom = pop.n_tiers - 1
        daily = {name: list(self.series[name]) for name in PRINTED_DAILY}
        daily["tier_counts"] = {t: [d[t] for d in self.series["tier_counts"]]
                                for t in pop.book.tiers.ids}
        return {
            "final": final,
            "composition": {
                "population": composition(pop, None),
                f"tier_{pop.book.tiers.ids[bottom]}": composition(pop, pop.tier == bottom),
            },
            "daily": daily,
        }
