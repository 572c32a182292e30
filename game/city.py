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
