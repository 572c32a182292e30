"""The poll "Was the system fair?", the debrief's page of other visitors, and who
counts a finished run: once, never a replay, never the attract demo, never twice
between the kiosk shell and the game.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

import pytest

from game.commands import Activate, Back, Choose

DAY = date(2025, 3, 1)


@pytest.fixture()
def visit():
    from conftest import small_city
    from game.scenes.visit import Visit

    return Visit.start(instant=True, city_factory=small_city)


@pytest.fixture()
def memory_stats():
    """An empty in-memory store; whatever a test installs is uninstalled after it."""
    import game.stats as stats_module
    from game.stats import MemoryBackend, VisitorStats

    yield VisitorStats(MemoryBackend(), lambda: DAY)
    stats_module.install(None)


def make_app(ctx, scene):
    from game.app import App, FixedClock

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(scene)
    app.step()
    return app


def play_to_debrief(app, pilot, limit=3000):
    from game.scenes.debrief import DebriefScene

    for _ in range(limit):
        if isinstance(app.top, DebriefScene):
            return app.top
        command = pilot.command_for(app.top)
        app.step([command] if command else [])
    raise AssertionError(f"stuck on {type(app.top).__name__}")


def finished(visit, citizen="courier", strategy="comply"):
    session = visit.new_session(citizen)
    while not session.over:
        session.choose(session.autopick(strategy))
    return visit.finished(session), session


# --- the poll -------------------------------------------------------------------------

def test_the_poll_comes_after_the_ending_and_is_counted_once_with_the_tier_band(
        ctx, visit, memory_stats):
    import game.stats
    from game.autoplay import Autoplayer
    from game.scenes.moment import MomentScene
    from game.scenes.poll import PollScene

    game.stats.install(memory_stats, audience="computer", count_runs=True)
    app = make_app(ctx, MomentScene.start(ctx, replace(visit, prediction="anyone"), "graduate"))
    pilot = Autoplayer("cut-corners", "graduate", poll="unfair")
    debrief = play_to_debrief(app, pilot)
    assert pilot.scenes_seen[-2:] == ["EndingScene", "PollScene"]
    band = game.stats.tier_band(debrief.session.tier_id())
    assert memory_stats.counts("poll") == {"unfair": 1}
    assert memory_stats.counts("poll_by_tier") == {f"{band}:unfair": 1}
    assert memory_stats.visitors() == 1 and memory_stats.counts("prediction") == {"anyone": 1}
    assert debrief.visit.poll == "unfair" and debrief.pages[4].__class__.__name__ == "OthersPage"
    # the same poll scene pressed again (a double tap) counts nothing more
    poll = PollScene(ctx, debrief.visit, debrief.session)
    poll.handle(Choose(poll.number_of("fair")))
    poll.handle(Choose(poll.number_of("fair")))
    assert memory_stats.counts("poll") == {"unfair": 1, "fair": 1}


@pytest.mark.parametrize("tier, band", [("AAA", "top"), ("AA", "top"), ("A", "bottom"),
                                        ("B", "bottom"), ("C", "bottom"), ("D", "bottom")])
def test_only_the_band_is_kept_never_the_tier(memory_stats, tier, band):
    assert memory_stats.record_poll("fair_for_some", tier)
    assert memory_stats.counts("poll_by_tier") == {f"{band}:fair_for_some": 1}
    assert [k for _, kind, k, _ in memory_stats.rows() if kind == "poll_by_tier"] == \
        [f"{band}:fair_for_some"]


def test_enter_esc_or_the_link_skip_the_poll_and_count_nothing(ctx, visit, memory_stats):
    import game.stats
    from game.scenes.debrief import DebriefScene
    from game.scenes.poll import SKIP, PollScene

    game.stats.install(memory_stats)
    done, session = finished(visit)
    for command in (Activate(), Back()):
        poll = PollScene(ctx, done, session)
        assert poll.group.focused.action == SKIP  # hurrying through is no opinion
        transition = poll.handle(command)
        assert isinstance(transition.scene, DebriefScene) and transition.scene.visit.poll == ""
    poll = PollScene(ctx, done, session)
    skip = next(b for b in poll.group.buttons if b.action == SKIP)
    assert skip.rect.height >= 48 and all(b.rect.height >= 64 for b in poll.group.buttons[:4])
    from game.commands import Click, PointerDown

    poll.handle(PointerDown(skip.rect.center))
    assert isinstance(poll.handle(Click(skip.rect.center)).scene, DebriefScene)
    assert memory_stats.counts("poll") == {} and memory_stats.rows() == []


def test_number_keys_answer_and_a_replay_is_not_asked_again(ctx, visit, memory_stats):
    import game.stats
    from game.autoplay import Autoplayer
    from game.scenes.debrief import DebriefScene
    from game.scenes.ending import EndingScene
    from game.scenes.moment import MomentScene
    from game.scenes.poll import PollScene

    game.stats.install(memory_stats, audience="computer", count_runs=True)
    app = make_app(ctx, MomentScene.start(ctx, visit, "courier"))
    first = play_to_debrief(app, Autoplayer("comply", "courier", poll="fair"))
    assert memory_stats.visitors() == 1 and memory_stats.counts("poll") == {"fair": 1}
    first.turn_to(1)
    replay = next(b for b in first.group.buttons if b.action == "replay:retiree")
    first.group.focus = first.group.buttons.index(replay)
    app.step([Activate()])
    seen = set()
    for _ in range(600):
        if isinstance(app.top, DebriefScene):
            break
        seen.add(type(app.top).__name__)
        app.step([Activate()] if isinstance(app.top, EndingScene) else [])
    assert isinstance(app.top, DebriefScene) and app.top.visit.runs[-1].replay_of == "courier"
    assert PollScene.__name__ not in seen
    assert memory_stats.visitors() == 1 and memory_stats.counts("poll") == {"fair": 1}


# --- the debrief's page of other visitors ------------------------------------------------

def test_the_page_is_there_only_with_a_store(ctx, visit, memory_stats):
    from game.scenes.debrief import PAGES, DebriefScene

    done, session = finished(visit)
    assert DebriefScene(ctx, done, session).page_ids == PAGES
    with_store = DebriefScene(ctx, done, session, stats=memory_stats)
    assert with_store.page_ids == ("score", "lives", "receipt", "city", "others", "discuss")
    assert with_store.tab_text("others") == ctx.t("kiosk.others.tab")


def texts(page):
    return [label.text for label in page.labels]


def test_shares_are_hidden_under_five_people(ctx, visit):
    from game.scenes.debrief import DebriefScene, seeded_stats
    from game.stats import MIN_VISITORS_SHOWN, shown_share

    assert MIN_VISITORS_SHOWN == 5
    assert shown_share(4, 4) is None and shown_share(1, 5) == 20
    done, session = finished(visit)
    few = seeded_stats(visitors=4, today=2)
    page = DebriefScene(ctx, done, session, stats=few, audience="computer").pages[4]
    shown = " ".join(texts(page))
    assert ctx.t("others.too_few", n=5) in shown
    assert ctx.t("others.poll.too_few", n=5) in shown
    assert ctx.t("others.prediction.too_few", n=5) in shown
    assert "%" not in shown and all(percent is None for _, percent, _ in page.bars)
    assert ctx.t("others.computer.count", today=2, all=4) in shown


def test_the_debrief_shows_shares_poll_split_and_predictions_from_a_store_on_disk(
        ctx, visit, tmp_path, monkeypatch):
    """A store in a temporary data folder, seeded through the API with made-up
    runs, read back by the debrief the way the desktop opens it."""
    import game.stats
    from game.scenes.debrief import DebriefScene
    from game.stats import PLAYER_DB_NAME, VisitorStats

    monkeypatch.setenv("TRUSTWORTHY_DATA_DIR", str(tmp_path))
    store = VisitorStats.open_for_players(today=lambda: DAY)
    assert (tmp_path / PLAYER_DB_NAME).is_file()
    done, session = finished(replace(visit, prediction="young_men", poll="unfair"),
                             "courier", "cut-corners")
    mine = done.runs[-1].summary["choices"]
    neighbour = next(c.split(":")[2] for c in mine if ":neighbour:" in c)
    # 10 runs like this one ended in a top tier (AA), 10 lower; 8 of the top said fair,
    # 2 of the bottom; 6 of 20 predicted "young men".
    for n in range(20):
        tier = "AA" if n < 10 else "C"
        choices = mine if n % 2 else [c for c in mine if ":neighbour:" not in c] + \
            ["1:neighbour:zzz"]
        store.record_run({"citizen": "courier", "final_tier": tier, "ending": "ordinary",
                          "choices": choices},
                         prediction="young_men" if n < 6 else "anyone")
        store.record_poll("fair" if (n < 8 or n in (10, 11)) else "unfair", tier)
    try:
        game.stats.install(store, audience="computer", count_runs=True)
        debrief = DebriefScene(ctx, done, session, page=4)
        page = debrief.pages[4]
        shown = texts(page)
        assert shown[0] == ctx.t("others.computer.heading")
        assert ctx.t("others.computer.count", today=20, all=20) in shown
        choice = ctx.t(f"moment.neighbour.choice.{neighbour}")
        assert ctx.t("others.computer.line", choice=choice, today=50, all=50) in shown
        top = ctx.t("others.poll.top")
        bottom = ctx.t("others.poll.bottom")
        assert ctx.t("others.poll.said_fair", percent=80) in shown
        assert ctx.t("others.poll.said_fair", percent=20) in shown
        mine_band = game.stats.tier_band(session.tier_id())
        yours = ctx.t("others.poll.yours", band=top if mine_band == "top" else bottom)
        assert yours in shown and ctx.t("others.poll.you_said",
                                        answer=ctx.t("poll.unfair")) in shown
        assert ctx.t("others.prediction.yours",
                     prediction=ctx.t("others.prediction.young_men")) in shown
        assert ctx.t("others.percent", percent=30) in shown
        assert ctx.t("others.percent", percent=70) in shown
        assert ctx.t("others.privacy") in shown
        make_app(ctx, debrief)  # and it draws
    finally:
        game.stats.install(None)
        store.close()


@pytest.mark.parametrize("theme", ["standard", "projector"])
def test_the_page_fits_with_long_answers_in_both_themes(ctx, visit, theme):
    from game.scenes.debrief import DebriefScene, seeded_stats
    from game.ui.text import fits
    from game.ui.theme import THEMES

    themed = ctx.with_theme(THEMES[theme])
    done, session = finished(replace(visit, prediction="young_men", poll="fair_for_some"))
    for audience in ("visitors", "computer", "browser"):
        for stats in (seeded_stats(), seeded_stats(visitors=2, today=1)):
            scene = DebriefScene(themed, done, session, page=4, stats=stats,
                                 audience=audience)
            gap = themed.theme.size("line.gap")
            bad = [b.text for b in scene.text_boxes()
                   if not fits(b.text, themed.font(b.role), b.size, gap)]
            assert not bad, (audience, bad)


# --- who counts: once, and never twice --------------------------------------------------

def kiosk_visitor_run(ctx, stats, pilot):
    """A visitor's run in a kiosk shell (as tests/test_kiosk.py), to the debrief."""
    from game.app import App, FixedClock
    from conftest import small_city
    from game.commands import Click, PointerDown
    from game.kiosk import KioskConfig, KioskRuns, KioskShell

    config = KioskConfig(idle_seconds=600, warning_seconds=60)
    runs = KioskRuns(config, city_factory=small_city, instant=True)
    now = [1000.0]
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, config, clock=lambda: now[0], stats=stats,
                       make_attract=runs.make_attract)
    shell.step([PointerDown((640, 360), touch=True), Click((640, 360), touch=True)], 1 / 60)
    for _ in range(3000):
        if pilot.done(app.top):
            break
        command = pilot.command_for(app.top)
        now[0] += 1 / 60
        shell.step([command] if command else [], 1 / 60)
    for _ in range(5):
        shell.step([], 1 / 60)
    assert type(app.top).__name__ == "DebriefScene"
    return shell


