"""One citizen's run: days of moments, choices, and what the city answers.

Pure and deterministic: `RunState` is a frozen value, every function returns a new
one, and randomness comes from the Generator passed in. The city the citizen lives
in arrives each day as a `CityToday` (the population's tier make-up), so the fare,
the queue and the ticket machine answer with the same numbers the population sees.
Every score change is a ledger record; everything else a scene shows (a fare, a
queue, a refusal) comes back as a `Answer` with message ids and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .city import loan_offers, may_travel, open_jobs, queue_waits, receipt, zero_sum_prices
from .rules import RuleBook
from .score import Event, Ledger, Outcome, apply_event
from .story import Choice, Moment, Story

QUEUE_AHEAD = 9  # people already holding a number when the player arrives at a desk
LOAN_AMOUNT = 3000.0  # yuan: what the player asks the bank (or the lender) for
LOAN_DAYS = 5  # the lender's loan is repaid in one sum this many days later
BANK_DAYS = 30  # the bank's loan is repaid in one sum this many days later
SHARK_RATE = 0.30  # the informal lender's charge for the same loan
COURT_DAYS = 2  # a missed repayment to a lawful creditor: days until the court lists you
OFF_BOOKS_DAYS = 2  # days of cash work, no contract, that make a life off the books
INFORMAL_PAY = 250.0  # yuan for a day of off-the-books work
HIRED_WAGE = 200.0  # yuan a day in a job found at the job centre
TICKET_PRICE = 180.0  # yuan: the train home


@dataclass(frozen=True)
class CityToday:
    """What the player's city looks like today, from the population."""

    tier_counts: tuple[int, ...]  # citizens per tier index
    informal_share: float = 0.0  # share of citizens in the informal economy


@dataclass(frozen=True)
class Friend:
    id: str
    tier: int  # tier index
    kept: bool = True


@dataclass(frozen=True)
class Answer:
    """What the city showed at a moment: a fare board, a queue, an offer, a refusal."""

    service: str
    numbers: dict = field(default_factory=dict)  # named figures the scene displays


@dataclass(frozen=True)
class Step:
    """Everything one choice caused, for the scene to animate and the feed to list."""

    moment: str
    choice: str
    outcomes: tuple[Outcome, ...]  # each event: seen or not, by what, records
    money: float  # change in money
    answer: Answer | None


@dataclass(frozen=True)
class RunState:
    citizen: str
    days: int
    day: int  # 1-based; days + 1 once the run is over
    plan: tuple[tuple[str, ...], ...]  # moment ids for each day
    slot: int  # index into today's moments
    money: float
    stress: int
    ledger: Ledger
    friends: tuple[Friend, ...]
    employment: str
    informal: bool = False  # touched the informal economy (cash work, the lender)
    debt: float = 0.0  # yuan owed to a lawful creditor (the bank, a card's lender)
    debt_due: int = 0  # day it falls due; 0 once paid or missed
    court_due: int = 0  # day the court lists a missed debt still unpaid; 0 if none
    shark_debt: float = 0.0  # yuan owed to the informal lender
    shark_due: int = 0
    informal_days: tuple[int, ...] = ()  # days worked off the books
    perks_received: float = 0.0  # yuan of discounts received
    perks_paid: float = 0.0  # yuan of surcharges paid
    minutes_saved: float = 0.0  # queue minutes gained (+) or lost (−) to priority
    choices: tuple[tuple[int, str, str], ...] = ()  # (day, moment, choice)
    flags: frozenset = frozenset()  # things that happened: "refused_train", …
    daily_scores: tuple[int, ...] = ()  # score at the end of each day

    @property
    def over(self) -> bool:
        return self.day > self.days

    @property
    def score(self) -> int:
        return self.ledger.score

    def moment_id(self) -> str | None:
        return None if self.over else self.plan[self.day - 1][self.slot]


def plan_days(story: Story, citizen: str, days: int, rng: np.random.Generator):
    """Which moments fall on which day.

    The finale closes the last day, whatever the run's length. A starting debt is
    asked for on the morning it falls due. Anchored moments fall on their weekday —
    the `once` ones (a loan desk, a job board, a bill) only in the first week, so a
    month is not the same week four times. The other slots are drawn from the pool,
    never the same moment in a slot two days running when the pool has another.
    """
    c = story.citizens[citizen]
    mine = [m for m in story.moments.values()
            if (not m.citizens or citizen in m.citizens) and m.id != story.finale]
    plan = []
    for day in range(1, days + 1):
        weekday = (day - 1) % 7 + 1
        today = []
        for i, slot in enumerate(("morning", "day", "evening")):
            if day == days and slot == "evening":
                today.append(story.finale)
                continue
            due = [m.id for m in mine if m.due and m.slot == slot]
            if due and c.debt and day == c.debt_due:
                today.append(due[0])
                continue
            anchored = [m.id for m in mine if m.slot == slot and m.anchor == weekday
                        and not m.due and (not m.once or day <= 7)]
            pool = [m.id for m in mine if m.slot == slot and m.anchor == 0 and not m.due]
            if plan and len(pool) > 1:
                pool = [p for p in pool if p != plan[-1][i]] if i < len(plan[-1]) else pool
            if anchored:
                today.append(anchored[0])
            elif pool:
                today.append(pool[int(rng.integers(len(pool)))])
        plan.append(tuple(today))
    return tuple(plan)


