"""`python -m engine simulate`: run the population under a policy, print the figures.

    python -m engine simulate --citizens 10000 --days 30 --seed 1 --policy default --json

`--json` prints one JSON object (the contract the tests and the classroom tools
read); without it, a short summary for people. `--csv PATH` writes the daily
series, one row per day (written to a temporary file, then renamed). Bad
arguments and bad data files exit 2 with a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from . import loader
from .errors import DataError
from .world import World

MAX_CITIZENS = 2_000_000  # the classroom sandbox goes to 1,000,000
MAX_DAYS = 3650
MAX_SEED = 2**63 - 1


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise UsageError(message)


def _bounded(name: str, low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not {text!r}")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be between {low} and {high:,}, not {value}")
        return value
    return parse


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m engine simulate",
                description="Run the population under a policy and print what happened.")
    p.add_argument("--citizens", type=_bounded("--citizens", 2, MAX_CITIZENS), default=10_000)
    p.add_argument("--days", type=_bounded("--days", 0, MAX_DAYS), default=30)
    p.add_argument("--seed", type=_bounded("--seed", 0, MAX_SEED), default=1)
    p.add_argument("--policy", default="default", help="a shipped policy name or a policy file")
    p.add_argument("--assumptions", metavar="PATH", default=None,
                   help="a population assumptions file (default: the shipped one; "
                        "assets/population/neutral.toml gives every group the same rates)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", metavar="PATH", help="write the daily series to this CSV file")
    return p


def run(citizens: int, days: int, seed: int, policy_name: str, assumptions=None) -> dict:
    """Simulate and return the JSON-ready result (also used by tests and tools)."""
    world = World.load(policy_name, citizens, seed, control=False,
                       assumptions_path=assumptions).grow(days)
    result = {"citizens": citizens, "days": days, "seed": seed,
              "policy": world.city.policy.id}
    result.update(world.summary())
    result["_rows"] = world.collectors["city"].rows()
    return result


def write_csv(path: str, rows: list[dict]) -> None:
    """The daily series as CSV, written whole by the loader (temporary file, rename)."""
    fields = list(rows[0]) if rows else ["day"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    loader.write_text_atomic(path, buffer.getvalue())


def human(result: dict) -> str:
    f, comp = result["final"], result["composition"]
    tiers = "  ".join(f"{t} {c}" for t, c in f["tier_counts"].items())
    pop, d = comp["population"], comp["tier_D"]
    def share(x):
        return "—" if x is None else f"{x:.0%}"
    lines = [
        f"{result['citizens']:,} citizens, {result['days']} days, seed {result['seed']}, "
        f"policy {result['policy']}",
        f"tiers: {tiers}",
        f"informal economy: {share(f['informal_share'])}   mean ties: {f['mean_ties']}   "
        f"mean score: {f['mean_score']}",
    ]
    if f.get("fare_by_tier"):
        fares = "  ".join(f"{t} ¥{p:.2f}" for t, p in f["fare_by_tier"].items())
        lines.append(f"metro fare: {fares}  (revenue ¥{f['fare_revenue']:.2f}, "
                     f"flat ¥{f['fare_revenue_flat']:.2f})")
    lines.append("tier D vs everyone: " + ", ".join(
        f"{k.replace('_', ' ')} {share(d[k])} vs {share(pop[k])}"
        for k in ("male", "under_30", "low_education", "underemployed")))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
        result = run(args.citizens, args.days, args.seed, args.policy, args.assumptions)
        rows = result.pop("_rows")
        if args.csv:
            write_csv(args.csv, rows)
    except UsageError as err:
        print(f"simulate: {err}", file=sys.stderr)
        return 2
    except DataError as err:
        print("simulate: " + "; ".join(str(p) for p in err.problems), file=sys.stderr)
        return 2
    except OSError as err:
        print(f"simulate: cannot write {args.csv}: {err.strerror or err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, allow_nan=False))
    else:
        print(human(result))
    return 0
