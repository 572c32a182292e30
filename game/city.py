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

    def advance(self, day: int) -> None:
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
    """The city for a new run: the simulated population when the game has one,
    otherwise the fixed test city. Scenes and the autoplayer call only this."""
    population = globals().get("PopulationCity")
    if population is None:
        return FixedCity()
    return population(seed=seed, policy=policy, citizens=citizens)


class PopulationCity:
    """The real city: a numpy population under the chosen policy, and beside it the
    control city (policy `none`) grown from the same seed, so the debrief can say
    what the consequences — not the people — changed.

    The scheme has been running for `warm_up` days when the player arrives, so the
    tiers have spread out and the fare board has outsiders to charge. Each night of
    the run both cities step one day. The player is scored by the run's own ledger
    (engine/run.py, the same rule book); the population supplies everyone else.
    """

    def __init__(self, seed: int, policy: str = "default", citizens: int = 10_000,
                 warm_up: int = 21):
        import numpy as np

        from engine import loader
        from engine.metrics import Collector
        from engine.population import Population

        book = loader.load_rulebook()
        assumptions = loader.load_assumptions(book)
        self.cities = {}
        for name in (policy, "none"):
            pop = Population.create(citizens, np.random.default_rng(seed), book,
                                    loader.load_policy(name, book), assumptions)
            self.cities[name] = (pop, Collector(pop))
        self.policy = policy
        for _ in range(warm_up):
            self._step()

    def _step(self) -> None:
        for pop, collector in self.cities.values():
            collector.collect(pop.step())

    @property
    def population(self):
        return self.cities[self.policy][0]

    def today(self) -> CityToday:
        import numpy as np

        pop = self.population
        counts = np.bincount(pop.tier, minlength=pop.n_tiers)
        return CityToday(tuple(int(c) for c in counts), float(pop.informal.mean()))

    def advance(self, day: int) -> None:
        self._step()

    def report(self) -> dict:
        pop, collector = self.cities[self.policy]
        control, control_collector = self.cities["none"]
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
