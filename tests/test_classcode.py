"""Class codes: every setup survives a round trip, mistyped codes are refused with a
reason, and the code's tables match the game's data."""

from __future__ import annotations

import itertools
import random

import pytest

from game.classcode import (ALPHABET, CITIZENS, CITY_SIZES, CODE_LENGTH, POLICIES, RUN_LENGTHS,
                            SEED_LIMIT, ClassCodeError, ClassSetup, decode, encode, pretty)


def test_alphabet_has_no_confusable_symbols():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("0O1I") & set(ALPHABET)


def test_every_table_combination_round_trips():
    for citizen, policy, days, size in itertools.product(CITIZENS, POLICIES, RUN_LENGTHS,
                                                         CITY_SIZES):
        for seed in (0, 1, 4242, SEED_LIMIT - 1):
            setup = ClassSetup(seed, citizen, policy, days, size)
            code = encode(setup)
            assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
            assert decode(code) == setup


def test_codes_are_read_forgivingly_and_printed_in_two_groups():
    setup = ClassSetup(48213, "retiree", "harsh", 90, 100_000)
    code = setup.code
    assert decode(code.lower()) == setup
    assert decode(f" {code[:3]}-{code[3:]} ") == setup
    assert pretty(code) == f"{code[:3]}-{code[3:]}"


def test_neighbouring_seeds_give_unrelated_looking_codes():
    codes = [ClassSetup(seed).code for seed in range(20)]
    assert len(set(codes)) == 20
    for position in range(CODE_LENGTH):
        assert len({c[position] for c in codes}) > 5  # no column stays put


def test_every_single_wrong_character_is_caught():
    rng = random.Random(3)
    for _ in range(40):
        setup = ClassSetup(rng.randrange(SEED_LIMIT), rng.choice(CITIZENS), rng.choice(POLICIES),
                           rng.choice(RUN_LENGTHS), rng.choice(CITY_SIZES))
        code = setup.code
        for i, symbol in itertools.product(range(CODE_LENGTH), ALPHABET):
            if symbol != code[i]:
                with pytest.raises(ClassCodeError) as err:
                    decode(code[:i] + symbol + code[i + 1:])
                assert err.value.reason == "check"


def test_most_swaps_of_neighbours_are_caught():
    rng = random.Random(5)
    caught = total = 0
    for _ in range(500):
        code = ClassSetup(rng.randrange(SEED_LIMIT)).code
        for i in range(CODE_LENGTH - 1):
            if code[i] == code[i + 1]:
                continue
            total += 1
            try:
                decode(code[:i] + code[i + 1] + code[i] + code[i + 2:])
            except ClassCodeError:
                caught += 1
    assert caught / total > 0.99


@pytest.mark.parametrize("text, reason, params", [
    ("", "empty", {}),
    ("  - ", "empty", {}),
    ("K7M-3Q0", "confusable", {"character": "0"}),
    ("k7m-3qo", "confusable", {"character": "O"}),
    ("ab1def", "confusable", {"character": "1"}),
    ("K7M3Q!", "character", {"character": "!"}),
    ("K7M3Q", "length", {"length": 5, "expected": 6}),
    ("K7M3QXX", "length", {"length": 7, "expected": 6}),
])
def test_refusals_say_why_with_a_message_id(text, reason, params, english):
    with pytest.raises(ClassCodeError) as err:
        decode(text)
    assert err.value.reason == reason and err.value.params == params
    assert english.t(err.value.message_id, **err.value.params)  # the locale can say it


def test_every_refusal_reason_has_text(english):
    for reason in ("empty", "confusable", "character", "length", "check"):
        assert english.has(f"classcode.error.{reason}")


def test_setups_outside_the_tables_cannot_be_encoded():
    for bad in (dict(seed=-1), dict(seed=SEED_LIMIT), dict(citizen="mayor"),
                dict(policy="utopia"), dict(days=8), dict(citizens=5)):
        with pytest.raises(ValueError):
            ClassSetup(**bad)


def test_tables_match_the_game_data():
    from engine import loader
    from game.scenes.visit import CITIZENS as CARD_ORDER

    assert CITIZENS == CARD_ORDER
    book = loader.load_rulebook()
    assert set(CITIZENS) == set(loader.load_story(book).citizens)
    assert set(POLICIES) <= set(loader.policy_names())


def test_the_codes_in_the_teachers_guide_open_a_city():
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parent.parent / "docs" / "teachers-guide.md").read_text()
    codes = set(re.findall(r"`([2-9A-Z]{3}-[2-9A-Z]{3})`", guide))
    assert codes
    for code in codes:
        decode(code)
