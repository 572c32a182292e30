"""The kiosk's settings: read from a TOML file, checked field by field, frozen.

Why a module of its own: the settings are read before any window opens (and by
`python -m game stats --kiosk-config`, which opens none), so reading them needs
neither pygame nor numpy. assets/kiosk.toml is the commented default; a museum
copies it, sets at least the PIN, and passes `--kiosk-config`. A value that
cannot be used is refused like every data file: `load_config` raises DataError
naming the file, the section and the field of every problem (engine.errors).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from engine.errors import DataError, Problem
from engine.loader import ASSETS, locale_codes, read_toml
from engine.schema import Fields

DEFAULT_CONFIG = ASSETS / "kiosk.toml"
MODIFIER_KEYS = ("ctrl", "shift", "alt", "meta")
CHORD_KEYS = (MODIFIER_KEYS + tuple("abcdefghijklmnopqrstuvwxyz0123456789")
              + tuple(f"f{n}" for n in range(1, 13)))
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right", "none")
# game.session.STRATEGIES, repeated so reading the settings needs no numpy (a test checks)
STRATEGIES = ("comply", "cut-corners", "random")
# The attract mode may also take turns: each demo the next strategy (and citizen),
# so a passer-by sees the range of endings, not one kind of run.
ROTATE = "rotate"


@dataclass(frozen=True)
class KioskConfig:
    """Every kiosk setting (see assets/kiosk.toml for what each one means)."""

    source: str = str(DEFAULT_CONFIG)
    fullscreen: bool = True
    theme: str = "standard"
    text_size: int = 100  # per cent: every visitor's starting text size
    reduced_motion: bool = False  # every visitor starts without animations
    cursor: bool = False
    default_locale: str = "en"
    locales: tuple[str, ...] = ()  # offered on the first screen; () = all shipped
    policy: str = "default"
    seed: int = 0  # 0: a new city for every visitor
    idle_seconds: float = 90.0
    warning_seconds: float = 20.0
    attract_strategy: str = ROTATE
    attract_seconds_per_choice: float = 2.5
    admin_keys: tuple[str, ...] = ("ctrl", "shift", "k")
    admin_corner: str = "top-left"
    admin_hold_seconds: float = 4.0
    admin_pin: str = "2018"
    admin_attempts: int = 3
    stats_enabled: bool = True
    stats_path: str = ""  # "" → the data folder (TRUSTWORTHY_DATA_DIR)
    max_failures: int = 5
    failure_window_seconds: float = 60.0
    log_file: str = ""  # "" → standard error only (the systemd journal)
    hub_url: str = ""   # "" → no class hub; else finished runs go there (docs/hub.md)
    hub_code: str = ""  # the site's code at the hub (a class code)

    @property
    def settings(self):
        """The display settings every visitor starts with (game/settings.py). A
        visitor's own change is never kept: the attract screen comes back in these."""
        from .settings import Settings

        return Settings(text_size=self.text_size, reduced_motion=self.reduced_motion,
                        theme=self.theme)

    @property
    def offered_locales(self) -> tuple[str, ...]:
        return self.locales or tuple(locale_codes())


def _is_class_code(text) -> bool:
    from .classcode import ClassCodeError, decode

    try:
        decode(text)
    except ClassCodeError:
        return False
    return True


def load_config(path: str | os.PathLike | None = None) -> KioskConfig:
    """Read and validate a kiosk config file; raises DataError naming every problem."""
    source = str(path or DEFAULT_CONFIG)
    doc = read_toml(source)
    problems: list[Problem] = []
    top = Fields(doc, source, "", problems)
    sections = {name: Fields(top.table(name, {}), source, f"[{name}]", problems)
                for name in ("display", "language", "run", "idle", "attract", "admin",
                             "stats", "recovery", "hub")}
    top.done()
    d, lang, run, idle = (sections[n] for n in ("display", "language", "run", "idle"))
    attract, admin, stats, rec = (sections[n] for n in ("attract", "admin", "stats",
                                                         "recovery"))
    shipped = locale_codes()
    values = dict(
        source=source,
        fullscreen=d.boolean("fullscreen", True),
        theme=d.string("theme", "standard", choices=("standard", "projector")),
        text_size=d.number("text_size", 100, low=100, high=150, integer=True),
        reduced_motion=d.boolean("reduced_motion", False),
        cursor=d.boolean("cursor", False),
        default_locale=lang.string("default", "en", choices=shipped),
        locales=lang.string_list("offered", (), choices=shipped),
        policy=run.string("policy", "default"),
        seed=run.number("seed", 0, low=0, high=2**31 - 1, integer=True),
        idle_seconds=float(idle.number("seconds", 90.0, low=10, high=3600)),
        warning_seconds=float(idle.number("warning_seconds", 20.0, low=3, high=600)),
        attract_strategy=attract.string("strategy", ROTATE, choices=STRATEGIES + (ROTATE,)),
        attract_seconds_per_choice=float(attract.number("seconds_per_choice", 2.5,
                                                        low=0.2, high=60)),
        admin_keys=admin.string_list("keys", ("ctrl", "shift", "k"), choices=CHORD_KEYS),
        admin_corner=admin.string("corner", "top-left", choices=CORNERS),
        admin_hold_seconds=float(admin.number("hold_seconds", 4.0, low=1, high=30)),
        admin_pin=admin.raw("pin", "2018"),
        admin_attempts=admin.number("attempts", 3, low=1, high=10, integer=True),
        stats_enabled=stats.boolean("enabled", True),
        stats_path=stats.string("path", ""),
        max_failures=rec.number("max_failures", 5, low=1, high=1000, integer=True),
        failure_window_seconds=float(rec.number("failure_window_seconds", 60.0, low=1,
                                                high=86400)),
        log_file=rec.string("log_file", ""),
        hub_url=sections["hub"].string("url", ""),
        hub_code=sections["hub"].string("code", ""),
    )
    hub = sections["hub"]
    if values["hub_url"] and not str(values["hub_url"]).startswith(("http://", "https://")):
        hub.problem("url", "must start with http:// or https:// (e.g. \"http://10.0.0.5:8765\")")
    if values["hub_url"] and not _is_class_code(values["hub_code"]):
        hub.problem("code", "must be a class code (six characters, e.g. \"N9B-B4K\") when "
                            "url is set")
    if values["text_size"] is not None and values["text_size"] not in (100, 125, 150):
        d.problem("text_size", "must be 100, 125 or 150 (per cent)")
    keys = values["admin_keys"] or ()
    if len(keys) < 2 or len(set(keys)) != len(keys):
        admin.problem("keys", "must name at least two different keys, held together")
    elif all(k in MODIFIER_KEYS for k in keys):
        admin.problem("keys", "needs one key that is not ctrl, shift, alt or meta")
    pin = values["admin_pin"]
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        admin.problem("pin", "must be text of 4 to 12 digits, in quotes (e.g. \"4821\")")
    offered = values["locales"] or shipped
    if values["default_locale"] not in offered:
        lang.problem("default", f"'{values['default_locale']}' is not among the offered "
                                f"languages ({', '.join(offered)})")
    for fields in sections.values():
        fields.done()
    if problems:
        raise DataError(problems)
    return KioskConfig(**{k: v for k, v in values.items() if v is not None})
