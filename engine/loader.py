"""The engine's only file access: TOML files in, validated frozen values out.

Everything else in engine/ is pure: it receives what this module returns. The game
calls these functions at start-up (and the browser build reads the same files from
its packed app folder). Every refusal is a `DataError` naming file, entry and field.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import DataError, Problem

ASSETS = Path(__file__).resolve().parent.parent / "assets"
RULES_DIR = ASSETS / "rules"
POLICIES_DIR = ASSETS / "policies"
LOCALES_DIR = ASSETS / "locales"
POPULATION_DIR = ASSETS / "population"

# A data file larger than this is refused before parsing: ours are a few KB.
MAX_FILE_BYTES = 1_000_000

PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def read_toml(path: str | Path) -> dict:
    """Read one TOML file, turning every way it can be wrong into a DataError."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "", "", "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, "", "", "is a folder, not a file")]) from None
    except OSError as err:
        raise DataError([Problem(name, "", "", f"cannot be read ({err.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, "", "", f"is too large ({len(raw)} bytes)")])
    if not raw.strip():
        raise DataError([Problem(name, "", "", "is empty")])
    if b"\x00" in raw:
        raise DataError([Problem(name, "", "", "is a binary file, not TOML text")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError([Problem(name, "", "", "is not UTF-8 text")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataError([Problem(name, "", "", f"is not valid TOML ({err})")]) from None


# --- locales -----------------------------------------------------------------

def _flatten(table: dict, prefix: str, file: str, out: dict, problems: list) -> None:
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, str):
            out[full] = value
        elif isinstance(value, dict) and value and set(value) <= PLURAL_CATEGORIES:
            if "other" not in value or not all(isinstance(v, str) for v in value.values()):
                problems.append(Problem(file, full, "other",
                                        "a plural entry needs text for 'other' and text only"))
                continue
            out[full] = dict(value)
        elif isinstance(value, dict):
            _flatten(value, f"{full}.", file, out, problems)
        else:
            problems.append(Problem(file, full, "", "must be text or a table of texts"))


def source_messages(path: str | Path) -> dict:
    """One English source file's messages, by id, in the file's order (for tools)."""
    problems: list[Problem] = []
    out: dict = {}
    _flatten(read_toml(path), "", str(path), out, problems)
    if problems:
        raise DataError(problems)
    return out


SOURCE_LOCALE = "en"


def load_locale(code: str, root: str | Path = LOCALES_DIR) -> tuple[dict, dict]:
    """Load one locale folder: (meta, messages).

    English (the source) is a folder of TOML files merged into one table of message
    ids, so the rules, the interface and the story each keep their own file. Nested
    tables become dotted ids; a table of plural categories (one/other/...) is one
    plural message. Every other language is a folder of gettext `.po` catalogs (see
    engine/po.py): its messages are English's, replaced by each translated entry; a
    plural translation is a tuple of forms picked by the catalog's Plural-Forms.
    `_locale.toml` holds the meta (name, plural rule, font).
    """
    folder = Path(root) / code
    if not folder.is_dir():
        raise DataError([Problem(str(folder), "", "", "locale folder not found")])
    problems: list[Problem] = []
    meta_path = folder / "_locale.toml"
    meta = read_toml(meta_path)
    if code != SOURCE_LOCALE and "plural_forms" in meta:
        _, english = load_locale(SOURCE_LOCALE, root)
        messages = dict(english)
        messages.update(read_catalogs(folder, meta, english)[0])
        return meta, messages
    messages: dict = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "_locale.toml":
            continue
        part: dict = {}
        _flatten(read_toml(path), "", str(path), part, problems)
        for key in part:
            if key in messages:
                problems.append(Problem(str(path), key, "", "message id defined twice"))
        messages.update(part)
    if problems:
        raise DataError(problems)
    return meta, messages


def read_catalogs(folder: Path, meta: dict, english: dict) -> tuple[dict, list[str]]:
    """A translated locale's catalogs: (translated messages by id, untranslated ids).

    Refused with a DataError naming the file, line and id: a catalog that is not
    valid `.po`, a Plural-Forms other than `_locale.toml`'s, an id English does not
    have, or a translation whose `{placeholders}` differ from the English ones.
    Untranslated and fuzzy entries are left out, so English shows until a
    translator fills them (`python -m engine check` counts them).
    """
    from .po import PoError, parse, plural_count

    problems: list[Problem] = []
    translated: dict = {}
    untranslated: list[str] = []
    expected = str(meta.get("plural_forms", ""))
    for path in sorted(folder.glob("*.po")):
        name = str(path)
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_FILE_BYTES:
                raise PoError(0, f"is too large ({len(raw)} bytes)")
            header, entries = parse(raw.decode("utf-8"))
            nplurals, _ = plural_count(header)
        except OSError as err:
            problems.append(Problem(name, "", "", f"cannot be read ({err.strerror})"))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(name, "", "", "is not UTF-8 text"))
            continue
        except PoError as err:
            problems.append(Problem(name, "", "", f"is not a valid .po catalog ({err})"))
            continue
        if " ".join(header.get("Plural-Forms", "").split()) != " ".join(expected.split()):
            problems.append(Problem(name, "header", "Plural-Forms",
                                    f"must be {expected!r}, as in _locale.toml"))
            continue
        for e in entries:
            where = f"line {e.line}: {e.context}"
            source = english.get(e.context)
            if source is None:
                problems.append(Problem(name, where, "msgctxt",
                                        "English has no such message id"))
                continue
            if not e.translated:
                untranslated.append(e.context)
                continue
            if isinstance(source, dict) != (e.msgid_plural is not None):
                problems.append(Problem(name, where, "msgid_plural",
                                        "plural in one language and not in the other"))
                continue
            if e.msgid_plural is not None and len(e.msgstr) != nplurals:
                problems.append(Problem(name, where, "msgstr",
                                        f"needs {nplurals} plural forms"))
                continue
            why = placeholder_problem(source, e.msgstr)
            if why:
                problems.append(Problem(name, where, "msgstr", why))
                continue
            translated[e.context] = e.msgstr[0] if e.msgid_plural is None else tuple(e.msgstr)
    if problems:
        raise DataError(problems)
    return translated, untranslated


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a message text."""
    import string

    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"{"}  # an unbalanced brace: never equal to a real field set


def placeholder_problem(source, forms: list[str]) -> str:
    """Why a translation's placeholders do not match English's, or ""."""
    if isinstance(source, dict):
        allowed = set().union(*(placeholders(v) for v in source.values())) | {"n"}
        needed = placeholders(source["other"]) - {"n"}
        found = [placeholders(f) for f in forms]
        extra = set().union(*found) - allowed
        missing = needed - set().union(*found)
    else:
        wanted, got = placeholders(source), placeholders(forms[0])
        extra, missing = got - wanted, wanted - got
    parts = []
    if missing:
        parts.append("missing placeholder " + ", ".join("{%s}" % f for f in sorted(missing)))
    if extra:
        parts.append("placeholder not in English " + ", ".join("{%s}" % f for f in sorted(extra)))
    return "; ".join(parts)


def locale_codes(root: str | Path = LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in Path(root).iterdir() if (p / "_locale.toml").is_file())


def all_message_ids(root: str | Path = LOCALES_DIR) -> dict[str, set[str]]:
    """Message ids defined by each shipped locale (for cross-checking data)."""
    # A translated (.po) locale has exactly English's ids, by construction: checked once.
    return {code: set(load_locale(code, root)[1]) for code in locale_codes(root)
            if code == SOURCE_LOCALE or "plural_forms" not in read_toml(
                Path(root) / code / "_locale.toml")}


# --- rules and policies ------------------------------------------------------

RULE_FILES = ("tiers", "rules", "places", "perks")


def load_rulebook(rules_dir: str | Path = RULES_DIR,
                  locales_dir: str | Path | None = LOCALES_DIR, files: dict | None = None):
    """Read and validate assets/rules/*.toml, cross-checked against every locale.

    `files` maps a rule file's kind ("tiers", "rules", "places", "perks") to a path
    read in place of the one in `rules_dir` (`engine check` checks one file so).
    """
    from .rules import parse_rulebook

    folder = Path(rules_dir)
    docs, problems = {}, []
    for name in RULE_FILES:
        path = Path((files or {}).get(name, folder / f"{name}.toml"))
        try:
            docs[name] = (str(path), read_toml(path))
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    ids = all_message_ids(locales_dir) if locales_dir is not None else None
    return parse_rulebook(docs, ids)


def rule_file_kind(doc: dict) -> str | None:
    """Which rule file a TOML document is, from its top-level keys (None: not one)."""
    for kind, key in (("tiers", "tier"), ("rules", "rule"), ("places", "place"),
                      ("perks", "fares")):
        if key in doc:
            return kind
    return None


def policy_path(name_or_path: str, policies_dir: str | Path = POLICIES_DIR) -> Path:
    """A shipped policy by name (`default`), or any policy file by path."""
    if name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path:
        return Path(name_or_path)
    path = Path(policies_dir) / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(policy_names(policies_dir))
        raise DataError([Problem(name_or_path, "", "",
                                 f"unknown policy (shipped policies: {known})")])
    return path


def policy_names(policies_dir: str | Path = POLICIES_DIR) -> list[str]:
    return sorted(p.stem for p in Path(policies_dir).glob("*.toml"))


def load_policy(name_or_path: str, book, policies_dir: str | Path = POLICIES_DIR):
    """A shipped policy by name, or a policy file by path."""
    return load_policy_file(policy_path(name_or_path, policies_dir), book)


def load_policy_file(path: str | Path, book, locales_dir: str | Path | None = None):
    """One policy file; with `locales_dir`, its message ids are checked in every locale."""
    from .policy import check_policy_messages, parse_policy

    policy = parse_policy(read_toml(path), str(path), book)
    if locales_dir is not None:
        check_policy_messages(policy, str(path), all_message_ids(locales_dir))
    return policy


STORY_DIR = ASSETS / "story"


def load_story(book, story_dir: str | Path = STORY_DIR, locales_dir: str | Path | None = LOCALES_DIR):
    """Read and validate assets/story/*.toml against the rule book and the locales."""
    from .bridge import check_story
    from .story import parse_story

    folder = Path(story_dir)
    docs = [(str(folder / f"{n}.toml"), read_toml(folder / f"{n}.toml"))
            for n in ("citizens", "moments", "schedule")]
    ids = all_message_ids(locales_dir) if locales_dir is not None else None
    story = parse_story(*docs, book, ids)
    check_story(story, docs[1][0])  # every choice is something the population can do
    return story


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename.

    The engine's one way to write (the command line's CSV export).
    """
    import os
    import tempfile

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- population assumptions --------------------------------------------------

def load_assumptions(book=None, path: str | Path = POPULATION_DIR / "assumptions.toml"):
    """Read and validate the population's model assumptions (assets/population/).

    With a rule book, the gig jobs it names are checked against the book's jobs.
    """
    from .population_data import parse_assumptions

    job_ids = None if book is None else tuple(j.id for j in book.perks.jobs)
    return parse_assumptions(read_toml(path), str(path), job_ids)
