"""Command line: `python -m engine check | simulate | bench`.

Every command exits 0 on success and 2 with a one-line message per problem on bad
input — never a traceback for a data or argument error.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m engine {check [PATH ...] | simulate ... | bench ...}")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "check":
        from .check import run

        code, lines = run(rest)
        for line in lines:
            print(line, file=sys.stdout if code == 0 else sys.stderr)
        return code
    if command == "simulate":
        from .cli_simulate import main as simulate

        return simulate(rest)
    if command == "bench":
        from .bench import main as bench

        return bench(rest)
    print(f"engine: unknown command '{command}' (check, simulate, bench)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
