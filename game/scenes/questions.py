"""The opt-in class questions, before or after a sandbox run, and the class's answers.

Why it looks like this: the questions are a conversation starter, not a test. Each
page shows one statement and an agree–disagree scale (number keys 1–5 answer);
every page can be skipped, and "Not now" leaves at once. The privacy line stays on
screen: only counts per day are kept (game/questions.py). The last page shows what
the class answered today, before beside after, so a teacher can project the shift
— or the lack of one — and ask why.
"""

from __future__ import annotations

import pygame

from ..commands import Back
from ..questions import ClassAnswers, Item, load_items
from ..ui.text import TextBox, draw_text, measure
from ..ui.widgets import Button, FocusGroup
from .base import Pop, Scene, SceneContext

WIDTH = 1080
LEFT = (1280 - WIDTH) // 2


def _blend(colour, background, amount):
    return tuple(round(c * amount + b * (1 - amount)) for c, b in zip(colour, background))


def answer_colours(ctx, n: int) -> list:
    """n shades from one end of a scale to the other: sky … grey … brass, the
    milder answers darker. Neither end is red or green: no answer is the right one."""
    low, mid, high = ctx.colour("tier.AA"), ctx.colour("text.faint"), ctx.colour("accent")
    panel = ctx.colour("panel")
    out = []
    for i in range(n):
        t = i / max(1, n - 1)  # 0 … 1 across the scale
        if abs(t - 0.5) < 1e-9:
            out.append(mid)
        else:
            end = low if t < 0.5 else high
            strength = abs(t - 0.5) * 2  # 1 at the ends
            out.append(_blend(end, panel, 0.45 + 0.55 * strength))
    return out


def ink_for(colour, ctx):
    """Dark text on light fills, light text on dark ones."""
    r, g, b = colour
    return ctx.colour("text.on_accent") if 0.299 * r + 0.587 * g + 0.114 * b > 140 \
        else ctx.colour("text")


