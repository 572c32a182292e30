"""Small-multiple charts for the classroom sandbox: stacked tier shares over time,
line charts with a legend, bars by tier, and paired bars for make-ups.

Why not game/ui/charts.py: those draw the player's debrief — one big chart on a
page (a score line on tier bands, paired bars with a fixed 210 px label column).
The sandbox shows six charts at once, each a few hundred pixels wide and in two
text sizes (standard and projector), so these charts lay everything out from the
theme's font sizes and report the texts they place (`TextBox`es), so the shell
tests can check every label fits.

Every function draws into `rect` and returns the list of TextBoxes it laid out.
Colour never carries meaning alone: the control city is a dashed line, the
second bar of a pair is outlined, tiers carry their letters. No words here: titles,
legends and notes come in as text from the locale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import pygame

from .text import TextBox, draw_text, fits, measure

Format = Callable[[float], str]


@dataclass(frozen=True)
class Line:
    """One series of a line chart. values[i] is day i; None leaves a gap."""

    values: Sequence[float | None]
    colour: str  # theme colour key
    label: str
    dashed: bool = False


def nice_ceiling(value: float) -> float:
    """The next 1, 2, 2.5 or 5 × 10^k at or above value (axis tops)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * power + 1e-12:
            return m * power
    return 10 * power


def day_ticks(days: int) -> list[int]:
    """A handful of day numbers for the time axis (0 … days)."""
    step = next(s for s in (1, 2, 5, 7, 10, 15, 30, 60, 90) if days / s <= 6)
    return list(range(0, days + 1, step))


class Frame:
    """A chart's panel: the title row (title left, legend right when it fits,
    otherwise on a row of its own) and the plot area left for the chart."""

    def __init__(self, ctx, rect: pygame.Rect, title: str, legend=(), *, left: int = 0,
                 bottom: int = 0):
        self.ctx = ctx
        self.rect = pygame.Rect(rect)
        pad = max(8, ctx.theme.size("line.gap") + 4)
        title_font = ctx.font("body.bold")
        cap = ctx.font("caption")
        self.title_h = title_font.get_linesize()
        self.cap_h = cap.get_linesize()
        self.title = title
        self.legend = list(legend)  # [(label, colour key, style)] style: line|dash|solid|outline
        inner = self.rect.inflate(-2 * pad, -2 * pad)
        legend_w = self._legend_width()
        title_w = title_font.size(title)[0]
        self.legend_inline = bool(self.legend) and title_w + 24 + legend_w <= inner.width
        top = inner.y + self.title_h + 4
        if self.legend and not self.legend_inline:
            self.legend_y = top
            top += self.cap_h + 2
        else:
            self.legend_y = inner.y + (self.title_h - self.cap_h) // 2
        self.title_rect = pygame.Rect(inner.x, inner.y, inner.width if not self.legend_inline
                                      else inner.width - legend_w - 24, self.title_h)
        self.legend_x = inner.right - legend_w if self.legend_inline else inner.x
        self.plot = pygame.Rect(inner.x + left, top + 4, inner.width - left,
                                inner.bottom - top - 4 - bottom)
        self.pad = pad

    def _legend_width(self) -> int:
        cap = self.ctx.font("caption")
        return sum((0 if style == "text" else 28) + cap.size(label)[0]
                   for label, _, style in self.legend) + 16 * max(0, len(self.legend) - 1)

    def draw(self, surface) -> list[TextBox]:
        ctx = self.ctx
        pygame.draw.rect(surface, ctx.colour("panel"), self.rect,
                         border_radius=ctx.theme.size("button.radius"))
        pygame.draw.rect(surface, ctx.colour("panel.border"), self.rect, 1,
                         border_radius=ctx.theme.size("button.radius"))
        draw_text(surface, self.title, ctx.font("body.bold"), ctx.colour("text"),
                  self.title_rect)
        boxes = [TextBox(self.title, "body.bold", self.title_rect.size)]
        cap = ctx.font("caption")
        x = self.legend_x
        for label, colour, style in self.legend:
            y = self.legend_y + self.cap_h // 2
            c = ctx.colour(colour)
            swatch = 0 if style == "text" else 28  # "text": words only, no swatch
            if style == "text":
                pass
            elif style == "line":
                pygame.draw.line(surface, c, (x, y), (x + 20, y), 3)
            elif style == "dash":
                _dashed(surface, c, (x, y), (x + 20, y), 3)
            elif style == "tick":
                pygame.draw.line(surface, c, (x + 10, y - 8), (x + 10, y + 8), 3)
            elif style == "solid":
                pygame.draw.rect(surface, c, (x + 2, y - 6, 16, 12))
            else:
                pygame.draw.rect(surface, c, (x + 2, y - 6, 16, 12), 2)
            w = cap.size(label)[0]
            box = pygame.Rect(x + swatch, self.legend_y, w + 2, self.cap_h)
            draw_text(surface, label, cap, ctx.colour("text.dim"), box)
            boxes.append(TextBox(label, "caption", box.size))
            x += swatch + w + 16
        return boxes