def test_a_kiosk_run_is_counted_once_by_its_shell_and_its_poll_once(ctx, memory_stats):
    """Today's kiosk: `run_kiosk` installs the store without `count_runs`; the shell
    counts the run, the poll scene the answer."""
    import game.stats
    from game.autoplay import Autoplayer

    game.stats.install(memory_stats)
    shell = kiosk_visitor_run(ctx, memory_stats, Autoplayer("comply", "retiree", "old_poor",
                                                            poll="fair_for_some"))
    assert memory_stats.visitors() == 1 and memory_stats.counts("prediction") == {"old_poor": 1}
    assert memory_stats.counts("poll") == {"fair_for_some": 1}
    assert sum(memory_stats.counts("poll_by_tier").values()) == 1
    assert shell.app.top.page_ids[4] == "others" and shell.app.top.audience == "visitors"


def test_a_kiosk_where_the_game_counts_too_still_counts_a_run_once(ctx, memory_stats):
    """After the change proposed for game/kiosk.py (the game counts, the shell's own
    counting kept by mistake): the store still counts the run once."""
    import game.stats
    from game.autoplay import Autoplayer

    game.stats.install(memory_stats, count_runs=True)
    kiosk_visitor_run(ctx, memory_stats, Autoplayer("comply", "courier"))
    assert memory_stats.visitors() == 1 and sum(memory_stats.counts("citizen").values()) == 1
    assert memory_stats.counts("poll") == {}  # the pilot skipped


