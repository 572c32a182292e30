"""`python -m engine check [PATH ...]`: validate data files, one line per problem.

With no PATH it checks everything shipped: the rule book, the story, every policy
and every locale. A PATH may be a folder of rule files, one rule file (tiers, rules, places
or perks .toml — checked in place of the shipped one), or a policy file.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import loader
from .errors import DataError, Problem


def _check_rules_dir(folder: Path, out: list[str]):
    book = loader.load_rulebook(folder)
    out.append(f"{len(book.tiers.bands)} tiers, {len(book.rules)} rules, "
               f"{len(book.places)} places, {len(book.perks.queues)} queues, "
               f"{len(book.perks.jobs)} jobs")
    return book


def _check_rule_file(path: Path, out: list[str]) -> None:
    """Check one rule file against the shipped others, under its own name."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in loader.RULE_FILES:
            shutil.copy(loader.RULES_DIR / f"{name}.toml", Path(tmp) / f"{name}.toml")
        shutil.copy(path, Path(tmp) / path.name)
        try:
            _check_rules_dir(Path(tmp), out)
        except DataError as err:  # name the file as the user gave it
            fixed = [Problem(str(path) if Path(p.file).name == path.name else p.file,
                             p.entry, p.field, p.message) for p in err.problems]
            raise DataError(fixed) from None


def run(paths: list[str]) -> tuple[int, list[str]]:
    """Returns (exit code, lines to print)."""
    out: list[str] = []
    problems: list[Problem] = []
    try:
        if not paths:
            for code in loader.locale_codes():
                loader.load_locale(code)
            book = _check_rules_dir(loader.RULES_DIR, out)
            names = loader.policy_names()
            for name in names:
                try:
                    loader.load_policy(name, book)
                except DataError as err:
                    problems.extend(err.problems)
            loader.load_assumptions(book)
            story = loader.load_story(book)
            out.append(f"{len(story.citizens)} citizens, {len(story.moments)} moments")
            out.append(f"{len(names)} policies, {len(loader.locale_codes())} locales")
        for raw in paths:
            path = Path(raw)
            try:
                if path.is_dir():
                    _check_rules_dir(path, out)
                elif path.stem in loader.RULE_FILES:
                    _check_rule_file(path, out)
                else:
                    book = loader.load_rulebook()
                    loader.load_policy(str(path) if path.suffix else f"./{path}", book)
                    out.append(f"policy {path.name}")
            except DataError as err:
                problems.extend(err.problems)
    except DataError as err:
        problems.extend(err.problems)
    if problems:
        return 2, [str(p) for p in problems]
    return 0, ["ok: " + "; ".join(out)]