class QuestionsScene(Scene):
    """`phase` is "before" or "after". `page` counts items; past the last item the
    results show. `store` defaults to the device's class-answers store."""

    def __init__(self, ctx: SceneContext, phase: str, *, store: ClassAnswers | None = None,
                 items: tuple[Item, ...] | None = None, page: int = 0,
                 answers: dict | None = None):
        super().__init__(ctx)
        self.phase = phase
        all_items = items if items is not None else load_items()
        self.items = tuple(i for i in all_items if phase in i.phases)
        self.by_id = {i.id: i for i in self.items}
        self.store = store
        self.page = page
        self.answers = dict(answers or {})
        self._build()

    @property
    def on_results(self) -> bool:
        return self.page >= len(self.items)

    def _store(self) -> ClassAnswers:
        if self.store is None:
            self.store = ClassAnswers.open_default()
        return self.store

    # --- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        ctx = self.ctx
        gap = ctx.theme.size("line.gap")
        bh = ctx.theme.size("button.min_height")
        self.heading = pygame.Rect(LEFT, 40, WIDTH, ctx.font("title").get_linesize())
        cap_h = ctx.font("small").get_linesize()
        self.progress = pygame.Rect(LEFT, self.heading.bottom + 4, WIDTH, cap_h)
        privacy_h = measure(ctx.t("questions.intro"), ctx.font("caption"), (WIDTH, 400), gap).height
        self.privacy = pygame.Rect(LEFT, 720 - 24 - privacy_h, WIDTH, privacy_h)
        if self.on_results:
            done = Button(pygame.Rect(LEFT + WIDTH - 220, self.privacy.y - bh - 16, 220, bh),
                          ctx.t("questions.done"), "done", kind="primary")
            self.group = FocusGroup([done])
            return
        item = self.items[self.page]
        text = ctx.t(f"questions.item.{item.id}")
        lead_h = measure(text, ctx.font("lead"), (WIDTH, 400), gap).height
        self.statement = pygame.Rect(LEFT, self.progress.bottom + 24, WIDTH, lead_h)
        y = self.statement.bottom + 28
        step = bh + 10
        buttons = [Button(pygame.Rect(LEFT, y + i * step, 560, bh),
                          ctx.t(f"questions.scale.{item.scale}.{a}"), ("answer", a), number=i + 1)
                   for i, a in enumerate(item.answers)]
        side = LEFT + 560 + 60
        buttons.append(Button(pygame.Rect(side, y, 260, bh), ctx.t("questions.skip"), "skip"))
        buttons.append(Button(pygame.Rect(side, y + step, 260, bh), ctx.t("questions.skip_all"),
                              "leave", kind="link"))
        self.group = FocusGroup(buttons)

    # --- behaviour ----------------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, Back):
            return Pop()
        action = self.group.handle(command)
        if action is None:
            return None
        if action in ("leave", "done"):
            return Pop()
        if isinstance(action, tuple):
            self.answers[self.items[self.page].id] = action[1]
        self.page += 1
        if self.on_results:
            self._store().record(self.phase, self.by_id, self.answers)
            from ..hubclient import offer_answers  # a class hub, where one is installed

            offer_answers(self.phase, self.answers)
        self._build()
        return None

    # --- drawing ----------------------------------------------------------------------

    def draw(self, surface):
        surface.fill(self.ctx.colour("bg"))
        self._draw_texts(surface)
        self.group.draw(surface, self.ctx)

    def _draw_texts(self, surface) -> list[TextBox]:
        ctx = self.ctx
        gap = ctx.theme.size("line.gap")
        heading = ctx.t("questions.results_heading" if self.on_results
                        else f"questions.heading_{self.phase}")
        draw_text(surface, heading, ctx.font("title"), ctx.colour("text"), self.heading)
        intro = ctx.t("questions.intro")
        draw_text(surface, intro, ctx.font("caption"), ctx.colour("text.dim"), self.privacy, gap=gap)
        boxes = [TextBox(heading, "title", self.heading.size),
                 TextBox(intro, "caption", self.privacy.size)]
        if self.on_results:
            return boxes + self._draw_results(surface)
        progress = ctx.t("questions.progress", i=self.page + 1, n=len(self.items))
        draw_text(surface, progress, ctx.font("small"), ctx.colour("text.dim"), self.progress)
        item = self.items[self.page]
        text = ctx.t(f"questions.item.{item.id}")
        draw_text(surface, text, ctx.font("lead"), ctx.colour("text"), self.statement, gap=gap)
        return boxes + [TextBox(progress, "small", self.progress.size),
                        TextBox(text, "lead", self.statement.size)]

    def _draw_results(self, surface) -> list[TextBox]:
        ctx = self.ctx
        store = self._store()
        small, cap = ctx.font("small"), ctx.font("caption")
        boxes = []
        y = self.progress.y + 8
        if not store.kept:
            note = pygame.Rect(LEFT, y, WIDTH, cap.get_linesize() * 2)
            draw_text(surface, ctx.t("questions.not_kept"), cap, ctx.colour("warning"), note)
            boxes.append(TextBox(ctx.t("questions.not_kept"), "caption", note.size))
            y = note.bottom + 4
        bar_h = max(22, cap.get_linesize())
        label_w = max(small.size(ctx.t(f"questions.results_{p}") + " (000)")[0]
                      for p in ("before", "after")) + 12
        bottom = self.group.buttons[0].rect.y - 8
        legend_h = cap.get_linesize() + 8
        block = (bottom - legend_h - y) // max(1, len(self.items))
        for item in self.items:
            statement = pygame.Rect(LEFT, y, WIDTH, small.get_linesize())
            text = ctx.t(f"questions.item.{item.id}")
            draw_text(surface, text, small, ctx.colour("text"), statement)
            boxes.append(TextBox(text, "small", statement.size))
            by = statement.bottom + 4
            for phase in ("before", "after"):
                counts = store.counts(phase, item)
                total = sum(counts.values())
                label = f"{ctx.t(f'questions.results_{phase}')} ({ctx.locale.number(total)})"
                lrect = pygame.Rect(LEFT, by, label_w, bar_h)
                draw_text(surface, label, cap, ctx.colour("text.dim"), lrect, valign="middle")
                boxes.append(TextBox(label, "caption", lrect.size))
                bar = pygame.Rect(LEFT + label_w, by, WIDTH - label_w, bar_h)
                boxes += self._draw_bar(surface, bar, item, counts, total)
                by += bar_h + 4
            y += block
        boxes += self._draw_legend(surface, pygame.Rect(LEFT, bottom - legend_h + 8, WIDTH,
                                                        legend_h))
        return boxes

    def _draw_bar(self, surface, bar, item, counts, total) -> list[TextBox]:
        ctx = self.ctx
        cap = ctx.font("caption")
        if total == 0:
            pygame.draw.rect(surface, ctx.colour("rule"), bar, 1)
            draw_text(surface, ctx.t("questions.no_answers"), cap, ctx.colour("text.faint"),
                      bar.inflate(-12, 0), valign="middle")
            return [TextBox(ctx.t("questions.no_answers"), "caption", bar.inflate(-12, 0).size)]
        boxes, x = [], bar.x
        colours = answer_colours(ctx, len(item.answers))
        for answer, colour in zip(item.answers, colours):
            n = counts[answer]
            w = round(bar.width * n / total)
            if w <= 0:
                continue
            seg = pygame.Rect(x, bar.y, w, bar.height)
            pygame.draw.rect(surface, colour, seg)
            pygame.draw.line(surface, ctx.colour("bg"), (seg.right - 1, seg.y),
                             (seg.right - 1, seg.bottom - 1), 2)
            text = ctx.t("sandbox.percent", value=round(100 * n / total))
            if cap.size(text)[0] + 6 <= w:
                draw_text(surface, text, cap, ink_for(colour, ctx), seg, align="center",
                          valign="middle")
                boxes.append(TextBox(text, "caption", seg.size))
            x += w
        return boxes

    def _draw_legend(self, surface, rect) -> list[TextBox]:
        ctx = self.ctx
        cap = ctx.font("caption")
        item = self.items[0]
        x, boxes = rect.x, []
        for answer, colour in zip(item.answers, answer_colours(ctx, len(item.answers))):
            text = ctx.t(f"questions.scale.{item.scale}.{answer}")
            pygame.draw.rect(surface, colour, (x, rect.y + 3, 16, 14))
            box = pygame.Rect(x + 22, rect.y, cap.size(text)[0] + 2, cap.get_linesize())
            draw_text(surface, text, cap, ctx.colour("text.dim"), box)
            boxes.append(TextBox(text, "caption", box.size))
            x = box.right + 18
        return boxes

    def text_boxes(self) -> list[TextBox]:
        scratch = pygame.Surface(self.ctx.size)
        boxes = self._draw_texts(scratch)
        return boxes + [b.text_box(self.ctx) for b in self.group.buttons]


# --- screenshots ---------------------------------------------------------------------------

def _answered(ctx):
    """The results page over a small in-memory class (for the screenshot)."""
    import random
    from datetime import date

    from ..stats import MemoryBackend

    store = ClassAnswers(MemoryBackend(), today=lambda: date(2025, 3, 14))
    items = {i.id: i for i in load_items()}
    rng = random.Random(4)
    lean = {"before": {"fairer": 3, "trust": 3, "earned": 2, "report": 1},
            "after": {"fairer": 1, "trust": 1, "earned": 1, "report": 1}}
    for phase in ("before", "after"):
        for _ in range(24):
            answers = {}
            for iid, item in items.items():
                centre = lean[phase][iid]
                answers[iid] = item.answers[max(0, min(4, centre + rng.choice((-1, 0, 0, 1))))]
            store.record(phase, items, answers)
    scene = QuestionsScene(ctx, "after", store=store)
    scene.page = len(scene.items)
    scene._build()
    return scene


SCREENSHOTS = {
    "sandbox-questions": lambda ctx: QuestionsScene(ctx, "before"),
    "sandbox-questions-results": _answered,
}
