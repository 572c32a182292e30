"""One city, one citizen: what the player is shown is the population's answer for
row 0, and the player's score is row 0's score, night after night.

Each run is played through the Session (the scenes' only door to the engine).
Before every choice the test keeps the answer the moment shows; when the night
has passed it checks that answer against what the day step did to row 0 that
day (the fare it charged, the queue it formed, the rate it lent at, the ticket
it refused), and the run's score against row 0's.
"""

from collections import Counter

import numpy as np
import pytest
from conftest import small_city

from engine.bridge import RULE_ACTS
from engine.city import open_jobs
from engine.session import GameData, Session

DATA = GameData.load()
BOOK = DATA.book
CITIZENS = ("courier", "civil-servant", "retiree", "graduate")
STRATEGIES = ("comply", "cut-corners", "random")


def check_day(session, shown, report, control_report):
    """`shown`: (answer, choice, morning tier, morning listed) of each moment today."""
    pop = session.population
    for answer, choice, tier, listed, _ in shown:
        if answer is None:
            continue
        if answer.service == "metro":
            assert answer.fares == tuple(float(p) for p in report.fares.price)
            assert answer.fare == float(report.fares.price[tier]) and answer.my_tier == tier
        elif answer.service == "bank":
            assert answer.rate == float(report.loans.price[tier])
            assert answer.refused == bool(BOOK.perks.loans.refused[tier])
        elif answer.service == "hospital" and choice == "wait":
            at = int(np.flatnonzero(report.patients == 0)[0])
            assert answer.my_wait == float(report.wait_with[at])
            assert answer.my_wait_flat == float(report.wait_without[at])
            mates = report.patient_session == report.patient_session[at]
            assert answer.tiers == tuple(int(t) for t in report.patient_tiers[mates])
        elif answer.service == "station" and choice == "ticket":
            refused = 0 in set(report.travel_refused_rows.tolist())
            assert refused == (not answer.allowed) and answer.listed == listed
        elif answer.service == "jobs":
            assert [ok for _, _, ok in answer.jobs] == \
                [ok for _, ok in open_jobs(BOOK.perks, tier)]
        elif answer.service == "friends" and choice != "cut":
            units = sum(r.units for r in report.records[0] if r.rule == "association_low_tier")
            assert answer.low_tier == units
    # The day's choices' records are exactly the acts the night wrote for row 0 ...
    acts = Counter((r.rule, r.delta) for r in report.records[0] if r.rule in RULE_ACTS
                   and r.rule != "loan_default")
    chosen = Counter((r.rule, r.delta) for t in session.turns if t.day == shown[0][4]
                     for o in t.step.outcomes for r in o.records if r.rule != "loan_default")
    assert acts == chosen
    # ... and the control city's row 0 lived the same acts, on the same draws (its
    # policy may score some of them 0 points: those leave no record).
    points = session.world.control.rule_points
    control = Counter(r.rule for r in control_report.records[0]
                      if r.rule in RULE_ACTS and r.rule != "loan_default")
    assert control == Counter(rule for (rule, _), k in acts.items() for _ in range(k)
                              if points[rule])


@pytest.mark.parametrize("citizen", CITIZENS)
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("seed", (1, 2, 3))
def test_every_moment_shows_row_zeros_answer_and_every_night_row_zeros_score(
        citizen, strategy, seed):
    session = Session(DATA, citizen, 7, seed, small_city(seed))
    pop, control = session.population, session.world.control
    assert session.state.score == int(pop.score[0])
    shown = []
    while not session.over:
        day = session.state.day
        tier, listed = int(pop.tier[0]), bool(pop.listed[0])
        answer = session.answer
        choice = session.autopick(strategy)
        session.choose(choice)
        shown.append((answer, choice, tier, listed, day))
        if session.state.day != day:  # a night passed: check the day against the city
            check_day(session, shown, pop.today, control.today)
            shown = []
            assert session.state.score == int(pop.score[0]) == pop.ledger(0).score
            assert session.state.daily_scores[-1] == int(pop.score[0])
            assert ("court_listed" in session.state.flags) >= bool(pop.listed[0])
    law = pop.start + sum(r.delta for r in pop.ledger(0).records)
    assert session.state.score == law == int(pop.score[0])


def test_the_player_row_is_the_citizen_card_in_both_cities():
    session = Session(DATA, "graduate", 7, 1, small_city(1))
    for pop in session.world.cities.values():
        row = pop.citizen(0)
        assert row["age"] == 30 and row["education"] == 2 and row["employment"] == 0
    named = dict(session.state.friends)
    assert set(named) == {f.id for f in DATA.story.citizens["graduate"].friends}
    assert all(r in session.population.contacts[0] for r in named.values())


def test_the_court_list_lives_in_the_population():
    """Tier D and the listed exist in the city, not only for the player."""
    from engine.world import World

    world = World.load("default", 2000, 2, warm_up=60).grow_to_arrival()
    listed = world.collectors["city"].series["listed"]
    assert max(listed) > 0 and sum(world.collectors["city"].series["loan_defaults"]) > 0
    assert world.city.listed.sum() == listed[-1]
    # the control city has the same people but no consequences: nobody's loan is called
    assert max(world.collectors["control"].series["listed"]) == 0


def test_other_lives_replay_in_the_same_living_city():
    session = Session(DATA, "courier", 7, 3, small_city(3))
    while not session.over:
        session.choose(session.autopick("random"))
    other = session.replay_as("civil-servant")
    # the same city, from the morning the player arrived
    assert other.population.day == session.population.day
    assert np.array_equal(other.population.age[1:], session.population.age[1:])
    assert other.world is not session.world
    before = session.arrival.city
    assert other.population.day - before.day == 8  # the arrival night and seven days


def test_the_sandbox_and_the_game_build_a_city_through_the_same_engine_calls():
    """The sandbox's city is an engine World with the class citizen admitted to row
    0 at its first day: grown by hand the same way, it is the same city."""
    from engine.world import World
    from game.classcode import ClassSetup
    from game.scenes.sandbox_model import SandboxModel

    setup = ClassSetup(seed=5, policy="default", citizens=1000, days=14, citizen="graduate")
    model = SandboxModel(setup)
    model.run_to_end()
    world = World.load("default", 1000, 5, warm_up=0)
    card = DATA.story.citizens["graduate"]
    world.build("city", card)
    world.build("control", card)
    for _ in range(14):
        world.step()
    for which in ("city", "control"):
        assert np.array_equal(model.cities[which].score, world.cities[which].score)
        assert model.view(which).informal[-1] == world.collectors[which].series[
            "informal_share"][-1]
