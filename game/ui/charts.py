"""Charts drawn straight onto the page: a score over time on its tier bands, and
paired bars (a group against the whole population).

Why hand-drawn (no plotting library): the browser build must stay small, and these
charts are simple enough to read at a glance from a museum bench. Every chart
carries its own words (axis labels, legend) from the locale, drawn as text, never
baked into an image. Tiers are bands with their letters as well as colours; the
letters sit on each band's floor (the edge a score crosses), and the start line is
labelled as the start ("start 1000"), so no line is mistaken for a tier edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from .text import break_units, draw_text, join_units


@dataclass(frozen=True)
class Mark:
    """An event marked on the score line: day, change, and a short label."""

    day: float
    delta: int
    label: str = ""


def _blend(colour, background, amount):
    return tuple(round(c * amount + b * (1 - amount)) for c, b in zip(colour, background))


def score_range(tiers, scores, margin: int = 30) -> tuple[int, int]:
    low = min(min(scores), tiers.start) - margin
    high = max(max(scores), tiers.start) + margin
    return low, high


def draw_score_chart(surface, ctx, rect: pygame.Rect, tiers, points, days: int,
                     marks=(), *, others=(), label_marks: int = 3) -> None:
    """Score over days on tier bands.

    points: [(day, score)], day 0 is the start. others: [(points, colour key, label)]
    for comparison lines (the same choices as another citizen). Marks are drawn as
    ticks on the line; the `label_marks` largest get their label.
    """
    rect = pygame.Rect(rect)
    scores = [s for _, s in points] + [s for line, _, _ in others for _, s in line]
    low, high = score_range(tiers, scores)
    plot = pygame.Rect(rect.x + 56, rect.y + 8, rect.width - 64, rect.height - 40)
    bg = ctx.colour("panel")

    def y_of(score):
        return plot.bottom - (score - low) / max(1, high - low) * plot.height

    def x_of(day):
        return plot.x + day / max(1, days) * plot.width

    small = ctx.font("caption")
    line_h = small.get_linesize()
    edge_labels: list[pygame.Rect] = []
    for band in tiers.bands:  # tier bands, clipped to the visible range
        top = high if band.max is None else min(high, band.max + 1)
        bottom = low if band.min is None else max(low, band.min)
        if top <= bottom:
            continue
        area = pygame.Rect(plot.x, int(y_of(top)), plot.width, int(y_of(bottom) - y_of(top)))
        colour = ctx.theme.tier_colour(band.id)
        pygame.draw.rect(surface, _blend(colour, bg, 0.14), area)
        floor_seen = band.min is not None and low < band.min < high
        if floor_seen:  # the band's floor: a line, and the tier's letters on it
            pygame.draw.line(surface, _blend(colour, bg, 0.6), (plot.x, area.bottom),
                             (plot.right, area.bottom), 1)
            pygame.draw.line(surface, _blend(colour, bg, 0.9), (plot.x - 5, area.bottom),
                             (plot.x, area.bottom), 1)
        # The letters sit just above the band's floor (or the chart's bottom, for the
        # lowest band shown): they name the edge a score crosses into the tier.
        edge = area.bottom if floor_seen else plot.bottom
        box = pygame.Rect(rect.x, edge - line_h, 50, line_h)
        if area.height >= line_h // 2 and box.collidelist(edge_labels) < 0:
            edge_labels.append(box)
            draw_text(surface, band.id, small, _blend(colour, bg, 0.9), box, align="right",
                      valign="bottom")
    # The start line: where everyone begins — not a tier edge, so it says so.
    start_y = y_of(tiers.start)
    pygame.draw.line(surface, ctx.colour("text.faint"), (plot.x, start_y),
                     (plot.right, start_y), 1)
    start_text = ctx.t("chart.start", score=ctx.locale.number(tiers.start))
    start_box = pygame.Rect(0, 0, small.size(start_text)[0] + 12, line_h + 2)
    ends_above = points[-1][1] >= tiers.start if points else True
    start_box.right = plot.right - 4
    if ends_above:
        start_box.top = int(start_y) + 3
    else:
        start_box.bottom = int(start_y) - 3
    start_box.clamp_ip(plot)
    # day ticks along the bottom
    step = 1 if days <= 10 else 5
    for day in range(0, days + 1, step):
        x = x_of(day)
        pygame.draw.line(surface, ctx.colour("rule"), (x, plot.bottom), (x, plot.bottom + 4))
        draw_text(surface, str(day), small, ctx.colour("text.dim"),
                  pygame.Rect(x - 20, plot.bottom + 6, 40, 20), align="center")
    for line, key, _ in others:
        _polyline(surface, ctx.colour(key), [(x_of(d), y_of(s)) for d, s in line], 2)
    _polyline(surface, ctx.colour("text"), [(x_of(d), y_of(s)) for d, s in points], 3)
    score_at = dict(points)
    biggest = sorted(marks, key=lambda m: -abs(m.delta))[:label_marks]
    for mark in marks:
        x = x_of(mark.day)
        y = y_of(_interpolate(points, mark.day, score_at))
        key = "score.gain" if mark.delta > 0 else "score.loss"
        pygame.draw.circle(surface, ctx.colour(key), (x, y), 5 if abs(mark.delta) >= 10 else 3)
    pygame.draw.rect(surface, ctx.colour("bg.deep"), start_box, border_radius=4)
    draw_text(surface, start_text, small, ctx.colour("text.dim"), start_box.inflate(-8, 0),
              valign="middle")
    placed: list[pygame.Rect] = [start_box]
    for mark in sorted(biggest, key=lambda m: m.day):
        x = x_of(mark.day)
        y = y_of(_interpolate(points, mark.day, score_at))
        text = _shorten(f"{ctx.locale.signed(mark.delta)} {mark.label}", small,
                        int(plot.width * 0.6) - 12)
        width = small.size(text)[0] + 12
        box = _free_spot(pygame.Rect(0, 0, width, small.get_linesize() + 4), (x, y),
                         mark.delta > 0, plot, placed)
        if box is None:
            continue  # no room without covering another label: the dot stays
        placed.append(box)
        key = "score.gain" if mark.delta > 0 else "score.loss"
        pygame.draw.rect(surface, ctx.colour("bg.deep"), box, border_radius=4)
        draw_text(surface, text, small, ctx.colour(key), box.inflate(-8, 0), valign="middle")


def _shorten(text: str, font, width: int) -> str:
    """The text, cut at a word with "…" if it is wider than `width`."""
    if font.size(text)[0] <= width:
        return text
    words = break_units(text)  # words, or Chinese characters
    while len(words) > 1 and font.size(join_units(words) + "…")[0] > width:
        words.pop()
    return join_units(words) + "…"


def _free_spot(box, point, above: bool, plot, placed):
    """A place for a label near a point that covers no other label, or None."""
    x, y = point
    rows = (-20, 20, -44, 44) if above else (20, -20, 44, -44)
    for dy in rows:
        for side in ("right", "left"):
            spot = box.copy()
            if side == "right":
                spot.midleft = (x + 10, y + dy)
            else:
                spot.midright = (x - 10, y + dy)
            spot.clamp_ip(plot)
            if spot.collidelist(placed) < 0:
                return spot
    return None


def _interpolate(points, day, score_at):
    if day in score_at:
        return score_at[day]
    before = [(d, s) for d, s in points if d <= day]
    after = [(d, s) for d, s in points if d >= day]
    if not before or not after:
        return points[-1][1]
    (d0, s0), (d1, s1) = before[-1], after[0]
    return s0 if d1 == d0 else s0 + (s1 - s0) * (day - d0) / (d1 - d0)


def _polyline(surface, colour, points, width):
    if len(points) >= 2:
        pygame.draw.lines(surface, colour, False, points, width)
    for point in points:
        pygame.draw.circle(surface, colour, point, width)


def draw_paired_bars(surface, ctx, rect: pygame.Rect, rows, *, legend=("", "")) -> None:
    """Rows of two bars (a share of a group, a share of everyone), 0–100%.

    rows: [(label, group share, everyone share)]. The group bar is solid, the
    population bar outlined — told apart by fill, not only by colour.
    """
    rect = pygame.Rect(rect)
    font, small = ctx.font("small"), ctx.font("caption")
    label_w = 210
    bar_w = rect.width - label_w - 64
    row_h = (rect.height - 30) // max(1, len(rows))
    solid, outline = ctx.colour("tier.D"), ctx.colour("text.dim")
    for i, (label, group, everyone) in enumerate(rows):
        y = rect.y + i * row_h
        draw_text(surface, label, font, ctx.colour("text"),
                  pygame.Rect(rect.x, y, label_w - 10, row_h - 6), valign="middle")
        h = max(10, (row_h - 14) // 2)
        bx = rect.x + label_w
        pygame.draw.rect(surface, solid, (bx, y + 2, max(2, int(bar_w * group)), h))
        pygame.draw.rect(surface, outline, (bx, y + 6 + h, max(2, int(bar_w * everyone)), h), 2)
        draw_text(surface, f"{round(group * 100)}%", small, ctx.colour("text"),
                  pygame.Rect(bx + int(bar_w * group) + 6, y + 2, 60, h), valign="middle")
        draw_text(surface, f"{round(everyone * 100)}%", small, ctx.colour("text.dim"),
                  pygame.Rect(bx + int(bar_w * everyone) + 6, y + 6 + h, 60, h),
                  valign="middle")
    ly = rect.bottom - 22
    pygame.draw.rect(surface, solid, (rect.x + label_w, ly + 4, 18, 12))
    draw_text(surface, legend[0], small, ctx.colour("text"),
              pygame.Rect(rect.x + label_w + 26, ly, bar_w // 2 - 30, 20))
    mid = rect.x + label_w + bar_w // 2
    pygame.draw.rect(surface, outline, (mid, ly + 4, 18, 12), 2)
    draw_text(surface, legend[1], small, ctx.colour("text.dim"),
              pygame.Rect(mid + 26, ly, bar_w // 2, 20))


def draw_tier_bar(surface, ctx, rect: pygame.Rect, counts, tier_ids) -> None:
    """One horizontal bar split by tier share, with each tier's letters where they fit."""
    rect = pygame.Rect(rect)
    total = max(1, sum(counts))
    x = rect.x
    small = ctx.font("caption")
    for tier, n in zip(tier_ids, counts):
        w = round(rect.width * n / total)
        if w <= 0:
            continue
        area = pygame.Rect(x, rect.y, w, rect.height)
        pygame.draw.rect(surface, ctx.theme.tier_colour(tier), area)
        pygame.draw.line(surface, ctx.colour("bg"), (area.right - 1, area.y),
                         (area.right - 1, area.bottom), 2)
        if w >= small.size(tier)[0] + 6:
            draw_text(surface, tier, small, ctx.colour("text.on_accent"), area,
                      align="center", valign="middle")
        x += w
