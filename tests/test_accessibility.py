"""Accessibility (docs/accessibility.md): settings kept per device, reduced motion,
contrast, colour vision, a visual cue for every sound, and whole runs by keyboard
alone and by touch alone — through the real App, as pygame events."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest


def key(code):
    import pygame

    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=0)


def tap(pos):
    """A finger down and up at a logical point (the App's viewport is 1280×720)."""
    import pygame

    x, y = pos[0] / 1280, pos[1] / 720
    finger = dict(touch_id=1, finger_id=1, x=x, y=y, dx=0, dy=0, pressure=1.0)
    return [pygame.event.Event(pygame.FINGERDOWN, **finger),
            pygame.event.Event(pygame.FINGERUP, **finger)]


def make_app(ctx, scene):
    from game.app import App, FixedClock

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(scene)
    app.step()
    return app


# --- settings, kept per device ------------------------------------------------------

def test_settings_parse_keeps_good_fields_and_names_the_bad_one():
    from game.settings import DEFAULTS, Settings, parse

    settings, problems = parse('{"text_size": 150, "reduced_motion": "yes", "theme": '
                               '"projector", "colour": 1}', "settings")
    assert settings == Settings(text_size=150, reduced_motion=False, theme="projector")
    assert [p.field for p in problems] == ["reduced_motion", "colour"]
    assert "true or false" in str(problems[0]) and "'reduced_motion'" in str(problems[0])
    assert parse("{not json", "settings") == (DEFAULTS, parse("{not json", "settings")[1])
    assert "is not JSON" in str(parse("{not json", "settings")[1][0])
    assert parse("[1]")[0] == DEFAULTS and parse('{"text_size": 130}')[0].text_size == 100


def test_a_malformed_stored_record_is_set_aside_not_lost(tmp_path, caplog):
    from game.settings import REJECTED_KEY, Settings, SettingsStore
    from game.storage import FileStorage

    storage = FileStorage(tmp_path)
    bad = '{"text_size": 200, "reduced_motion": true}'
    storage.write("settings", bad)
    store = SettingsStore(storage)
    assert store.load() == Settings(reduced_motion=True)  # the good field is kept
    assert any("text_size" in r.getMessage() for r in caplog.records)
    assert storage.read(REJECTED_KEY) == bad
    assert store.save(Settings(text_size=125))
    assert json.loads(storage.read("settings"))["text_size"] == 125
    assert storage.read(REJECTED_KEY) == bad


def test_settings_screen_by_keyboard_changes_keeps_and_returns_to_the_title(
        ctx, tmp_path):
    import pygame

    from game.scenes.title import TitleScene
    from game.settings import SettingsStore
    from game.storage import FileStorage

    store = SettingsStore(FileStorage(tmp_path))
    ctx = replace(ctx, settings_store=store)
    app = make_app(ctx, TitleScene(ctx))
    title = app.top
    settings_at = [b.action for b in title.group.buttons].index("settings")
    app.step([key(pygame.K_TAB)] * settings_at + [key(pygame.K_RETURN)])
    assert type(app.top).__name__ == "SettingsScene"
    app.step([key(pygame.K_RETURN)])                      # text size 100 → 125
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])  # motion → reduced
    assert app.top.ctx.settings.text_size == 125 and app.top.ctx.reduced_motion
    assert store.load().text_size == 125 and store.load().reduced_motion
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene) and len(app.stack) == 1
    assert app.top.ctx.settings.text_size == 125
    assert app.top.ctx.font("body").get_height() > ctx.font("body").get_height()


def test_the_kiosk_starts_visitors_in_its_settings_and_keeps_none(tmp_path):
    from game.kiosk_config import load_config

    path = tmp_path / "kiosk.toml"
    path.write_text('[display]\ntext_size = 125\nreduced_motion = true\n', encoding="utf-8")
    config = load_config(path)
    assert config.settings.text_size == 125 and config.settings.reduced_motion
    path.write_text('[display]\ntext_size = 120\n', encoding="utf-8")
    from engine.errors import DataError

    with pytest.raises(DataError, match="text_size"):
        load_config(path)
    from game.settings import NOWHERE

    assert not NOWHERE.persistent and NOWHERE.save(config.settings) is False


