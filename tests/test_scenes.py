"""The play-through's scenes, headless: every moment of every citizen draws and its
text fits; keyboard-only play reaches the debrief; the ledger, sound, replay and
cards work; drawing never changes a scene.

(Every registered scene is also drawn in both themes, with its text measured, by
tests/test_game_shell.py.)
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.commands import Activate, Back, Choose, FocusNext, Move


@pytest.fixture(scope="module")
def visit():
    from conftest import small_city
    from game.scenes.visit import Visit
    from game.session import GameData

    return replace(Visit(GameData.load(), 7, 1, instant=True),
                   city_factory=small_city)


def make_app(ctx, scene):
    from game.app import App, FixedClock

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(scene)
    app.step()
    return app


def overflowing(ctx, scene):
    from game.ui.text import fits

    gap = ctx.theme.size("line.gap")
    return [(box.text[:50], box.role, box.size) for box in scene.text_boxes()
            if not fits(box.text, ctx.font(box.role), box.size, gap)]


def moments_and_citizens(data):
    for moment in data.story.moments.values():
        yield moment.id, (moment.citizens or ("courier", "civil-servant", "retiree",
                                              "graduate"))[0]


@pytest.mark.parametrize("theme", ["standard", "projector"])
def test_every_moment_and_every_choice_draws_and_fits(ctx, visit, theme):
    """Every moment, before and after each of its choices, at a middling and at the
    lowest tier (where the refusals show)."""
    from game.scenes.moment import MomentScene
    from game.ui.theme import THEMES

    themed = ctx.with_theme(THEMES[theme])
    problems = []
    for moment_id, citizen in moments_and_citizens(visit.data):
        for score_change in (0, -450):
            session = visit.new_session(citizen).stage(moment_id, score_change=score_change)
            for choice, ok, _ in session.options():
                staged = visit.new_session(citizen).stage(moment_id, score_change=score_change)
                scene = MomentScene(themed, visit, staged)
                app = make_app(themed, scene)
                problems += [(moment_id, "choose", *p) for p in overflowing(themed, scene)]
                if ok:
                    app.step([Choose(scene.number_of(choice.id))])
                    assert scene.phase == "outcome"
                    problems += [(moment_id, choice.id, *p) for p in overflowing(themed, scene)]
    assert not problems


def test_closed_choices_say_why_and_cannot_be_picked(ctx, visit):
    from game.scenes.moment import MomentScene

    session = visit.new_session("courier").stage("charity", money=20)
    scene = MomentScene(ctx, visit, session)
    app = make_app(ctx, scene)
    donate = next(b for b in scene.choices if b.action == "donate")
    assert not donate.enabled and "don't have the money" in scene.note.text
    app.step([Choose(donate.number)])
    assert scene.phase == "choose" and not session.turns


def test_keyboard_only_play_reaches_the_debrief(ctx, visit):
    """Arrows, number keys and Enter only — a one-day run, as pygame key events."""
    import pygame

    from game.scenes.debrief import DebriefScene
    from game.scenes.title import TitleScene

    def key(code):
        return pygame.event.Event(pygame.KEYDOWN, key=code, mod=0)

    app = make_app(ctx, TitleScene(ctx, visit=replace(visit, days=1)))
    app.step([key(pygame.K_RETURN)])            # Play
    app.step([key(pygame.K_2)])                 # the prediction
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])  # the second citizen
    for _ in range(30):
        if isinstance(app.top, DebriefScene):
            break
        top = app.top
        if getattr(top, "phase", "") == "choose":
            app.step([key(pygame.K_1)])
        else:
            app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, DebriefScene)
    assert app.top.session.state.citizen == "civil-servant"
    assert app.top.visit.prediction == "young_men"
    for _ in range(4):                          # turn every page with the arrows
        app.step([key(pygame.K_RIGHT)])
    assert app.top.page == 4


def test_the_ledger_opens_from_a_moment_and_esc_closes_it(ctx, visit):
    from game.scenes.ledger import LedgerScene
    from game.scenes.moment import MomentScene

    session = visit.new_session("courier").stage("red_light_delivery")
    scene = MomentScene(ctx, visit, session)
    app = make_app(ctx, scene)
    app.step([Choose(scene.number_of("cross"))])
    ledger = scene.bar.ledger_button
    app.step([FocusNext(), Activate()])          # Tab from Continue to the ledger link
    assert isinstance(app.top, LedgerScene) and ledger.action == "ledger"
    app.step([Move(0, 1), Back()])
    assert app.top is scene


def test_sound_can_be_muted_from_a_moment(ctx, visit):
    from game.scenes.moment import MomentScene
    from game.sound import Sounds

    loud = replace(visit, sound=Sounds())  # SDL's dummy audio driver plays nothing
    assert loud.sound.available
    scene = MomentScene(ctx, loud, loud.new_session("retiree"))
    app = make_app(ctx, scene)
    sound = next(i for i, b in enumerate(scene.group.buttons) if b.action == "sound")
    scene.group.focus = sound
    app.step([Activate()])
    assert loud.sound.muted and scene.bar.sound_button.text == ctx.t("hud.sound_off")
    assert scene.group.buttons[scene.group.focus].action == "sound"  # focus stays on it
    assert [b.action for b in scene.group.buttons[-2:]] == ["ledger", "sound"]


def test_no_sound_link_where_the_session_has_no_sound(ctx, visit):
    """A kiosk, the attract demo, a headless run: silent, so no "Sound: on" link."""
    from game.kiosk import KioskConfig, KioskRuns
    from game.scenes.day import DayScene
    from game.scenes.moment import MomentScene
    from game.sound import SILENT, Sounds

    kiosk_visit = KioskRuns(KioskConfig(), city_factory=visit.city_factory).template
    for quiet in (visit, replace(visit, sound=Sounds(enabled=False)), kiosk_visit):
        assert not quiet.sound.available
        scene = MomentScene(ctx, quiet, quiet.new_session("courier"))
        make_app(ctx, scene)
        actions = [b.action for b in scene.group.buttons]
        assert "sound" not in actions and "ledger" in actions
        assert scene.bar.sound_button is None
        day = DayScene(ctx, quiet, quiet.new_session("courier"), None)
        assert all(box.text != ctx.t("hud.sound_on") for box in day.text_boxes())
    assert visit.sound is SILENT


def test_every_change_pops_up_and_unseen_acts_say_so(ctx, visit):
    """Crossing on red, with the camera's draw decided by the seed: either a record
    with its rule, amount and camera, or "no camera saw you — this time"."""
    from game.scenes.moment import MomentScene

    outcomes = set()
    for seed in range(8):
        session = replace(visit, seed=seed).new_session("courier").stage("red_light_delivery")
        scene = MomentScene(ctx, visit, session)
        app = make_app(ctx, scene)
        app.step([Choose(scene.number_of("cross"))])
        texts = [label.text for _, label in scene.lines]
        if session.state.ledger.records[-1:] and session.state.ledger.records[-1].rule == \
                "jaywalking":
            assert "Crossing on red · camera J-04" in texts
            outcomes.add("seen")
        else:
            assert any("No camera saw you — this time" in t for t in texts)
            outcomes.add("unseen")
    assert outcomes == {"seen", "unseen"}


def test_replay_as_another_citizen_repeats_the_choices_and_compares(ctx, visit):
    from game.autoplay import Autoplayer
    from game.scenes.debrief import DebriefScene
    from game.scenes.ending import EndingScene
    from game.scenes.moment import MomentScene

    scene = MomentScene.start(ctx, replace(visit, prediction="anyone"), "courier")
    app = make_app(ctx, scene)
    pilot = Autoplayer("comply", "courier")
    while not isinstance(app.top, DebriefScene):
        app.step([pilot.command_for(app.top)])
    first = app.top
    replay = next(b for b in first.pages[1].buttons if b.action == "replay:civil-servant")
    first.turn_to(1)
    first.group.focus = first.group.buttons.index(replay)
    app.step([Activate()])
    assert any(isinstance(s, MomentScene) and s.visit.follow.citizen == "courier"
               for s in app.stack)
    for _ in range(400):                          # the replay plays itself,
        if isinstance(app.top, DebriefScene):
            break
        app.step([Activate()] if isinstance(app.top, EndingScene) else [])  # to its end
    second = app.top
    assert isinstance(second, DebriefScene) and second.session.state.citizen == "civil-servant"
    assert [r.citizen for r in second.visit.runs] == ["courier", "civil-servant"]
    assert second.visit.runs[-1].replay_of == "courier"
    assert second.visit.prediction == "anyone"
    # where the moments were the same, so were the choices
    # (unless that choice was closed to the replayer: no low-tier friend to drop)
    before = {(t.day, t.moment): t.choice for t in first.session.turns}
    same = [(t.day, t.moment, t.choice, {c for c, _, _ in t.closed})
            for t in second.session.turns if (t.day, t.moment) in before]
    assert same and all(before[(d, m)] == c or before[(d, m)] in closed
                        for d, m, c, closed in same)


def test_cards_have_words_kinds_and_sources(english):
    from game.scenes.cards import KINDS, load_cards

    cards = load_cards()
    assert len(cards) >= 12 and {c.kind for c in cards} == set(KINDS)
    for card in cards:
        assert english.has(f"card.{card.id}.title") and english.has(f"card.{card.id}.text")
        assert card.source


@pytest.mark.xdist_group("rendered")
def test_drawing_never_changes_a_scene(rendered, pygame_headless):
    themed, scenes = rendered("standard")  # drawn once, shared (tests/conftest.py)
    page = pygame_headless.Surface(themed.size)
    for name, shot in scenes.items():
        for scene in shot.stack:
            before = {k: (v if isinstance(v, (int, float, str, bool, tuple)) else id(v))
                      for k, v in vars(scene).items()}
            scene.draw(page)
            after = {k: (v if isinstance(v, (int, float, str, bool, tuple)) else id(v))
                     for k, v in vars(scene).items()}
            assert before == after, name


@pytest.mark.xdist_group("rendered")
def test_every_button_is_a_touch_target(rendered):
    for name, shot in rendered("standard")[1].items():
        for scene in shot.stack:
            group = getattr(scene, "group", None)
            for button in (group.buttons if group else []):
                assert button.rect.height >= 48, (name, button.text)


def test_the_layout_memo_is_bounded_and_keeps_what_is_in_use(ctx, monkeypatch):
    """Its keys hold per-run text (names, amounts): a kiosk running for months must
    not grow it without end, and the texts every screen uses stay in it."""
    from game.scenes import common

    monkeypatch.setattr(common, "ROLES_MEMO_SIZE", 50)
    monkeypatch.setattr(common, "_ROLES", type(common._ROLES)())
    steady = common.best_role(ctx, "Your full record", (300, 40))
    for i in range(500):  # a long day of visitors: a new amount every run
        common.best_role(ctx, f"Keeping the rules cost Hao ¥{i}", (400, 40))
        assert common.best_role(ctx, "Your full record", (300, 40)) == steady
    assert len(common._ROLES) == 50
    size = ctx.settings.text_size
    key = (ctx.theme.name, size, ctx.fonts, "Your full record", (300, 40), common.BODY_ROLES)
    assert key in common._ROLES  # used all along: never the one evicted
    assert (ctx.theme.name, size, ctx.fonts, "Keeping the rules cost Hao ¥0", (400, 40),
            common.BODY_ROLES) not in common._ROLES


def test_pop_ups_sit_in_the_score_bar_and_never_cover_the_page(ctx, visit):
    """A pop-up is drawn in the bar's empty right end, below nothing else."""
    from game.scenes.moment import MomentScene
    from game.ui.hud import BAR_H

    for seed in range(4):
        session = replace(visit, seed=seed).new_session("courier").stage("red_light_delivery")
        scene = MomentScene(ctx, visit, session)
        make_app(ctx, scene).step([Choose(scene.number_of("cross"))])
        area = scene.bar.popup_rect(scene.bar_state(final=True))
        assert area.bottom <= BAR_H and area.right <= 1280
        assert area.top >= 0 and not area.colliderect(scene.where.rect)
        assert scene.popup_items() and not overflowing(ctx, scene)


