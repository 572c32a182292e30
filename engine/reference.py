"""The day step written as a plain Python loop over citizens: the yardstick.

`ReferenceCity` holds the same state as a `Population`, as lists of Python
numbers, and steps it one citizen at a time with ordinary `if`s. It consumes the
same draws (`behaviour.draw_day`) and the same probability tables, and asks the
same city (engine/city.py) for fares and loan rates. Tests check that after any
number of days every field equals the numpy step's exactly; the benchmark times
both. It does not support forced choices or watched rows, and does not compute
hospital waits (they change no state).
"""

from __future__ import annotations

import math

import numpy as np

from . import behaviour as bh
from .behaviour import FORMAL, GIG, ROW, UNEMPLOYED, draw_day
from .city import loan_offers, zero_sum_prices
from .population import FIELD_NAMES, INFRACTIONS_MAX, TARGET_A, TARGET_B, Population

SEEN_RULES = ("bill_on_time", "bill_late", "recycling_sorted", "recycling_unsorted", "charity",
              "volunteering", "blood_donation", "jaywalking", "smoking_no_smoking_area",
              "fare_evasion", "criticising_officials", "report_neighbour", "loan_default",
              "court_defaulter")


class ReferenceCity:
    """A copy of a population's state, stepped by scalar code."""

    def __init__(self, pop: Population):
        self.n, self.day = pop.n, pop.day
        self.book, self.policy, self.assumptions = pop.book, pop.policy, pop.assumptions
        self.knobs = pop.knobs
        self.rng = np.random.Generator(type(pop.rng.bit_generator)())
        self.rng.bit_generator.state = pop.rng.bit_generator.state
        for name in FIELD_NAMES:
            setattr(self, name, getattr(pop, name).tolist())
        self.degree = pop.degree
        self.tables = bh.build_tables(pop.assumptions, pop.book, pop.knobs,
                                      pop.book.rules["report_neighbour"].points,
                                      pop.policy.consequences)
        self.fare_board = np.array(pop.fare_board)  # today's posted fares

    def arrays(self) -> dict:
        """The state as numpy arrays of the population's dtypes, for comparing."""
        from .population import FIELDS

        return {name: np.array(getattr(self, name), dtype=dtype) for name, dtype, _ in FIELDS}

    def step(self) -> None:
        n, book, eco, soc = self.n, self.book, self.assumptions.economy, self.assumptions.society
        nt = len(book.tiers.bands)
        u = draw_day(self.rng, n).tolist()
        tb = self.tables
        tab = {name: getattr(tb, name).tolist() for name in (
            "bill_due", "bill_late", "jaywalk", "jaywalk_seen", "charity", "volunteer", "civic",
            "smoke", "smoke_seen", "ride", "post", "post_seen", "report", "travel", "job_a",
            "job_b", "default", "informal")}
        rec = [t.tolist() for t in tb.recycle]
        ev_act, ev_seen = (t.tolist() for t in bh.evasion_table(self.assumptions, book,
                                                                 self.fare_board))
        pts = {rid: r.points for rid, r in book.rules.items()}
        cushion = eco.living_cost * eco.cushion_days
        assoc_idx = book.tiers.index(self.policy.association_tier)
        fares_refused = book.perks.fares.refused
        train_refused = book.perks.travel_refused.get("train", (False,) * nt)
        tier = self.tier  # the morning's tiers, read all day

        # Pass 1: every citizen's acts.
        seen = {rid: [False] * n for rid in SEEN_RULES}
        smoke, ride, evade, charity = [False] * n, [False] * n, [False] * n, [False] * n
        state, units = [0] * n, [0] * n
        for i in range(n):
            sav = self.savings[i]
            means = (1 if sav >= 0 else 0) + (1 if sav >= cushion else 0)
            st = bh.state_index(self.demo[i], self.employment[i], int(self.informal[i]),
                                min(self.stress[i] // 25, 3), means, tier[i], nt)
            state[i] = st
            ub = u[ROW["bill"]][i]
            if ub < tab["bill_due"][st]:
                if ub < tab["bill_late"][st]:
                    seen["bill_late"][i] = True
                else:
                    seen["bill_on_time"][i] = True
            uj = u[ROW["jaywalk"]][i]
            seen["jaywalking"][i] = uj < tab["jaywalk_seen"][st]
            ur = u[ROW["recycle"]][i]
            if ur < rec[1][st]:
                seen["recycling_sorted"][i] = ur < rec[0][st]
            else:
                seen["recycling_unsorted"][i] = ur < rec[2][st]
            charity[i] = u[ROW["charity"]][i] < tab["charity"][st]
            seen["charity"][i] = charity[i]
            uc = u[ROW["civic"]][i]
            if uc < tab["volunteer"][st]:
                seen["volunteering"][i] = True
            elif uc < tab["civic"][st]:
                seen["blood_donation"][i] = True
            us = u[ROW["smoke"]][i]
            smoke[i] = us < tab["smoke"][st]
            seen["smoking_no_smoking_area"][i] = us < tab["smoke_seen"][st]
            ride[i] = u[ROW["ride"]][i] < tab["ride"][st] and not fares_refused[tier[i]]
            if ride[i]:
                ue = u[ROW["evade"]][i]
                evade[i] = ue < ev_act[st]
                seen["fare_evasion"][i] = ue < ev_seen[st]
            seen["criticising_officials"][i] = u[ROW["post"]][i] < tab["post_seen"][st]
            for c in self.contacts[i]:
                if c >= 0 and tier[c] >= assoc_idx:
                    units[i] += 1

        # Pass 2: informants report contacts who smoked.
        reports = 0
        for i in range(n):
            if u[ROW["report"]][i] < tab["report"][state[i]]:
                target = self.contacts[i][(u[ROW["slot"]][i] * self.degree) >> 16]
                if target >= 0 and smoke[target]:
                    seen["report_neighbour"][i] = True
                    seen["smoking_no_smoking_area"][target] = True
                    reports += 1

        # The city's answers: the posted fares, loan rates over the morning's debt.
        payers = [0] * nt
        borrowed = [0.0] * nt
        for i in range(n):
            if ride[i] and not evade[i]:
                payers[tier[i]] += 1
            borrowed[tier[i]] += self.debt[i]
        loans, _ = loan_offers(book.perks, borrowed)
        price = self.fare_board.tolist()
        court = self.assumptions.court
        daily_rate = (loans.price / 365.0).tolist()
        limits = [0.0 if book.perks.loans.refused[t] else float(book.perks.loan_limit[t])
                  for t in range(nt)]
        call = self.knobs["call_loans"] and self.policy.consequences
        gig_pct = int(round(eco.gig_pay * 100))
        job_pressure = (eco.unemployed_pressure, eco.gig_pressure, 0, 0)
        assoc = pts["association_low_tier"]
        per_unit = int(bh.threshold(soc.tidy_per_point * -assoc)) if assoc < 0 else 0
        t_new = int(bh.threshold(soc.tie_regrowth))
        monthly = (self.day + 1) % 30 == 0
        share = self.policy.forgiveness
        forgive = share > 0 and "forgiveness" in book.rules
        t_share = int(bh.threshold(share))
        m = eco.stress_memory

        # Pass 3: jobs, money, stress, ties, the informal economy, the score.
        for i in range(n):
            st, t = state[i], tier[i]
            uo = u[ROW["job"]][i]
            emp = self.employment[i]
            if uo < tab["job_a"][st]:
                new_emp = int(TARGET_A[emp])
            elif uo < tab["job_b"][st]:
                new_emp = int(TARGET_B[emp])
            else:
                new_emp = emp
            if new_emp == FORMAL:
                income = self.wage[i]
            elif new_emp == GIG:
                income = (self.wage[i] * gig_pct) // 100
            elif new_emp == UNEMPLOYED:
                income = eco.benefit
            else:
                income = eco.pension
            if self.informal[i]:
                income += eco.informal_income
            s = self.savings[i] + income
            s = s - eco.living_cost
            if ride[i] and not evade[i]:
                s = s - price[t]
            if charity[i]:
                s = s - eco.charity_gift
            debt = self.debt[i]
            debt = debt + debt * daily_rate[t]
            limit = limits[t]
            room = limit - debt
            if s < 0 and room > 0:
                b = min(-s, room)
                debt = debt + b
                s = s + b
            if call:
                over = debt - limit
                if over > 0 and s > 0:
                    r = min(over, s)
                    debt = debt - r
                    s = s - r
            if s > cushion and debt > 0:
                r = min(debt, s - cushion)
                debt = debt - r
                s = s - r
            if call and debt > limit and s <= 0 and u[ROW["default"]][i] < tab["default"][st]:
                seen["loan_default"][i] = True
                debt = limit
            # The court's list (engine/day_court.py).
            listed = self.listed[i]
            if s > 0:  # made good
                self.missed[i], self.court_due[i], self.listed[i] = 0, -1, False
            else:
                self.missed[i] = min(self.missed[i] + seen["loan_default"][i], 255)
                if self.court_due[i] == -1 and not listed \
                        and self.missed[i] >= court.missed_repayments:
                    self.court_due[i] = self.day + court.days_to_pay
                if self.court_due[i] != -1 and self.day >= self.court_due[i] and not listed:
                    seen["court_defaulter"][i] = True
                    self.court_due[i], self.listed[i] = -1, True
            wants = u[ROW["travel"]][i] < tab["travel"][st]
            refused = wants and (train_refused[t] or listed)
            pressure = int(min(max(math.floor(100.0 * (cushion - s) / cushion), 0), 100))
            pressure += job_pressure[new_emp] + (eco.refusal_pressure if refused else 0)
            pressure = min(pressure, 100)
            self.stress[i] = (self.stress[i] * m + pressure * (100 - m)) // 100

            ties = self.ties[i]
            if units[i] > 0 and u[ROW["tidy"]][i] < units[i] * per_unit:
                self.contacts[i] = [-1 if c >= 0 and tier[c] >= assoc_idx else c
                                    for c in self.contacts[i]]
                ties -= units[i]
            if ties < self.degree and u[ROW["newtie"]][i] < t_new:
                free = self.contacts[i].index(-1)
                x = (u[ROW["pick_hi"]][i] << 16) | u[ROW["pick_lo"]][i]
                pick = (x * n) >> 32
                if pick == i:
                    pick = (i + 1) % n
                self.contacts[i][free] = pick
                ties += 1
            self.ties[i] = ties
            if u[ROW["informal"]][i] < tab["informal"][st]:
                self.informal[i] = not self.informal[i]

            delta, bad = 0, 0
            for rid in SEEN_RULES:
                if seen[rid][i]:
                    delta += pts[rid]
                    if pts[rid] < 0 and book.rules[rid].kind == "act":
                        bad += 1
            delta += units[i] * assoc
            if monthly:
                delta += pts["steady_job"] * (new_emp == FORMAL)
                delta += pts["higher_education"] * (self.education[i] == 2)
                delta += pts["local_residence"] * bool(self.local[i])
            score = self.score[i] + delta
            if forgive:  # stochastic rounding of gap × share, as engine/day_score.py
                x = self.start_gap(score) * t_share
                score += (x >> 16) + (1 if u[ROW["expire"]][i] < (x & 0xFFFF) else 0)
            self.score[i] = score
            self.infractions[i] = min(self.infractions[i] + bad, INFRACTIONS_MAX)
            self.employment[i] = new_emp
            self.income[i] = max(-32768, min(32767, income))
            self.savings[i] = s
            self.debt[i] = debt
        self.tier = [book.tiers.index_of_score(s) for s in self.score]
        self.fare_board = zero_sum_prices(book.perks.fares, payers).price  # tomorrow's
        self.day += 1

    def start_gap(self, score: int) -> int:
        return self.book.tiers.start - score
