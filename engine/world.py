"""One runner for a city and its control city: simulate, the game and the sandbox.

Why two cities: every comparison the game makes about consequences (the informal
economy, ties, tier D) holds the people fixed and changes only the policy: the
control city (policy `none`) is grown from the same seed, so it has the same
citizens, the same draws, and a score with no consequences. Why one runner: the
command line, the player's run, the debrief and the classroom sandbox must show
the same numbers, so they build, grow and step cities through this class and
read them through the same reporters (engine/metrics.py).

The work comes in units small enough for a frame: `growing` yields after each
city-day, `step_city` steps one city, so a scene can spread a warm-up or a day of
a million citizens over frames and never block its loop. A player's night in the
game steps the city at once and lets the control city lag (`lag`,
`step_lagging`): its day waits until a frame settles it (`settle`) or anything
reads it (`cities`, `control`, `collectors`, `summary` settle first), so a choice
that closes a day costs one city-day in its frame, not two, and every figure
read is the same.
"""

from __future__ import annotations

import copy

import numpy as np
# numpy 2 imports numpy.random on first use: at start-up, not in the frame a city is built
import numpy.random  # noqa: F401

from .bridge import citizen_row, friend_rows
from .city_generation import drain
from .metrics import Collector
from .population import Population

CONTROL = "none"  # the control city's policy
PLAYER = 0  # the row a player (or the class citizen) is admitted to
# Days the scheme has run when a player arrives: three months, so the tiers have
# spread out and the fare board has outsiders to charge. 89, not 90: the night
# the player arrives (the 90th) is a registry day, so day 1 opens with the
# monthly points for who they are (engine/day_score.py).
WARM_UP = 89


