"""Every figure the documents quote about the model, computed from the engine.

    python -m tools.figures            # write the figures into the documents
    python -m tools.figures --check    # exit 1, naming each figure that drifted

Why: a teacher's guide that says "a third of the city falls within two months"
must say what the engine gives today, not what an older calibration gave. A
document marks each model figure as <!--fig:NAME-->value<!--/fig-->; this module
runs the cities the figures come from (fixed seeds), formats each figure, and
puts it between the marks. tests/test_figures.py fails when a document and the
engine disagree, so a change to the model that moves a figure also moves the
words (run this command and read the diff).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "docs/teachers-guide.md", "docs/model.md")
MARK = re.compile(r"<!--fig:(\w+)-->(.*?)<!--/fig-->", re.S)
NEUTRAL = "assets/population/neutral.toml"

# The cities the figures come from: (name, policy, citizens, days, seed, assumptions).
RUNS = (
    ("default", "default", 10_000, 180, 7, None),
    ("none", "none", 10_000, 180, 7, None),
    ("harsh", "harsh", 10_000, 90, 7, None),
    ("forgiving", "forgiving", 10_000, 90, 7, None),
    ("neutral", "default", 50_000, 180, 1, NEUTRAL),
)
TRAITS = ("male", "under_30", "low_education", "underemployed")


def pct(x: float | None) -> str:
    """A share as people read it: 0.3%, 7%, 57%."""
    if x is None:
        return "—"
    x *= 100
    if 0 < x < 0.1:
        return "under 0.1%"
    if x and x < 1:
        return f"{x:.1f}%"
    return f"{x:.0f}%"


def _runs() -> dict:
    from engine.world import World

    out = {}
    for name, policy, citizens, days, seed, assumptions in RUNS:
        path = None if assumptions is None else str(ROOT / assumptions)
        world = World.load(policy, citizens, seed, control=False, assumptions_path=path)
        out[name] = (world.grow(days).collectors["city"], citizens)
    return out


def compute() -> dict[str, str]:
    """name → the figure as the documents print it."""
    runs = _runs()
    figures: dict[str, str] = {}

    def tiers(name, day):
        series, n = runs[name]
        counts = series.series["tier_counts"][day - 1]
        return counts, n

    def share(name, day, *tier_ids):
        counts, n = tiers(name, day)
        return sum(counts[t] for t in tier_ids) / n

    for name, days in (("default", (30, 60, 90, 180)), ("harsh", (30, 90)),
                       ("forgiving", (90,))):
        prefix = "" if name == "default" else f"{name}_"
        for day in days:
            figures[f"{prefix}cd_{day}"] = pct(share(name, day, "C", "D"))
        figures[f"{prefix}informal_{days[-1]}"] = pct(
            runs[name][0].series["informal_share"][days[-1] - 1])
    figures["informal_90"] = pct(runs["default"][0].series["informal_share"][89])
    figures["d_180"] = pct(share("default", 180, "D"))
    figures["d_90_count"] = str(tiers("default", 90)[0]["D"])
    for day in (90, 180):
        figures[f"control_informal_{day}"] = pct(runs["none"][0].series["informal_share"][day - 1])
    figures["control_d_90_count"] = str(tiers("none", 90)[0]["D"])
    for t in ("D", "C", "AAA"):
        figures[f"control_{t.lower()}_180"] = pct(share("none", 180, t))
    for name, day, prefix in (("default", 90, ""), ("neutral", 180, "neutral_")):
        series = runs[name][0].series
        bottom, everyone = series["tier_D_makeup"][day - 1], series["everyone_makeup"][day - 1]
        figures[f"{prefix}d_count"] = str(bottom["count"])
        for trait in TRAITS:
            figures[f"{prefix}d_{trait}"] = pct(bottom[trait])
            figures[f"{prefix}all_{trait}"] = pct(everyone[trait])
    return figures


def fill(text: str, figures: dict[str, str]) -> tuple[str, list[str]]:
    """The text with every mark's value replaced; and the marks naming no figure."""
    unknown = []

    def put(m):
        name = m.group(1)
        if name not in figures:
            unknown.append(name)
            return m.group(0)
        return f"<!--fig:{name}-->{figures[name]}<!--/fig-->"

    return MARK.sub(put, text), unknown


def drift(figures: dict[str, str], root: Path = ROOT) -> list[str]:
    """One line per mark whose value differs from the engine's (or names nothing)."""
    lines = []
    for doc in DOCS:
        text = (root / doc).read_text(encoding="utf-8")
        for m in MARK.finditer(text):
            name, value = m.group(1), m.group(2)
            if name not in figures:
                lines.append(f"{doc}: figure '{name}' is not computed (tools/figures.py)")
            elif value != figures[name]:
                lines.append(f"{doc}: figure '{name}' says {value!r}, the engine gives "
                             f"{figures[name]!r}")
    return lines


def write(figures: dict[str, str], root: Path = ROOT) -> list[str]:
    """Put the figures into the documents (temporary file, then rename)."""
    from engine.loader import write_text_atomic

    changed = []
    for doc in DOCS:
        path = root / doc
        text = path.read_text(encoding="utf-8")
        new, unknown = fill(text, figures)
        if unknown:
            raise SystemExit(f"{doc}: unknown figures {', '.join(unknown)}")
        if new != text:
            write_text_atomic(path, new)
            changed.append(doc)
    return changed


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.figures")
    p.add_argument("--check", action="store_true", help="report drift, change nothing")
    args = p.parse_args(argv)
    figures = compute()
    if args.check:
        lines = drift(figures)
        for line in lines:
            print(line, file=sys.stderr)
        print(f"{len(figures)} figures, {len(lines)} drifted")
        return 1 if lines else 0
    changed = write(figures)
    print(f"{len(figures)} figures; rewritten: {', '.join(changed) or 'nothing'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