def test_a_kiosk_visitor_changes_settings_before_the_run_and_the_reset_forgets_them(
        ctx):
    """The kiosk has no title: the run's first screen offers Settings; the change
    lasts this visit only, and the attract screen returns in the kiosk's own."""
    from game.app import App, FixedClock
    from game.commands import Activate, Click, PointerDown
    from game.kiosk import KioskShell
    from game.kiosk_config import KioskConfig
    from game.scenes.attract import AttractScene
    from game.scenes.prediction import PredictionScene
    from game.scenes.visit import Visit

    config = KioskConfig(text_size=125, idle_seconds=3, warning_seconds=3)
    ctx = ctx.with_settings(config.settings)
    now = [1000.0]
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    visit = Visit.start(instant=True)
    shell = KioskShell(app, config, clock=lambda: now[0], make_attract=lambda c: AttractScene(
        c, config, lambda run_ctx: PredictionScene(run_ctx, visit)))
    shell.step()
    shell.step([PointerDown((640, 360), touch=True), Click((640, 360), touch=True)], 0.25)
    assert type(app.top).__name__ == "PredictionScene"
    link = next(b for b in app.top.group.buttons if b.action == "settings").rect.center
    shell.step([PointerDown(link, touch=True), Click(link, touch=True)], 0.25)
    assert type(app.top).__name__ == "SettingsScene"
    assert app.top.kept.text == ctx.t("settings.not_kept")
    shell.step([Activate()], 0.25)  # text size 125 → 150
    assert app.top.ctx.settings.text_size == 150
    done = next(b for b in app.top.group.buttons if b.action == "done").rect.center
    shell.step([PointerDown(done, touch=True), Click(done, touch=True)], 0.25)
    assert type(app.top).__name__ == "PredictionScene" and app.top.ctx.settings.text_size == 150
    for _ in range(40):  # nobody there: "Still there?", then the reset
        now[0] += 0.25
        shell.step([], 0.25)
    assert shell.in_attract and app.top.ctx.settings.text_size == 125


# --- reduced motion -------------------------------------------------------------------

ANIMATED = ("title", "kiosk-attract", "moment-red-light-crossed", "moment-clinic")


@pytest.mark.parametrize("name", ANIMATED)
def test_reduced_motion_still_screens_do_not_move(pygame_headless, english, name):
    """Each of these screens moves by itself (a sweep, a pulse, a slide, a queue
    reordering); with reduced motion two frames a second apart are identical."""
    import pygame

    from game.scenes.base import SceneContext
    from game.screenshots import discover, render
    from game.settings import Settings

    def frames(reduced):
        ctx = SceneContext(english).with_settings(Settings(reduced_motion=reduced))
        app = render(discover()[name], ctx, seconds=0.2)
        first = pygame.image.tobytes(app.page, "RGB")
        for _ in range(30):  # half a second later
            app.step()
        return first, pygame.image.tobytes(app.page, "RGB")

    moving = frames(False)
    assert moving[0] != moving[1], f"{name} no longer moves: pick another example"
    still = frames(True)
    assert still[0] == still[1]


# --- contrast and colour vision ---------------------------------------------------------

@pytest.mark.parametrize("theme_name", ["standard", "projector"])
def test_every_text_and_control_colour_pair_meets_wcag_aa(theme_name):
    from game.ui.access import contrast_failures
    from game.ui.theme import THEMES

    assert contrast_failures(THEMES[theme_name]) == []


def test_contrast_is_computed_as_wcag_defines_it():
    from game.ui.access import contrast

    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme_name", ["standard", "projector"])
