"""The player's language: chosen on the first screen, remembered per device.

Why here and not in the scenes: the title screen only says "the player chose es";
where that is kept (a file in the data folder on the desktop, localStorage in the
browser: game/storage.py, record "language") is the app's business. The app
installs the store at start (`install`); with none installed — tests, the museum
kiosk, which always returns to its own default language — nothing is kept.

At start the language is, first to last: `--locale`, the remembered choice, the
browser's languages (navigator.languages, in the browser only), English.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger("trustworthy")

KEY = "language"  # the storage record (settings of other kinds use their own keys)

_store = None


def install(store) -> None:
    """Keep choices in `store` (a game.storage.Storage), or nowhere (None)."""
    global _store
    _store = store


def remember(code: str) -> None:
    """Keep the player's choice for the next start; a failing store only logs."""
    if _store is None:
        return
    from .storage import StorageError

    try:
        _store.write(KEY, code)
    except StorageError as err:
        log.warning("language choice not kept: %s", err)


def saved(store, available: list[str]) -> str | None:
    """The remembered language, if it is still shipped."""
    from .storage import StorageError

    try:
        text = store.read(KEY)
    except StorageError as err:
        log.warning("language choice not read: %s", err)
        return None
    code = (text or "").strip()
    return code if code in available else None


def preferred(tags, available: list[str]) -> str | None:
    """The first shipped language among BCP 47 tags ("es-MX", "zh-CN", …): the tag
    itself, then Chinese written in simplified characters (zh, zh-CN, zh-SG,
    zh-Hans-*) as zh-Hans, then the language alone (es-MX → es)."""
    by_lower = {code.lower(): code for code in available}
    for tag in tags:
        tag = str(tag).strip().lower().replace("_", "-")
        if not tag:
            continue
        parts = tag.split("-")
        if tag in by_lower:
            return by_lower[tag]
        if parts[0] == "zh":
            traditional = {"hant", "tw", "hk", "mo"} & set(parts[1:])
            if not traditional and "zh-hans" in by_lower:
                return by_lower["zh-hans"]
            continue
        if parts[0] in by_lower:
            return by_lower[parts[0]]
    return None


def browser_tags() -> list[str]:
    """navigator.languages in the browser (pygbag); nothing on the desktop."""
    import sys

    if sys.platform != "emscripten":
        return []
    try:
        import platform

        navigator = platform.window.navigator
    except Exception:  # no page: English it is
        return []
    try:
        tags = navigator.languages
        found = [str(tags[i]) for i in range(int(tags.length))]
    except Exception:  # an old browser, or an array the bridge cannot index
        found = []
    try:
        return found or [str(navigator.language)]
    except Exception:
        return []


def startup(store, available: list[str], tags=(), default: str = "en") -> str:
    """The language to start in when none is given on the command line."""
    return saved(store, available) or preferred(tags, available) or default


@functools.lru_cache(maxsize=16)
def named(code: str):
    """A shipped language's name and fonts (its `_locale.toml`) without its
    messages: enough for a language button, and the title need not parse every
    catalog to show the choice (the one chosen is loaded in full)."""
    from engine.loader import LOCALES_DIR, read_toml

    from .i18n import Locale

    return Locale(code, read_toml(LOCALES_DIR / code / "_locale.toml"), {}, strict=False)
