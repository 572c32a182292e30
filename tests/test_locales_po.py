"""The translators' gettext catalogs: read, merged, refused when wrong, used in play."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine import check, loader
from engine.errors import DataError
from engine.po import Entry, PoError, parse, render
from game.i18n import Locale
from tools import locales_po

ROOT = Path(loader.LOCALES_DIR)


@pytest.fixture
def locales(tmp_path):
    """A copy of the shipped locales to break."""
    shutil.copytree(ROOT, tmp_path / "locales")
    return tmp_path / "locales"


def _set(path: Path, context: str, *forms: str) -> None:
    header, entries = parse(path.read_text(encoding="utf-8"))
    for e in entries:
        if e.context == context:
            e.msgstr, e.fuzzy = list(forms), False
    path.write_text(render(header, entries), encoding="utf-8")


def test_every_shipped_catalog_reads_back_to_the_same_text():
    for path in sorted(ROOT.glob("*/*.po")):
        text = path.read_text(encoding="utf-8")
        assert render(*parse(text)) == text, path


def test_every_catalog_is_in_step_with_english():
    """`python -m tools.locales_po update` was run after English last changed."""
    for code in locales_po.languages():
        for src in sorted((ROOT / "en").glob("*.toml")):
            if src.name == "_locale.toml":
                continue
            ids = [e.context for e in parse((ROOT / code / f"{src.stem}.po")
                                            .read_text(encoding="utf-8"))[1]]
            assert ids == [e.context for e in locales_po.english_entries(src)], (code, src.name)


def test_a_translation_is_used_and_plural_forms_follow_the_catalog(locales):
    _set(locales / "es" / "building.po", "building.progress",
         "Día {done} de {days}: un ciudadano", "Día {done} de {days}: {citizens} ciudadanos")
    _set(locales / "es" / "ui.po", "title.play", "")  # an untranslated message…
    es = Locale.load("es", root=locales, strict=True)
    assert es.tn("building.progress", 1, done=1, days=9, citizens=1) == "Día 1 de 9: un ciudadano"
    assert es.tn("building.progress", 4, done=1, days=9, citizens=4).endswith("4 ciudadanos")
    assert es.t("title.play") == Locale.load("en", root=locales).t("title.play")  # …falls back to English


def test_a_missing_placeholder_is_refused_naming_file_line_and_id(locales):
    _set(locales / "es" / "building.po", "building.progress", "Día {done}", "Día {done} de {days}")
    with pytest.raises(DataError) as err:
        Locale.load("es", root=locales)
    text = str(err.value)
    assert "building.po" in text and "building.progress" in text
    assert "missing placeholder {citizens}" in text and "line " in text


def test_an_extra_placeholder_fails_engine_check(locales, monkeypatch):
    _set(locales / "zh-Hans" / "ui.po", "title.play", "开始 {name}")
    monkeypatch.setattr(loader, "LOCALES_DIR", locales)
    code, lines = check.run([])
    assert code == 2
    assert any("ui.po" in line and "title.play" in line and "{name}" in line for line in lines)


def test_a_broken_catalog_is_refused_with_its_name(locales):
    path = locales / "es" / "ui.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr ""', 'msgstr "oops', 1),
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        Locale.load("es", root=locales)
    assert "ui.po" in str(err.value) and "double quotes" in str(err.value)


def test_update_keeps_translations_and_marks_changed_english_fuzzy():
    old = [Entry("a", "Hello", msgstr=["Hola"]), Entry("b", "Bye", msgstr=["Adiós"]),
           Entry("gone", "x", msgstr=["y"])]
    new = [Entry("a", "Hello"), Entry("b", "Goodbye"), Entry("c", "New")]
    merged = {e.context: e for e in locales_po.merge(new, old, nplurals=2)}
    assert set(merged) == {"a", "b", "c"}
    assert merged["a"].msgstr == ["Hola"] and merged["a"].translated
    assert merged["b"].fuzzy and not merged["b"].translated
    assert merged["c"].msgstr == [""]


def test_parse_refuses_what_gettext_would():
    with pytest.raises(PoError, match="msgctxt"):
        parse('msgid "Hello"\nmsgstr "Hola"\n')
    with pytest.raises(PoError, match="escape"):
        parse('msgctxt "a"\nmsgid "x\\q"\nmsgstr ""\n')
