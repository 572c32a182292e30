"""Every player-facing word comes from here: the locale tables, looked up by id.

Why: the game is shipped in museums and classrooms in more than one language, and
translators must touch only text (assets/locales/<code>/*.toml), never code. Code and
data carry message *ids*; this module turns an id and its parameters into text.

- `t(id, **params)` formats `{name}` fields with `str.format`.
- `tn(id, n, **params)` picks a plural form with the locale's plural rule (named in
  `_locale.toml`) and also passes `n` (formatted) as a parameter.
- Numbers and money are formatted from locale strings (`format.*` ids), so
  "¥1,234.50" and "1 234,50 ¥" are a translator's choice.

A missing id or parameter is a bug. In strict mode (tests: the environment variable
TRUSTWORTHY_STRICT_TEXT=1, set by tests/conftest.py) it raises `MessageError`; in
play it renders the id in brackets, `[title.play]`, so the game goes on and the gap
is visible.
"""

from __future__ import annotations

import functools
import gettext
import os
from dataclasses import dataclass, field
from typing import Callable, Mapping

from engine.loader import LOCALES_DIR, load_locale, locale_codes

STRICT_ENV = "TRUSTWORTHY_STRICT_TEXT"


class MessageError(LookupError):
    """A message id is missing, or its text cannot be formatted with the params."""


# --- plural rules --------------------------------------------------------------
# A rule maps a count to a CLDR category name ("zero", "one", "two", "few",
# "many", "other"). `_locale.toml` names its rule with `plural = "..."`. To add a
# language, add its rule here (see CLDR "Language Plural Rules").

def _one_other(n: float) -> str:
    """English, German, Dutch, Swedish…: 1 → one, everything else → other."""
    return "one" if n == 1 else "other"


def _other_only(n: float) -> str:
    """Chinese, Japanese, Korean…: no plural forms."""
    return "other"


def _one_upto_one(n: float) -> str:
    """French, Portuguese (Brazil): 0 and 1 → one."""
    return "one" if 0 <= n < 2 else "other"


def _one_few_many(n: float) -> str:
    """Polish-like: 1 → one; 2–4 (not 12–14) → few; other whole numbers → many."""
    if n != int(n):
        return "other"
    n = int(n)
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


PLURAL_RULES: dict[str, Callable[[float], str]] = {
    "one_other": _one_other,
    "other_only": _other_only,
    "one_upto_one": _one_upto_one,
    "one_few_many": _one_few_many,
}


@functools.lru_cache(maxsize=8)
def _gettext_rule(plural_forms: str, code: str) -> Callable[[int], int]:
    """A catalog's Plural-Forms expression as a function n → form index.

    gettext's own `c2py` reads the C-like expression translators' tools write and
    refuses anything but arithmetic on n, so a catalog cannot run code.
    """
    from engine.po import PoError, plural_count

    try:
        _, expression = plural_count({"Plural-Forms": plural_forms})
        return gettext.c2py(expression)
    except (PoError, ValueError, SyntaxError) as err:
        raise MessageError(f"locale {code}: plural_forms {plural_forms!r} "
                           f"cannot be read ({err})") from None


def strict_by_default() -> bool:
    return os.environ.get(STRICT_ENV, "") == "1"


