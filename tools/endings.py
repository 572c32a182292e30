"""The ending table: how runs end, per citizen and strategy, over seeds.

    python -m tools.endings [--seeds 1-20] [--days 7] [--citizens 10000]

Plays every citizen with every autoplay strategy (the Session the scenes use, in
the game's own city for each seed) and prints, per citizen × strategy, how many
runs ended model / ordinary / discredited / off the books, and why. The figures
the balance targets of the game are checked against (tests/test_balance.py runs
a smaller table).
"""

from __future__ import annotations

import argparse
from collections import Counter

from engine.session import GameData, Session

CITIZENS = ("courier", "civil-servant", "retiree", "graduate")
STRATEGIES = ("comply", "cut-corners", "random")
ENDINGS = ("model", "ordinary", "discredited", "off_the_books")


def table(seeds, days: int, citizens: int = 10_000, warm_up: int | None = None,
          data: GameData | None = None, who=CITIZENS, strategies=STRATEGIES) -> dict:
    """(citizen, strategy) → (Counter of endings, Counter of reasons, scores)."""
    from game.city import grown_city
    from engine.world import WARM_UP

    data = data or GameData.load()
    out = {}
    for seed in seeds:
        for citizen in who:
            for strategy in strategies:
                city = grown_city(seed, "default", citizens, warm_up or WARM_UP)
                session = Session(data, citizen, days, seed, city)
                while not session.over:
                    session.choose(session.autopick(strategy))
                endings, reasons, scores = out.setdefault(
                    (citizen, strategy), (Counter(), Counter(), []))
                endings[session.ending()] += 1
                reasons[session.ending_reason()] += 1
                scores.append(session.state.score)
    return out


def seeds_of(text: str) -> range:
    low, _, high = text.partition("-")
    return range(int(low), int(high or low) + 1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.endings")
    p.add_argument("--seeds", default="1-20")
    p.add_argument("--days", type=int, default=7)
    p.add_argument("--citizens", type=int, default=10_000)
    args = p.parse_args(argv)
    seeds = seeds_of(args.seeds)
    result = table(seeds, args.days, args.citizens)
    print(f"{len(seeds)} seeds, {args.days} days, {args.citizens:,} citizens")
    print(f"{'citizen':<14}{'strategy':<13}" + "".join(f"{e:>15}" for e in ENDINGS)
          + "  scores (min–max)  reasons")
    for (citizen, strategy), (endings, reasons, scores) in result.items():
        why = ", ".join(f"{r} {n}" for r, n in reasons.most_common())
        print(f"{citizen:<14}{strategy:<13}" + "".join(f"{endings[e]:>15}" for e in ENDINGS)
              + f"  {min(scores)}–{max(scores)}  {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
