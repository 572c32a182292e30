"""What the city answers one citizen today: typed, and read off the population.

Why here: the player is row 0 of the population, so every figure a place shows
them — the fare on the board, the clinic queue and where they stand in it, the
bank's rate and limit, the jobs open to their tier, the ticket machine's verdict —
must be the answer the day step gives that row. Each function below reads the
population's own morning (its posted fare board, its loan prices over the
morning's debt, the clinic session the row joins on the day's draws, its tier
and the court's list) and puts it in a value the scene draws. There is no second
pricing: the day step charges, queues and refuses with the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .city import open_jobs, receipt


@dataclass(frozen=True)
class FareBoard:
    """The metro's board today and this rider's receipt."""

    fares: tuple[float, ...]  # per tier index: today's posted fare
    my_tier: int
    fare: float  # what this rider pays
    base: float  # the flat fare everyone would pay with no scheme
    difference: float  # fare − base: + surcharge, − discount
    counterparts: float  # riders on the other side of this rider's transfer
    insiders: int  # riders the board was balanced for who get a discount
    outsiders: int  # … who pay a surcharge
    service: str = "metro"


@dataclass(frozen=True)
class ClinicQueue:
    """The clinic session this patient joins: everyone's tier in arrival order."""

    tiers: tuple[int, ...]  # tier index of each patient of the session, by arrival
    me: int  # this patient's place in `tiers`
    waits_with: tuple[float, ...]  # minutes, with tier priority
    waits_without: tuple[float, ...]  # minutes, in arrival order
    my_wait: float
    my_wait_flat: float
    total_with: float  # the same total either way: the queue is work-conserving
    total_without: float
    service: str = "hospital"

    @property
    def stepped_ahead(self) -> int:
        """Patients who arrived after this one and are served before."""
        mine = self.waits_with[self.me]
        return sum(1 for i in range(self.me + 1, len(self.tiers)) if self.waits_with[i] < mine)


@dataclass(frozen=True)
class LoanQuote:
    """The bank's answer to this tier, and the lender's outside the door."""

    refused: bool
    rate: float  # yearly
    base_rate: float
    limit: float
    amount_asked: float  # what the citizen asks for (the bank or the lender)
    amount: float  # what the bank would lend of it
    days: int  # repaid in one sum after this many days
    repay: float
    shark_days: int
    shark_repay: float
    shark_rate: float
    rates: tuple[float, ...]  # per tier index
    refused_tiers: tuple[bool, ...]
    service: str = "bank"


@dataclass(frozen=True)
class JobBoard:
    jobs: tuple[tuple[str, str, bool], ...]  # (job id, message id, open to this tier)
    service: str = "jobs"

    @property
    def any_open(self) -> bool:
        return any(ok for _, _, ok in self.jobs)


@dataclass(frozen=True)
class TicketMachine:
    """The machine checks the court's list and the score's bottom tier."""

    allowed: bool
    rule: str  # message id of the rule it quotes
    listed: bool  # on the court's list of judgment defaulters
    refused_tiers: tuple[bool, ...]
    price: float
    service: str = "station"


@dataclass(frozen=True)
class Contacts:
    """The citizen's named friends, each with the tier the city gives them today."""

    friends: tuple[tuple[str, int], ...]  # (friend id, tier index), still in contact
    low_tier: int  # contacts (named or not) in a tier the association rule punishes
    contacts: int  # live contacts in all
    service: str = "friends"


@dataclass(frozen=True)
class Street:
    """The informal economy around a citizen: each figure as (the morning they
    arrived, tonight), counted off the city's own arrays — so the night page shows
    the cash jobs, the bank's refusals and the citizen's own circle moving as the
    scores move, not a line in the debrief."""

    citizens: int
    cash_work: tuple[int, int]  # citizens working off the books
    bank_refused: tuple[int, int]  # in a tier the bank turns away: only the lender lends
    arrears: tuple[int, int]  # behind on payments (savings below zero)
    contacts: tuple[int, int]  # the citizen's live contacts
    contacts_cash: tuple[int, int]  # of them, working off the books
    contacts_low: tuple[int, int]  # of them, in a tier the association rule punishes


