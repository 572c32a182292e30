"""Three languages as players meet them: each drawn in a font that has its every
character, Chinese broken into lines between characters (with kinsoku), the
language chosen on the first screen by its own name and remembered per device,
the kiosk back in its default language after a visitor leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loader import load_locale, locale_codes

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"


def _texts(value):
    if isinstance(value, str):
        return [value]
    return list(value.values()) if isinstance(value, dict) else list(value)  # plural forms


# --- fonts: the drift check -----------------------------------------------------------

def test_every_character_of_every_catalog_is_in_its_locales_fonts():
    """Fails when a translation uses a character its locale's font subset lacks:
    then run `.venv/bin/python -m tools.subset_fonts --only cjk` (README, assets/fonts)."""
    from game.ui.text import font_paths, glyph_coverage
    from tools.subset_fonts import code_characters

    drawn_by_code = code_characters()
    missing = {}
    for code in locale_codes():
        meta, messages = load_locale(code)
        for path in font_paths(meta, code):
            covered = glyph_coverage(str(path))
            gaps = {ch for ch in drawn_by_code | set(meta["name"]) if ord(ch) not in covered}
            for message_id, value in messages.items():
                for text in _texts(value):
                    gaps |= {ch for ch in text if ch not in "\n\t" and ord(ch) not in covered}
            if gaps:
                missing[f"{code} ({path.name})"] = "".join(sorted(gaps))
    assert not missing, ("characters a locale's font lacks (re-run "
                         f"`python -m tools.subset_fonts`): {missing}")


def test_every_locale_names_its_fonts_and_chinese_gets_the_cjk_font():
    from game.i18n import Locale
    from game.ui.text import Fonts, font_paths

    for code in locale_codes():
        regular, bold = font_paths(load_locale(code)[0], code)
        assert regular.is_file() and bold.is_file() and regular != bold
    zh = Fonts.for_locale(Locale.load("zh-Hans"))
    assert zh.paths[False].name.startswith("NotoSansCJKsc")
    assert Fonts.for_locale(Locale.load("es")) is Fonts.for_locale(Locale.load("en"))


def test_a_locale_naming_a_missing_font_is_refused_by_name():
    from game.ui.text import font_paths

    with pytest.raises(ValueError, match=r"xx/_locale.toml: \[fonts\] regular: .*nope.otf"):
        font_paths({"fonts": {"regular": "nope.otf", "bold": "nope.otf"}}, "xx")
    with pytest.raises(ValueError, match=r"\[fonts\] bold must name a file"):
        font_paths({"fonts": {"regular": "DejaVuSans-Subset.ttf", "bold": "../x.ttf"}}, "xx")


def test_the_cjk_font_is_an_open_font_with_its_licence_and_small():
    licence = (FONTS / "LICENSE-NotoSansCJK.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for name in ("NotoSansCJKsc-Regular-Subset.otf", "NotoSansCJKsc-Bold-Subset.otf"):
        data = (FONTS / name).read_bytes()
        assert b"SIL Open Font License" in data.replace(b"\x00", b"")  # the name table kept
        assert len(data) < 900_000  # a subset, not the 16 MB font


def test_chinese_draws_as_glyphs_not_boxes(pygame_headless):
    """The same width for two different characters is what a box (.notdef) gives."""
    from game.i18n import Locale
    from game.ui.text import Fonts

    font = Fonts.for_locale(Locale.load("zh-Hans")).get(22)
    first, second = font.render("简", True, (255, 255, 255)), font.render("中", True, (255, 255, 255))
    import pygame

    assert pygame.image.tobytes(first, "RGBA") != pygame.image.tobytes(second, "RGBA")


# --- Chinese line breaking --------------------------------------------------------------

class Mono:
    """A stand-in font: every character 10 px wide (so the test sees the rule only)."""

    def size(self, text):
        return (10 * len(text), 20)


def test_chinese_breaks_between_characters_and_no_line_starts_with_a_stop():
    from game.ui.text import NO_LINE_START, wrap

    text = "按时缴费会加分，闯红灯会扣分。城市根据分数回答你。"
    lines = wrap(text, Mono(), 70)  # 7 characters a line
    assert "".join(lines) == text  # nothing lost, no spaces added
    assert all(len(line) <= 8 for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines if line)
    # "，" would start line 2 at 7 characters a line: it stays with "分"
    assert lines[0] == "按时缴费会加" and lines[1].startswith("分，")


def test_opening_brackets_stay_with_what_follows_and_latin_words_stay_whole():
    from game.ui.text import wrap

    lines = wrap("他说「你好」然后走了", Mono(), 30)
    assert not any(line.endswith("「") for line in lines)
    assert not any(line.startswith("」") for line in lines)
    lines = wrap("你的分数是 1,024 分，等级 AAA。", Mono(), 60)
    assert any("1,024" in line for line in lines)  # a number is never cut
    assert not any(line.startswith(("，", "。", " ")) for line in lines)


def test_english_wraps_as_before(pygame_headless):
    from game.ui.text import Fonts, wrap

    font = Fonts().get(20)
    assert wrap("one two  three", font, 1000) == ["one two  three"]  # spaces kept as written
    assert wrap("a\n\nb", font, 1000) == ["a", "", "b"]


def test_chinese_text_fits_a_narrow_box_in_the_real_font(pygame_headless):
    from game.i18n import Locale
    from game.ui.text import Fonts, measure

    font = Fonts.for_locale(Locale.load("zh-Hans")).get(22)
    layout = measure("简体中文" * 12, font, (200, 400))
    assert layout.fits and len(layout.lines) > 3 and layout.width <= 200


# --- the language chosen, and remembered ---------------------------------------------

def test_browser_languages_pick_a_shipped_one():
    from game.language import preferred

    shipped = ["en", "es", "zh-Hans"]
    assert preferred(["zh-CN", "en"], shipped) == "zh-Hans"
    assert preferred(["zh"], shipped) == "zh-Hans"
    assert preferred(["zh-Hans-SG"], shipped) == "zh-Hans"
    assert preferred(["zh-TW", "es-MX"], shipped) == "es"  # traditional: not ours
    assert preferred(["fr-FR", "de"], shipped) is None
    assert preferred(["ES"], shipped) == "es"


def test_the_saved_language_wins_and_a_stale_one_is_ignored(tmp_path):
    from game.language import startup
    from game.storage import FileStorage

    store = FileStorage(tmp_path)
    shipped = ["en", "es", "zh-Hans"]
    assert startup(store, shipped, ["es-ES"]) == "es"
    store.write("language", "zh-Hans")
    assert startup(store, shipped, ["es-ES"]) == "zh-Hans"
    store.write("language", "tlh")  # a language no longer shipped
    assert startup(store, shipped, []) == "en"


def _title(ctx):
    from game.app import App, FixedClock
    from game.scenes.title import TitleScene

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(TitleScene(ctx))
    app.step()
    return app


def test_the_title_offers_every_language_by_its_own_name_and_keeps_the_choice(ctx, tmp_path):
    from game import language
    from game.commands import Click
    from game.storage import FileStorage

    app = _title(ctx)
    row = [b for b in app.top.group.buttons if str(b.action).startswith("language:")]
    assert [b.text for b in row] == ["English", "Español", "简体中文"]
    assert [b.selected for b in row] == [True, False, False]
    store = FileStorage(tmp_path)
    language.install(store)
    try:
        app.step([Click(row[2].rect.center)])
    finally:
        language.install(None)
    assert app.top.ctx.locale.code == "zh-Hans" and len(app.stack) == 1
    assert app.top.ctx.fonts.paths[False].name.startswith("NotoSansCJKsc")
    assert app.top.group.focused.action == "language:zh-Hans"
    assert store.read("language") == "zh-Hans"
    # without an installed store (tests, the kiosk) nothing is kept
    back = next(b for b in app.top.group.buttons if b.action == "language:en")
    app.step([Click(back.rect.center)])
    assert app.top.ctx.locale.code == "en" and store.read("language") == "zh-Hans"


def test_the_game_starts_in_the_remembered_language(tmp_path, monkeypatch):
    import asyncio

    from game import app as game_app
    from game.storage import FileStorage

    FileStorage(tmp_path).write("language", "es")
    monkeypatch.setenv("TRUSTWORTHY_DATA_DIR", str(tmp_path))
    seen = []

    async def fake_play(args, locale, *rest, **kw):
        seen.append(locale.code)
        return 0

    monkeypatch.setattr(game_app, "_play", fake_play)
    assert asyncio.run(game_app.main(["--headless"])) == 0
    assert asyncio.run(game_app.main(["--headless", "--lang", "zh-Hans"])) == 0
    assert seen == ["es", "zh-Hans"]


def test_the_kiosk_returns_to_its_default_language_when_it_resets(ctx):
    from game.app import App, FixedClock
    from game.commands import Click
    from game.kiosk import KioskConfig, KioskShell
    from game.scenes.attract import AttractScene
    from game.scenes.base import Scene

    class Clock:
        now = 0.0

        def __call__(self):
            return self.now

    config = KioskConfig(locales=("en", "es", "zh-Hans"), idle_seconds=30, warning_seconds=10)
    clock = Clock()
    app = App(ctx, clock=FixedClock(), events=lambda: [])
    shell = KioskShell(app, config, clock=clock,
                       make_attract=lambda c: AttractScene(c, config, lambda c2: Scene(c2)))
    shell.step()
    zh = next(b for b in app.top.group.buttons if b.action == "zh-Hans")
    assert zh.text == "简体中文"
    shell.step([Click(zh.rect.center, touch=True)], 0.25)
    assert not shell.in_attract and app.top.ctx.locale.code == "zh-Hans"
    for _ in range(200):  # nobody there: still there?, then back to the start
        clock.now += 0.25
        shell.step([], 0.25)
    assert shell.in_attract and app.top.ctx.locale.code == "en"


def test_a_chinese_text_too_long_is_cut_between_characters_not_dropped():
    from game.ui.text import break_units, join_units

    assert join_units(break_units("one two  three")) == "one two  three"
    units = break_units("闯红灯，扣分")
    assert [u for u, _ in units] == ["闯", "红", "灯，", "扣", "分"]
    assert join_units(units[:3]) + "…" == "闯红灯，…"


def test_fit_report_stretches_words_but_never_placeholders():
    from tools.fit_report import stretch

    assert stretch("Pay {amount} to {who} now", 30) == "Payñ {amount} to {who} nowñ"
    assert stretch("a quick test", 50) == "a quickñá testñá"  # round(2.5) == 2


def test_a_long_label_uses_the_buttons_padding_before_it_wraps(ctx):
    import pygame

    from game.ui.widgets import Button

    short = Button(pygame.Rect(0, 0, 200, 48), "OK", "ok")
    assert short.label_rect(ctx).width == 200 - 2 * ctx.theme.size("button.padding")
    text = "Indulgentemente"
    needed = ctx.font("button").size(text)[0]
    long = Button(pygame.Rect(0, 0, needed + 16, 48), text, "x")
    assert long.label_rect(ctx).width >= needed


@pytest.mark.parametrize("theme_name", ["standard", "projector"])
def test_language_buttons_overlap_nothing_on_the_title_and_the_attract_band(ctx, theme_name):
    from game.kiosk import KioskConfig
    from game.scenes.attract import AttractScene
    from game.scenes.base import Scene
    from game.ui.theme import THEMES

    themed = ctx.with_theme(THEMES[theme_name])
    title = _title(themed).top
    attract = AttractScene(themed, KioskConfig(), lambda c: Scene(c))
    for buttons in (title.group.buttons, attract.group.buttons):
        rects = [b.rect for b in buttons]
        assert all(a.colliderect(b) == 0 for i, a in enumerate(rects) for b in rects[i + 1:])
        assert all(r.right <= 1280 for r in rects)
    assert len(attract.group.buttons) == 3
    assert attract.band_pill().right < attract.group.buttons[0].rect.x


def test_in_the_browser_the_navigators_languages_are_read(monkeypatch):
    import sys
    import types

    from game import language

    class Tags:
        length = 2

        def __getitem__(self, i):
            return ["zh-CN", "en"][i]

    page = types.SimpleNamespace(window=types.SimpleNamespace(
        navigator=types.SimpleNamespace(languages=Tags(), language="zh-CN")))
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "platform", page)
    assert language.browser_tags() == ["zh-CN", "en"]
    page.window.navigator.languages = None  # a bridge that cannot index: navigator.language
    assert language.browser_tags() == ["zh-CN"]
