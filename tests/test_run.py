"""A citizen's run, without a screen: every citizen and strategy reaches an ending."""

from dataclasses import replace

import numpy as np
import pytest
from conftest import small_city

from engine import loader
from engine.errors import DataError
from engine.run import ending, plan_days
from engine.session import GameData, Session

DATA = GameData.load()
BOOK, STORY = DATA.book, DATA.story
DEALINGS = loader.load_assumptions(BOOK).dealings


def session_of(citizen, strategy, seed=1, days=7):
    session = Session(DATA, citizen, days, seed, small_city(seed))
    while not session.over:
        session.choose(session.autopick("cut-corners" if strategy == "cut" else strategy))
    return session


def play(citizen, strategy, seed=1, days=7):
    session = session_of(citizen, strategy, seed, days)
    return session.state, session.steps


def tier(state, book=BOOK):
    return book.tiers.index_of_score(state.score)


@pytest.mark.parametrize("days", [7, 14, 30])
@pytest.mark.parametrize("citizen", sorted(STORY.citizens))
@pytest.mark.parametrize("strategy", ["comply", "cut", "random"])
def test_every_citizen_and_strategy_reaches_an_ending(citizen, strategy, days):
    state, steps = play(citizen, strategy, days=days)
    assert state.over and len(state.daily_scores) == days
    assert len(steps) == sum(len(d) for d in state.plan)
    assert all(1 <= len(d) <= 3 for d in state.plan)  # every day has a moment
    assert state.score == BOOK.tiers.start + sum(r.delta for r in state.ledger.records)
    assert ending(state, BOOK, DEALINGS) in ("model", "ordinary", "discredited", "off_the_books")
    assert steps[-1].moment == STORY.finale


def test_same_seed_same_run_and_seeds_differ():
    assert play("courier", "random", 5)[0] == play("courier", "random", 5)[0]
    runs = {play("courier", "random", s)[0].choices for s in range(6)}
    assert len(runs) > 1


def test_complying_courier_and_civil_servant_end_differently():
    courier, _ = play("courier", "comply")
    servant, _ = play("civil-servant", "comply")
    assert tier(servant, BOOK) < tier(courier, BOOK)  # a higher tier (lower index)
    who_you_are = lambda s: sum(r.delta for r in s.ledger.records if r.kind == "circumstance")
    assert who_you_are(servant) >= 13 and who_you_are(courier) <= 0
    # The gap is more than who-you-are points alone: the courier cannot afford every
    # rule-keeping act the civil servant can.
    assert servant.score - courier.score > who_you_are(servant) - who_you_are(courier)


def test_the_bottom_tier_is_refused_a_ticket():
    session = Session(DATA, "courier", 1, 0, small_city(0)).stage("train", score_change=-500)
    assert session.tier_id() == "D"
    assert session.answer.allowed is False and session.answer.listed is False
    session.choose("ticket")
    assert "refused_train" in session.state.flags and session.ending() == "discredited"


def test_the_fare_a_run_shows_is_the_board_the_city_balanced():
    session = session_of("civil-servant", "comply")
    fares = [s.answer for s in session.steps if s.answer and s.answer.service == "metro"]
    assert fares
    board = fares[0]
    counts = session.population.board.counts  # the city's board is balanced over riders
    assert sum(f * c for f, c in zip(session.population.board.price, counts)) == \
        pytest.approx(board.base * counts.sum())


def test_a_story_choice_naming_an_unknown_rule_is_refused(tmp_path):
    import shutil
    for name in ("citizens", "moments", "schedule"):
        shutil.copy(loader.STORY_DIR / f"{name}.toml", tmp_path)
    path = tmp_path / "moments.toml"
    path.write_text(path.read_text().replace('events = ["bill_late"]', 'events = ["bill_lat"]'))
    with pytest.raises(DataError) as err:
        loader.load_story(BOOK, tmp_path)
    assert f"{path}: moment bill choice late: field 'events': 'bill_lat' is not one of" in str(err.value)


def runs(citizens, strategies, seeds=30, days=7):
    return [(c, st, play(c, st, seed, days)[0]) for c in citizens for st in strategies
            for seed in range(seeds)]