def new_run(story: Story, book: RuleBook, citizen: str, days: int,
            rng: np.random.Generator) -> RunState:
    c = story.citizens[citizen]
    friends = tuple(Friend(f.id, book.tiers.index(f.tier)) for f in c.friends)
    state = RunState(citizen, days, 1, plan_days(story, citizen, days, rng), 0, c.money,
                     c.stress, Ledger(book.tiers.start), friends, c.employment,
                     debt=c.debt, debt_due=c.debt_due)
    return _circumstances(state, story, book, rng)


def tier(state: RunState, book: RuleBook) -> int:
    return book.tiers.index_of_score(state.score)


def moment(state: RunState, story: Story) -> Moment:
    return story.moments[state.moment_id()]


# --- what the city answers -----------------------------------------------------

def fare_quote(book: RuleBook, city: CityToday, my_tier: int) -> Answer:
    prices = zero_sum_prices(book.perks.fares, city.tier_counts)
    r = receipt(prices, book.perks.fares, my_tier)
    return Answer("metro", {
        "fare": r.paid, "base": r.base, "difference": r.difference,
        "counterparts": r.counterparts, "insiders": r.insiders, "outsiders": r.outsiders,
        "fares": tuple(float(p) for p in prices.price), "my_tier": my_tier})


def clinic_queue(book: RuleBook, city: CityToday, my_tier: int, rng) -> Answer:
    counts = np.asarray(city.tier_counts, dtype=np.float64)
    ahead = rng.choice(len(counts), size=QUEUE_AHEAD, p=counts / counts.sum())
    behind = rng.choice(len(counts), size=3, p=counts / counts.sum())
    tiers = np.concatenate([ahead, [my_tier], behind]).astype(np.int64)
    waits = queue_waits(book.perks.queues["hospital"], tiers)
    me = QUEUE_AHEAD
    return Answer("hospital", {
        "tiers": tuple(int(t) for t in tiers), "me": me,
        "with": tuple(float(w) for w in waits.with_priority),
        "without": tuple(float(w) for w in waits.without_priority),
        "my_wait": float(waits.with_priority[me]), "my_wait_flat": float(waits.without_priority[me]),
        "total_with": float(waits.with_priority.sum()), "total_without": float(waits.without_priority.sum())})


def loan_quote(book: RuleBook, city: CityToday, my_tier: int) -> Answer:
    borrowed = np.asarray(city.tier_counts, dtype=np.float64) * LOAN_AMOUNT
    _, offers = loan_offers(book.perks, borrowed)
    o = offers[my_tier]
    amount = min(LOAN_AMOUNT, o.limit)
    return Answer("bank", {"refused": o.refused, "rate": o.rate, "base_rate": o.base_rate,
                           "limit": o.limit, "amount": amount,
                           "days": BANK_DAYS, "repay": amount * (1 + o.rate * BANK_DAYS / 365),
                           "shark_days": LOAN_DAYS, "shark_repay": LOAN_AMOUNT * (1 + SHARK_RATE),
                           "rates": tuple(x.rate for x in offers),
                           "refused_tiers": tuple(x.refused for x in offers)})


def job_board(book: RuleBook, my_tier: int) -> Answer:
    jobs = open_jobs(book.perks, my_tier)
    return Answer("jobs", {"jobs": tuple((j.id, j.message, ok) for j, ok in jobs)})


def ticket_machine(book: RuleBook, my_tier: int, listed: bool = False) -> Answer:
    """The machine checks two lists: the court's list of judgment defaulters (the
    real travel ban, FACTS.md) and the score's bottom tier (the game's)."""
    ok = may_travel(book.perks, "train", my_tier) and not listed
    rule = "refusal.court_listed" if listed else book.perks.travel_message
    return Answer("station", {"allowed": ok, "rule": rule, "listed": listed,
                              "refused_tiers": book.perks.travel_refused.get("train", ())})


def answer_for(state: RunState, story: Story, book: RuleBook, city: CityToday, rng) -> Answer | None:
    """The city's answer the current moment shows before the player chooses."""
    m, t = moment(state, story), tier(state, book)
    if m.service == "metro":
        return fare_quote(book, city, t)
    if m.service == "hospital":
        return clinic_queue(book, city, t, rng)
    if m.service == "bank":
        return loan_quote(book, city, t)
    if m.service == "jobs":
        return job_board(book, t)
    if m.service == "station":
        return ticket_machine(book, t, "court_listed" in state.flags)
    if m.service == "friends":
        low = [f for f in state.friends if f.kept]
        return Answer("friends", {"friends": tuple((f.id, f.tier) for f in low)})
    return None


