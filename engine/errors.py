"""Problems found in data files, named so a person can find and fix them.

Every loader failure becomes a `Problem` (file, entry, field, what is wrong) and a
`DataError` carries one or more of them. The command line prints one problem per
line; the game shows them instead of a traceback. These texts are diagnostics for
the people who edit data files, not player-facing strings, so they stay in code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of one data file."""

    file: str  # path as given to the loader
    entry: str  # e.g. "rule jaywalking", "tier AA", "" for the whole file
    field: str  # e.g. "points", "" for the whole entry
    message: str  # what is wrong, in plain words

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f": {self.entry}"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when a data file (rules, policy, locale, save, setting) is refused."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