def test_the_ticket_machine_stops_checking_once_it_has_answered(ctx, visit):
    from game.scenes.station import StationPanel  # noqa: F401  (the panel drawn)
    from game.screenshots import REGISTRY, discover  # noqa: F401

    scene = discover()["moment-train-refused"](ctx)
    make_app(ctx, scene)
    panel = scene.panel
    assert panel.check not in panel.labels and panel.checked in panel.after
    assert "barred" in panel.checked.text and "Checking" not in panel.checked.text


def test_fare_receipts_say_small_equivalents_in_words(english):
    from game.scenes.fare import riders_phrase

    class Ctx:
        t, tn = english.t, english.tn

    assert riders_phrase(Ctx, 0.2, "surcharge") == "about a fifth of one rider’s surcharge"
    assert riders_phrase(Ctx, 0.5, "discount") == "about half of one rider’s discount"
    assert riders_phrase(Ctx, 1.1, "discount") == "the discount of about one rider"
    assert riders_phrase(Ctx, 2.6, "surcharge") == "the surcharges of about 3 riders"
    assert "tenth" in riders_phrase(Ctx, 0.01, "surcharge")
    for count in (0.0, 0.05, 0.2, 0.34, 0.7, 0.8, 1.5, 12.0):
        assert "." not in riders_phrase(Ctx, count, "surcharge")


