"""One citizen's run: days of moments, lived as row 0 of a living city.

The player is not modelled beside the population: they are row 0 of it (and of
its control city). Every figure a moment shows is the population's answer for
row 0 that morning (engine/answers.py); a choice's points are the records the
day step will write for row 0 on the morning's draws (`Population.preview`); at
night the city steps with row 0 doing exactly the day's choices (engine/bridge.py)
and the player's ledger *is* row 0's ledger. The run keeps only what the day
step has no draw for: the wallet of the citizen card, its debts and due dates,
the moments met and the choices made.

`RunState` is a frozen value; `Run` owns it and the world and is the only way a
run moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import answers
from .bridge import EFFECTS, choice_acts, day_forcing, moment_acts
from .rules import RuleBook
from .score import Event, Ledger, Outcome, Record, detection_probability
from .story import Choice, Moment, Story

from .world import PLAYER  # the player's row in the city and in its control city


@dataclass(frozen=True)
class Step:
    """Everything one choice caused, for the scene to animate and the feed to list."""

    moment: str
    choice: str
    outcomes: tuple[Outcome, ...]  # each rule the choice triggered: seen or not, records
    money: float  # change in money
    answer: object | None  # the city's answer the moment showed (engine/answers.py)


@dataclass(frozen=True)
class RunState:
    citizen: str
    days: int
    day: int  # 1-based; days + 1 once the run is over
    plan: tuple[tuple[str, ...], ...]  # moment ids for each day
    slot: int  # index into today's moments
    money: float
    stress: int
    ledger: Ledger  # row 0's ledger, with today's choices' records not yet written
    employment: str
    friends: tuple[tuple[str, int], ...] = ()  # (friend id, row in the city)
    informal: bool = False  # touched the informal economy (cash work, the lender)
    debt: float = 0.0  # yuan owed to a lawful creditor (the bank, a card's lender)
    debt_due: int = 0  # day it falls due; 0 once paid or missed
    shark_debt: float = 0.0  # yuan owed to the informal lender
    shark_due: int = 0
    informal_days: tuple[int, ...] = ()  # days worked off the books
    perks_received: float = 0.0  # yuan of discounts received
    perks_paid: float = 0.0  # yuan of surcharges paid
    minutes_saved: float = 0.0  # queue minutes gained (+) or lost (−) to priority
    choices: tuple[tuple[int, str, str], ...] = ()  # (day, moment, choice)
    flags: frozenset = frozenset()  # things that happened: "refused_train", …
    daily_scores: tuple[int, ...] = ()  # score at the end of each day
    pending: tuple[Record, ...] = ()  # today's choices' records, written by the night

    @property
    def over(self) -> bool:
        return self.day > self.days

    @property
    def score(self) -> int:
        return self.ledger.score

    def moment_id(self) -> str | None:
        return None if self.over else self.plan[self.day - 1][self.slot]


SLOTS = ("morning", "day", "evening")


def _fixed(mine, card, day: int, days: int, finale: str) -> bool:
    """Whether `day` has a moment that does not come from the pool."""
    weekday = (day - 1) % 7 + 1
    return (day == days or (card.debt and day == card.debt_due and any(m.due for m in mine))
            or any(m.anchor == weekday and not m.due and (not m.once or day <= 7)
                   for m in mine))


def plan_days(story: Story, citizen: str, days: int, rng: np.random.Generator):
    """Which moments fall on which day.

    The finale closes the last day, whatever the run's length. A starting debt is
    asked for on the morning it falls due. Anchored moments fall on their weekday —
    the `once` ones (a loan desk, a job board, a bill) only in the first week, so a
    later week is not the first one again. The pool fills the other slots: never a
    moment already met this week, spread so that every day of the week has one
    (a day with less to do is better than a chore), and never one that shares an
    act with a moment already that day (the city records an act once a day). Only
    a day the pool can give nothing new at all meets a moment again (a run longer
    than the story has moments for).
    """
    c = story.citizens[citizen]
    moments = story.moments
    mine = [m for m in moments.values()
            if (not m.citizens or citizen in m.citizens) and m.id != story.finale]
    plan: list[tuple[str, ...]] = []
    for day in range(1, days + 1):
        weekday = (day - 1) % 7 + 1
        week_start = (day - 1) // 7 * 7
        week = {m for d in plan[week_start:] for m in d}  # met this week
        today: dict[str, str] = {}  # slot → moment id
        for slot in SLOTS:
            due = [m.id for m in mine if m.due and m.slot == slot]
            anchored = [m.id for m in mine if m.slot == slot and m.anchor == weekday
                        and not m.due and (not m.once or day <= 7)]
            if day == days and slot == "evening":
                today[slot] = story.finale
            elif due and c.debt and day == c.debt_due:
                today[slot] = due[0]
            elif anchored:
                today[slot] = anchored[0]

        def fits(m, used) -> bool:
            taken = set().union(*(moment_acts(moments[x]) for x in today.values()))
            return m.slot not in today and not moment_acts(m) & taken and m.id not in used

        pool = [m for m in mine if m.anchor == 0 and not m.due]
        unused = [m for m in pool if m.id not in week]
        days_left = min(7 - (day - 1) % 7, days - day + 1)
        # keep one new moment for each later day of the week that has nothing fixed
        bare = sum(1 for d in range(day + 1, day + days_left)
                   if not _fixed(mine, c, d, days, story.finale))
        want = 1 if not today else max(0, -(-(len(unused) - bare) // days_left))
        for _ in range(want):
            open_ = [m for m in unused if fits(m, set(today.values()))]
            if not open_:
                break
            m = open_[int(rng.integers(len(open_)))]
            today[m.slot] = m.id
        if not today:  # nothing new left this week: the least recently met fits
            seen = [m for d in plan for m in d]
            again = sorted((m for m in pool if fits(m, set())),
                           key=lambda m: max((i for i, x in enumerate(seen) if x == m.id),
                                             default=-1))
            if again:
                today[again[0].slot] = again[0].id
        plan.append(tuple(today[slot] for slot in SLOTS if slot in today))
    return tuple(plan)


def available(state: RunState, choice: Choice, answer) -> tuple[bool, str]:
    """Whether a choice can be taken now, and the message id of the reason if not."""
    borrowing = choice.effect in ("take_loan", "loan_shark")
    if choice.money < 0 and not borrowing and state.money + choice.money < 0:
        return False, "reason.no_money"
    why = EFFECTS[choice.effect].closed(state, answer)
    return not why, why


# Why a run ends as it does (end.why.<reason>), in the order it is decided, and the
# ending each reason earns. Discredited: the court's list, a refused ticket, tier D.
# Off the books — shut out, not just once tempted: no money left, a lender's debt
# that cannot be repaid, cash work on several days. Model: a top tier.
REASONS = (("court_listed", "discredited"), ("refused_train", "discredited"),
           ("tier_d", "discredited"), ("money", "off_the_books"), ("lender", "off_the_books"),
           ("cash_work", "off_the_books"), ("top_tier", "model"), ("neither", "ordinary"))


def ending_reason(s: RunState, book: RuleBook, dealings) -> str:
    t = book.tiers.ids[book.tiers.index_of_score(s.score)]
    holds = {
        "court_listed": "court_listed" in s.flags,
        "refused_train": "refused_train" in s.flags,
        "tier_d": t == "D",
        "money": s.money < 0,
        "lender": s.shark_debt > 0 and ("lender_unpaid" in s.flags or s.money < s.shark_debt),
        "cash_work": len(set(s.informal_days)) >= dealings.off_books_days,
        "top_tier": t in ("AAA", "AA"),
        "neither": True,
    }
    return next(reason for reason, _ in REASONS if holds[reason])


def ending(state: RunState, book: RuleBook, dealings) -> str:
    """Which ending the final state earns."""
    return dict(REASONS)[ending_reason(state, book, dealings)]


def pick(state: RunState, strategy: str, moment: Moment, answer, rng) -> str:
    """Autoplay: the choice a strategy makes at the current moment."""
    open_choices = [c for c in moment.choices if available(state, c, answer)[0]]
    if strategy == "random":
        return open_choices[int(rng.integers(len(open_choices)))].id
    # Each strategy's order of preference: a rule-keeper whose compliant choice is
    # closed takes the neutral one before cutting a corner, and vice versa.
    order = ("comply", "neutral", "cut") if strategy == "comply" else ("cut", "neutral", "comply")
    return min(open_choices, key=lambda c: order.index(c.style)).id


class Run:
    """A citizen's run in a world (engine/world.py) grown to the day they arrive.

    Arriving: row 0 of every city becomes the citizen (`Population.admit`), the
    card's friends become contacts in the tiers the card names, and the night
    before day 1 passes (the registry's monthly "who you are" points fall on it
    when the world's warm-up ends the day before a registry day)."""

    def __init__(self, story: Story, world, citizen: str, days: int,
                 rng: np.random.Generator):
        self.story, self.world, self.rng = story, world, rng
        self.book = world.city.book  # the rule book as the policy runs it
        self.dealings = world.assumptions.dealings
        card = story.citizens[citizen]
        named = world.admit(card)
        self.state = RunState(citizen, days, 1, plan_days(story, citizen, days, rng), 0,
                              card.money, card.stress, self.city.ledger(PLAYER),
                              card.employment, tuple(named.items()), debt=card.debt,
                              debt_due=card.debt_due, informal=card.employment == "informal")
        self.night: tuple[Record, ...] = ()  # the last night's records (not a choice's)
        self.opening = self._night((), arriving=True)  # the night before day 1
        self.answer = self._answer()

    @property
    def city(self):
        return self.world.city

    def moment(self) -> Moment:
        return self.story.moments[self.state.moment_id()]

    def tier(self) -> int:
        return self.book.tiers.index_of_score(self.state.score)

    def wage(self) -> float:
        """Today's pay: the card's income, a hired citizen's formal wage, or none."""
        if self.state.employment == "hired":
            return float(self.city.wage[PLAYER])
        if self.state.employment == "unemployed":
            return 0.0
        return self.story.citizens[self.state.citizen].income

    def options(self) -> list[tuple[Choice, bool, str]]:
        """The current moment's choices: (choice, open, message id of why not)."""
        return [(c, *available(self.state, c, self.answer)) for c in self.moment().choices]

    def _answer(self):
        if self.state.over:
            return None
        return answers.answer(self.moment().service, self.city, PLAYER, self.dealings,
                              dict(self.state.friends))

    # --- a choice --------------------------------------------------------------------

    def choose(self, choice_id: str) -> Step:
        """Apply one choice at the current moment; move to the next moment or day."""
        s, m = self.state, self.moment()
        choice = next(c for c in m.choices if c.id == choice_id)
        ok, reason = available(s, choice, self.answer)
        if not ok:
            raise ValueError(f"choice '{choice_id}' is not available: {reason}")
        outcomes = self._outcomes(choice, m)
        s, money = EFFECTS[choice.effect].does(s, self.answer, self.dealings)
        money += choice.money
        records = [r for o in outcomes for r in o.records]
        s = replace(s, money=s.money + money,
                    stress=int(np.clip(s.stress + choice.stress, 0, 100)),
                    ledger=s.ledger.add(records), pending=s.pending + tuple(records),
                    choices=s.choices + ((s.day, m.id, choice.id),))
        step = Step(m.id, choice.id, tuple(outcomes), money, self.answer)
        self.state = s
        if s.slot + 1 < len(s.plan[s.day - 1]):
            self.state = replace(s, slot=s.slot + 1)
        else:
            self.night = self._night(self.todays_choices())
        self.answer = self._answer()
        return step

    def _outcomes(self, choice: Choice, m: Moment) -> list[Outcome]:
        """Each rule the choice triggers: seen or not, with the records the city will
        write for it tonight (the day step's own verbs on this morning's draws)."""
        acts = choice_acts(choice)
        recs = self.city.preview(PLAYER, acts, {r: m.place for r in choice.events})
        out = []
        for rule in choice.events:
            event = Event(rule, self.state.day, m.place)
            mine = tuple(r for r in recs if r.rule == rule)
            seen = bool(mine) or self.book.rule(rule).points == 0
            out.append(Outcome(event, seen, detection_probability(self.book, event),
                               tuple(replace(r, day=self.state.day) for r in mine)))
        return out

    def todays_choices(self) -> list[tuple[Choice, str]]:
        s = self.state
        return [(next(c for c in self.story.moments[mid].choices if c.id == cid),
                 self.story.moments[mid].place)
                for day, mid, cid in s.choices if day == s.day]

    # --- the night ---------------------------------------------------------------------

    def _night(self, chosen, arriving: bool = False) -> tuple[Record, ...]:
        """Wages and living costs, debts falling due; then the city steps, row 0 doing
        the day's choices; row 0's ledger becomes the run's. Returns the night's
        records (row 0's records not written by a choice)."""
        s = self.state
        card = self.story.citizens[s.citizen]
        money = s.money if arriving else s.money + self.wage() - card.living_cost
        extra, flags, stress = {}, set(s.flags), s.stress
        debt, due = s.debt, s.debt_due
        if not arriving and debt and due and s.day >= due:
            if money >= debt:  # paid on the day: the debt is made good
                money -= debt
                debt, due = 0.0, 0
                extra["repaid"] = True
            else:  # a lawful creditor records the missed repayment (the court's rule follows)
                extra["loan_default"] = True
                due = 0
        shark, shark_due = s.shark_debt, s.shark_due
        if not arriving and shark and s.day >= shark_due:
            if money >= shark:
                money -= shark
                shark, shark_due = 0.0, 0
            else:  # the lender reports to no one: no record, only the debt and the fear
                flags.add("lender_unpaid")
                stress += 15
        stress += 10 if money < 0 else 0
        acts, places = day_forcing([c for c, _ in chosen], [p for _, p in chosen], s, extra)
        before = len(self.city.ledger(PLAYER).records)
        self.world.step_lagging({PLAYER: acts}, {PLAYER: places})  # the control city later
        ledger = self.city.ledger(PLAYER)
        night = _without(ledger.records[before:], s.pending)
        if self.city.listed[PLAYER]:
            flags.add("court_listed")
        s = replace(s, money=money, debt=debt, debt_due=due, shark_debt=shark,
                    shark_due=shark_due, flags=frozenset(flags),
                    stress=int(np.clip(stress, 0, 100)), ledger=ledger, pending=())
        if not arriving:
            s = replace(s, daily_scores=s.daily_scores + (ledger.score,), day=s.day + 1,
                        slot=0)
        self.state = s
        def morning(pop):  # row 0 has the run's wallet
            pop.set_row(PLAYER, savings=money, debt=debt, stress=s.stress)
            pop.begin_day()

        self.world.mornings(morning)
        return tuple(night)

    def ending(self) -> str:
        return ending(self.state, self.book, self.dealings)

    def ending_reason(self) -> str:
        return ending_reason(self.state, self.book, self.dealings)


def _without(records, written) -> list[Record]:
    """`records` less one match of each of `written` (the same rule and points)."""
    left = list(written)
    out = []
    for r in records:
        match = next((w for w in left if w.rule == r.rule and w.delta == r.delta), None)
        if match is None:
            out.append(r)
        else:
            left.remove(match)
    return out
