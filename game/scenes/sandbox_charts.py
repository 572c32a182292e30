"""The sandbox's six charts, drawn from a `SandboxModel`, as a grid or one enlarged.

Why one module for the six: the scene draws them live, the export draws them into
a PNG, and the text-fit tests lay them out — all through `draw_chart`, so what a
teacher exports is exactly what the class saw.

The charts, in order (number keys 1–6 enlarge one in the sandbox):
1. tiers — the chosen city's tier shares, day by day (stacked, tier D at the bottom;
   every tier present is labelled at the end, so no tier is told by colour alone);
2. makeup — who is in tier D, beside everyone (DESIGN §1: the out-group's make-up),
   with the debrief's caveat: it follows from the model's assumptions, not a finding;
3. informal — the informal economy's share, this city against the control city;
4. ties — mean ties between citizens, this city against the control city;
5. fares — today's metro fare by tier against the flat fare everyone pays in the
   control city (zero-sum: the discounts are paid by the surcharges);
6. waits — the hospital wait by tier over the last week with priority, against
   the average wait in arrival order (work-conserving: the queue serves the
   same patients in the same time, so the average is the same both ways — the
   minutes the top tiers save are the minutes the bottom tiers lose).
"""

from __future__ import annotations

import pygame

from ..ui.plots import (Line, draw_line_chart, draw_makeup, draw_stacked_shares, draw_tier_bars,
                        nice_ceiling)
from engine.metrics import FEW_TO_READ as FEW

from .sandbox_model import COMPOSITION, SandboxModel

CHARTS = ("tiers", "makeup", "informal", "ties", "fares", "waits")
WAIT_DAYS = 7  # the hospital chart averages this many days (one day is noisy)


def grid_rects(area: pygame.Rect, gap: int = 12, columns: int = 2) -> list[pygame.Rect]:
    """Six chart boxes filling `area`, in reading order."""
    rows = (len(CHARTS) + columns - 1) // columns
    w = (area.width - gap * (columns - 1)) // columns
    h = (area.height - gap * (rows - 1)) // rows
    return [pygame.Rect(area.x + (i % columns) * (w + gap), area.y + (i // columns) * (h + gap),
                        w, h) for i in range(len(CHARTS))]


def percent(ctx, share: float, decimals: int = 0) -> str:
    return ctx.t("sandbox.percent", value=ctx.locale.number(100 * share, decimals))


def draw_chart(surface, ctx, rect: pygame.Rect, name: str, model: SandboxModel) -> list:
    """Draw one chart; returns the TextBoxes it laid out."""
    city, control = model.view("city"), model.view("control")
    days = model.days
    marks = model.policy_changes()
    legend_city, legend_control = ctx.t("sandbox.legend.city"), ctx.t("sandbox.legend.control")
    title = ctx.t(f"sandbox.chart.{name}", tier=model.tier_ids[-1]) if name == "makeup" \
        else ctx.t(f"sandbox.chart.{name}")
    if name == "tiers":
        return draw_stacked_shares(surface, ctx, rect, title, city.tier_shares, model.tier_ids,
                                   days, lambda v: percent(ctx, v), marks=marks)
    if name == "makeup":
        bottom_tier = model.tier_ids[-1]
        group, everyone = city.makeup[-1] if city.makeup else ({"count": 0}, {})
        legend = (ctx.t("sandbox.legend.tier", tier=bottom_tier), ctx.t("sandbox.legend.everyone"))
        # How many people the shares rest on, and a warning when they are few (the
        # debrief's threshold): five people make no portrait.
        n = group["count"]
        few = 0 < n < FEW
        caveat = ctx.tn("sandbox.note.makeup_few" if few else "sandbox.note.makeup_caveat", n)
        short = ctx.tn("sandbox.note.makeup_few_short" if few
                       else "sandbox.note.makeup_caveat_short", n)
        if not n:  # nobody yet: the note says so, the caveat stays general
            caveat = short = ctx.t("sandbox.note.makeup_plain")
        if not group["count"]:
            return draw_makeup(surface, ctx, rect, title, [], legend, lambda v: percent(ctx, v),
                               note=ctx.t("sandbox.note.nobody_in_tier", tier=bottom_tier),
                               caveat=caveat, caveat_short=short)
        rows = [(ctx.t(f"sandbox.makeup.{key}"), group[key], everyone[key])
                for key in COMPOSITION]
        return draw_makeup(surface, ctx, rect, title, rows, legend, lambda v: percent(ctx, v),
                           caveat=caveat, caveat_short=short)
    if name == "informal":
        top = nice_ceiling(max(city.informal + control.informal, default=0.1) * 1.1)
        lines = [Line(city.informal, "accent", legend_city),
                 Line(control.informal, "text.dim", legend_control, dashed=True)]
        return draw_line_chart(surface, ctx, rect, title, lines, days, top,
                               lambda v: percent(ctx, v), marks=marks)
    if name == "ties":
        degree = model.cities["city"].degree if model.built else 8
        lines = [Line(city.ties, "accent", legend_city),
                 Line(control.ties, "text.dim", legend_control, dashed=True)]
        return draw_line_chart(surface, ctx, rect, title, lines, days, float(degree),
                               lambda v: ctx.locale.number(v), marks=marks)
    if name == "fares":
        money = lambda v: ctx.locale.money(v)  # noqa: E731
        legend = (legend_city, ctx.t("sandbox.legend.flat_fare"))
        if not model.day:
            return draw_tier_bars(surface, ctx, rect, title, model.tier_ids,
                                  [None] * len(model.tier_ids), money, legend=legend,
                                  note=ctx.t("sandbox.note.no_day"))
        flat = control.fares[-1]
        return draw_tier_bars(surface, ctx, rect, title, model.tier_ids, city.fares[-1], money,
                              reference=sum(flat) / len(flat), legend=legend,
                              short=lambda v: ctx.locale.number(v, 2))
    if name == "waits":
        with_, without, count = city.mean_waits(WAIT_DAYS)
        legend = (ctx.t("sandbox.legend.priority"), ctx.t("sandbox.legend.arrival"))
        hours = lambda v: ctx.t("sandbox.hours", value=ctx.locale.number(v / 60, 1))  # noqa: E731
        if not sum(count):
            return draw_tier_bars(surface, ctx, rect, title, model.tier_ids,
                                  [None] * len(model.tier_ids), hours, legend=legend,
                                  note=ctx.t("sandbox.note.no_day"))
        everyone = sum(w * c for w, c in zip(without, count) if c) / sum(count)
        return draw_tier_bars(surface, ctx, rect, title, model.tier_ids, with_, hours,
                              reference=everyone, legend=legend)
    raise KeyError(name)


def draw_grid(surface, ctx, area: pygame.Rect, model: SandboxModel,
              zoom: int | None = None) -> list:
    """All six charts in `area`, or only chart number `zoom` (0-based) filling it."""
    if zoom is not None:
        return draw_chart(surface, ctx, area, CHARTS[zoom], model)
    boxes = []
    for name, rect in zip(CHARTS, grid_rects(area)):
        boxes += draw_chart(surface, ctx, rect, name, model)
    return boxes