def test_the_clinic_says_queue_priority_is_the_essays_claim(ctx, visit):
    from game.scenes.moment import MomentScene

    session = visit.new_session("courier").stage("clinic")
    scene = MomentScene(ctx, visit, session)
    assert scene.real is not None and "not found in the pilots" in scene.real.text
    assert not overflowing(ctx, scene)


def test_measured_only_in_secondary_reporting_is_labelled_reported():
    """FACTS.md marks the Rongcheng and Suqian point values and ride-hailing
    ratings M (secondary reporting): their cards say "reported", not "documented"."""
    from game.scenes.cards import load_cards

    kinds = {card.id: card.kind for card in load_cards()}
    assert kinds["rongcheng"] == kinds["suqian"] == kinds["ratings"] == "reported"


def test_screenshots_remove_only_the_pngs_no_scene_produces(tmp_path):
    from game.screenshots import orphans

    for name in ("title.png", "title--projector.png", "questions.png",
                 "questions--projector.png", "notes.txt", "Logo.PNG", "keep.md"):
        (tmp_path / name).write_text("x")
    stale = orphans(tmp_path, ["title"], ["standard", "projector"])
    assert [p.name for p in stale] == ["questions--projector.png", "questions.png"]


def test_the_debrief_tabs_answer_a_click(ctx, visit):
    from game.commands import Click
    from game.scenes.debrief import DebriefScene
    from game.session import Session

    from conftest import small_city

    session = Session(visit.data, "courier", 7, 1, small_city(1))
    while not session.over:
        session.choose(session.autopick("comply"))
    scene = DebriefScene(ctx, visit.finished(session), session)
    third = scene.tabs[2].rect
    scene.handle(Click((third.centerx, third.bottom + 8)))  # just under the words
    assert scene.page == 2


def test_no_minus_zero_and_one_day_is_a_day(english):
    assert english.signed(-0.4) == "0" and english.signed(-1) == "−1"
    assert "1 day" in english.tn("end.kicker", 1, name="Hao")
    assert "7 days" in english.tn("end.kicker", 7, name="Hao")
