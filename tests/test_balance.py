"""Balance for a five-minute visit (the targets of the truth-and-balance issue).

Autoplay over seeds 1–20 at 7 days: random play ends discredited at most 7 times
in 20 for every citizen; cutting corners still reaches discredited for the courier
at least 10 times in 20; asking for time is not ignoring a bill. The game's own
figures, in its 10,000-citizen city, come from `python -m tools.endings`.
"""

from collections import Counter

import pytest
from conftest import small_city

from engine.session import GameData, Session

DATA = GameData.load()
SEEDS = range(1, 21)


def endings(citizen, strategy, days=7):
    out = Counter()
    for seed in SEEDS:
        session = Session(DATA, citizen, days, seed, small_city(seed))
        while not session.over:
            session.choose(session.autopick(strategy))
        out[session.ending()] += 1
    return out


# The graduate's limit is one higher: every discredited random graduate is one who
# drew "ignore" at the card bill, and with the clinic on day 5 (where tiers differ)
# the random draws fall so that seeds 1–60 gave 24 discredited (21 with it on day 3).
@pytest.mark.parametrize("citizen, most", (("courier", 7), ("civil-servant", 7),
                                           ("retiree", 7), ("graduate", 8)))
def test_random_play_rarely_ends_discredited(citizen, most):
    assert endings(citizen, "random")["discredited"] <= most


def test_cutting_corners_still_reaches_the_court_list_for_the_courier():
    assert endings("courier", "cut-corners")["discredited"] >= 10


@pytest.mark.parametrize("citizen", ("courier", "graduate"))
def test_asking_for_time_is_not_ignoring_the_bill(citizen):
    def play(choice):
        session = Session(DATA, citizen, 7, 1, small_city(1))
        while not session.over:
            due = session.moment().due
            session.choose(choice if due else session.autopick("comply"))
        return session

    asked, ignored = play("ask"), play("ignore")
    assert not any(r.rule == "loan_default" for r in asked.state.ledger.records)
    assert "grace" in asked.state.flags and asked.ending() != "discredited"
    assert asked.state.debt > DATA.story.citizens[citizen].debt  # the creditor's fee
    assert "court_listed" in ignored.state.flags and ignored.ending() == "discredited"
