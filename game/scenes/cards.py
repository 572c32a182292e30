"""The "What's real?" cards: what is documented, what is only reported, what the
game supposes, and where else in the world one number decides things.

Why cards, one at a time, each with its kind and its source (DESIGN §1: "a thought
experiment on a hypothesis, not a documentary"): after a run the player has felt
the game's argument; the cards hand back the evidence, and its limits, in small
pieces a visitor can read standing up. The kind is shown as a word and a shape,
never by colour alone. The list is data (assets/story/cards.toml); the words are in
the locale (card.<id>.title/.text).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame

from ..commands import Back, Move
from ..ui.widgets import Button, FocusGroup, Panel
from .base import Pop, Scene
from .common import LEAD_ROLES, draw_rule, fitted

CARDS_FILE = Path(__file__).resolve().parents[2] / "assets" / "story" / "cards.toml"
KINDS = ("fact", "reported", "speculation", "analogue")
CARD = pygame.Rect(160, 150, 960, 440)


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # one of KINDS
    source: str  # the citation printed on the card


@lru_cache(maxsize=2)
def load_cards(path: Path = CARDS_FILE) -> tuple[Card, ...]:
    """The card list, checked: known kinds, unique ids, a source on every card."""
    doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    cards, seen = [], set()
    for i, item in enumerate(doc.get("card", [])):
        cid, kind, source = item.get("id"), item.get("kind"), item.get("source")
        if not cid or cid in seen:
            raise ValueError(f"{path}: card {i + 1}: missing or repeated id {cid!r}")
        if kind not in KINDS:
            raise ValueError(f"{path}: card {cid}: kind {kind!r} is not one of {KINDS}")
        if not source:
            raise ValueError(f"{path}: card {cid}: needs a source")
        seen.add(cid)
        cards.append(Card(cid, kind, source))
    return tuple(cards)


def draw_kind_mark(surface, ctx, kind: str, rect: pygame.Rect) -> None:
    """Fact: a filled square; reported: a half-filled square (seen in secondary
    reporting only); speculation: an open circle; analogue: two overlapping squares
    — shapes that read without colour."""
    colour = ctx.colour({"fact": "score.gain", "reported": "accent", "speculation": "warning",
                         "analogue": "tier.AA"}[kind])
    if kind == "fact":
        pygame.draw.rect(surface, colour, rect, border_radius=3)
    elif kind == "reported":
        lower = pygame.Rect(rect.x, rect.centery, rect.width, rect.bottom - rect.centery)
        pygame.draw.rect(surface, colour, lower, border_bottom_left_radius=3,
                         border_bottom_right_radius=3)
        pygame.draw.rect(surface, colour, rect, 3, border_radius=3)
    elif kind == "speculation":
        pygame.draw.circle(surface, colour, rect.center, rect.width // 2, 3)
    else:
        small = rect.inflate(-rect.width // 3, -rect.height // 3)
        pygame.draw.rect(surface, colour, small.move(-rect.width // 6, -rect.height // 6), 3)
        pygame.draw.rect(surface, colour, small.move(rect.width // 6, rect.height // 6), 3)


class CardsScene(Scene):
    def __init__(self, ctx, index: int = 0):
        super().__init__(ctx)
        self.cards = load_cards()
        self.heading = fitted(ctx, (160, 40, 960, 52), ctx.t("cards.heading"),
                              ("title", "heading"))
        self.lead = fitted(ctx, (160, 100, 960, 44), ctx.t("cards.lead"),
                           ("small", "caption"), colour="text.dim")
        self.faces = [self._face(card) for card in self.cards]
        self.hint = fitted(ctx, (160, 676, 560, 32), ctx.t("cards.hint"), ("caption",),
                           colour="text.faint")
        self.group = FocusGroup([
            Button(pygame.Rect(CARD.right - 200, 610, 200, 52), ctx.t("cards.next"), "next",
                   kind="primary"),
            Button(pygame.Rect(CARD.right - 420, 610, 200, 52), ctx.t("cards.previous"),
                   "previous"),
            Button(pygame.Rect(CARD.x, 610, 180, 52), ctx.t("ui.close"), "close"),
        ])
        self.index = index % len(self.cards)

    def _face(self, card: Card) -> list:
        ctx = self.ctx
        x, w = CARD.x + 48, CARD.width - 96
        return [
            fitted(ctx, (x + 44, CARD.y + 36, 420, 30), ctx.t(f"cards.kind.{card.kind}"),
                   ("body.bold", "small"), valign="middle"),
            fitted(ctx, (x + w - 240, CARD.y + 36, 240, 30),
                   ctx.t("cards.count", n=self.cards.index(card) + 1, total=len(self.cards)),
                   ("small", "caption"), colour="text.dim", align="right", valign="middle"),
            fitted(ctx, (x, CARD.y + 88, w, 56), ctx.t(f"card.{card.id}.title"),
                   ("title", "heading")),
            fitted(ctx, (x, CARD.y + 160, w, 190), ctx.t(f"card.{card.id}.text"), LEAD_ROLES),
            fitted(ctx, (x, CARD.y + 360, w, 56), ctx.t("cards.source", source=card.source),
                   ("small", "caption"), colour="text.dim"),
        ]

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        if isinstance(command, Move) and command.dx:
            self.index = (self.index + command.dx) % len(self.cards)
            return None
        action = self.group.handle(command)
        if action == "close":
            return Pop()
        if action in ("next", "previous"):
            self.index = (self.index + (1 if action == "next" else -1)) % len(self.cards)
        return None

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        self.heading.draw(surface, ctx)
        self.lead.draw(surface, ctx)
        Panel(CARD).draw(surface, ctx)
        card = self.cards[self.index]
        draw_kind_mark(surface, ctx, card.kind, pygame.Rect(CARD.x + 48, CARD.y + 39, 26, 26))
        for label in self.faces[self.index]:
            label.draw(surface, ctx)
        draw_rule(surface, ctx, CARD.x + 48, CARD.y + 146)
        self.hint.draw(surface, ctx)
        self.group.draw(surface, ctx)

    def text_boxes(self):
        boxes = [self.heading.text_box(), self.lead.text_box(), self.hint.text_box()]
        for face in self.faces:
            boxes += [label.text_box() for label in face]
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


SCREENSHOTS = {
    "cards-fact": lambda ctx: CardsScene(ctx, 0),
    "cards-reported": lambda ctx: CardsScene(ctx, [c.id for c in load_cards()].index("rongcheng")),
    "cards-speculation": lambda ctx: CardsScene(
        ctx, [c.id for c in load_cards()].index("hospital_queue")),
    "cards-analogue": lambda ctx: CardsScene(ctx, [c.id for c in load_cards()].index("compas")),
    "cards-court-list": lambda ctx: CardsScene(
        ctx, [c.id for c in load_cards()].index("court_list_game")),
}
