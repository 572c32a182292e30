"""Keep the translators' `.po` catalogs in step with the English source.

Why: English is written in assets/locales/en/*.toml, by message id, next to the code
that uses it. Translators work in gettext `.po` files (Poedit, Weblate, any gettext
tool), one per English file: assets/locales/<code>/<file>.po. When English changes,
this tool updates every catalog the way `msgmerge` would:

- a new English message is added, untranslated;
- a message whose English changed keeps its translation, marked `#, fuzzy` (the game
  uses the English until a translator checks it and removes the mark);
- a message English no longer has is dropped.

    python -m tools.locales_po update            # every language
    python -m tools.locales_po update es         # one
    python -m tools.locales_po stats             # translated / fuzzy / missing

A new language: make assets/locales/<code>/_locale.toml with `name` (in its own
script) and `plural_forms` (gettext's Plural-Forms, e.g. "nplurals=2; plural=(n != 1);"),
then run `update <code>`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from engine.errors import DataError
from engine.loader import LOCALES_DIR, read_toml, source_messages
from engine.po import Entry, parse, render

SOURCE = "en"


def english_entries(path: Path) -> list[Entry]:
    """One English file's messages as catalog entries, in the file's order."""
    entries = []
    for message_id, text in source_messages(path).items():
        ref = f"{path.name}"
        if isinstance(text, dict):
            entries.append(Entry(message_id, text.get("one", text["other"]), text["other"],
                                 references=[ref]))
        else:
            entries.append(Entry(message_id, text, references=[ref]))
    return entries


def merge(english: list[Entry], old: list[Entry], nplurals: int) -> list[Entry]:
    """English's entries with the old catalog's translations carried over."""
    by_id = {e.context: e for e in old}
    merged = []
    for src in english:
        forms = nplurals if src.msgid_plural is not None else 1
        prior = by_id.get(src.context)
        entry = Entry(src.context, src.msgid, src.msgid_plural, [""] * forms,
                      references=src.references)
        if prior is not None:
            same_shape = (prior.msgid_plural is None) == (src.msgid_plural is None)
            if same_shape:
                entry.msgstr = (prior.msgstr + [""] * forms)[:forms]
                entry.comments = prior.comments
                changed = (prior.msgid, prior.msgid_plural) != (src.msgid, src.msgid_plural)
                entry.fuzzy = prior.fuzzy or (changed and any(entry.msgstr))
        merged.append(entry)
    return merged


def header_for(code: str, meta: dict, old_header: dict[str, str]) -> dict[str, str]:
    header = {
        "Project-Id-Version": "Trustworthy",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": str(meta.get("plural_forms", "")),
    }
    header.update({k: v for k, v in old_header.items() if k not in ("Language", "Plural-Forms")})
    return header


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never half a catalog."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def languages(root: Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in root.iterdir()
                  if p.name != SOURCE and (p / "_locale.toml").is_file())


def update(code: str, root: Path = LOCALES_DIR) -> dict[str, int]:
    folder = root / code
    meta = read_toml(folder / "_locale.toml")
    from engine.po import plural_count
    nplurals, _ = plural_count({"Plural-Forms": str(meta.get("plural_forms", ""))})
    counts = {"translated": 0, "fuzzy": 0, "missing": 0}
    sources = sorted(p for p in (root / SOURCE).glob("*.toml") if p.name != "_locale.toml")
    for src in sources:
        target = folder / f"{src.stem}.po"
        old_header, old = ({}, [])
        if target.exists():
            old_header, old = parse(target.read_text(encoding="utf-8"))
        entries = merge(english_entries(src), old, nplurals)
        write_atomic(target, render(header_for(code, meta, old_header), entries))
        for e in entries:
            key = "fuzzy" if e.fuzzy else ("translated" if e.translated else "missing")
            counts[key] += 1
    for stale in folder.glob("*.po"):
        if not (root / SOURCE / f"{stale.stem}.toml").is_file():
            stale.unlink()
    return counts


def stats(code: str, root: Path = LOCALES_DIR) -> dict[str, int]:
    counts = {"translated": 0, "fuzzy": 0, "missing": 0}
    for path in sorted((root / code).glob("*.po")):
        for e in parse(path.read_text(encoding="utf-8"))[1]:
            key = "fuzzy" if e.fuzzy else ("translated" if e.translated else "missing")
            counts[key] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("update", "stats"):
        print(__doc__)
        return 2
    command, codes = args[0], args[1:] or languages()
    try:
        for code in codes:
            counts = (update if command == "update" else stats)(code)
            print(f"{code}: {counts['translated']} translated, {counts['fuzzy']} fuzzy, "
                  f"{counts['missing']} missing")
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
