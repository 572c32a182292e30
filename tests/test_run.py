"""A citizen's run, without a screen: every citizen and strategy reaches an ending."""

import numpy as np
import pytest

from engine import loader
from engine.errors import DataError
from engine.run import CityToday, answer_for, choose, ending, new_run, pick, tier

BOOK = loader.load_rulebook()
STORY = loader.load_story(BOOK)
CITY = CityToday((300, 700, 4000, 3500, 1100, 400), 0.05)


def play(citizen, strategy, seed=1, days=7):
    rng = np.random.default_rng(seed)
    state = new_run(STORY, BOOK, citizen, days, rng)
    steps = []
    while not state.over:
        answer = answer_for(state, STORY, BOOK, CITY, rng)
        state, step = choose(state, pick(state, strategy, STORY, answer, rng), STORY, BOOK,
                             CITY, answer, rng)
        steps.append(step)
    return state, steps


@pytest.mark.parametrize("citizen", sorted(STORY.citizens))
@pytest.mark.parametrize("strategy", ["comply", "cut", "random"])
def test_every_citizen_and_strategy_reaches_an_ending(citizen, strategy):
    state, steps = play(citizen, strategy)
    assert state.over and len(state.daily_scores) == 7
    assert len(steps) == 21  # three moments a day
    assert state.score == BOOK.tiers.start + sum(r.delta for r in state.ledger.records)
    assert ending(state, BOOK) in ("model", "ordinary", "discredited", "off_the_books")
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
    state, _ = play("courier", "cut")
    from dataclasses import replace
    from engine.score import Ledger, Record
    low = Record(1, "loan_default", "rule.loan_default", "act", -500, "source.records", "", "", 1)
    rng = np.random.default_rng(0)
    state = new_run(STORY, BOOK, "courier", 1, rng)
    state = replace(state, ledger=state.ledger.add([low]), slot=2)
    answer = answer_for(state, STORY, BOOK, CITY, rng)
    assert answer.numbers["allowed"] is False
    state, _ = choose(state, "ticket", STORY, BOOK, CITY, answer, rng)
    assert "refused_train" in state.flags and ending(state, BOOK) == "discredited"


def test_fare_receipt_in_a_run_is_budget_neutral():
    _, steps = play("civil-servant", "comply")
    fares = [s.answer for s in steps if s.answer and s.answer.service == "metro"]
    assert fares
    numbers = fares[0].numbers
    revenue = sum(f * c for f, c in zip(numbers["fares"], CITY.tier_counts))
    assert revenue == pytest.approx(numbers["base"] * sum(CITY.tier_counts))


def test_a_story_choice_naming_an_unknown_rule_is_refused(tmp_path):
    import shutil
    for name in ("citizens", "moments", "schedule"):
        shutil.copy(loader.STORY_DIR / f"{name}.toml", tmp_path)
    path = tmp_path / "moments.toml"
    path.write_text(path.read_text().replace('events = ["bill_late"]', 'events = ["bill_lat"]'))
    with pytest.raises(DataError) as err:
        loader.load_story(BOOK, tmp_path)
    assert f"{path}: moment bill choice late: field 'events': 'bill_lat' is not one of" in str(err.value)
