"""One visitor's time at the game: what every scene of a play-through shares.

Why a value passed from scene to scene (and not state on the app): a scene gets
what it needs through its constructor (STYLE: "pass data through constructors").
The visit carries the loaded rules and story, the run length and seed, the
visitor's prediction, and the runs already played, so the debrief can set "you as
Hao" beside "the same choices as Min". It is frozen: a scene that learns something
(the prediction, a finished run) hands the next scene a `replace`d copy.

`instant` is for the autoplayer and tests: animations are finished the moment they
start, so a run goes through every real scene without waiting for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from ..session import STRATEGIES, GameData, Session, Turn
from ..sound import SILENT, Sounds

PREDICTIONS = ("rule_breakers", "young_men", "anyone", "old_poor")  # prediction.<id>
POLL_ANSWERS = ("fair", "fair_for_some", "unfair", "not_sure")  # poll.<id>
CITIZENS = ("courier", "civil-servant", "retiree", "graduate")  # the card's order
RUN_LENGTHS = ("short", "full")


@lru_cache(maxsize=4)
def _game_data(policy: str) -> GameData:
    """The rules and story, read and checked once per process: a kiosk starts a
    visit every few minutes all day, and the data files do not change under it."""
    return GameData.load(policy)


@dataclass(frozen=True)
class PastRun:
    """A finished run, kept for comparison and replay."""

    citizen: str
    summary: dict  # Session.summary()
    turns: tuple[Turn, ...]
    replay_of: str = ""  # the citizen whose choices it repeated, if a replay


def _default_city(seed: int, policy: str):
    from ..city import make_city

    return make_city(seed, policy)


@dataclass(frozen=True)
class Visit:
    data: GameData
    days: int = 7
    seed: int = 1
    policy: str = "default"
    instant: bool = False  # animations skipped (autoplay, tests)
    sound: Sounds = SILENT
    prediction: str = ""  # one of PREDICTIONS, once answered
    poll: str = ""  # one of POLL_ANSWERS, once answered after the first run ("": skipped)
    runs: tuple[PastRun, ...] = ()  # finished runs, oldest first
    follow: PastRun | None = None  # a replay: the run whose choices this one repeats
    kiosk: bool = False  # a museum kiosk: the run's length is the kiosk's, no keyboard hints
    city_factory: Callable = field(default=_default_city, repr=False)

    @classmethod
    def start(cls, *, days: int | None = None, seed: int = 1, policy: str = "default",
              instant: bool = False, sound: Sounds = SILENT,
              city_factory: Callable | None = None) -> "Visit":
        data = _game_data(policy)
        return cls(data, days or data.story.short_days, seed, policy, instant, sound,
                   city_factory=city_factory or _default_city)

    @property
    def run_length(self) -> str:
        return "full" if self.days >= self.data.story.full_days else "short"

    def with_length(self, length: str) -> "Visit":
        story = self.data.story
        return replace(self, days=story.full_days if length == "full" else story.short_days)

    def new_city(self):
        return self.city_factory(self.seed, self.policy)

    def new_session(self, citizen: str, city=None) -> Session:
        """A run for `citizen`, in `city` (one prepared already) or a new one, with
        the other citizens living its choices alongside (the debrief's other lives)."""
        world = city if city is not None else self.new_city()
        world.lag = True  # a night's control city is stepped in the next frame (catch_up)
        return Session(self.data, citizen, self.days, self.seed, world, shadows=CITIZENS)

    def finished(self, session: Session, strategy: str = "player") -> "Visit":
        run = PastRun(session.state.citizen, session.summary(strategy),
                      tuple(session.turns), self.follow.citizen if self.follow else "")
        return replace(self, runs=self.runs + (run,), follow=None)

    def fresh(self) -> "Visit":
        """The next visitor: same settings, nothing remembered."""
        return replace(self, prediction="", poll="", runs=(), follow=None)


def shadow_runs(session: Session) -> dict[str, dict]:
    """The same choices, replayed (without scenes) by every other citizen, in the
    same living city from the same morning: the debrief's "same choices, other
    lives"."""
    return {citizen: session.replay_as(citizen).summary("replay")
            for citizen in CITIZENS if citizen != session.state.citizen}


__all__ = ["CITIZENS", "POLL_ANSWERS", "PREDICTIONS", "PastRun", "RUN_LENGTHS", "STRATEGIES", "Visit",
           "shadow_runs"]
