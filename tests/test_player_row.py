"""The player is one row of the city: the same engine scores it and everyone else."""

from game.city import PopulationCity, forced_acts
from game.session import GameData, Session

DATA = GameData.load()


def play(citizen, strategy, city):
    session = Session(DATA, citizen, 7, 3, city)
    while not session.over:
        session.choose(session.autopick(strategy))
    return session


def test_row_zero_lives_the_players_choices():
    city = PopulationCity(seed=3, citizens=2000, warm_up=2)
    session = play("courier", "comply", city)
    pop = city.population
    assert pop.citizen(0)["age"] == 22  # the citizen card's circumstances
    rules = [r.rule for r in pop.ledger(0).records]
    chose = {rule for d, m, c in session.state.choices
             for ch in DATA.story.moments[m].choices if ch.id == c for rule in ch.events}
    assert "report_neighbour" in chose and "report_neighbour" in rules
    assert "jaywalking" not in rules and "fare_evasion" not in rules  # the player kept the rules
    law = pop.start + sum(r.delta for r in pop.ledger(0).records)
    assert int(pop.score[0]) == law


def test_a_corner_cutter_row_is_caught_by_the_citys_cameras():
    city = PopulationCity(seed=4, citizens=2000, warm_up=2)
    play("courier", "cut-corners", city)
    rules = {r.rule for r in city.population.ledger(0).records}
    assert rules & {"jaywalking", "fare_evasion", "bill_late", "recycling_unsorted"}
    assert "report_neighbour" not in rules


def test_forced_acts_default_to_nothing_done():
    acts = forced_acts(())
    assert acts["jaywalking"] is False and acts["bill"] is None and acts["ride"] is False


def test_the_city_grows_over_frames_then_the_first_moment_opens(ctx):
    from dataclasses import replace

    from game.scenes.base import Replace
    from game.scenes.building import CityBuildScene
    from game.scenes.moment import MomentScene
    from game.scenes.visit import Visit

    visit = replace(Visit.start(), instant=False)
    city = PopulationCity(seed=2, citizens=2000, warm_up=40)
    scene = CityBuildScene(ctx, visit, "graduate", city)
    frames, result = 0, None
    while result is None:
        result = scene.update(1 / 60)
        frames += 1
        assert frames < 2000
    assert isinstance(result, Replace) and isinstance(result.scene, MomentScene)
    assert result.scene.session.city is city and city.joined == "graduate"
    assert city.population.citizen(0)["age"] == 30  # row 0 is the player's card
    assert scene.days == 40 and frames > 1  # spread over frames, not one freeze