def test_palettes_stay_apart_under_every_colour_vision(theme_name):
    from game.ui.access import MIN_DELTA_E, VISIONS, closest_pair, palettes
    from game.ui.theme import THEMES

    for name, colours in palettes(THEMES[theme_name]).items():
        for vision in VISIONS:
            distance, a, b = closest_pair(colours, vision)
            assert distance >= MIN_DELTA_E, (name, vision, a, b, round(distance, 1))


def test_the_simulation_merges_red_and_green_for_protanopia():
    """The check can fail: a red and a green that differ plainly in normal vision
    come close under protanopia (Machado 2009), much closer than they were."""
    from game.ui.access import delta_e, simulate

    red, green = (200, 80, 60), (110, 130, 50)
    normal = delta_e(red, green)
    protan = delta_e(simulate(red, "protanopia"), simulate(green, "protanopia"))
    assert normal > 30 and protan < normal / 3


# --- every sound has a visual cue, and whole runs by keyboard and by touch -------------------

class Recorder:
    """A silent `Sounds` that remembers what would have played."""

    muted, available = False, False

    def __init__(self):
        self.played: list[str] = []

    def play(self, name):
        self.played.append(name)

    def toggle(self):
        return True


def cue_shown(app, sound: str, before) -> bool:
    top = app.top
    kind = type(top).__name__
    if sound == "day":
        return kind == "DayScene"
    if sound == "select" and before != (top, getattr(top, "phase", None)):
        return True  # the pressed choice opened the next screen
    if kind != "MomentScene" or top.phase != "outcome":
        return False
    deltas = [d for d, _ in top.lines]  # the outcome's list, drawn at once and in full
    if sound == "gain":
        return any(d is not None and d > 0 for d in deltas)
    if sound == "loss":
        return any(d is not None and d < 0 for d in deltas)
    if sound == "unseen":
        return None in deltas
    if sound == "refused":
        return top.turn.moment == "train"
    return bool(top.outcome_labels)  # select: the outcome replaces the choices


def play_run(ctx, visit, press, strategy="cut-corners"):
    """Title → prediction → citizen → every moment → the debrief, each command the
    autoplayer would give turned into input by `press(app, command)`."""
    from game.autoplay import Autoplayer
    from game.scenes.title import TitleScene

    pilot = Autoplayer(strategy, "courier")
    app = make_app(ctx, TitleScene(ctx, visit=visit))
    heard, moments = [], set()
    for _ in range(3000):
        if pilot.done(app.top):
            break
        command = pilot.command_for(app.top)
        played = len(visit.sound.played)
        before = (app.top, getattr(app.top, "phase", None))
        app.step(press(app, command) if command is not None else [])
        for sound in visit.sound.played[played:]:
            heard.append(sound)
            assert cue_shown(app, sound, before), (sound, type(app.top).__name__)
        turns = getattr(getattr(app.top, "session", None), "turns", [])
        moments.update((t.day, t.moment) for t in turns)
    assert pilot.done(app.top), type(app.top).__name__
    session = app.top.session
    assert session.over and session.state.citizen == "courier"
    assert moments == {(t.day, t.moment) for t in session.turns}  # every one was played
    assert {day for day, _ in moments} == set(range(1, 8))  # the whole week
    return app, heard, moments


def keys_for(app, command):
    import pygame

    from game.commands import Activate, Back, Choose

    if isinstance(command, Activate):
        return [key(pygame.K_RETURN)]
    if isinstance(command, Choose):
        return [key(getattr(pygame, f"K_{command.number}"))]
    if isinstance(command, Back):
        return [key(pygame.K_ESCAPE)]
    raise AssertionError(command)


def taps_for(app, command):
    from game.commands import Activate, Choose

    top = app.top
    buttons = [b for b in top.group.buttons if b.enabled]
    if isinstance(command, Activate):
        return tap(top.group.focused.rect.center)
    if isinstance(command, Choose):
        return tap(next(b for b in buttons if b.number == command.number).rect.center)
    raise AssertionError(f"no touch for {command} on {type(top).__name__}")


