"""Gettext `.po` catalogs: read and write them, without gettext's machine-object step.

Why: translators work in Poedit, Weblate or any gettext tool, and those open `.po`
files. English stays the source (assets/locales/en/*.toml, by message id); every other
language is one `.po` file per English file, where

- `msgctxt` is the message id (`moment.bill.title`), so two ids with the same English
  text can be translated apart;
- `msgid` is the English text, which the translator reads; `msgid_plural` is
  English's "other" form of a plural message;
- `msgstr` (or `msgstr[0]`, `msgstr[1]`, … for plurals) is the translation;
- the header's `Plural-Forms` gives the language's plural rule, in gettext's own
  C-like syntax, so a translator's tool already knows it.

This module only turns text into entries and back (pure functions); files are read in
engine/loader.py and written by tools/locales_po.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PoError(ValueError):
    """A `.po` text that cannot be read: `line` is 1-based, 0 for the whole file."""

    def __init__(self, line: int, why: str):
        super().__init__(f"line {line}: {why}" if line else why)
        self.line = line
        self.why = why


@dataclass
class Entry:
    """One message of a catalog."""

    context: str  # the message id
    msgid: str  # English (the "one" form for a plural)
    msgid_plural: str | None = None  # English "other" form; None for a plain message
    msgstr: list[str] = field(default_factory=lambda: [""])  # one text, or one per form
    fuzzy: bool = False  # the English changed since this was translated
    comments: list[str] = field(default_factory=list)  # "#." lines for translators
    references: list[str] = field(default_factory=list)  # "#:" lines
    line: int = 0  # where it starts in the file it was read from

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(s != "" for s in self.msgstr)


# --- reading -------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(line, "a string must be in double quotes")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise PoError(line, f"unknown escape {body[i:i + 2]!r}")
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        if ch == '"':
            raise PoError(line, "a double quote inside a string must be written \\\"")
        out.append(ch)
        i += 1
    return "".join(out)


def parse(text: str) -> tuple[dict[str, str], list[Entry]]:
    """A catalog's header fields and its entries (the header entry left out)."""
    entries: list[Entry] = []
    header: dict[str, str] = {}
    current: dict = {}
    last: str | None = None  # the keyword the next continuation line extends
    pending_flags: set[str] = set()
    pending_comments: list[str] = []
    pending_refs: list[str] = []
    start = 0

    def finish() -> None:
        nonlocal current, last, pending_flags, pending_comments, pending_refs
        if not current:
            return
        if "msgid" not in current:
            raise PoError(start, "an entry without msgid")
        plural = current.get("msgid_plural")
        forms = sorted(k for k in current if k.startswith("msgstr["))
        if plural is not None:
            if "msgstr" in current or not forms:
                raise PoError(start, "a plural entry needs msgstr[0], msgstr[1], …")
            indices = [int(k[7:-1]) for k in forms]
            if sorted(indices) != list(range(len(indices))):
                raise PoError(start, "plural forms must be msgstr[0], msgstr[1], … in order")
            msgstr = [current[f"msgstr[{i}]"] for i in range(len(indices))]
        else:
            if forms or "msgstr" not in current:
                raise PoError(start, "an entry needs one msgstr")
            msgstr = [current["msgstr"]]
        if current.get("msgctxt") is None and current["msgid"] == "":
            for raw in msgstr[0].split("\n"):
                name, sep, value = raw.partition(":")
                if sep:
                    header[name.strip()] = value.strip()
        else:
            if current.get("msgctxt") is None:
                raise PoError(start, "every message needs its id as msgctxt")
            entries.append(Entry(current["msgctxt"], current["msgid"], plural, msgstr,
                                 "fuzzy" in pending_flags, pending_comments, pending_refs,
                                 start))
        current, last = {}, None
        pending_flags, pending_comments, pending_refs = set(), [], []

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current and "msgid" in current:
                finish()
            if line.startswith("#,"):
                pending_flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#."):
                pending_comments.append(line[2:].strip())
            elif line.startswith("#:"):
                pending_refs.append(line[2:].strip())
            elif line.startswith("#~"):
                pass  # an obsolete entry: kept by tools, ignored by the game
            continue
        if line.startswith('"'):
            if last is None:
                raise PoError(number, "a continued string with nothing before it")
            current[last] += _unquote(line, number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
                keyword.startswith("msgstr[") and keyword.endswith("]")
                and keyword[7:-1].isdigit()):
            raise PoError(number, f"unknown keyword {keyword!r}")
        if keyword in ("msgctxt", "msgid") and current and (
                "msgstr" in current or any(k.startswith("msgstr[") for k in current)):
            finish()
        if not current:
            start = number
        if keyword in current:
            raise PoError(number, f"{keyword} twice in one entry")
        current[keyword] = _unquote(rest, number)
        last = keyword
    finish()
    return header, entries


# --- writing -------------------------------------------------------------------

def _quote(text: str) -> str:
    body = (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\t", "\\t").replace("\r", "\\r"))
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"{lines[0]}"'
    parts = [f'{part}\\n' for part in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def render(header: dict[str, str], entries: list[Entry]) -> str:
    """A catalog as `.po` text, in the order given."""
    head = "".join(f"{k}: {v}\n" for k, v in header.items())
    out = ['msgid ""', f"msgstr {_quote(head)}", ""]
    for e in entries:
        out += [f"#. {c}" for c in e.comments]
        out += [f"#: {r}" for r in e.references]
        if e.fuzzy:
            out.append("#, fuzzy")
        out.append(f"msgctxt {_quote(e.context)}")
        out.append(f"msgid {_quote(e.msgid)}")
        if e.msgid_plural is None:
            out.append(f"msgstr {_quote(e.msgstr[0])}")
        else:
            out.append(f"msgid_plural {_quote(e.msgid_plural)}")
            out += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(e.msgstr)]
        out.append("")
    return "\n".join(out)


def plural_count(header: dict[str, str]) -> tuple[int, str]:
    """(nplurals, plural expression) from a header's Plural-Forms field."""
    value = header.get("Plural-Forms", "")
    parts = dict(p.strip().partition("=")[::2] for p in value.split(";") if "=" in p)
    try:
        count = int(parts.get("nplurals", ""))
    except ValueError:
        raise PoError(0, "the header needs Plural-Forms: nplurals=N; plural=EXPR;") from None
    expression = parts.get("plural", "").strip()
    if count < 1 or not expression:
        raise PoError(0, "the header needs Plural-Forms: nplurals=N; plural=EXPR;")
    return count, expression
