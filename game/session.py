"""One player's run in one city: the glue between the engine and the scenes.

Scenes never call the engine directly: they read a `Session` and ask it to
`choose`. The session owns the seeded generator (so a seed replays the same run),
the citizen's `RunState`, and the city around them (`city`, anything with
`today() -> CityToday` and `advance(day)`), which the population drives. It has
no pygame in it, so the autoplayer and tests use it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine import loader
from engine.policy import Policy, apply_policy
from engine.rules import RuleBook
from engine.run import (Answer, CityToday, RunState, Step, answer_for, available, choose,
                        ending, fare_quote, new_run, pick, tier)
from engine.score import Outcome, Record
from engine.story import Choice, Moment, Story

STRATEGIES = ("comply", "cut-corners", "random")


@dataclass(frozen=True)
class Turn:
    """One choice and everything that followed it, up to the next choice.

    `records` holds every ledger record added meanwhile: the choice's own, and, when
    the choice closed a day, the night's (association penalty, a missed repayment)
    and the next week's who-you-are records. `closed` lists the choices that were
    not open, with the message id of why: the debrief counts rule-keeping choices a
    citizen could not afford.
    """

    day: int
    slot: int  # index of the moment in its day
    moment: str
    choice: str
    style: str  # comply | cut | neutral
    money: float  # the choice's own change in money
    step: Step
    records: tuple[Record, ...]
    closed: tuple[tuple[str, str, str], ...]  # (choice id, style, reason id)
    score_before: int
    money_before: float
    ended_day: bool  # this choice was the day's last: a night passed

    @property
    def unseen(self) -> tuple[Outcome, ...]:
        """Acts nobody saw (this time)."""
        return tuple(o for o in self.step.outcomes if not o.seen)


@dataclass(frozen=True)
class GameData:
    """Everything loaded and validated once at start-up."""

    book: RuleBook  # the rule book as the policy runs it
    raw_book: RuleBook  # the rule book as written (the control city starts from it)
    policy: Policy
    story: Story

    @classmethod
    def load(cls, policy: str = "default") -> "GameData":
        raw = loader.load_rulebook()
        pol = loader.load_policy(policy, raw)
        return cls(apply_policy(raw, pol), raw, pol, loader.load_story(raw))


class Session:
    """A run in progress. `choose` is the only way the run moves on."""

    def __init__(self, data: GameData, citizen: str, days: int, seed: int, city):
        if citizen not in data.story.citizens:
            raise KeyError(citizen)
        self.data = data
        self.seed = seed
        self.city = city
        self.rng = np.random.default_rng(seed)
        self.state: RunState = new_run(data.story, data.book, citizen, days, self.rng)
        self.steps: list[Step] = []
        self.turns: list[Turn] = []
        self.opening_records = self.state.ledger.records  # day 1's who-you-are records
        self._today_choices: list[Choice] = []  # today's choices, for the city's row 0
        join = getattr(city, "join", None)
        if join is not None:  # the player becomes row 0 of the city's population
            join(data.story.citizens[citizen])
        self.answer: Answer | None = self._answer()

    # --- reading -------------------------------------------------------------------
    @property
    def over(self) -> bool:
        return self.state.over

    def today(self) -> CityToday:
        return self.city.today()

    def moment(self) -> Moment:
        return self.data.story.moments[self.state.moment_id()]

    def options(self) -> list[tuple[Choice, bool, str]]:
        """The current moment's choices: (choice, open, message id of why not)."""
        return [(c, *available(self.state, c, self.answer)) for c in self.moment().choices]

    def tier(self) -> int:
        return tier(self.state, self.data.book)

    def tier_id(self) -> str:
        return self.data.book.tiers.ids[self.tier()]

    def ending(self) -> str:
        return ending(self.state, self.data.book)

    # --- acting --------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        before, day, slot = self.state, self.state.day, self.state.slot
        moment = self.moment()
        choice = next(c for c in moment.choices if c.id == choice_id)
        closed = tuple((c.id, c.style, why) for c, ok, why in self.options() if not ok)
        self.state, step = choose(self.state, choice_id, self.data.story, self.data.book,
                                  self.today(), self.answer, self.rng)
        self.steps.append(step)
        self._today_choices.append(choice)
        if self.state.day != day:
            self.city.advance(self.state.day, tuple(self._today_choices))
            self._today_choices = []
        self.answer = None if self.over else self._answer()
        self.turns.append(Turn(day, slot, moment.id, choice_id, choice.style, step.money,
                               step, self.state.ledger.records[len(before.ledger.records):],
                               closed, before.score, before.money, self.state.day != day))
        return step

    def autopick(self, strategy: str) -> str:
        engine_strategy = "cut" if strategy == "cut-corners" else strategy
        return pick(self.state, engine_strategy, self.data.story, self.answer, self.rng)

    def follow(self, previous: list[Turn], strategy: str = "comply") -> str:
        """Replay: the choice another citizen's run made here, where possible.

        The same moment on the same day with that choice open: the same choice.
        Otherwise an open choice of the same style as the one made in this slot of
        the day. Otherwise what `strategy` would pick.
        """
        day, slot, here = self.state.day, self.state.slot, self.moment().id
        open_ids = [c.id for c, ok, _ in self.options() if ok]
        for turn in previous:
            if turn.day == day and turn.moment == here and turn.choice in open_ids:
                return turn.choice
        style = next((t.style for t in previous if t.day == day and t.slot == slot), None)
        for choice, ok, _ in self.options():
            if ok and choice.style == style:
                return choice.id
        return self.autopick(strategy)

    def stage(self, moment_id: str, *, score_change: int = 0, money: float | None = None):
        """Put the run at a given moment (screenshots and tests only): today's
        current slot becomes that moment, the score moves by `score_change` (as a
        recorded loan default or forgiveness, so the ledger law holds)."""
        s = self.state
        today = list(s.plan[s.day - 1])
        today[s.slot] = moment_id
        plan = s.plan[:s.day - 1] + (tuple(today),) + s.plan[s.day:]
        ledger = s.ledger
        if score_change:
            rule = "loan_default" if score_change < 0 else "forgiveness"
            r = self.data.book.rule(rule)
            ledger = ledger.add([Record(s.day, r.id, r.message, r.kind, score_change,
                                        "source.records", "", "", 1)])
        self.state = replace(s, plan=plan, ledger=ledger,
                             money=s.money if money is None else money)
        self.answer = self._answer()
        return self

    def _answer(self) -> Answer | None:
        return answer_for(self.state, self.data.story, self.data.book, self.today(), self.rng)

    # --- what the debrief explains ----------------------------------------------------
    def kept_rules_cost(self) -> float:
        """Yuan the citizen gave up to keep a rule or earn points: docked pay for
        waiting at a red light, a bill paid before food, a fare paid, a donation.
        A spend counts when the choice earns points or its alternative breaks a
        rule; a train ticket or a dinner does not."""
        return -sum(t.money for t in self.turns
                    if t.style == "comply" and t.money < 0 and self._about_rules(t))

    def _about_rules(self, turn: Turn) -> bool:
        book = self.data.book
        moment = self.data.story.moments[turn.moment]
        chosen = next(c for c in moment.choices if c.id == turn.choice)
        earns = any(book.rule(r).points > 0 for r in chosen.events)
        breaks = any(book.rule(r).points < 0 for c in moment.choices if c is not chosen
                     for r in c.events)
        return earns or breaks

    def spare_money(self) -> float:
        """What the run's days left above living costs at the citizen's starting
        income: the money there was to spend on keeping rules."""
        c = self.data.story.citizens[self.state.citizen]
        return (c.income - c.living_cost) * self.state.days

    def chances_to_earn(self) -> int:
        """Moments met that offered a choice scoring points in the citizen's favour."""
        book, moments = self.data.book, self.data.story.moments
        return sum(1 for t in self.turns
                   if any(book.rule(r).points > 0 for c in moments[t.moment].choices
                          for r in c.events))

    def rule_keeping_closed(self) -> list[Turn]:
        """Turns where a rule-keeping choice was closed for want of money."""
        return [t for t in self.turns
                if any(style == "comply" and why == "reason.no_money"
                       for _, style, why in t.closed)]

    def fares_today(self) -> Answer:
        """Today's fare board and this citizen's receipt (for the debrief)."""
        return fare_quote(self.data.book, self.today(), self.tier())

    def points_by_kind(self) -> dict[str, int]:
        out = {"act": 0, "circumstance": 0, "system": 0}
        for r in self.state.ledger.records:
            out[r.kind] = out.get(r.kind, 0) + r.delta
        return out

    # --- the autoplay contract -------------------------------------------------------
    def summary(self, strategy: str) -> dict:
        s = self.state
        records = s.ledger.records
        return {
            "citizen": s.citizen,
            "strategy": strategy,
            "seed": self.seed,
            "days": s.days,
            "policy": self.data.policy.id,
            "final_score": s.score,
            "final_tier": self.tier_id(),
            "ending": self.ending(),
            "score_records": len(records),
            "score_delta_from_records": sum(r.delta for r in records),
            "who_you_are_points": sum(r.delta for r in records if r.kind == "circumstance"),
            "what_you_did_points": sum(r.delta for r in records if r.kind == "act"),
            "money": round(s.money, 2),
            "perks_received": round(s.perks_received, 2),
            "perks_paid": round(s.perks_paid, 2),
            "queue_minutes_saved": s.minutes_saved,
            "informal": s.informal,
            "informal_days": len(s.informal_days),
            "court_listed": "court_listed" in s.flags,
            "debt": round(s.debt, 2),
            "informal_debt": round(s.shark_debt, 2),
            "daily_scores": list(s.daily_scores),
            "kept_rules_cost": round(self.kept_rules_cost(), 2),
            "rule_keeping_closed": len(self.rule_keeping_closed()),
            "spare_money": round(self.spare_money(), 2),
            "chances_to_earn": self.chances_to_earn(),
            "choices": [f"{d}:{m}:{c}" for d, m, c in s.choices],
        }