def _dashed(surface, colour, start, end, width, dash=8, gap=6) -> None:
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    t = 0.0
    while t < length:
        u = min(t + dash, length)
        pygame.draw.line(surface, colour, (x0 + dx * t, y0 + dy * t),
                         (x0 + dx * u, y0 + dy * u), width)
        t = u + gap


def _dashed_path(surface, colour, points, width) -> None:
    """A dashed polyline whose dashes run on across the joints."""
    dash, gap = 8, 6
    carry = 0.0  # how far into the current dash+gap cycle we are
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        t = 0.0
        while t < length:
            in_dash = carry < dash
            room = (dash - carry) if in_dash else (dash + gap - carry)
            u = min(length, t + room)
            if in_dash:
                pygame.draw.line(surface, colour, (x0 + dx * t, y0 + dy * t),
                                 (x0 + dx * u, y0 + dy * u), width)
            carry = (carry + (u - t)) % (dash + gap)
            t = u


def _time_axis(surface, ctx, plot: pygame.Rect, days: int, marks=()) -> list[TextBox]:
    cap = ctx.font("caption")
    boxes = []
    for day in day_ticks(days):
        x = plot.x + day / max(1, days) * plot.width
        pygame.draw.line(surface, ctx.colour("rule"), (x, plot.bottom), (x, plot.bottom + 4))
        text = ctx.locale.number(day)
        box = pygame.Rect(0, plot.bottom + 5, cap.size(text)[0] + 2, cap.get_linesize())
        box.centerx = int(x)
        box.clamp_ip(pygame.Rect(plot.x - 12, box.y, plot.width + 24, box.height))
        draw_text(surface, text, cap, ctx.colour("text.dim"), box, align="center")
        boxes.append(TextBox(text, "caption", box.size))
    for day in marks:  # policy changes: a thin dotted line at the day they took over
        x = plot.x + (day - 0.5) / max(1, days) * plot.width
        for y in range(plot.y, plot.bottom, 6):
            pygame.draw.line(surface, ctx.colour("warning"), (x, y), (x, min(y + 3, plot.bottom)), 2)
    return boxes


def _y_axis(surface, ctx, plot: pygame.Rect, top: float, fmt: Format, steps=2) -> list[TextBox]:
    cap = ctx.font("caption")
    boxes = []
    for i in range(steps + 1):
        value = top * i / steps
        y = plot.bottom - i / steps * plot.height
        pygame.draw.line(surface, ctx.colour("rule"), (plot.x, y), (plot.right, y), 1)
        text = fmt(value)
        box = pygame.Rect(plot.x - 6 - cap.size(text)[0] - 2, 0, cap.size(text)[0] + 2,
                          cap.get_linesize())
        box.centery = int(y)
        draw_text(surface, text, cap, ctx.colour("text.dim"), box, align="right")
        boxes.append(TextBox(text, "caption", box.size))
    return boxes


def axis_width(ctx, labels: Sequence[str]) -> int:
    """Room to leave left of a plot for its y-axis labels."""
    cap = ctx.font("caption")
    return max((cap.size(s)[0] for s in labels), default=0) + 12