def test_the_short_run_can_end_discredited_through_the_court_list():
    """A missed repayment goes to court; unpaid, the citizen is listed as a judgment
    defaulter, falls to tier D and is refused the train — inside the kiosk's week."""
    played = runs(("courier", "graduate"), ("cut", "random"))
    d = BOOK.tiers.ids.index("D")
    discredited = [s for _, _, s in played if ending(s, BOOK, DEALINGS) == "discredited"]
    refused = [s for _, _, s in played if "refused_train" in s.flags]
    assert len(discredited) >= len(played) // 3
    assert len(refused) >= len(played) // 5
    assert any(tier(s, BOOK) == d for s in refused)
    listed = [s for _, _, s in played if "court_listed" in s.flags]
    assert listed and all(any(r.rule == "court_defaulter" for r in s.ledger.records)
                          for s in listed)
    # the court lists only those who missed a repayment
    assert all(any(r.rule == "loan_default" for r in s.ledger.records) for s in listed)


@pytest.mark.parametrize("days", [7, 30])
def test_complying_citizens_who_can_pay_are_never_listed_nor_in_tier_d(days):
    d = BOOK.tiers.ids.index("D")
    for citizen in ("courier", "civil-servant", "graduate"):
        for seed in range(30 if days == 7 else 8):
            state, _ = play(citizen, "comply", seed, days)
            assert tier(state, BOOK) < d, (citizen, seed)
            assert "court_listed" not in state.flags and "refused_train" not in state.flags
            if STORY.citizens[citizen].debt:
                assert "repaid" in state.flags  # paid on the day it fell due


def test_the_court_list_refuses_the_ticket_whatever_the_score():
    session = Session(DATA, "courier", 1, 0, small_city(0))
    session.stage("train", listed=True)  # on the court's list, as the day step keeps it
    assert session.tier_id() != "D"
    answer = session.answer
    assert answer.allowed is False and answer.listed is True
    assert answer.rule == "refusal.court_listed"


def test_off_the_books_needs_more_than_one_choice_by_someone_with_savings():
    played = runs(("civil-servant",), ("cut", "random"), seeds=30)
    assert not any(ending(s, BOOK, DEALINGS) == "off_the_books" for _, _, s in played)
    # one day of cash work is not a life off the books; an unpaid lender is
    state, _ = play("graduate", "comply")
    assert ending(state, BOOK, DEALINGS) != "off_the_books"
    assert ending(replace(state, informal=True, informal_days=(6,)), BOOK, DEALINGS) != "off_the_books"
    assert ending(replace(state, informal=True, informal_days=(5, 6)), BOOK, DEALINGS) == "off_the_books"
    owed = replace(state, shark_debt=3900.0, shark_due=9, informal=True)
    assert ending(owed, BOOK, DEALINGS) == "off_the_books"


def test_each_citizen_meets_a_loan_desk_of_their_own_life():
    desks = {}
    for citizen in STORY.citizens:
        state = session_of(citizen, "comply").state
        desks[citizen] = [m for day in state.plan for m in day
                          if STORY.moments[m].service == "bank"]
    assert all(len(d) == 1 for d in desks.values())
    assert len({d[0] for d in desks.values()}) == len(desks)
    servant = STORY.moments[desks["civil-servant"][0]]
    assert "savings" in {c.id for c in servant.choices}
    assert not any(c.effect == "loan_shark" for c in servant.choices)


@pytest.mark.parametrize("citizen", sorted(STORY.citizens))
@pytest.mark.parametrize("days", [7, 14])
def test_no_moment_comes_twice_in_a_week(citizen, days):
    for seed in range(1, 6):
        plan = plan_days(STORY, citizen, days, np.random.default_rng(seed))
        for start in range(0, days, 7):
            met = [m for day in plan[start:start + 7] for m in day]
            assert len(met) == len(set(met)), (seed, start, met)
        met = [m for day in plan for m in day]
        for once in ("bill", "job_board", STORY.finale):
            assert met.count(once) <= 1
        assert sum(STORY.moments[m].service == "bank" for m in met) == 1
        assert met[-1] == STORY.finale and met.count(STORY.finale) == 1
        assert plan[:7] != plan[7:14]  # the second week is not the first again


def test_a_run_longer_than_the_story_still_has_a_moment_every_day():
    plan = plan_days(STORY, "civil-servant", 30, np.random.default_rng(3))
    assert all(plan) and plan[-1][-1] == STORY.finale


def test_goals_do_not_promise_the_end_of_a_week():
    _, messages = loader.load_locale("en")
    for citizen in STORY.citizens:
        assert "end of the week" not in messages[f"citizen.{citizen}.goal"]
