"""The game shell: loop, scene stack, input → commands, text, theme, title.

Everything runs headless (tests/conftest.py) and drives the App frame by frame
through `App.step`, the same path the real loop takes.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- helpers ------------------------------------------------------------------------

def make_app(ctx, first=None):
    from game.app import App, FixedClock
    from game.scenes.title import TitleScene

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(first or TitleScene(ctx))
    app.step()
    return app


def key(code, mod=0):
    import pygame

    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod)


def centre_of(app, action):
    return next(b.rect.center for b in app.top.group.buttons if b.action == action)


class CountingScene:
    """A scene that records what reaches it (built lazily: Scene needs pygame)."""

    @staticmethod
    def make(ctx):
        from game.scenes.base import Scene

        class Counting(Scene):
            def __init__(self, ctx):
                super().__init__(ctx)
                self.updates, self.commands, self.entered, self.left = 0, [], 0, 0

            def enter(self):
                self.entered += 1

            def leave(self):
                self.left += 1

            def handle(self, command):
                self.commands.append(command)

            def update(self, dt):
                self.updates += 1

        return Counting(ctx)


# --- import and entry ----------------------------------------------------------------

def test_import_game_is_headless_and_quiet():
    code = ("import sys, game; assert 'pygame' not in sys.modules; "
            "import game.app, game.scenes.title, game.screenshots; print('ok')")
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PATH": ""}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"  # no pygame banner either


def test_main_runs_headless_and_returns_codes(pygame_headless, capsys):
    from game.app import main

    assert asyncio.run(main(["--headless", "--frames", "3"])) == 0
    assert asyncio.run(main(["--headless", "--theme", "projector", "--frames", "2"])) == 0
    assert asyncio.run(main(["--no-such-option"])) == 2  # returned, not sys.exit
    assert asyncio.run(main(["--help"])) == 0
    assert "--fullscreen" in capsys.readouterr().out


# --- the loop -------------------------------------------------------------------------

def test_step_runs_fixed_updates_from_dt(ctx):
    from game.app import STEP

    scene = CountingScene.make(ctx)
    app = make_app(ctx, scene)
    before = scene.updates
    for _ in range(60):
        app.step(dt=STEP)
    assert scene.updates - before == 60
    app.step(dt=0.05)  # three steps' worth
    assert scene.updates - before == 63
    app.step(dt=10.0)  # a stall is not caught up step by step
    assert scene.updates - before < 63 + 20


def test_loop_awaits_every_frame_and_quits_on_command(ctx):
    from game.app import App, FixedClock
    from game.commands import Quit

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(CountingScene.make(ctx))
    ticks = 0

    async def other_task():  # only runs when the loop yields
        nonlocal ticks
        while True:
            ticks += 1
            if ticks == 10:
                app.queue(Quit())
            await asyncio.sleep(0)

    async def both():
        task = asyncio.create_task(other_task())
        code = await app.run()
        task.cancel()
        return code

    assert asyncio.run(both()) == 0
    assert not app.running
    assert 10 <= app.frames <= 12 and ticks >= app.frames - 1


def test_scene_stack_push_pop_replace_reset(ctx):
    from game.scenes.base import Pop, Push, Replace, Reset

    bottom, middle, top = (CountingScene.make(ctx) for _ in range(3))
    app = make_app(ctx, bottom)
    app.apply(Push(middle))
    assert app.stack == [bottom, middle] and bottom.left == 1
    app.apply(Replace(top))
    assert app.stack == [bottom, top] and middle.left == 1
    app.apply(Pop())
    assert app.stack == [bottom] and bottom.entered == 2
    app.apply(Pop())  # the last scene stays: Esc on the first screen is harmless
    assert app.stack == [bottom]
    app.apply(Reset(middle))
    assert app.stack == [middle]


# --- input reaches the focused button --------------------------------------------------

def test_keyboard_enter_presses_play_and_esc_comes_back(ctx):
    import pygame

    from game.scenes.prediction import PredictionScene
    from game.scenes.title import AboutScene, TitleScene

    app = make_app(ctx)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene) and app.running
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, PredictionScene)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene)
    app.step([key(pygame.K_TAB), key(pygame.K_RETURN)])  # Tab → "What's this?"
    assert isinstance(app.top, AboutScene)
    app.step([key(pygame.K_ESCAPE), key(pygame.K_TAB, pygame.KMOD_SHIFT)])
    assert app.top.group.focused.action == "play"


def test_mouse_click_in_a_scaled_window_reaches_the_button(ctx):
    import pygame

    from game.commands import Viewport
    from game.scenes.title import AboutScene

    app = make_app(ctx)
    app.viewport = Viewport((1920, 1200))  # scale 1.5, letterboxed 60 px top and bottom
    x, y = centre_of(app, "about")
    window = (x * 1.5, y * 1.5 + 60)
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=window, rel=(0, 0), buttons=(0, 0, 0))])
    assert app.top.group.buttons[app.top.group.hover].action == "about"
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=window, button=1),
              pygame.event.Event(pygame.MOUSEBUTTONUP, pos=window, button=1)])
    assert isinstance(app.top, AboutScene)


def test_finger_tap_reaches_the_button_and_mouse_copies_are_ignored(ctx):
    import pygame

    from game.scenes.prediction import PredictionScene
    from game.scenes.title import TitleScene

    app = make_app(ctx)
    x, y = centre_of(app, "about")
    copy = dict(pos=(x, y), button=1, touch=True)  # SDL's mouse copy of a touch
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, **copy),
              pygame.event.Event(pygame.MOUSEBUTTONUP, **copy)])
    assert isinstance(app.top, TitleScene)
    x, y = centre_of(app, "play")
    finger = dict(x=x / 1280, y=y / 720, dx=0.0, dy=0.0, touch_id=1, finger_id=0,
                  pressure=1.0)
    app.step([pygame.event.Event(pygame.FINGERDOWN, **finger),
              pygame.event.Event(pygame.FINGERUP, **finger)])
    assert isinstance(app.top, PredictionScene)


def test_a_finger_sliding_off_a_button_does_not_press_it(ctx):
    from game.commands import Click, PointerDown

    app = make_app(ctx)
    app.step([PointerDown(centre_of(app, "play"), touch=True), Click((5, 5), touch=True)])
    assert app.top.group.pressed is None and len(app.stack) == 1


def test_number_keys_pick_choices(ctx):
    import pygame

    from game.commands import Choose, Viewport, commands_from_event
    from game.ui.widgets import ChoiceList, FocusGroup

    assert commands_from_event(key(pygame.K_3), Viewport((1280, 720))) == [Choose(3)]
    choices = ChoiceList(pygame.Rect(100, 100, 600, 300),
                         [("pay", "pay"), ("wait", "wait"), ("cross", "cross")])
    group = FocusGroup(choices.buttons)
    assert group.handle(Choose(3)) == "cross" and group.focused.action == "cross"
    assert group.handle(Choose(4)) is None
    with pytest.raises(ValueError):
        ChoiceList(pygame.Rect(0, 0, 10, 10), [("only", 1)])


def test_buttons_are_touch_sized(pygame_headless):
    from game.ui.widgets import MIN_TOUCH_HEIGHT, Button

    assert Button((0, 0, 100, 20), "x", "x").rect.height >= MIN_TOUCH_HEIGHT == 48


# --- i18n -------------------------------------------------------------------------------

def test_plurals_follow_the_locale_rule(english):
    from dataclasses import replace

    assert english.tn("ui.minutes", 1) == "1 minute"
    assert english.tn("ui.minutes", 4) == "4 minutes"
    assert english.tn("ui.minutes", 0) == "0 minutes"
    no_plurals = replace(english, meta={**english.meta, "plural": "other_only"})
    assert no_plurals.tn("ui.minutes", 1) == "1 minutes"
    slavic = replace(english, meta={**english.meta, "plural": "one_few_many"})
    assert [slavic.plural_category(n) for n in (1, 3, 12, 22, 25)] == \
        ["one", "few", "many", "few", "many"]


def test_missing_ids_raise_in_tests_and_show_brackets_in_play(english):
    from dataclasses import replace

    from game.i18n import MessageError

    with pytest.raises(MessageError, match="no.such.id"):
        english.t("no.such.id")
    with pytest.raises(MessageError, match="needs parameter"):
        english.t("title.language")
    with pytest.raises(MessageError, match="plural"):
        english.t("ui.minutes")
    playing = replace(english, strict=False)
    assert playing.t("no.such.id") == "[no.such.id]"
    assert playing.tn("no.such.plural", 2) == "[no.such.plural]"


def test_numbers_and_money_come_from_locale_strings(english):
    assert english.money(12.5) == "¥12.50"
    assert english.money(-1234.567) == "−¥1,234.57"
    assert english.number(1234567) == "1,234,567"
    assert english.signed(-10) == "−10" and english.signed(5) == "+5"


# --- text and fonts ---------------------------------------------------------------------

# Every locale's characters in its own fonts: tests/test_languages.py.


def test_shipped_fonts_are_small_subsets():
    for name in ("DejaVuSans-Subset.ttf", "DejaVuSans-Bold-Subset.ttf"):
        assert (ROOT / "assets" / "fonts" / name).stat().st_size < 150_000
    assert (ROOT / "assets" / "fonts" / "LICENSE-DejaVu.txt").is_file()


def test_wrap_and_fit(pygame_headless):
    from game.ui.text import Fonts, fits, wrap

    font = Fonts().get(20)
    lines = wrap("one two three four five six seven\n\nnext", font, 120)
    assert all(font.size(line)[0] <= 120 for line in lines) and "" in lines
    assert wrap("Supercalifragilisticexpialidocious", font, 60)[0]  # long word is cut
    assert fits("short", font, (200, 40)) and not fits("short " * 40, font, (200, 40))


def _text_points(themed, scenes, overflowing=None) -> dict:
    """The point size each registered scene's text boxes are drawn at, by (scene,
    text, nth); with `overflowing`, also lists the boxes whose text does not fit.
    A box with fonts of its own (a language's name in its script) is measured with
    them."""
    from collections import Counter

    from game.ui.text import fits, fitting_font

    gap = themed.theme.size("line.gap")
    points = {}
    for name, shot in scenes.items():
        seen = Counter()
        for scene in shot.stack:
            for box in scene.text_boxes():
                font = (box.fonts.get(*themed.theme.text_style(box.role)) if box.fonts
                        else themed.font(box.role))
                if overflowing is not None and not fits(box.text, font, box.size, gap):
                    overflowing.append((name, box.text[:40], box.role, box.size))
                seen[box.text] += 1
                points[name, box.text, seen[box.text]] = fitting_font(
                    box.text, font, box.size, gap).point_size
    return points


# The standard English drawing is shared with tests/test_scenes.py and the 150 % check
# (one worker draws it); each other variant is drawn by whichever worker runs it.
_SHARED = pytest.mark.xdist_group("rendered")


@pytest.mark.parametrize("theme_name, locale, text_size", [
    pytest.param("standard", "en", 100, marks=_SHARED), ("projector", "en", 100),
    # one theme per other language keeps the suite short; both see the bigger text
    ("projector", "es", 100), ("standard", "zh-Hans", 100),
    pytest.param("standard", "en", 150, marks=_SHARED)])
def test_every_registered_scene_draws_and_its_text_fits(rendered, theme_name, locale,
                                                        text_size):
    """Every scene's text boxes in every language, checked with that language's
    fonts. Untranslated messages show (and are measured) in English, so this bites
    as the catalogs fill: a translation too long for its box fails here. To see
    ahead what longer text does: `python -m tools.fit_report --locale es --stretch 30`.

    At 150 % (Settings, docs/accessibility.md) enlarged text may shrink back toward
    the theme's own size where its box is too small (`fitting_font`), never below
    it, never cut: `fits` counts that. Compared with 100 %, no text is drawn smaller
    and most grow by a fifth or more."""
    themed, scenes = rendered(theme_name, locale, text_size)  # drawn once (conftest.py)
    assert {"title", "title-about", "prediction", "settings"} <= set(scenes)
    for name, shot in scenes.items():
        assert len(shot.colours) > 3, f"{name} draws (almost) nothing"
    overflowing = []
    points = _text_points(themed, scenes, overflowing)
    assert not overflowing
    if text_size == 100:
        return
    base = _text_points(*rendered(theme_name, locale, 100))
    growth = [points[k] / base[k] for k in points if k in base]
    assert len(growth) > 0.9 * len(points)
    assert min(growth) >= 1.0, "a text is smaller than at 100 %"
    assert sum(g >= 1.2 for g in growth) >= 0.75 * len(growth)


# --- the title and the theme --------------------------------------------------------------

def test_title_draws_play_in_the_accent_colour_with_focus(ctx):
    app = make_app(ctx)
    play = next(b for b in app.top.group.buttons if b.action == "play")
    assert app.top.group.focused is play
    assert tuple(app.page.get_at((play.rect.x + 12, play.rect.centery))[:3]) == \
        ctx.colour("accent")


def test_settings_display_line_switches_to_the_projector_theme(ctx):
    from game.commands import Click

    app = make_app(ctx)
    app.step([Click(centre_of(app, "settings"))])
    app.step([Click(centre_of(app, "display"))])
    assert app.top.ctx.theme.name == "projector"
    assert app.top.group.focused.action == "display" and len(app.stack) == 1
    app.step([Click(centre_of(app, "done"))])
    assert type(app.top).__name__ == "TitleScene" and app.top.ctx.theme.name == "projector"
    assert app.top.group.focused.action == "settings" and len(app.stack) == 1


def test_themes_define_the_same_keys_and_every_tier():
    from game.ui.theme import PROJECTOR, STANDARD, TIERS

    assert set(STANDARD.colours) == set(PROJECTOR.colours)
    assert set(STANDARD.text_styles) == set(PROJECTOR.text_styles)
    assert all(f"tier.{t}" in STANDARD.colours for t in TIERS)
    with pytest.raises(KeyError, match="no colour"):
        STANDARD.colour("no.such.key")


def test_tier_shapes_differ_without_colour(pygame_headless):
    import pygame

    from game.ui.theme import TIERS
    from game.ui.widgets import draw_tier_shape

    masks = set()
    for tier in TIERS:
        surface = pygame.Surface((24, 24))
        draw_tier_shape(surface, tier, pygame.Rect(2, 2, 20, 20), (255, 255, 255), (0, 0, 0))
        masks.add(pygame.image.tobytes(surface, "RGB"))
    assert len(masks) == len(TIERS)


def test_screenshots_command_writes_pngs(pygame_headless, tmp_path):
    from game.screenshots import main

    assert main([str(tmp_path), "title"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "title--es.png", "title--projector.png", "title--zh-hans.png", "title.png"]