def draw_line_chart(surface, ctx, rect, title: str, lines: Sequence[Line], days: int,
                    top: float, fmt: Format, *, marks=(), note: str = "") -> list[TextBox]:
    """Lines over days 0…days on a y axis 0…top, labelled with fmt."""
    legend = [(line.label, line.colour, "dash" if line.dashed else "line") for line in lines]
    left = axis_width(ctx, [fmt(top), fmt(top / 2), fmt(0)])
    frame = Frame(ctx, rect, title, legend, left=left, bottom=ctx.font("caption").get_linesize() + 6)
    boxes = frame.draw(surface)
    plot = frame.plot
    boxes += _y_axis(surface, ctx, plot, top, fmt)
    boxes += _time_axis(surface, ctx, plot, days, marks)
    for line in lines:
        points = [(plot.x + d / max(1, days) * plot.width,
                   plot.bottom - min(v, top) / top * plot.height)
                  for d, v in enumerate(line.values) if v is not None]
        colour = ctx.colour(line.colour)
        if len(points) >= 2:
            if line.dashed:
                _dashed_path(surface, colour, points, 3)
            else:
                pygame.draw.lines(surface, colour, False, points, 3)
        elif points:
            pygame.draw.circle(surface, colour, points[0], 3)
        if points:  # a marker as well as the dash: round for solid, square for dashed
            x, y = points[-1]
            if line.dashed:
                pygame.draw.rect(surface, colour, (round(x) - 5, round(y) - 5, 11, 11), 2)
            else:
                pygame.draw.circle(surface, colour, (round(x), round(y)), 6)
    if note:
        boxes += _note(surface, ctx, plot, note)
    return boxes