def test_the_desktop_counts_a_finished_run_once_and_a_replay_never(ctx, visit, memory_stats):
    import game.stats
    from game.scenes.ending import EndingScene
    from game.stats import count_finished

    game.stats.install(memory_stats, audience="computer", count_runs=True)
    session = visit.new_session("civil-servant")
    while not session.over:
        session.choose(session.autopick("comply"))
    ending = EndingScene(ctx, visit, session)
    poll = ending.handle(Activate()).scene
    assert type(poll).__name__ == "PollScene" and memory_stats.visitors() == 1
    assert count_finished(poll.visit)  # asked again: the store knows this run,
    assert memory_stats.visitors() == 1  # and does not count it again
    follow = replace(poll.visit, follow=poll.visit.runs[-1])
    replay = follow.new_session("graduate")
    while not replay.over:
        replay.choose(replay.follow(list(follow.follow.turns)))
    after = EndingScene(ctx, follow, replay).handle(Activate()).scene
    assert type(after).__name__ == "DebriefScene" and after.visit.runs[-1].replay_of
    assert memory_stats.visitors() == 1


def test_nothing_is_counted_where_no_store_asks_the_game_to(ctx, visit, memory_stats):
    import game.stats
    from game.stats import count_finished

    done, _ = finished(visit)
    assert not count_finished(done)  # nothing installed
    game.stats.install(memory_stats)  # a kiosk's store: its shell counts
    assert not count_finished(done) and memory_stats.visitors() == 0
    game.stats.install(memory_stats, count_runs=True)
    assert count_finished(done) and memory_stats.visitors() == 1


