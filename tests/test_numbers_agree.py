"""One decomposition of a score, and replays that end where the debrief said.

The ending, the ledger, "Other lives" and the autoplay JSON all read
Session.score_parts: start + what you did + who you are + records fading = the
score. "Replay as …" plays the same choices as another citizen in the same city
from the same morning, so it ends at the score "Other lives" predicted.
"""

import pytest
from conftest import small_city

from engine.session import GameData, Session
from game.scenes.visit import CITIZENS

DATA = GameData.load()


def played(citizen, strategy, seed, shadows=()):
    session = Session(DATA, citizen, 7, seed, small_city(seed), shadows=shadows)
    while not session.over:
        session.choose(session.autopick(strategy))
        session.catch_up(1)  # as the scenes do, a frame at a time
    return session


@pytest.mark.parametrize("citizen", CITIZENS)
@pytest.mark.parametrize("strategy", ("comply", "cut-corners", "random"))
def test_start_plus_the_parts_is_the_score(citizen, strategy):
    session = played(citizen, strategy, 4)
    s = session.summary(strategy)
    parts = session.score_parts()
    assert s["final_score"] == parts["start"] + parts["who"] + parts["did"] + parts["fading"]
    assert (s["who_you_are_points"], s["what_you_did_points"], s["records_fading_points"]) \
        == (parts["who"], parts["did"], parts["fading"])


@pytest.mark.parametrize("seed", (1, 2))
def test_a_replay_ends_where_other_lives_said(seed):
    first = played("courier", "random", seed, shadows=CITIZENS)
    predicted = {c: first.replay_as(c).summary("replay") for c in CITIZENS if c != "courier"}
    for citizen, summary in predicted.items():
        replay = Session(DATA, citizen, 7, seed, small_city(seed))
        while not replay.over:  # as the moment scene replays a past run (visit.follow)
            replay.choose(replay.follow(first.turns))
        assert replay.summary("replay")["final_score"] == summary["final_score"], citizen
        assert replay.state.choices == first.shadows[citizen].state.choices
