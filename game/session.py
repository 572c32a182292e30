"""One player's run in one city: the glue between the engine and the scenes.

Scenes never call the engine directly: they read a `Session` and ask it to
`choose`. The session owns the seeded generator (so a seed replays the same run),
the citizen's `RunState`, and the city around them (`city`, anything with
`today() -> CityToday` and `advance(day)`), which the population drives. It has
no pygame in it, so the autoplayer and tests use it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import loader
from engine.policy import Policy, apply_policy
from engine.rules import RuleBook
from engine.run import (Answer, CityToday, RunState, Step, answer_for, available, choose,
                        ending, new_run, pick, tier)
from engine.story import Choice, Moment, Story

STRATEGIES = ("comply", "cut-corners", "random")


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
        day = self.state.day
        self.state, step = choose(self.state, choice_id, self.data.story, self.data.book,
                                  self.today(), self.answer, self.rng)
        self.steps.append(step)
        if self.state.day != day:
            self.city.advance(self.state.day)
        self.answer = None if self.over else self._answer()
        return step

    def autopick(self, strategy: str) -> str:
        engine_strategy = "cut" if strategy == "cut-corners" else strategy
        return pick(self.state, engine_strategy, self.data.story, self.answer, self.rng)

    def _answer(self) -> Answer | None:
        return answer_for(self.state, self.data.story, self.data.book, self.today(), self.rng)

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
            "daily_scores": list(s.daily_scores),
            "choices": [f"{d}:{m}:{c}" for d, m, c in s.choices],
        }