def test_the_attract_demo_counts_nothing_even_where_the_game_counts(ctx, memory_stats):
    import game.stats
    from game.app import STEP
    from conftest import small_city
    from game.kiosk import KioskConfig, KioskRuns

    game.stats.install(memory_stats, count_runs=True)
    runs = KioskRuns(KioskConfig(attract_seconds_per_choice=0.2),
                     city_factory=small_city, instant=True)
    attract = runs.make_attract(ctx)
    attract.card_until = 0.0
    for _ in range(round(40 / STEP)):
        attract.update(STEP)
        if attract.demo_runs:
            break
    assert attract.demo_runs == 1
    assert memory_stats.rows() == [] and game.stats.installed() is memory_stats


def test_the_desktop_opens_its_own_store_in_the_data_folder(tmp_path, monkeypatch,
                                                            pygame_headless):
    import game.stats
    from game.app import main
    from game.stats import DB_NAME, PLAYER_DB_NAME

    monkeypatch.setenv("TRUSTWORTHY_DATA_DIR", str(tmp_path))
    seen = []
    real_install = game.stats.install

    def spy(stats, **kw):
        seen.append((stats is not None, kw))
        real_install(stats, **kw)

    monkeypatch.setattr(game.stats, "install", spy)
    assert asyncio.run(main(["--headless", "--frames", "2"])) == 0
    assert (tmp_path / PLAYER_DB_NAME).is_file() and not (tmp_path / DB_NAME).exists()
    assert seen == [(True, {"audience": "computer", "count_runs": True}), (False, {})]
    assert game.stats.installed() is None


def test_the_browser_keeps_the_players_counts_in_local_storage(monkeypatch):
    import game.stats
    from game.storage import BrowserStorage, Storage
    from game.stats import PLAYER_RECORD_KEY, LocalStorageBackend, VisitorStats

    class Local(dict):
        def getItem(self, name):
            return self.get(name)

        def setItem(self, name, value):
            self[name] = str(value)

        def removeItem(self, name):
            self.pop(name, None)

    local = Local()
    monkeypatch.setattr(game.stats.sys, "platform", "emscripten")
    monkeypatch.setattr(Storage, "default", staticmethod(lambda: BrowserStorage(local)))
    stats = VisitorStats.open_for_players(today=lambda: DAY)
    assert isinstance(stats.backend, LocalStorageBackend)
    stats.record_run({"citizen": "courier", "final_tier": "B", "ending": "ordinary",
                      "choices": ["1:bill:pay"]})
    assert list(local) == [f"trustworthy:{PLAYER_RECORD_KEY}"]
    assert VisitorStats.open_for_players(today=lambda: DAY).visitors() == 1  # a reload
