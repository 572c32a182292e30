"""Layout helpers the play-through's scenes share.

Why: every screen of a run lays text into fixed boxes on a 1280×720 page that must
hold in both themes (the projector's text is a quarter bigger) and in languages
longer than English. `fitted` picks the largest text role that fits its box, so a
long moment text shrinks a step instead of overflowing; `stack` flows labels down
a column from their measured heights.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from ..ui.text import fits, measure
from ..ui.widgets import Label

BODY_ROLES = ("body", "small", "caption")
LEAD_ROLES = ("lead", "body", "small", "caption")
TITLE_ROLES = ("title", "heading", "body.bold")
PAGE_W, PAGE_H = 1280, 720
TOP = 96  # the first line under the score bar


def text_height(ctx, text: str, role: str, width: int) -> int:
    return measure(text, ctx.font(role), (width, 100_000),
                   ctx.theme.size("line.gap")).height


def best_role(ctx, text: str, size, roles=BODY_ROLES) -> str:
    """The first (largest) role in which `text` fits the box `size`.

    Memoised: scenes lay out the same texts in the same boxes again and again (every
    moment of a run), and wrapping text to measure it is the slow part of a layout.
    The memo is least-recently-used and bounded (`ROLES_MEMO_SIZE`): its keys hold
    per-run text (names, amounts, percentages), so an unbounded one would grow for
    as long as a kiosk runs.
    """
    key = (ctx.theme.name, ctx.settings.text_size, ctx.fonts, text, tuple(size),
           tuple(roles))
    role = _ROLES.get(key)
    if role is not None:
        _ROLES.move_to_end(key)
        return role
    gap = ctx.theme.size("line.gap")
    # `fits` counts enlarged text's shrink toward the theme's size: with a bigger text
    # size a role never drops below the one chosen at 100 % (that one fits there).
    role = next((r for r in roles if fits(text, ctx.font(r), size, gap)),
                roles[-1])
    _ROLES[key] = role
    if len(_ROLES) > ROLES_MEMO_SIZE:
        _ROLES.popitem(last=False)  # the least recently used
    return role


# A run's screens lay out a few hundred distinct (text, box) pairs; this keeps several
# runs' worth, in both themes, and at most a few megabytes of text.
ROLES_MEMO_SIZE = 4096
_ROLES: OrderedDict = OrderedDict()


def fitted(ctx, rect, text: str, roles=BODY_ROLES, colour: str = "text",
           align: str = "left", valign: str = "top") -> Label:
    """A label in the largest role that fits `rect`."""
    rect = pygame.Rect(rect)
    role = best_role(ctx, text, rect.size, roles)
    return Label(rect, text, role=role, colour=colour, align=align, valign=valign)


def flowing(ctx, x: int, y: int, width: int, text: str, role: str = "body",
            colour: str = "text") -> Label:
    """A label exactly as tall as its wrapped text."""
    return Label(pygame.Rect(x, y, width, text_height(ctx, text, role, width)), text,
                 role=role, colour=colour)


def draw_rule(surface, ctx, x: int, y: int, width: int = 72) -> None:
    """The short brass rule under a heading: the game's signature mark."""
    pygame.draw.rect(surface, ctx.colour("accent"), (x + 2, y, width, 4))


def draw_veil(surface, ctx, alpha: int = 215) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*ctx.colour("bg.deep"), alpha))
    surface.blit(veil, (0, 0))


def signed_colour(value: float) -> str:
    return "score.gain" if value > 0 else "score.loss" if value < 0 else "score.neutral"


def ease(progress: float) -> float:
    """Smooth start and stop, 0 → 1."""
    p = min(1.0, max(0.0, progress))
    return p * p * (3 - 2 * p)


def cash(ctx, amount: float) -> str:
    """Money as people say it: "¥180" for whole yuan, "¥3.75" otherwise."""
    if abs(amount - round(amount)) >= 0.005:
        return ctx.locale.money(amount)
    digits = ctx.locale.number(abs(round(amount)))
    key = "format.money_negative" if round(amount) < 0 else "format.money"
    return ctx.t(key, amount=digits)


def signed_cash(ctx, amount: float) -> str:
    """A change of money, always with its sign: "+¥30", "−¥15"."""
    return ("+" if round(amount, 2) > 0 else "") + cash(ctx, amount)
