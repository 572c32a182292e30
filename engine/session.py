"""One player's run in one living city: what the scenes and the autoplayer read.

Scenes never call the engine's parts directly: they read a `Session` and ask it
to `choose`. The session owns the seeded generator (so a seed replays the same
run) and the `Run` (engine/run.py), which lives in a `World` (engine/world.py):
the player is row 0 of the city and of its control city. It keeps each choice
as a `Turn` for the feed, the night pages and the debrief, and a copy of the
world as it was the morning the player arrived, so "other lives" replay the same
choices in the same living city. No pygame here: the autoplayer, tests and the
scenes share it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import loader
from .answers import FareBoard, fare_board
from .policy import Policy, apply_policy
from .rules import RuleBook
from .run import PLAYER, Run, RunState, Step, pick
from .score import Outcome, Record
from .story import Choice, Moment, Story

STRATEGIES = ("comply", "cut-corners", "random")


@dataclass(frozen=True)
class Turn:
    """One choice and everything that followed it, up to the next choice.

    `records` holds every ledger record added meanwhile: the choice's own, and, when
    the choice closed a day, the night's (association penalty, a missed repayment,
    the court, the registry's "who you are", records fading). `closed` lists the choices that were
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
    """A run in progress. `choose` is the only way the run moves on.

    `world`: an engine.world.World, grown or not (a session grows it to its
    warm-up first: the building scene does that over frames instead).

    `shadows`: other citizens who live this run's choices alongside it, each in a
    copy of the city as it was the morning this one arrived, a choice behind the
    player's (`follow`): the debrief's "same choices, other lives", with the work
    spread over the run instead of done in one frame at its end."""

    def __init__(self, data: GameData, citizen: str, days: int, seed: int, world,
                 shadows=(), remember: bool = True):
        if citizen not in data.story.citizens:
            raise KeyError(citizen)
        self.data = data
        self.seed = seed
        self.world = world
        if not world.ready:
            world.grow_to_arrival()
        # the city the morning the player arrived (a shadow needs none: it replays nobody)
        self.arrival = world.copy() if remember else None
        self.rng = np.random.default_rng(seed)
        self.run = Run(data.story, world, citizen, days, self.rng)
        self.steps: list[Step] = []
        self.turns: list[Turn] = []
        self.opening_records = self.run.opening  # the night before day 1
        self.shadows: dict[str, Session] = {}
        self._to_shadow = [c for c in shadows if c != citizen]  # made by `catch_up`
        self._shadow_cities: dict = {}  # a shadow's copy of the city, made a frame before it

    # --- reading -------------------------------------------------------------------
    @property
    def state(self) -> RunState:
        return self.run.state

    @property
    def answer(self):
        return self.run.answer

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def population(self):
        return self.world.city

    def moment(self) -> Moment:
        return self.run.moment()

    def options(self) -> list[tuple[Choice, bool, str]]:
        """The current moment's choices: (choice, open, message id of why not)."""
        return self.run.options()

    def tier(self) -> int:
        return self.run.tier()

    def tier_id(self) -> str:
        return self.data.book.tiers.ids[self.tier()]

    def ending(self) -> str:
        return self.run.ending()

    def ending_reason(self) -> str:
        """Why the run earned its ending (the message id end.why.<reason>)."""
        return self.run.ending_reason()

    def wage(self) -> float:
        return self.run.wage()

    def hired_wage(self) -> float:
        """What a job found at the job centre pays this citizen (their row's wage)."""
        return float(self.population.wage[PLAYER])

    # --- acting --------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        before, day, slot = self.state, self.state.day, self.state.slot
        moment = self.moment()
        choice = next(c for c in moment.choices if c.id == choice_id)
        closed = tuple((c.id, c.style, why) for c, ok, why in self.options() if not ok)
        step = self.run.choose(choice_id)
        self.steps.append(step)
        ended = self.state.day != day
        records = tuple(r for o in step.outcomes for r in o.records)
        if ended:
            records += self.run.night
        self.turns.append(Turn(day, slot, moment.id, choice_id, choice.style, step.money,
                               step, records, closed, before.score, before.money, ended))
        return step

    def catch_up(self, limit: int | None = None) -> bool:
        """Let the shadows make up to `limit` of the choices they are behind by (all
        with None); True while some are still behind. A scene calls this once a
        frame, so a night in four cities never falls in one frame. A lagging city's
        day (the control city of a night, engine/world.py) is a unit of its own."""
        left = limit

        def may() -> bool:  # one more unit of work this call?
            nonlocal left
            if left is None:
                return True
            left -= 1
            return left >= 0

        while self.world.lagging:
            if not may():
                return True
            self.world.settle(1)
        while self._to_shadow:  # a shadow arrives in its city: two units of work
            if not may():
                return True
            c = self._to_shadow[0]
            if c not in self._shadow_cities:  # the copy of the city first
                self._shadow_cities[c] = self.arrival.copy(reporting=False)
                continue
            self._to_shadow.pop(0)
            self.shadows[c] = Session(self.data, c, self.state.days, self.seed,
                                      self._shadow_cities.pop(c), remember=False)
        for shadow in self.shadows.values():
            # a shadow lives a day once this run has finished it (follow's rule)
            while shadow.world.lagging or not shadow.over and (
                    self.over or shadow.state.day < self.state.day):
                if not may():
                    return True
                if shadow.world.lagging:
                    shadow.world.settle(1)
                else:
                    shadow.choose(shadow.follow(self.turns))
        return False

    def can_end_early(self) -> bool:
        """A run may end before its last day at a morning after at least one whole
        day (a long run's other exit keeps the days played)."""
        return not self.over and self.state.slot == 0 and self.state.day > 1

    def end_early(self) -> None:
        """End the run after the days already lived, as if it had been that long:
        the ending, the debrief and the other lives read the days played. The
        shadows end with it (they follow the same turns to the same night)."""
        from dataclasses import replace

        if not self.can_end_early():
            raise ValueError("a run ends early only at a morning after a whole day")
        played = self.state.day - 1
        self.run.state = replace(self.state, days=played)
        for shadow in self.shadows.values():
            shadow.run.state = replace(shadow.state, days=played)

    def autopick(self, strategy: str) -> str:
        engine_strategy = "cut" if strategy == "cut-corners" else strategy
        return pick(self.state, engine_strategy, self.moment(), self.answer, self.rng)

    def follow(self, previous: list[Turn], strategy: str = "comply") -> str:
        """Replay: the choice another citizen's run made here, where possible.

        Only the other run's days up to this one count (so a life lived alongside,
        a day behind, chooses as a replay after the end would). The same moment met
        that day or earlier, with that choice open: the same choice (the latest
        time it was met). Otherwise an open choice of the same style as the one made
        in this slot of the day. Otherwise what `strategy` would pick.
        """
        day, slot, here = self.state.day, self.state.slot, self.moment().id
        open_ids = [c.id for c, ok, _ in self.options() if ok]
        known = [t for t in previous if t.day <= day]
        for turn in reversed(known):
            if turn.moment == here and turn.choice in open_ids:
                return turn.choice
        style = next((t.style for t in known if t.day == day and t.slot == slot), None)
        for choice, ok, _ in self.options():
            if ok and choice.style == style:
                return choice.id
        return self.autopick(strategy)

    def stage(self, moment_id: str, *, score_change: int = 0, money: float | None = None,
              listed: bool = False):
        """Put the run at a given moment (screenshots and tests only): today's
        current slot becomes that moment, row 0's score moves by `score_change` (as
        a recorded loan default or forgiveness, so the ledger law holds); `listed`
        puts row 0 on the court's list."""
        s = self.state
        if listed:
            for pop in self.world.cities.values():
                pop.listed[PLAYER] = True
            s = replace(s, flags=s.flags | {"court_listed"})
        today = list(s.plan[s.day - 1])
        today[s.slot] = moment_id
        plan = s.plan[:s.day - 1] + (tuple(today),) + s.plan[s.day:]
        if score_change:
            rule = self.data.book.rule("loan_default" if score_change < 0 else "forgiveness")
            for pop in self.world.cities.values():
                pop.grant(PLAYER, [Record(s.day, rule.id, rule.message, rule.kind,
                                          score_change, "source.records", "", "", 1)])
        ledger = self.population.ledger(PLAYER).add(s.pending)
        self.run.state = replace(s, plan=plan, ledger=ledger,
                                 money=s.money if money is None else money)
        self.run.answer = self.run._answer()
        return self

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

    def fares_today(self) -> FareBoard:
        """Today's fare board and this citizen's receipt (for the debrief)."""
        return fare_board(self.population, PLAYER)

    def points_by_kind(self) -> dict[str, int]:
        out = {"act": 0, "circumstance": 0, "association": 0, "system": 0}
        for r in self.state.ledger.records:
            out[r.kind] = out.get(r.kind, 0) + r.delta
        return out

    def score_parts(self) -> dict[str, int]:
        """The one decomposition of the score every screen shows: start + what you
        did (acts, and the friends you kept) + who you are (the registry) + records
        fading (the policy's forgiveness) = the score."""
        kinds = self.points_by_kind()
        return {"start": self.state.ledger.start,
                "did": kinds["act"] + kinds["association"],
                "who": kinds["circumstance"],
                "fading": kinds["system"]}

    # --- the autoplay contract -------------------------------------------------------
    def tier_change(self, before: int) -> dict | None:
        """What a change of tier since the score `before` changed for this citizen,
        at today's prices (the city's answers for the old tier and the new one), or
        None when the tier is the same: the fare, the bank's rate (None: refused),
        the jobs open, a train ticket."""
        from .city import open_jobs

        book, pop = self.data.book, self.population
        old, new = book.tiers.index_of_score(before), self.tier()
        if old == new:
            return None
        fares, rates = pop.board.price, pop.loan_prices().price
        refused = book.perks.loans.refused
        train = book.perks.travel_refused.get("train", (False,) * len(book.tiers.ids))

        def at(t):
            return {"fare": float(fares[t]), "rate": None if refused[t] else float(rates[t]),
                    "jobs": sum(ok for _, ok in open_jobs(book.perks, t)),
                    "train": not train[t]}

        return {"old": book.tiers.ids[old], "new": book.tiers.ids[new],
                "before": at(old), "after": at(new)}

    def street(self):
        """The informal economy around the player tonight beside the morning they
        arrived (engine.answers.Street), or None for a session that keeps no arrival."""
        from .answers import street
        from .world import PLAYER

        if self.arrival is None:
            return None
        return street(self.arrival.city, self.population, PLAYER)

    def report(self) -> dict:
        """What the debrief shows about everyone else: the city beside its control
        city, from the reporters every other screen uses (engine/metrics.py)."""
        city, control = self.world.summary("city"), self.world.summary("control")
        return {
            "tier_counts": list(city["final"]["tier_counts"].values()),
            "informal_share": city["final"]["informal_share"],
            "control_informal_share": control["final"]["informal_share"],
            "composition": city["composition"],
            "mean_ties": city["final"]["mean_ties"],
            "control_mean_ties": control["final"]["mean_ties"],
            "citizens": self.population.n,
            "daily_informal_share": city["daily"]["informal_share"],
            "control_daily_informal_share": control["daily"]["informal_share"],
            "fare_by_tier": city["final"]["fare_by_tier"],
            "hospital_wait_by_tier": city["final"]["hospital_wait_by_tier"],
            "listed": self.population.listed.sum().item(),
        }

    def replay_as(self, citizen: str) -> "Session":
        """These choices lived by another citizen, in the same city from the same
        morning (a copy of the world as it was when this run arrived): the shadow
        that lived them alongside, or a replay now."""
        if citizen in self._to_shadow or citizen in self.shadows:
            self.catch_up()
        other = self.shadows.get(citizen)
        if other is None:
            other = Session(self.data, citizen, self.state.days, self.seed,
                            self.arrival.copy())
        while not other.over:
            other.choose(other.follow(self.turns))
        return other

    def summary(self, strategy: str) -> dict:
        s = self.state
        records = s.ledger.records
        parts = self.score_parts()
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
            # score_parts: final_score = start + who + did + fading, on every screen
            "who_you_are_points": parts["who"],
            "what_you_did_points": parts["did"],
            "records_fading_points": parts["fading"],
            "who_you_know_points": sum(r.delta for r in records if r.kind == "association"),
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
            "moments": [m for _, m, _ in s.choices],  # the moments met, in order
        }
