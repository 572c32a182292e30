"""The city around the player, as the scenes see it.

A city provider has three methods: `today() -> CityToday` (the tier make-up the
fare board, the queue and the bank answer with), `advance(day)` (a night passes:
the population steps), and `report() -> dict` (what the debrief shows about
everyone else). `PopulationCity` runs the real population next to a control city;
`FixedCity` is a test double with a fixed make-up, for scene tests that must not
depend on the population's dynamics.
"""

from __future__ import annotations

from engine.run import CityToday


class FixedCity:
    """A city that never changes: for tests and screenshots only."""

    def __init__(self, tier_counts=(300, 700, 4000, 3500, 1100, 400), informal_share=0.05):
        self._today = CityToday(tuple(tier_counts), informal_share)

    def today(self) -> CityToday:
        return self._today

    def join(self, citizen) -> None:
        pass

    def advance(self, day: int, choices=()) -> None:
        pass

    def report(self) -> dict:
        n = sum(self._today.tier_counts)
        return {
            "tier_counts": list(self._today.tier_counts),
            "informal_share": self._today.informal_share,
            "control_informal_share": self._today.informal_share,
            "composition": {
                "population": {"male": 0.5, "under_30": 0.25, "low_education": 0.3,
                               "underemployed": 0.2},
                "tier_D": {"male": 0.5, "under_30": 0.25, "low_education": 0.3,
                           "underemployed": 0.2},
            },
            "mean_ties": 8.0,
            "control_mean_ties": 8.0,
            "citizens": n,
        }


# --- the one place the game decides which city a run lives in ----------------------

def make_city(seed: int, policy: str = "default", citizens: int = 10_000):
    """The city for a new run: the simulated population (and its control city).
    Scenes and the autoplayer call only this; tests pass FixedCity instead."""
    return PopulationCity(seed=seed, policy=policy, citizens=citizens)


class PopulationCity:
    """The real city: a numpy population under the chosen policy, and beside it the
    control city (policy `none`) grown from the same seed, so the debrief can say
    what the consequences — not the people — changed.

    The scheme has been running for `warm_up` days when the player arrives, so the
    tiers have spread out and the fare board has outsiders to charge. Each night of
    the run both cities step one day.

    The player is row 0 of both cities (`join`): that row takes the citizen card's
    circumstances, and each night it is made to do exactly what the player chose
    that day (`advance(day, choices)`) — nothing else — so the same engine scores
    the player's row and everyone else, and the player's behaviour counts in the
    city's figures. What the player sees on screen is the run's own ledger
    (engine/run.py, the same rule book): the city draws its own detections for the
    row, so its score for row 0 may differ by what the cameras happened to see.
    """

    def __init__(self, seed: int, policy: str = "default", citizens: int = 10_000,
                 warm_up: int = 90):
        self.seed, self.policy, self.citizens, self.warm_up = seed, policy, citizens, warm_up
        self.cities: dict = {}  # policy name → (Population, Collector), built on first use
        self.joined = ""  # the citizen id row 0 was prepared for, "" before

    def _build(self, player: dict | None) -> None:
        """Grow both cities from the seed, all at once (see `prepare`)."""
        for _ in self._growing(player):
            pass

    def _growing(self, player: dict | None):
        """Grow both cities, yielding after each city's day of the warm-up (the days
        grown so far) so a scene can spread the work over frames. With `player`, row 0 is the player from day
        one and lives the warm-up doing nothing scored but being who they are."""
        import numpy as np

        from engine import loader
        from engine.metrics import Collector
        from engine.population import Population

        book = loader.load_rulebook()
        assumptions = loader.load_assumptions(book)
        yield 0  # reading the rules and creating a city are two slices, not one
        self.cities = {}
        for name in (self.policy, "none"):
            pop = Population.create(self.citizens, np.random.default_rng(self.seed), book,
                                    loader.load_policy(name, book), assumptions, player=player)
            self.cities[name] = (pop, Collector(pop))
            yield 0
        forced = {0: forced_acts(())} if player is not None else None
        for day in range(self.warm_up):
            for pop, collector in self.cities.values():  # one city per yield: short frames
                collector.collect(pop.step(forced))
                yield day
        yield self.warm_up

    def _ready(self) -> dict:
        if not self.cities:
            self._build(None)
        return self.cities

    def _step(self, choices) -> None:
        forced = {0: forced_acts(choices)} if choices is not None else None
        for pop, collector in self._ready().values():
            collector.collect(pop.step(forced))

    @property
    def population(self):
        return self._ready()[self.policy][0]

    def today(self) -> CityToday:
        import numpy as np

        pop = self.population
        counts = np.bincount(pop.tier, minlength=pop.n_tiers)
        return CityToday(tuple(int(c) for c in counts), float(pop.informal.mean()))

    def prepare(self, citizen):
        """Make row 0 the player, a day of the warm-up at a time: yields the number of
        days grown, out of `warm_up` (game/scenes/building.py shows the progress)."""
        yield from self._growing(player_row(citizen))
        self.joined = citizen.id

    def join(self, citizen) -> None:
        """Make row 0 the player (the citizen card's circumstances, a full ledger),
        unless `prepare` already did."""
        if self.joined != citizen.id:
            for _ in self.prepare(citizen):
                pass

    def advance(self, day: int, choices=()) -> None:
        """A night passes; once the player has joined, row 0 did today exactly what
        the player chose (`choices`: the day's engine.story.Choice values)."""
        self._step(tuple(choices) if self.joined else None)

    def report(self) -> dict:
        cities = self._ready()
        pop, collector = cities[self.policy]
        control, control_collector = cities["none"]
        summary = collector.summary()
        control_summary = control_collector.summary()
        return {
            "tier_counts": list(self.today().tier_counts),
            "informal_share": summary["final"]["informal_share"],
            "control_informal_share": control_summary["final"]["informal_share"],
            "composition": summary["composition"],
            "mean_ties": summary["final"]["mean_ties"],
            "control_mean_ties": control_summary["final"]["mean_ties"],
            "citizens": pop.n,
            "daily_informal_share": summary["daily"]["informal_share"],
            "control_daily_informal_share": control_summary["daily"]["informal_share"],
            "fare_by_tier": summary["final"]["fare_by_tier"],
            "hospital_wait_by_tier": summary["final"]["hospital_wait_by_tier"],
        }