def draw_stacked_shares(surface, ctx, rect, title: str, shares: Sequence[Sequence[float]],
                        tier_ids: Sequence[str], days: int, fmt: Format, *,
                        marks=()) -> list[TextBox]:
    """Tier shares over days, stacked from the lowest tier (bottom) up, each band in
    its tier's colour and labelled with its letters at the right end where it fits."""
    cap = ctx.font("caption")
    letters_w = max(cap.size(t)[0] for t in tier_ids) + 20  # letters and their leaders
    left = axis_width(ctx, [fmt(1.0), fmt(0.5), fmt(0.0)])
    frame = Frame(ctx, rect, title, left=left, bottom=cap.get_linesize() + 6)
    boxes = frame.draw(surface)
    plot = frame.plot.copy()
    plot.width -= letters_w
    x_of = [plot.x + d / max(1, days) * plot.width for d in range(len(shares))]
    boxes += _y_axis(surface, ctx, plot, 1.0, fmt)
    bottoms = [plot.bottom] * len(shares)
    order = list(range(len(tier_ids)))[::-1]  # lowest tier first
    label_at = []
    for t in order:
        tops = [b - s[t] * plot.height for b, s in zip(bottoms, shares)]
        colour = ctx.theme.tier_colour(tier_ids[t])
        if len(shares) >= 2:
            polygon = list(zip(x_of, tops)) + list(zip(x_of, bottoms))[::-1]
            pygame.draw.polygon(surface, colour, polygon)
        elif shares:
            pygame.draw.rect(surface, colour, (x_of[0], tops[0], 3, bottoms[0] - tops[0]))
        if shares and shares[-1][t] > 0:  # every tier present today gets its letters
            label_at.append((tier_ids[t], (tops[-1] + bottoms[-1]) / 2, colour))
        bottoms = tops
    boxes += _time_axis(surface, ctx, plot, days, marks)
    end = int(x_of[-1]) if shares else plot.x
    # End labels, top tier first, spread to a minimum gap so thin bands (a sliver of
    # D or AAA) still carry their letters: colour never tells tiers apart alone. A
    # short leader joins each label to its band when the spreading moved it.
    label_at.sort(key=lambda item: item[1])
    wanted = [y for _, y, _ in label_at]
    placed = spread(wanted, cap.get_linesize(), plot.y + cap.get_linesize() / 2,
                    plot.bottom - cap.get_linesize() / 2)
    lead = 10 if any(abs(a - b) > 2 for a, b in zip(wanted, placed)) else 0
    for (tier, y, colour), at in zip(label_at, placed):
        if lead:
            pygame.draw.line(surface, colour, (end + 1, int(y)), (end + lead, int(at)), 2)
        box = pygame.Rect(end + 4 + lead, 0, letters_w, cap.get_linesize())
        box.centery = int(at)
        draw_text(surface, tier, cap, colour, box)
        boxes.append(TextBox(tier, "caption", box.size))
    return boxes


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near `wanted` (ascending) as possible, at least `gap` apart and
    within [low, high]; if they cannot all fit, evenly spaced over the range."""
    n = len(wanted)
    if n == 0:
        return []
    if (n - 1) * gap > high - low:
        step = (high - low) / max(1, n - 1)
        return [low + i * step for i in range(n)] if n > 1 else [(low + high) / 2]
    placed = [min(max(y, low), high) for y in wanted]
    for i in range(1, n):  # push down past the one above
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed[-1] > high:  # then back up from the bottom
        placed[-1] = high
        for i in range(n - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def draw_tier_bars(surface, ctx, rect, title: str, tier_ids: Sequence[str],
                   values: Sequence[float | None], fmt: Format, *,
                   reference: float | None = None, legend=("", ""),
                   note: str = "", short: Format | None = None) -> list[TextBox]:
    """One bar per tier in the tier's colour, its value above it, and an optional
    dashed reference line across all tiers (what everyone would have without the
    score: the flat fare, the wait in arrival order). When the values do not fit
    side by side (projector text, small charts), `short` formats them instead
    (e.g. without the currency sign)."""
    cap = ctx.font("caption")
    shown = [v for v in values if v is not None] + ([reference] if reference else [])
    top = nice_ceiling(max(shown, default=1.0) * 1.1)
    items = [(legend[0], "text.dim", "solid")]
    if reference is not None or note:
        items.append((legend[1], "text", "dash"))
    frame = Frame(ctx, rect, title, items, bottom=cap.get_linesize() + 6)
    boxes = frame.draw(surface)
    plot = frame.plot
    room = plot.height - cap.get_linesize() - 2  # a value label fits above the tallest bar
    slot = plot.width / len(tier_ids)
    bar_w = max(6, int(slot * 0.62))
    if short is not None and any(cap.size(fmt(v))[0] + 10 > slot for v in values if v is not None):
        fmt = short
    pygame.draw.line(surface, ctx.colour("rule"), (plot.x, plot.bottom), (plot.right, plot.bottom))
    if reference is not None:  # under the bars and their labels
        y = plot.bottom - reference / top * room
        _dashed(surface, ctx.colour("text"), (plot.x, y), (plot.right, y), 2)
    labels = []
    for i, (tier, value) in enumerate(zip(tier_ids, values)):
        colour = ctx.theme.tier_colour(tier)
        x = plot.x + i * slot
        if value is not None:
            h = max(2, int(value / top * room))
            bar = pygame.Rect(int(x + (slot - bar_w) / 2), plot.bottom - h, bar_w, h)
            pygame.draw.rect(surface, colour, bar)
            text = fmt(value)
            width = cap.size(text)[0] + 4
            if width + 6 <= slot:
                box = pygame.Rect(0, bar.y - cap.get_linesize(), width, cap.get_linesize())
                box.centerx = bar.centerx
                labels.append((text, box))
        box = pygame.Rect(int(x), plot.bottom + 5, int(slot), cap.get_linesize())
        draw_text(surface, tier, cap, colour, box, align="center")
        boxes.append(TextBox(tier, "caption", box.size))
    for text, box in labels:  # on a backing of the panel's colour, over the line
        pygame.draw.rect(surface, ctx.colour("panel"), box.inflate(0, -4))
        draw_text(surface, text, cap, ctx.colour("text"), box, align="center")
        boxes.append(TextBox(text, "caption", box.size))
    if note:
        boxes += _note(surface, ctx, plot, note)
    return boxes


def draw_makeup(surface, ctx, rect, title: str, rows: Sequence[tuple[str, float, float]],
                legend: tuple[str, str], fmt: Format, *, note: str = "",
                caveat: str = "", caveat_short: str = "") -> list[TextBox]:
    """One row per trait: a bar for the group's share (0–100%, in tier D's colour),
    a white tick at everyone's share, and both values at the right ("89%  22%").
    `note` replaces the rows (e.g. "nobody is in tier D yet"); `caveat` is a line
    under them (e.g. that the make-up follows from the model's assumptions) — or,
    where that line would squeeze the rows below a line of text (six charts on a
    projector), `caveat_short` at the end of the legend."""
    cap = ctx.font("caption")
    items = [(legend[0], "tier.D", "solid"), (legend[1], "text", "tick")]
    caveat_h = 0
    if caveat:  # as many lines as it wraps to in the plot's width
        plain = Frame(ctx, rect, title, items).plot
        caveat_h = measure(caveat, cap, (plain.width, 10_000)).height
        rows_h = (plain.height - caveat_h - 4) / max(1, len(rows))
        if rows and rows_h < cap.get_linesize() + 2 and caveat_short:
            items.append((caveat_short, "text", "text"))
            caveat, caveat_h = "", 0
    frame = Frame(ctx, rect, title, items, bottom=caveat_h + 4 if caveat else 0)
    boxes = frame.draw(surface)
    plot = frame.plot
    if caveat:
        box = pygame.Rect(plot.x, plot.bottom + 4, plot.width, caveat_h)
        draw_text(surface, caveat, cap, ctx.colour("text.dim"), box)
        boxes.append(TextBox(caveat, "caption", box.size))
    if note:
        return boxes + _note(surface, ctx, plot, note)
    label_role = "small" if plot.height / max(1, len(rows)) >= 2 * ctx.font("small").get_linesize() \
        else "caption"
    font = ctx.font(label_role)
    label_w = max(font.size(label)[0] for label, _, _ in rows) + 12
    pair_w = cap.size(fmt(1.0))[0] + 4
    values_w = 2 * pair_w + 8
    bar_w = plot.width - label_w - values_w - 10
    row_h = plot.height / max(1, len(rows))
    h = max(8, min(int(row_h * 0.55), 40))
    group_colour, tick_colour = ctx.colour("tier.D"), ctx.colour("text")
    for i, (label, group, everyone) in enumerate(rows):
        y = int(plot.y + i * row_h)
        mid = y + int(row_h) // 2
        box = pygame.Rect(plot.x, y, label_w, int(row_h))
        draw_text(surface, label, font, ctx.colour("text"), box, valign="middle")
        boxes.append(TextBox(label, label_role, box.size))
        bx = plot.x + label_w
        pygame.draw.rect(surface, ctx.colour("rule"), (bx, mid - h // 2, bar_w, h), 1)
        pygame.draw.rect(surface, group_colour, (bx, mid - h // 2, max(2, int(bar_w * group)), h))
        tx = bx + int(bar_w * everyone)
        pygame.draw.line(surface, ctx.colour("panel"), (tx, mid - h // 2 - 5), (tx, mid + h // 2 + 5), 6)
        pygame.draw.line(surface, tick_colour, (tx, mid - h // 2 - 5), (tx, mid + h // 2 + 5), 3)
        vx = bx + bar_w + 10
        for value, colour in ((group, "text"), (everyone, "text.dim")):
            text = fmt(value)
            vbox = pygame.Rect(vx, mid - cap.get_linesize() // 2, pair_w, cap.get_linesize())
            draw_text(surface, text, cap, ctx.colour(colour), vbox, align="right")
            boxes.append(TextBox(text, "caption", vbox.size))
            vx += pair_w + 8
    return boxes


def _note(surface, ctx, plot: pygame.Rect, note: str) -> list[TextBox]:
    """A short sentence centred on the plot (no data yet, and why)."""
    font = ctx.font("small")
    box = plot.inflate(-16, -8)
    if not fits(note, font, box.size, ctx.theme.size("line.gap")):
        font = ctx.font("caption")
        role = "caption"
    else:
        role = "small"
    veil = pygame.Surface(box.size, pygame.SRCALPHA)
    veil.fill((*ctx.colour("panel"), 220))
    surface.blit(veil, box.topleft)
    draw_text(surface, note, font, ctx.colour("text.dim"), box, align="center",
              valign="middle", gap=ctx.theme.size("line.gap"))
    return [TextBox(note, role, box.size)]