@pytest.fixture()
def visit():
    from conftest import small_city
    from game.scenes.visit import Visit
    from game.session import GameData

    return replace(Visit(GameData.load(), 7, 1, instant=False), city_factory=small_city,
                   sound=Recorder())


def test_a_whole_run_and_the_debrief_by_keyboard_alone(ctx, visit):
    import pygame

    from game.sound import RECIPES, VISUAL_CUES

    assert set(VISUAL_CUES) == set(RECIPES)
    app, heard, moments = play_run(ctx, visit, keys_for)
    assert {"day", "loss", "select"} <= set(heard)
    debrief = app.top
    seen = {debrief.page}
    for _ in range(len(debrief.page_ids)):
        app.step([key(pygame.K_RIGHT)])
        seen.add(debrief.page)
    assert seen == set(range(len(debrief.page_ids)))
    app.step([key(pygame.K_LEFT)])
    assert debrief.page == len(debrief.page_ids) - 2


def test_a_whole_run_and_the_debrief_by_touch_alone(ctx, visit):
    app, heard, moments = play_run(ctx, visit, taps_for, strategy="comply")
    debrief = app.top
    for page in range(len(debrief.page_ids)):
        tab = debrief.tabs[page].rect
        app.step(tap(tab.center))
        assert debrief.page == page
    debrief.turn_to(0)
    app.step(tap(next(b for b in debrief.group.buttons if b.action == "next").rect.center))
    assert debrief.page == 1


def test_the_sandbox_by_keyboard_alone(ctx):
    """Open it from the title, change a setting, run the city — keys only."""
    import pygame

    from game.scenes.title import TitleScene

    app = make_app(ctx, TitleScene(ctx))
    actions = [b.action for b in app.top.group.buttons]
    app.step([key(pygame.K_TAB)] * actions.index("sandbox") + [key(pygame.K_RETURN)])
    sandbox = app.top
    assert type(sandbox).__name__ == "SandboxScene"
    slider = next(i for i, item in enumerate(sandbox.controls.items)
                  if type(item).__name__ == "Slider")
    focus = sandbox.controls.focus
    steps = (slider - focus) % len(sandbox.controls.items)
    app.step([key(pygame.K_TAB)] * steps)
    value = sandbox.controls.items[slider].value
    app.step([key(pygame.K_RIGHT)])
    assert app.top.controls.items[slider].value != value
    days = app.top.model.day
    run = next(i for i, item in enumerate(app.top.controls.items)
               if getattr(item, "action", None) in ("run", "play", "pause"))
    app.step([key(pygame.K_TAB)] * ((run - app.top.controls.focus)
                                    % len(app.top.controls.items)) + [key(pygame.K_RETURN)])
    for _ in range(90):
        app.step()
    assert app.top.model.day > days


def test_enlarged_text_shrinks_only_to_fit_and_its_memo_is_bounded(ctx, monkeypatch):
    from game.settings import Settings
    from game.ui import text

    big = ctx.with_settings(Settings(text_size=150))
    font = big.font("body")
    assert font.point_size == 33 and ctx.font("body").point_size == 22
    assert text.fitting_font("Short", font, (400, 60)) is font
    width = ctx.font("body").size("A longer line")[0] + 30  # room for a bit more than 22
    squeezed = text.fitting_font("A longer line", font, (width, 60))
    assert 22 < squeezed.point_size < 33 and text.fits("A longer line", font, (width, 60))
    assert squeezed.size("A longer line")[0] <= width
    assert text.fitting_font("word " * 80, font, (300, 40)).point_size == 22  # the floor
    monkeypatch.setattr(text, "FITTED_MEMO_SIZE", 20)
    monkeypatch.setattr(text, "_FITTED", type(text._FITTED)())
    for i in range(100):
        text.fitting_font(f"Keeping the rules cost ¥{i}", font, (200, 40))
    assert len(text._FITTED) == 20