def available(state: RunState, choice: Choice, answer: Answer | None) -> tuple[bool, str]:
    """Whether a choice can be taken now, and the message id of the reason if not."""
    borrowing = choice.effect in ("take_loan", "loan_shark")
    if choice.money < 0 and not borrowing and state.money + choice.money < 0:
        return False, "reason.no_money"
    if choice.effect == "pay_fare" and answer and state.money < answer.numbers["fare"]:
        return False, "reason.no_money"
    if choice.effect == "take_loan" and answer and answer.numbers["refused"]:
        return False, "reason.loan_refused"
    if choice.effect == "take_loan" and state.debt > 0:
        return False, "reason.already_in_debt"
    if choice.effect == "loan_shark" and state.shark_debt > 0:
        return False, "reason.already_in_debt"
    if choice.effect == "repay_debt" and state.money < state.debt:
        return False, "reason.no_money"
    if choice.effect == "buy_ticket" and answer and answer.numbers["allowed"] \
            and state.money < TICKET_PRICE:
        return False, "reason.no_money"
    if choice.effect == "apply_job" and state.employment not in ("unemployed", "informal", "gig"):
        return False, "reason.has_job"
    if choice.effect == "cut_friend" and not any(f.kept for f in state.friends):
        return False, "reason.no_friends"
    return True, ""


# --- choosing --------------------------------------------------------------------

def choose(state: RunState, choice_id: str, story: Story, book: RuleBook, city: CityToday,
           answer: Answer | None, rng: np.random.Generator) -> tuple[RunState, Step]:
    """Apply one choice at the current moment; move to the next moment or day."""
    m = moment(state, story)
    choice = next(c for c in m.choices if c.id == choice_id)
    ok, reason = available(state, choice, answer)
    if not ok:
        raise ValueError(f"choice '{choice_id}' is not available: {reason}")
    outcomes = [apply_event(book, Event(r, state.day, m.place), rng) for r in choice.events]
    money = choice.money
    s = state
    effect = choice.effect
    flags = set(s.flags)
    if effect == "pay_fare":
        paid, base = answer.numbers["fare"], answer.numbers["base"]
        money -= paid
        s = replace(s, perks_received=s.perks_received + max(0.0, base - paid),
                    perks_paid=s.perks_paid + max(0.0, paid - base))
    elif effect == "wait_queue":
        n = answer.numbers
        s = replace(s, minutes_saved=s.minutes_saved + n["my_wait_flat"] - n["my_wait"])
    elif effect == "take_loan":
        amount, rate = answer.numbers["amount"], answer.numbers["rate"]
        base = answer.numbers["base_rate"]
        money += amount
        cost = amount * rate * BANK_DAYS / 365
        flat = amount * base * BANK_DAYS / 365
        s = replace(s, debt=amount + cost, debt_due=s.day + BANK_DAYS,
                    perks_received=s.perks_received + max(0.0, flat - cost),
                    perks_paid=s.perks_paid + max(0.0, cost - flat))
    elif effect == "loan_shark":
        money += LOAN_AMOUNT
        s = replace(s, shark_debt=LOAN_AMOUNT * (1 + SHARK_RATE), shark_due=s.day + LOAN_DAYS,
                    informal=True)
        flags.add("loan_shark")
    elif effect == "informal_work":
        money += INFORMAL_PAY
        s = replace(s, informal=True, informal_days=s.informal_days + (s.day,))
    elif effect == "repay_debt":
        money -= s.debt
        s = replace(s, debt=0.0, debt_due=0, court_due=0)
        flags.add("repaid")
    elif effect == "miss_repayment":
        # the choice's own events record the missed repayment; the creditor sues
        s = replace(s, debt_due=0, court_due=s.day + COURT_DAYS)
    elif effect == "cut_friend":
        kept = [f for f in s.friends if f.kept]
        lowest = max(kept, key=lambda f: f.tier)
        s = replace(s, friends=tuple(replace(f, kept=False) if f is lowest else f
                                     for f in s.friends))
        flags.add("cut_friend")
    elif effect == "buy_ticket":
        if answer.numbers["allowed"]:
            money -= TICKET_PRICE
            flags.add("travelled")
        else:
            flags.add("refused_train")
    elif effect == "apply_job":
        jobs = answer.numbers["jobs"] if answer else ()
        if any(ok for _, _, ok in jobs):
            s = replace(s, employment="hired")
            flags.add("hired")
        else:
            flags.add("no_job_open")
    records = [r for o in outcomes for r in o.records]
    s = replace(s, money=s.money + money, stress=int(np.clip(s.stress + choice.stress, 0, 100)),
                ledger=s.ledger.add(records), flags=frozenset(flags),
                choices=s.choices + ((s.day, m.id, choice.id),))
    step = Step(m.id, choice.id, tuple(outcomes), money, answer)
    return _advance(s, story, book, rng), step


