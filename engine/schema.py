"""A small field reader for validating TOML tables into typed values.

Why not a schema library: the browser runtime should not need one, and the rules
need messages that name the file, the entry and the field. `Fields` reads one
table, collects every problem instead of stopping at the first, and reports keys it
was never asked about as unknown (a typo in a data file must not pass silently).
"""

from __future__ import annotations

import math
from typing import Any, Iterator

from .errors import Problem

# Numbers beyond this are refused: no rule, price or knob in the game needs them,
# and a huge value is far more likely a typo than a design.
LIMIT = 1e9

_MISSING = object()


class Fields:
    """Read typed fields from one table, collecting problems as it goes."""

    def __init__(self, data: Any, file: str, entry: str, problems: list[Problem]):
        self.file = file
        self.entry = entry
        self.problems = problems
        self.ok = isinstance(data, dict)
        if not self.ok:
            self.problem("", f"must be a table, not {type_name(data)}")
            data = {}
        self.data: dict = data
        self.seen: set[str] = set()

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.entry, field, message))

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = _MISSING) -> Any:
        self.seen.add(name)
        if name not in self.data:
            if default is _MISSING:
                self.problem(name, "is missing")
                return None
            return default
        return self.data[name]

    def string(self, name: str, default: Any = _MISSING, choices=None) -> Any:
        value = self.raw(name, default)
        if value is None or (value is default and name not in self.data):
            return value
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {type_name(value)}")
            return None if default is _MISSING else default
        if choices is not None and value not in choices:
            self.problem(name, f"'{value}' is not one of: {', '.join(sorted(choices))}")
            return None if default is _MISSING else default
        return value

    def boolean(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if name not in self.data:
            return value
        if not isinstance(value, bool):
            self.problem(name, f"must be true or false, not {type_name(value)}")
            return None if default is _MISSING else default
        return value

    def number(self, name: str, default: Any = _MISSING, low=-LIMIT, high=LIMIT,
               integer: bool = False) -> Any:
        value = self.raw(name, default)
        if name not in self.data:
            return value
        return self.check_number(name, value, low, high, integer,
                                 None if default is _MISSING else default)

    def check_number(self, field: str, value: Any, low: float, high: float,
                     integer: bool, fallback: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a whole number" if integer else "a number"
            self.problem(field, f"must be {kind}, not {type_name(value)}")
            return fallback
        if integer and not isinstance(value, int):
            self.problem(field, f"must be a whole number, not {value!r}")
            return fallback
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(field, f"must be a finite number, not {value!r}")
            return fallback
        if not low <= value <= high:
            self.problem(field, f"{value!r} is out of range [{fmt(low)}, {fmt(high)}]")
            return fallback
        return value

    def string_list(self, name: str, default: Any = _MISSING, choices=None) -> Any:
        value = self.raw(name, default)
        if name not in self.data:
            return value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, "must be a list of text values")
            return None if default is _MISSING else default
        if choices is not None:
            for v in value:
                if v not in choices:
                    self.problem(name, f"'{v}' is not one of: {', '.join(sorted(choices))}")
        return tuple(value)

    def table(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if name not in self.data:
            return value
        if not isinstance(value, dict):
            self.problem(name, f"must be a table, not {type_name(value)}")
            return {} if default is _MISSING else default
        return value

    def tables(self, name: str, default: Any = _MISSING) -> list:
        """A list of tables, as TOML writes [[name]] (e.g. [[rule]]); [] if unusable."""
        return self.check_tables(name, self.raw(name, default))

    def check_tables(self, name: str, value: Any) -> list:
        """`value`, read from field `name`, as a list of tables. None (a missing field,
        already reported by `raw`) gives []; anything else but a list is reported and
        gives [] too. Apart from `tables` so that a caller can report unknown keys
        (`done`) between reading the field and checking it."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(name, f"must be a list of [[{name}]] tables")
            return []
        return value

    def entries(self, kind: str, items) -> Iterator[Fields]:
        """A `Fields` for each table of `items`, named "<kind> <id>" ("<kind> <n>",
        counting from 1, where it has no id) inside this table's own entry name."""
        for i, item in enumerate(items):
            label = f"{kind} {item.get('id', i + 1)}" if isinstance(item, dict) else f"{kind} {i + 1}"
            entry = f"{self.entry} {label}" if self.entry else label
            yield Fields(item, self.file, entry, self.problems)

    def number_table(self, name: str, keys, default: Any = _MISSING, low=-LIMIT,
                     high=LIMIT, required_keys: bool = False) -> Any:
        """A table mapping known keys (e.g. tier ids) to numbers."""
        value = self.table(name, default)
        if not isinstance(value, dict):
            return value
        out = {}
        for key, number in value.items():
            field = f"{name}.{key}"
            if key not in keys:
                self.problem(field, f"unknown key '{key}' (known: {', '.join(keys)})")
                continue
            checked = self.check_number(field, number, low, high, False, None)
            if checked is not None:
                out[key] = float(checked)
        if required_keys:
            for key in keys:
                if key not in value:
                    self.problem(f"{name}.{key}", "is missing")
        return out

    def done(self) -> None:
        """Report keys that no reader asked for."""
        for key in self.data:
            if key not in self.seen:
                self.problem(key, "unknown key")


def file_entries(doc: Any, file: str, kind: str, problems: list[Problem]) -> Iterator[Fields]:
    """The [[kind]] tables of a file that holds nothing else (assets/rules/rules.toml,
    places.toml), one `Fields` each. The file's own problems (the list missing,
    unknown keys beside it, not a list) are reported now, each entry's as it is read."""
    top = Fields(doc, file, "", problems)
    items = top.raw(kind)
    top.done()
    return top.entries(kind, top.check_tables(kind, items))


def type_name(value: Any) -> str:
    return {
        bool: "true/false", int: "a whole number", float: "a number", str: "text",
        list: "a list", dict: "a table",
    }.get(type(value), type(value).__name__)


def fmt(x: float) -> str:
    return f"{x:g}"
