"""`python -m engine check [PATH ...]`: validate data files, one line per problem.

With no PATH it checks everything shipped: the rule book, the story, the population's
assumptions, every policy and every locale. A PATH may be a folder of rule files,
one rule file (tiers, rules, places or perks — recognised by what it holds, and
checked in place of the shipped one), or a policy file. All reading goes through
engine/loader.py; this module only decides what to check and collects problems.
"""

from __future__ import annotations

from pathlib import Path

from . import loader
from .errors import DataError, Problem


def _check_rules(out: list[str], folder=loader.RULES_DIR, files=None):
    book = loader.load_rulebook(folder, files=files)
    out.append(f"{len(book.tiers.bands)} tiers, {len(book.rules)} rules, "
               f"{len(book.places)} places, {len(book.perks.queues)} queues, "
               f"{len(book.perks.jobs)} jobs")
    return book


def _check_shipped(out: list[str], problems: list[Problem]) -> None:
    languages = []
    for code in loader.locale_codes():
        meta, _ = loader.load_locale(code)  # a bad catalog or placeholder: refused here
        if code != loader.SOURCE_LOCALE and "plural_forms" in meta:
            english = loader.load_locale(loader.SOURCE_LOCALE)[1]
            done = loader.read_catalogs(loader.LOCALES_DIR / code, meta, english)[0]
            languages.append(f"{code} {len(done)}/{len(english)} translated")
    book = _check_rules(out)
    names = loader.policy_names()
    for name in names:
        try:
            loader.load_policy_file(loader.policy_path(name), book, loader.LOCALES_DIR)
        except DataError as err:
            problems.extend(err.problems)
    loader.load_assumptions(book)
    story = loader.load_story(book)
    out.append(f"{len(story.citizens)} citizens, {len(story.moments)} moments")
    out.append(f"{len(names)} policies, {len(loader.locale_codes())} locales")
    out.extend(languages)


def _check_path(path: Path, out: list[str]) -> None:
    if path.is_dir():
        _check_rules(out, path)
        return
    kind = loader.rule_file_kind(loader.read_toml(path))  # unreadable: refused here
    if kind is not None:
        _check_rules(out, files={kind: path})
        return
    book = loader.load_rulebook()
    loader.load_policy_file(path, book, loader.LOCALES_DIR)
    out.append(f"policy {path.name}")


def run(paths: list[str]) -> tuple[int, list[str]]:
    """Returns (exit code, lines to print)."""
    out: list[str] = []
    problems: list[Problem] = []
    try:
        if not paths:
            _check_shipped(out, problems)
        for raw in paths:
            try:
                _check_path(Path(raw), out)
            except DataError as err:
                problems.extend(err.problems)
    except DataError as err:
        problems.extend(err.problems)
    if problems:
        return 2, [str(p) for p in problems]
    return 0, ["ok: " + "; ".join(out)]
