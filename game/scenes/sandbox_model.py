"""The sandbox's two cities and their daily series, without pygame.

Why two cities: every chart of the sandbox compares the chosen policy with the
control city (policy `none`, the same seed, the same people): a difference can
then only come from the score's consequences. Both cities are grown from the same
seed and hold the class citizen (the code's citizen card) in row 0, so "our
citizen" can be followed in both.

Why the engine's World: the game, the debrief and `python -m engine simulate`
build, step and report cities through engine/world.py and engine/metrics.py; the
sandbox does too, so a chart and the command line cannot disagree. The class
citizen is admitted to row 0 the way a player is (engine/bridge.py).

Why work units: a day of a million citizens takes about a tenth of a second per
city, and building one about a second. The scene must never block its loop, so the
model does its work in units — build one city, step one city (or, for small
cities, step both) — and the scene runs at most one unit per frame
(`SandboxModel.work`). `day` only advances when both cities have stepped, so the
charts never show one city a day ahead of the other.

Why a policy per day: the sliders change the chosen city's policy mid-run
(`Population.set_policy`, from the next day on). The policy of every day is kept,
so the export says which knobs were in force when, and the charts mark changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from engine import loader
from engine.policy import Policy
from engine.population import Population
from engine.world import CONTROL, World

from ..classcode import POLICIES, ClassSetup

HEAVY_CITIZENS = 100_000  # from this size a day is split: one city per unit (a 100k day ~40 ms)
COMPOSITION = ("male", "under_30", "low_education", "underemployed")


@dataclass(frozen=True)
class Knob:
    """A policy field a slider sets: its range and step (in the policy's units)."""

    name: str  # the Policy field
    low: float
    high: float
    step: float
    integer: bool = False


# The sliders, in the order shown. Ranges stay inside engine/policy.py's validation.
KNOBS = (
    Knob("perk_scale", 0.0, 3.0, 0.1),
    Knob("surcharge_cap", 0.0, 2.0, 0.1),
    Knob("camera_coverage", 0.0, 3.0, 0.1),
    Knob("association_penalty", 0, 12, 1, integer=True),
    Knob("informant_reward", 0, 60, 5, integer=True),
    Knob("forgiveness", 0.0, 0.2, 0.01),
)
KNOB_NAMES = tuple(k.name for k in KNOBS)

@dataclass(frozen=True)
class SandboxData:
    """Everything loaded from files once: the rule book, the assumptions, the
    presets (the shipped policies) and the citizen cards. `rates` holds the two
    sets of assumptions a city can be drawn from: "assumed" (the shipped base rates,
    or a file given with --assumptions) and "same" (assets/population/neutral.toml:
    the same rates and money for every group)."""

    book: object
    assumptions: object
    presets: dict
    citizens: dict  # story citizen id → card
    rates: dict  # "assumed" | "same" → Assumptions

    @staticmethod
    @lru_cache(maxsize=2)
    def load(assumptions_path: str | None = None) -> "SandboxData":
        book = loader.load_rulebook()
        kw = {} if assumptions_path is None else {"path": assumptions_path}
        assumptions = loader.load_assumptions(book, **kw)
        same = loader.load_assumptions(book, loader.POPULATION_DIR / "neutral.toml")
        presets = {name: loader.load_policy(name, book) for name in POLICIES}
        story = loader.load_story(book)
        return SandboxData(book, assumptions, presets, dict(story.citizens),
                           {"assumed": assumptions, "same": same})


def knob_values(policy: Policy) -> dict:
    return {name: getattr(policy, name) for name in KNOB_NAMES}


@dataclass
class CitySeries:
    """One city's daily figures for the charts; index 0 is the day it was built.
    A view of the city's engine.metrics.Collector (`of`): the reporters the command
    line and the debrief read, nothing computed twice."""

    tier_shares: list = field(default_factory=list)  # tuple per day, best tier first
    informal: list = field(default_factory=list)  # share in the informal economy
    ties: list = field(default_factory=list)  # mean live contacts per citizen
    cross_ties: list = field(default_factory=list)  # ties across the out-group line
    unemployed: list = field(default_factory=list)
    fares: list = field(default_factory=list)  # tuple per tier (None on day 0)
    waits: list = field(default_factory=list)  # (with, without, patients) per tier sums
    makeup: list = field(default_factory=list)  # (tier D's, everyone's) composition
    citizen: list = field(default_factory=list)  # (score, tier index) of row 0

    @classmethod
    def of(cls, collector, days: int) -> "CitySeries":
        """Days 0..days-1 of a collector (day 0 from its `start`)."""
        n = collector.pop.n
        out = cls()
        for values in ([collector.start] if collector.start else []) + [
                {k: v[d] for k, v in collector.series.items()}
                for d in range(len(collector.series["mean_score"]))]:
            if len(out.informal) == days:
                break
            out.tier_shares.append(tuple(c / n for c in values["tier_counts"].values()))
            out.informal.append(values["informal_share"])
            out.ties.append(values["mean_ties"])
            out.cross_ties.append(values["cross_tier_ties"])
            out.unemployed.append(values["unemployed_share"])
            fares = values["fare_by_tier"]
            out.fares.append(None if fares is None else tuple(fares.values()))
            w = values["hospital_waits"]
            out.waits.append(None if w is None else (w["with"], w["without"], w["patients"]))
            out.makeup.append((values["tier_D_makeup"], values["everyone_makeup"]))
            row = values["row_0"]
            out.citizen.append((row["score"], row["tier"]))
        return out

    def mean_waits(self, last: int = 7) -> tuple[list, list, list]:
        """Mean hospital wait per tier over the last `last` days, in minutes, with
        priority and in arrival order (None where a tier had no patient), and the
        number of patients per tier."""
        days = [w for w in self.waits[-last:] if w is not None]
        if not days:
            return [], [], []
        with_ = np.sum([d[0] for d in days], axis=0)
        without = np.sum([d[1] for d in days], axis=0)
        count = np.sum([d[2] for d in days], axis=0)
        return ([float(w / c) if c else None for w, c in zip(with_, count)],
                [float(w / c) if c else None for w, c in zip(without, count)],
                [int(c) for c in count])


class SandboxModel:
    """The chosen city and the control city, built and stepped unit by unit."""

    def __init__(self, setup: ClassSetup, data: SandboxData | None = None,
                 preset: str | None = None, rates: str = "assumed"):
        self.setup = setup
        self.data = data or SandboxData.load()
        self.tier_ids = self.data.book.tiers.ids
        self.preset = preset or setup.policy
        self.policy = self.data.presets[self.preset]
        self.rates = rates  # which assumptions the cities are drawn from (SandboxData)
        self.world = World(self.data.book, self.data.rates[rates], self.policy,
                           setup.citizens, setup.seed, self.data.presets[CONTROL], warm_up=0)
        self.policies: list[Policy] = []  # the chosen city's policy on each day stepped
        self.split = setup.citizens >= HEAVY_CITIZENS
        self._half_done = False  # split days: the chosen city has stepped, not the control
        self._building = None  # heavy cities: the build in progress, one slice per unit

    @property
    def cities(self) -> dict[str, Population]:
        return self.world.cities

    # --- what the scene asks ---------------------------------------------------------

    @property
    def built(self) -> bool:
        return len(self.cities) == 2

    @property
    def day(self) -> int:
        """Days both cities have lived."""
        return len(self.policies) - (1 if self._half_done else 0)

    @property
    def days(self) -> int:
        return self.setup.days

    @property
    def finished(self) -> bool:
        return self.built and self.day >= self.setup.days and not self._half_done

    @property
    def busy(self) -> bool:
        """A unit must run before the cities agree again (building, half a day)."""
        return not self.built or self._half_done

    def build_progress(self) -> tuple[int, int]:
        return len(self.cities), 2

    def knobs(self) -> dict:
        return knob_values(self.policy)

    def changed(self) -> bool:
        """The sliders differ from the preset's own values."""
        return self.knobs() != knob_values(self.data.presets[self.preset])

    # --- policy --------------------------------------------------------------------

    def use_preset(self, name: str) -> None:
        """Every knob from a shipped policy (its non-slider knobs too)."""
        self.preset = name
        self._set_policy(self.data.presets[name])

    def set_knob(self, name: str, value: float) -> None:
        knob = next(k for k in KNOBS if k.name == name)
        value = min(max(value, knob.low), knob.high)
        value = int(round(value)) if knob.integer else round(float(value), 4)
        if getattr(self.policy, name) != value:
            self._set_policy(replace(self.policy, **{name: value}))

    def _set_policy(self, policy: Policy) -> None:
        self.policy = policy
        self.world.policies["city"] = policy
        if "city" in self.cities:
            self.cities["city"].set_policy(policy)  # from the next day on

    def policy_changes(self) -> list[int]:
        """Days (1-based: the day whose step first used it) a new policy took over."""
        return [day + 1 for day in range(1, len(self.policies))
                if self.policies[day] != self.policies[day - 1]]

    # --- work ------------------------------------------------------------------------

    def work(self) -> str:
        """Do one unit of work: build a city, or step one city (split days) or both.
        Returns what was done ("build", "step" or "" when there was nothing to do
        because the run is over)."""
        if not self.built:
            self._build("city" if "city" not in self.cities else "control")
            return "build"
        if self.finished:
            return ""
        if self.split and not self._half_done:
            self._step("city")
            self._half_done = True
        elif self.split:
            self._step("control")
            self._half_done = False
        else:
            self._step("city")
            self._step("control")
        return "step"

    def _build(self, which: str) -> None:
        """Draw a city with the class citizen in row 0 (admitted as a player is). A
        heavy city is drawn a slice per unit (World.build_steps; the same city)."""
        card = self.data.citizens[self.setup.citizen]
        if not self.split:
            self.world.build(which, card)
            return
        if self._building is None:
            self._building = self.world.build_steps(which, card)
        try:
            next(self._building)
        except StopIteration:
            self._building = None

    def _step(self, which: str) -> None:
        if which == "city":
            self.policies.append(self.cities["city"].policy)
        self.world.step_city(which)

    def run_to_end(self) -> None:
        """Build and step to the run length at once (tests, screenshots, exports)."""
        while self.work():
            pass

    # --- reading -----------------------------------------------------------------------

    def view(self, which: str) -> CitySeries:
        """A city's series up to `day` (both cities the same length)."""
        if which not in self.world.collectors:
            return CitySeries()
        return CitySeries.of(self.world.collectors[which], self.day + 1)

    def rows(self) -> list[dict]:
        """One flat row per day for the CSV export: the knobs in force, then both
        cities' figures (prefix `city_` and `control_`)."""
        out = []
        views = {which: self.view(which) for which in ("city", "control")}
        for day in range(self.day + 1):
            row = {"day": day}
            policy = self.policies[day - 1] if day else self.policies[0] if self.policies \
                else self.policy
            row.update({f"knob_{k}": v for k, v in knob_values(policy).items()})
            for which in ("city", "control"):
                row.update(self._row(views[which], which, day))
            out.append(row)
        return out

    def _row(self, s: CitySeries, which: str, day: int) -> dict:
        p = f"{which}_"
        row = {f"{p}tier_{t}": round(x, 6) for t, x in zip(self.tier_ids, s.tier_shares[day])}
        row.update({f"{p}informal_share": round(s.informal[day], 6),
                    f"{p}mean_ties": round(s.ties[day], 4),
                    f"{p}cross_tier_ties": round(s.cross_ties[day], 4),
                    f"{p}unemployed_share": round(s.unemployed[day], 6)})
        fares, waits = s.fares[day], s.waits[day]
        for i, t in enumerate(self.tier_ids):
            row[f"{p}fare_{t}"] = "" if fares is None else round(fares[i], 4)
            if waits is None or not waits[2][i]:
                row[f"{p}wait_minutes_{t}"] = ""
            else:
                row[f"{p}wait_minutes_{t}"] = round(waits[0][i] / waits[2][i], 2)
        bottom, everyone = s.makeup[day]
        row[f"{p}tier_{self.tier_ids[-1]}_count"] = bottom["count"]
        for key in COMPOSITION:
            value = bottom[key]
            row[f"{p}tier_{self.tier_ids[-1]}_{key}"] = "" if value is None else value
            row[f"{p}everyone_{key}"] = everyone[key]
        score, tier = s.citizen[day]
        row[f"{p}citizen_score"] = score
        row[f"{p}citizen_tier"] = self.tier_ids[tier]
        return row