# The population's employment and education codes (engine/population.py FIELDS).
EMPLOYMENT_CODE = {"unemployed": 0, "informal": 1, "gig": 1, "civil_service": 2, "retired": 3}
EDUCATION_CODE = {"low": 0, "vocational": 1, "university": 2}

# What a run's scored events and effects are in the population's daily acts.
RULE_ACTS = {
    "bill_on_time": ("bill", "on_time"), "bill_late": ("bill", "late"),
    "recycling_sorted": ("recycling", "sorted"), "recycling_unsorted": ("recycling", "unsorted"),
    "jaywalking": ("jaywalking", True), "smoking_no_smoking_area": ("smoking", True),
    "fare_evasion": ("fare_evasion", True), "criticising_officials": ("criticising_officials", True),
    "charity": ("charity", True), "volunteering": ("volunteering", True),
    "blood_donation": ("blood_donation", True), "report_neighbour": ("report_neighbour", True),
}
EFFECT_ACTS = {"cut_friend": ("tidy_contacts", True), "pay_fare": ("ride", True),
               "wait_queue": ("patient", True), "buy_ticket": ("train_trip", True)}


def player_row(citizen) -> dict:
    """A citizen card as the attributes of a population row."""
    return {"age": citizen.age, "sex": int(citizen.sex == "male"),
            "education": EDUCATION_CODE[citizen.education],
            "employment": EMPLOYMENT_CODE[citizen.employment],
            "wage": int(citizen.income), "savings": float(citizen.money),
            "local": "local_residence" in citizen.circumstances}


def forced_acts(choices) -> dict:
    """The population's acts for one day: what the choices did, every other act not
    done (no bill due, no ride, no offence), so the row lives the player's day."""
    from engine.population import CHOICES

    acts = {key: (None if None in values else False) for key, values in CHOICES.items()}
    for choice in choices:
        for rule in choice.events:
            if rule in RULE_ACTS:
                key, value = RULE_ACTS[rule]
                acts[key] = value
        if choice.effect in EFFECT_ACTS:
            key, value = EFFECT_ACTS[choice.effect]
            acts[key] = value
    return acts