class World:
    """A city under `policy` and, unless `control` is False, its control city."""

    def __init__(self, book, assumptions, policy, citizens: int, seed: int,
                 control_policy=None, warm_up: int = WARM_UP):
        self.book, self.assumptions = book, assumptions
        self.warm_up = warm_up  # days grown before a player arrives
        self.policies = {"city": policy}
        if control_policy is not None:
            self.policies["control"] = control_policy
        self.citizens, self.seed = citizens, seed
        self._cities: dict[str, Population] = {}
        self._collectors: dict[str, Collector] = {}
        # days of cities other than "city" not stepped yet, in order:
        # [which, forced, places, [morning callbacks]] (see `step_lagging`)
        self._lagging: list[list] = []
        self.lag = False  # let the cities other than "city" lag a night (the game's runs)

    @classmethod
    def load(cls, policy: str = "default", citizens: int = 10_000, seed: int = 1,
             control: bool = True, assumptions_path=None, warm_up: int = WARM_UP) -> "World":
        """A world from the shipped data files (engine/loader.py)."""
        from . import loader

        book = loader.load_rulebook()
        kw = {} if assumptions_path is None else {"path": assumptions_path}
        assumptions = loader.load_assumptions(book, **kw)
        return cls(book, assumptions, loader.load_policy(policy, book), citizens, seed,
                   loader.load_policy(CONTROL, book) if control else None, warm_up)

    # --- building and stepping ---------------------------------------------------

    @property
    def cities(self) -> dict[str, Population]:
        """Every city, each up to date (a lagging day is stepped first)."""
        self.settle()
        return self._cities

    @property
    def collectors(self) -> dict[str, Collector]:
        self.settle()
        return self._collectors

    @property
    def lagging(self) -> bool:
        """Whether some city's day waits to be stepped (`settle`)."""
        return bool(self._lagging)

    def step_lagging(self, forced: dict | None = None, places: dict | None = None):
        """A day in every city, as `step`; with `lag` on, only "city" steps now and the
        others' day waits for `settle` (in order, before anything reads them).
        Returns the city's report."""
        self.settle()
        report = self.step_city("city", forced, places)
        for which in self._cities:
            if which == "city":
                continue
            if self.lag:
                self._lagging.append([which, forced, places, []])
            else:
                self.step_city(which, forced, places)
        return report

    def mornings(self, change) -> None:
        """`change(population)` for every city, each after its own day: now for a city
        that is up to date, after its lagging day for one that waits."""
        waiting = {entry[0]: entry for entry in self._lagging}
        for which, pop in self._cities.items():
            if which in waiting:
                waiting[which][3].append(change)
            else:
                change(pop)

    def settle(self, limit: int | None = None) -> bool:
        """Step up to `limit` lagging city-days (all with None). True while some wait."""
        while self._lagging:
            if limit is not None and limit <= 0:
                return True
            which, forced, places, changes = self._lagging.pop(0)
            self.step_city(which, forced, places)
            for change in changes:
                change(self._cities[which])
            if limit is not None:
                limit -= 1
        return False

    @property
    def built(self) -> bool:
        return len(self.cities) == len(self.policies)

    def build(self, which: str, card=None) -> None:
        """Draw one city from the seed (both cities draw the same people); with a
        citizen `card`, that citizen is admitted to row 0 from the first day."""
        drain(self.build_steps(which, card))

    def build_steps(self, which: str, card=None):
        """`build` in slices (a step generator; see Population.create_steps): the
        same city, bit for bit, for a caller that spreads a big city over frames."""
        pop = yield from Population.create_steps(self.citizens, np.random.default_rng(self.seed),
                                                 self.book, self.policies[which],
                                                 self.assumptions)
        self.settle()
        self._cities[which] = pop
        if card is not None:
            pop.admit(PLAYER, **citizen_row(card, self.assumptions))
        self._collectors[which] = Collector(pop)
        self._collectors[which].collect(None)  # day 0: the city as drawn

    def step_city(self, which: str, forced: dict | None = None, places: dict | None = None):
        pop = self._cities[which]
        report = pop.step(forced, places)
        if which in self._collectors:
            self._collectors[which].collect(report)
        return report

    def step(self, forced: dict | None = None, places: dict | None = None) -> dict:
        """A day in every city; `forced` rows live the same choices in each."""
        return {which: self.step_city(which, forced, places) for which in self.cities}

    def growing(self, days: int):
        """Build the cities and grow them `days` days, yielding after each city's
        build and each city-day: how many days are done."""
        for which in self.policies:
            if which not in self.cities:
                self.build(which)
                yield 0
        for day in range(days):
            for which in self.cities:
                self.step_city(which)
                yield day + (which == list(self.cities)[-1])

    def grow(self, days: int) -> "World":
        for _ in self.growing(days):
            pass
        return self

    @property
    def ready(self) -> bool:
        """Built and grown to the day a player arrives."""
        return self.built and self.city.day >= self.warm_up

    def arriving(self):
        """`growing` up to the day a player arrives (the building scene's work)."""
        return self.growing(self.warm_up - (self.city.day if self.built else 0))

    def grow_to_arrival(self) -> "World":
        for _ in self.arriving():
            pass
        return self

    def admit(self, card) -> dict:
        """A citizen arrives: row 0 of every city becomes them (the same row, the
        same circumstances, a clean record), and the card's named friends become
        their contacts — citizens of the city in the tiers the card names. Returns
        friend id → row."""
        named = friend_rows(self.city, PLAYER, card)
        for pop in self.cities.values():
            pop.admit(PLAYER, **citizen_row(card, self.assumptions))
            pop.befriend(PLAYER, list(named.values()))
        return named

    def copy(self, reporting: bool = True) -> "World":
        """An independent copy (another life in the same city, from the same day);
        without `reporting`, its days are stepped but not collected (a life whose
        city nobody charts).

        Arrays are copied, the rest shared where nothing mutates it in place (the
        probability tables, yesterday's report, the collected values): a copy of the
        game's city takes a few milliseconds, not a deep walk of every series."""
        self.settle()
        twin = copy.copy(self)
        twin.policies = dict(self.policies)
        twin._lagging = []
        twin._cities = {w: pop.copy() for w, pop in self._cities.items()}
        twin._collectors = {}
        for w, col in self._collectors.items() if reporting else ():
            c = copy.copy(col)
            c.pop = twin._cities[w]
            c.series = {k: list(v) for k, v in col.series.items()}
            twin._collectors[w] = c
        return twin

    # --- reading -------------------------------------------------------------------

    @property
    def city(self) -> Population:
        return self._cities["city"]  # never lagging

    @property
    def control(self) -> Population | None:
        return self.cities.get("control")

    @property
    def day(self) -> int:
        return self.city.day

    def summary(self, which: str = "city") -> dict:
        return self.collectors[which].summary()