@dataclass(frozen=True)
class Locale:
    """One language's messages and formatting. Immutable; build with `Locale.load`."""

    code: str
    meta: Mapping[str, object]
    messages: Mapping[str, object]  # id → text, or {category: text} for plurals
    strict: bool = field(default_factory=strict_by_default)

    @classmethod
    def load(cls, code: str, *, strict: bool | None = None, root=LOCALES_DIR) -> "Locale":
        meta, messages = load_locale(code, root)
        rule = meta.get("plural", "one_other")
        if "plural_forms" in meta:
            _gettext_rule(str(meta["plural_forms"]), code)  # refuse a bad rule now
        elif rule not in PLURAL_RULES:
            raise MessageError(f"locale {code}: unknown plural rule {rule!r} "
                               f"(known: {', '.join(sorted(PLURAL_RULES))})")
        if strict is None:
            strict = strict_by_default()
        return cls(code, meta, messages, strict)

    @staticmethod
    def available(root=LOCALES_DIR) -> list[str]:
        return locale_codes(root)

    @property
    def name(self) -> str:
        """The language's own name, e.g. "English", for the language line."""
        return str(self.meta.get("name", self.code))

    def has(self, message_id: str) -> bool:
        return message_id in self.messages

    # --- lookup ------------------------------------------------------------------

    def t(self, message_id: str, **params) -> str:
        """The text of a message, with `{name}` fields filled from params."""
        text = self.messages.get(message_id)
        if text is None:
            return self._missing(message_id, "no such message id")
        if isinstance(text, dict):
            return self._missing(message_id, "is a plural message: use tn(id, n)")
        return self._format(message_id, text, params)

    def tn(self, message_id: str, n: float, **params) -> str:
        """A plural message: the form for count `n`; `{n}` is the formatted count."""
        forms = self.messages.get(message_id)
        if forms is None:
            return self._missing(message_id, "no such message id")
        if isinstance(forms, str):
            return self._missing(message_id, "is not a plural message: use t(id)")
        if isinstance(forms, tuple):  # a translated catalog's forms, by index
            index = _gettext_rule(str(self.meta["plural_forms"]), self.code)(int(abs(n)))
            text = forms[min(index, len(forms) - 1)]
        else:
            category = PLURAL_RULES[str(self.meta.get("plural", "one_other"))](abs(n))
            text = forms.get(category, forms["other"])
        params.setdefault("n", self.number(n, decimals=0 if n == int(n) else 2))
        return self._format(message_id, text, params)

    def plural_category(self, n: float) -> str:
        """English's CLDR category for `n` (the source messages' plural rule)."""
        return PLURAL_RULES[str(self.meta.get("plural", "one_other"))](abs(n))

    # --- numbers -----------------------------------------------------------------

    def number(self, value: float, decimals: int = 0) -> str:
        """1234.5 → "1,234.50" with the locale's separators (format.thousands/decimal)."""
        plain = f"{abs(value):,.{decimals}f}"
        whole, _, fraction = plain.partition(".")
        whole = whole.replace(",", self._separator("format.thousands", ","))
        text = whole + (self._separator("format.decimal", ".") + fraction if fraction else "")
        if value < 0 and float(plain.replace(",", "")) != 0:
            text = self._separator("format.minus", "-") + text
        return text

    def money(self, amount: float) -> str:
        """12.5 → "¥12.50"; negative amounts use format.money_negative."""
        digits = self.number(abs(amount), decimals=2)
        key = "format.money_negative" if amount < 0 and round(amount, 2) != 0 else "format.money"
        return self.t(key, amount=digits)

    def join(self, items) -> str:
        """Items of a list with the language's separator ("a, b, c"; Chinese "a、b、c")."""
        return self._separator("format.list_separator", ", ").join(str(i) for i in items)

    def signed(self, value: float, decimals: int = 0) -> str:
        """A change, always with its sign: +10, −20 (true minus sign), 0."""
        digits = self.number(abs(value), decimals)
        if round(value, decimals) == 0:  # no "−0": a change that rounds to nothing
            return self.number(0, decimals)
        if value > 0:
            return self.t("format.signed_positive", value=digits)
        if value < 0:
            return self.t("format.signed_negative", value=digits)
        return digits

    # --- internals ---------------------------------------------------------------

    def _separator(self, message_id: str, fallback: str) -> str:
        value = self.messages.get(message_id)
        if isinstance(value, str):
            return value
        if self.strict:
            raise MessageError(f"locale {self.code}: missing message id {message_id!r}")
        return fallback

    def _missing(self, message_id: str, why: str) -> str:
        if self.strict:
            raise MessageError(f"locale {self.code}: message {message_id!r} {why}")
        return f"[{message_id}]"

    def _format(self, message_id: str, text: str, params: dict) -> str:
        try:
            return text.format(**params)
        except KeyError as err:
            problem = f"needs parameter {{{err.args[0]}}}"
        except (IndexError, ValueError) as err:
            problem = f"cannot be formatted ({err})"
        if self.strict:
            raise MessageError(f"locale {self.code}: message {message_id!r} {problem}")
        return text