def street(before, now, row: int) -> Street:
    """`before`, `now`: the same city (Population) the morning the citizen arrived
    and tonight."""
    refused = np.asarray(now.book.perks.loans.refused, dtype=bool)
    low = now.book.tiers.index(now.policy.association_tier)

    def circle(pop):
        live = pop.contacts[row][pop.contacts[row] >= 0]
        return (int(live.size), int(np.count_nonzero(pop.informal[live])),
                int(np.count_nonzero(pop.tier[live] >= low)))

    def city(pop):
        return (int(np.count_nonzero(pop.informal)),
                int(np.count_nonzero(refused[pop.tier])),
                int(np.count_nonzero(pop.savings < 0)))

    a, b = city(before), city(now)
    ca, cb = circle(before), circle(now)
    return Street(int(now.n), (a[0], b[0]), (a[1], b[1]), (a[2], b[2]), (ca[0], cb[0]),
                  (ca[1], cb[1]), (ca[2], cb[2]))


def fare_board(pop, row: int) -> FareBoard:
    schedule = pop.book.perks.fares
    t = int(pop.tier[row])
    r = receipt(pop.board, schedule, t)
    return FareBoard(tuple(float(p) for p in pop.board.price), t, r.paid, r.base,
                     r.difference, r.counterparts, r.insiders, r.outsiders)


def clinic_queue(pop, row: int) -> ClinicQueue:
    day = pop.clinic_day(row)
    at = int(np.flatnonzero(day["patients"] == row)[0])
    session = day["patient_session"]
    mine = np.flatnonzero(session == session[at])
    with_, without = day["wait_with"][mine], day["wait_without"][mine]
    me = int(at - mine[0])
    return ClinicQueue(tuple(int(t) for t in day["patient_tiers"][mine]), me,
                       tuple(float(w) for w in with_), tuple(float(w) for w in without),
                       float(with_[me]), float(without[me]), float(with_.sum()),
                       float(without.sum()))


def loan_quote(pop, row: int, dealings) -> LoanQuote:
    perks, t = pop.book.perks, int(pop.tier[row])
    prices = pop.loan_prices()
    refused = tuple(bool(x) for x in perks.loans.refused)
    limit = 0.0 if refused[t] else float(perks.loan_limit[t])
    rate = float(prices.price[t])
    amount = min(dealings.loan_amount, limit)
    return LoanQuote(refused[t], rate, perks.loans.base, limit, dealings.loan_amount, amount,
                     dealings.bank_days,
                     amount * (1 + rate * dealings.bank_days / 365), dealings.lender_days,
                     dealings.loan_amount * (1 + dealings.lender_rate), dealings.lender_rate,
                     tuple(float(p) for p in prices.price), refused)


def job_board(pop, row: int) -> JobBoard:
    jobs = open_jobs(pop.book.perks, int(pop.tier[row]))
    return JobBoard(tuple((j.id, j.message, ok) for j, ok in jobs))


def ticket_machine(pop, row: int, dealings) -> TicketMachine:
    perks = pop.book.perks
    listed = bool(pop.listed[row])
    refused = perks.travel_refused.get("train", (False,) * pop.n_tiers)
    return TicketMachine(not pop.refused_travel(row),
                         "refusal.court_listed" if listed else perks.travel_message, listed,
                         tuple(bool(r) for r in refused), dealings.ticket_price)


def contacts(pop, row: int, named: dict) -> Contacts:
    """`named`: friend id → row, the citizen card's friends in the city."""
    live = {int(c) for c in pop.contacts[row] if c >= 0}
    low = pop.book.tiers.index(pop.policy.association_tier)
    friends = tuple((fid, int(pop.tier[r])) for fid, r in named.items() if r in live)
    return Contacts(friends, sum(1 for c in live if pop.tier[c] >= low), len(live))


def answer(service: str, pop, row: int, dealings, named: dict):
    """The answer a moment's service shows `row` this morning, or None."""
    if service == "metro":
        return fare_board(pop, row)
    if service == "hospital":
        return clinic_queue(pop, row)
    if service == "bank":
        return loan_quote(pop, row, dealings)
    if service == "jobs":
        return job_board(pop, row)
    if service == "station":
        return ticket_machine(pop, row, dealings)
    if service == "friends":
        return contacts(pop, row, named)
    return None
