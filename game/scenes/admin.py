"""The staff PIN pad: the only way out of a kiosk.

Why it looks like this: the kiosk shell opens it after the staff gesture (a key
chord or a screen corner held for some seconds, set in the kiosk config), so a
visitor who stumbles on the gesture still meets a PIN. Touch-sized keys for a
screen without a keyboard; number keys, Backspace/Esc (delete) and Enter work too.
A wrong PIN says how many tries are left; after the last one the pad closes and the
gesture must be made again. A correct PIN sets `unlocked` — the shell, which alone
can end the kiosk, reads it. The PIN is never drawn, only one dot per digit.
"""

from __future__ import annotations

import pygame

from ..commands import Back, Choose
from ..ui.text import fits, measure
from ..ui.widgets import Button, FocusGroup, Label, Panel
from .base import Pop, Scene, SceneContext

PANEL_W = 600
KEY_W, KEY_H, KEY_GAP = 152, 64, 12
MAX_DIGITS = 12


def _pin_matches(entered: str, pin: str) -> bool:
    from ..kiosk import pin_matches

    return pin_matches(entered, pin)


class AdminScene(Scene):
    """PIN entry over whatever is showing. `attempts` wrong PINs close it."""

    overlay = True

    def __init__(self, ctx: SceneContext, pin: str, attempts: int = 3):
        super().__init__(ctx)
        self.pin = pin
        self.tries_left = attempts
        self.entered = ""
        self.wrong = False  # the last PIN was wrong (the message shows)
        self.unlocked = False
        inner_w = PANEL_W - 2 * 48
        gap = ctx.theme.size("line.gap")
        heading_h = ctx.font("title").get_linesize()
        prompt = ctx.t("kiosk.admin.prompt")
        self.prompt_role = next((r for r in ("body", "small")
                                 if fits(prompt, ctx.font(r), (inner_w, 70), gap)),
                                "caption")
        prompt_h = measure(prompt, ctx.font(self.prompt_role), (inner_w, 10_000), gap).height
        if fits(prompt, ctx.font(self.prompt_role), (inner_w, 70), gap):
            prompt_h = min(prompt_h, 70)  # bigger text (Settings) shrinks into it
        message_h = ctx.font("small").get_linesize()
        keypad_h = 4 * KEY_H + 3 * KEY_GAP
        height = 32 + heading_h + 10 + prompt_h + 16 + 36 + 12 + message_h + 16 + keypad_h + 16 + 56 + 28
        self.panel = Panel(pygame.Rect((1280 - PANEL_W) // 2, (720 - height) // 2,
                                       PANEL_W, height))
        x, y = self.panel.rect.x + 48, self.panel.rect.y + 32
        self.heading = Label(pygame.Rect(x, y, inner_w, heading_h),
                             ctx.t("kiosk.admin.heading"), role="title", align="center")
        y += heading_h + 10
        self.prompt = Label(pygame.Rect(x, y, inner_w, prompt_h), prompt,
                            role=self.prompt_role, colour="text.dim", align="center")
        y += prompt_h + 16
        self.dots_rect = pygame.Rect(x, y, inner_w, 36)
        y += 36 + 12
        self.message_rect = pygame.Rect(x, y, inner_w, message_h)
        y += message_h + 16
        left = self.panel.rect.centerx - (3 * KEY_W + 2 * KEY_GAP) // 2
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9",
                  ctx.t("kiosk.admin.delete"), "0", ctx.t("kiosk.admin.ok")]
        actions = [str(n) for n in range(1, 10)] + ["delete", "0", "ok"]
        buttons = []
        for i, (label, action) in enumerate(zip(labels, actions)):
            row, column = divmod(i, 3)
            rect = pygame.Rect(left + column * (KEY_W + KEY_GAP), y + row * (KEY_H + KEY_GAP),
                               KEY_W, KEY_H)
            buttons.append(Button(rect, label, action,
                                  kind="primary" if action == "ok" else "secondary"))
        y += keypad_h + 16
        buttons.append(Button(pygame.Rect(self.panel.rect.centerx - 120, y, 240, 56),
                              ctx.t("kiosk.admin.cancel"), "cancel", kind="link"))
        # Enter submits (the keyboard's digits type); arrows reach every key.
        self.group = FocusGroup(buttons, focus=actions.index("ok"))

    # --- behaviour -------------------------------------------------------------------

    def handle(self, command):
        if isinstance(command, Choose):  # number keys; the shell sends Choose(0) for 0
            return self._press(str(command.number)) if 0 <= command.number <= 9 else None
        if isinstance(command, Back):
            return self._press("delete" if self.entered else "cancel")
        action = self.group.handle(command)
        return self._press(action) if action is not None else None

    def _press(self, action: str):
        if action == "cancel":
            return Pop()
        if action == "delete":
            self.entered = self.entered[:-1]
        elif action == "ok":
            return self._submit()
        elif len(self.entered) < MAX_DIGITS:
            self.entered += action
        return None

    def _submit(self):
        if not self.entered:
            return None
        if _pin_matches(self.entered, self.pin):
            self.unlocked = True
            return None
        self.entered = ""
        self.wrong = True  # shown until the next PIN is submitted
        self.tries_left -= 1
        return Pop() if self.tries_left <= 0 else None

    # --- drawing ---------------------------------------------------------------------

    def message(self) -> Label | None:
        if not self.wrong:
            return None
        return Label(self.message_rect, self.ctx.tn("kiosk.admin.wrong", self.tries_left),
                     role="small", colour="score.loss", align="center")

    def draw(self, surface):
        ctx = self.ctx
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((*ctx.colour("bg.deep"), 235))
        surface.blit(veil, (0, 0))
        self.panel.draw(surface, ctx)
        self.heading.draw(surface, ctx)
        self.prompt.draw(surface, ctx)
        self._draw_dots(surface)
        message = self.message()
        if message:
            message.draw(surface, ctx)
        self.group.draw(surface, ctx)

    def _draw_dots(self, surface) -> None:
        ctx, rect = self.ctx, self.dots_rect
        slots = max(len(self.pin), len(self.entered), 4)
        step = 30
        x = rect.centerx - (slots - 1) * step // 2
        for i in range(slots):
            centre = (x + i * step, rect.centery)
            if i < len(self.entered):
                pygame.draw.circle(surface, ctx.colour("accent"), centre, 9)
            else:
                pygame.draw.circle(surface, ctx.colour("text.faint"), centre, 9, 2)

    def text_boxes(self):
        boxes = [self.heading.text_box(), self.prompt.text_box()]
        boxes += [b.text_box(self.ctx) for b in self.group.buttons]
        wrong = Label(self.message_rect, self.ctx.tn("kiosk.admin.wrong", 2), role="small")
        return boxes + [wrong.text_box()]


def _pad_after_a_wrong_pin(ctx):
    from .title import TitleScene

    pad = AdminScene(ctx, "2018")
    for digit in "1234":
        pad.handle(Choose(int(digit)))
    pad._press("ok")
    pad.handle(Choose(2))
    pad.handle(Choose(0))
    return [TitleScene(ctx), pad]


SCREENSHOTS = {"kiosk-admin": _pad_after_a_wrong_pin}
