"""The autoplayer plays the real scenes, from the title to the debrief, for every
citizen and strategy; the command line prints the run as JSON.

The in-process runs use the fixed test city and `instant` scenes (no animation is
waited for), so twelve whole runs take a few seconds; one command-line run uses
the real population.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CITIZENS = ("courier", "civil-servant", "retiree", "graduate")
STRATEGIES = ("comply", "cut-corners", "random")


@pytest.fixture(scope="module")
def data():
    from game.session import GameData

    return GameData.load()


def autoplay(ctx, data, citizen, strategy, seed=1, days=7):
    from dataclasses import replace

    from game.autoplay import Autoplayer, build_app, play
    from conftest import small_city
    from game.scenes.visit import Visit

    visit = replace(Visit(data, days, seed, instant=True),
                    city_factory=small_city)
    app = build_app(ctx, visit)
    pilot = Autoplayer(strategy, citizen)
    asyncio.run(play(app, pilot))
    return app, pilot


def direct(data, citizen, strategy, seed=1, days=7):
    from conftest import small_city
    from game.session import Session

    session = Session(data, citizen, days, seed, small_city(seed))
    while not session.over:
        session.choose(session.autopick(strategy))
    return session.summary(strategy)


@pytest.mark.parametrize("citizen", CITIZENS)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_citizen_and_strategy_plays_through_every_scene_to_the_debrief(
        ctx, data, citizen, strategy):
    from game.scenes.debrief import DebriefScene

    app, pilot = autoplay(ctx, data, citizen, strategy)
    assert isinstance(app.top, DebriefScene)
    seen = pilot.scenes_seen
    # The city grows between the card and the first morning (CityBuildScene, gone
    # within the frame in an instant visit); day 1's card opens over the first moment.
    assert seen[:5] == ["TitleScene", "PredictionScene", "CitizenScene", "MomentScene",
                        "DayScene"]
    assert "MomentScene" in seen and seen[-2:] == ["EndingScene", "PollScene"]
    assert app.top.visit.poll == ""  # the pilot skips "Was the system fair?"
    summary = app.top.session.summary(strategy)
    assert summary["citizen"] == citizen and summary["days"] == 7
    assert summary["score_delta_from_records"] == summary["final_score"] - 1000
    # The scenes add nothing to the run: playing them is playing the session.
    assert summary == direct(data, citizen, strategy)
    assert app.top.visit.prediction == "young_men"


def test_a_complying_courier_and_civil_servant_end_differently_and_the_debrief_says_why(
        ctx, data):
    from game.scenes.debrief import why_lines

    courier, _ = autoplay(ctx, data, "courier", "comply")
    servant, _ = autoplay(ctx, data, "civil-servant", "comply")
    c, s = courier.top.summary, servant.top.summary
    assert (c["ending"], c["final_tier"]) != (s["ending"], s["final_tier"])
    assert s["final_score"] > c["final_score"]
    assert c["who_you_are_points"] == 0 < s["who_you_are_points"]
    assert c["chances_to_earn"] < s["chances_to_earn"]
    # keeping the rules ate the courier's margin, not the civil servant's
    assert c["kept_rules_cost"] / c["spare_money"] > 3 * s["kept_rules_cost"] / s["spare_money"]
    english = courier.ctx
    why_c = " ".join(why_lines(english, courier.top.session, c))
    why_s = " ".join(why_lines(english, servant.top.session, s))
    assert "No rule scored Hao’s circumstances" in why_c
    assert "Stable employment" in why_s and "University degree" in why_s
    assert "% of what was left after food and rent" in why_c
    # the "other lives" page sets the same choices beside each other
    assert servant.top.others["courier"]["final_score"] < s["final_score"]


def test_same_seed_same_run_through_the_scenes(ctx, data):
    a, _ = autoplay(ctx, data, "graduate", "random", seed=7)
    b, _ = autoplay(ctx, data, "graduate", "random", seed=7)
    assert a.top.session.summary("random") == b.top.session.summary("random")


def run_cli(*args):
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PATH": "",
           "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    return subprocess.run([sys.executable, "-m", "game", "--headless", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_command_line_autoplay_prints_one_json_object():
    done = run_cli("--autoplay", "comply", "--citizen", "courier", "--seed", "1",
                   "--days", "7", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    for key in ("citizen", "strategy", "seed", "days", "final_score", "final_tier", "ending",
                "score_records", "score_delta_from_records", "money", "perks_received",
                "perks_paid"):
        assert key in summary, key
    assert summary["citizen"] == "courier" and summary["strategy"] == "comply"
    assert summary["final_score"] == 1000 + summary["score_delta_from_records"]
    assert summary["scenes"][0] == "TitleScene" and summary["scenes"][-2:] == ["EndingScene",
                                                                               "PollScene"]


@pytest.mark.parametrize("args, word", [
    (("--autoplay", "sneaky", "--citizen", "courier"), "strategy"),
    (("--autoplay", "comply", "--citizen", "astronaut"), "citizen"),
])
def test_unknown_ids_exit_2_with_one_line(args, word):
    done = run_cli(*args, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0]