def _advance(s: RunState, story: Story, book: RuleBook, rng) -> RunState:
    if s.slot + 1 < len(s.plan[s.day - 1]):
        return replace(s, slot=s.slot + 1)
    return end_day(s, story, book, rng)


def end_day(s: RunState, story: Story, book: RuleBook, rng) -> RunState:
    """Wages, living costs, debts, the association penalty; then the next morning."""
    c = story.citizens[s.citizen]
    income = c.income if s.employment != "unemployed" else 0.0
    if s.employment == "hired":
        income = HIRED_WAGE
    money = s.money + income - c.living_cost
    records = []
    low_friends = sum(1 for f in s.friends
                      if f.kept and f.tier >= book.tiers.index(book.association_tier))
    if low_friends and book.rules["association_low_tier"].points:
        records += apply_event(book, Event("association_low_tier", s.day, "", low_friends),
                               rng).records
    debt, due, court = s.debt, s.debt_due, s.court_due
    flags = set(s.flags)
    stress = s.stress
    if debt and due and s.day >= due:
        if money >= debt:
            money -= debt
            debt = 0.0
        else:  # a lawful creditor records the missed repayment and goes to court
            records += apply_event(book, Event("loan_default", s.day), rng).records
            court = s.day + COURT_DAYS
        due = 0
    elif debt and court and s.day >= court:
        # Still unpaid when the judgment's deadline passes: the court lists the
        # citizen as a judgment defaulter (FACTS.md: the Supreme People's Court list).
        records += apply_event(book, Event("court_defaulter", s.day), rng).records
        flags.add("court_listed")
        court = 0
    shark, shark_due = s.shark_debt, s.shark_due
    if shark and s.day >= shark_due:
        if money >= shark:
            money -= shark
            shark, shark_due = 0.0, 0
        else:  # the lender reports to no one: no record, only the debt and the fear
            flags.add("lender_unpaid")
            stress += 15
    stress += 10 if money < 0 else 0
    ledger = s.ledger.add(records)
    ledger = ledger.add(ledger.forgiveness(book, s.day, book.forgiveness))  # records fade
    s = replace(s, money=money, ledger=ledger, debt=debt, debt_due=due, court_due=court,
                shark_debt=shark, shark_due=shark_due, flags=frozenset(flags),
                stress=int(np.clip(stress, 0, 100)),
                daily_scores=s.daily_scores + (ledger.score,), day=s.day + 1, slot=0)
    if s.over:
        return s
    return _circumstances(s, story, book, rng)


def _circumstances(s: RunState, story: Story, book: RuleBook, rng) -> RunState:
    """On the first day of each week, the rules that score who you are."""
    if (s.day - 1) % 7:
        return s
    c = story.citizens[s.citizen]
    circ = list(c.circumstances)
    if s.employment == "hired" and "steady_job" not in circ:
        circ.append("steady_job")
    records = [r for rid in circ for r in apply_event(book, Event(rid, s.day), rng).records]
    return replace(s, ledger=s.ledger.add(records))


def ending(s: RunState, book: RuleBook) -> str:
    """Which ending the final state earns."""
    t = book.tiers.ids[tier(s, book)]
    if t == "D" or {"refused_train", "court_listed"} & s.flags:
        return "discredited"
    if off_the_books(s):
        return "off_the_books"
    if t in ("AAA", "AA"):
        return "model"
    return "ordinary"


def off_the_books(s: RunState) -> bool:
    """Shut out, not just once tempted: no money left, a lender's debt that cannot be
    repaid, or cash work, no contract, on several days."""
    return (s.money < 0 or (s.shark_debt > 0 and ("lender_unpaid" in s.flags
                                                  or s.money < s.shark_debt))
            or len(set(s.informal_days)) >= OFF_BOOKS_DAYS)


def pick(state: RunState, strategy: str, story: Story, answer, rng) -> str:
    """Autoplay: the choice a strategy makes at the current moment."""
    m = moment(state, story)
    open_choices = [c for c in m.choices if available(state, c, answer)[0]]
    if strategy == "random":
        return open_choices[int(rng.integers(len(open_choices)))].id
    # Each strategy's order of preference: a rule-keeper whose compliant choice is
    # closed takes the neutral one before cutting a corner, and vice versa.
    order = ("comply", "neutral", "cut") if strategy == "comply" else ("cut", "neutral", "comply")
    return min(open_choices, key=lambda c: order.index(c.style)).id
