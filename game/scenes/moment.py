"""A moment of a citizen's day: a place, a small dilemma, 2–4 choices, and what the
city made of the choice.

Why it looks like this: the left column is the story (where, what is at stake,
the choices); the right column is the city (its answer at this place — a fare
board, a queue, a loan offer — above the feed of everything it has recorded). The
score bar never leaves the top. A choice is made in one key press and its
consequences come back at once, in the same place every time: the outcome, each
record with its rule, amount and witness — or the plain fact that nothing saw you,
this time — and a pop-up beside the score. Closed choices stay on screen, greyed,
with the reason: the structure, not the player's skill, narrows the options.

The scene has two phases, `choose` and `outcome`, and one `Session`, the only
thing that moves the run on. In a replay (`visit.follow`) the scene makes the
earlier run's choices itself, slowly enough to watch.
"""

from __future__ import annotations

import importlib

import pygame

from ..commands import Activate, Back, Choose
from ..ui.hud import BarState, ScoreBar, draw_feed, draw_popup, feed_lines, popup_box, \
    record_text, unseen_text
from ..ui.text import draw_text
from ..ui.widgets import Button, FocusGroup, Label
from .base import Push, Replace, Scene
from .common import BODY_ROLES, TITLE_ROLES, ease, fitted, signed_colour
from .panel import StakesPanel, stakes
from .visit import Visit

# service → "module.Class" of its panel (imported when first needed)
PANELS = {"metro": "fare.FarePanel", "hospital": "queue.QueuePanel",
          "bank": "loan.LoanPanel", "jobs": "jobs.JobsPanel",
          "station": "station.StationPanel", "friends": "friends.FriendsPanel"}
LEFT = pygame.Rect(48, 96, 600, 608)
PANEL_RECT = pygame.Rect(680, 96, 552, 364)
FEED_RECT = pygame.Rect(684, 476, 548, 176)
CHOICE_Y, CHOICE_H, CHOICE_GAP = 380, 62, 10
REAL_H = 70  # room for a panel's "What's real?" line under the moment's text
COUNT_SECONDS = 0.8  # the score counts to its new value
POPUP_SECONDS = 3.4  # a pop-up stays this long
POPUP_STEP = 1.8  # with several pop-ups, each gives way to the next after this long
REPLAY_PAUSE = 1.2  # a replay waits this long before each press


def make_panel(ctx, session, rect=PANEL_RECT):
    answer = session.answer
    if answer is None or answer.service not in PANELS:
        return StakesPanel(ctx, session, rect)
    module, name = PANELS[answer.service].split(".")
    panel_class = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return panel_class(ctx, session, rect)


class MomentScene(Scene):
    def __init__(self, ctx, visit: Visit, session, *, opening: bool = False):
        super().__init__(ctx)
        self.visit = visit
        self.session = session
        self.opening = opening  # show day 1's card first
        self._turns_seen = len(session.turns)  # to leave the frame of a choice alone
        self.bar = ScoreBar(ctx, not visit.sound.muted, visit.sound.available)
        self.turn = None
        self._layout_moment()

    @classmethod
    def start(cls, ctx, visit: Visit, citizen: str) -> "MomentScene":
        return cls(ctx, visit, visit.new_session(citizen), opening=True)

    # --- layout ----------------------------------------------------------------------
    def _layout_moment(self) -> None:
        """Build the choose phase for the session's current moment."""
        ctx, s = self.ctx, self.session
        self.phase, self.time = "choose", 0.0
        self.moment = s.moment()
        place = s.data.book.places[self.moment.place]
        x, w = LEFT.x, LEFT.width
        where = ctx.t("play.where", place=ctx.t(place.message),
                      slot=ctx.t(f"slot.{self.moment.slot}"))
        if self.visit.follow is not None:  # a replay says it is one, on every moment
            name = ctx.t(f"citizen.{self.visit.follow.citizen}.name").split(",")[0]
            where = ctx.t("play.where_replay", name=name, where=where)
        self.where = fitted(ctx, (x, LEFT.y + 8, w, 26), where, ("small", "caption"),
                            colour="accent")
        self.title = fitted(ctx, (x, LEFT.y + 38, w, 52),
                            ctx.t(f"moment.{self.moment.id}.title"), TITLE_ROLES)
        self.panel = make_panel(ctx, s)
        # A panel may carry a "What's real?" line (the clinic: queue priority by score
        # is the essay's claim, not found in the pilots): it sits under the moment's
        # text, in both phases, so the claim is never shown without its status.
        real = getattr(self.panel, "real_note", "")
        if not isinstance(self.panel, StakesPanel):  # a service panel: the stakes in a line
            at_stake = [ctx.t("stakes.inline", points=ctx.locale.signed(points), rule=name,
                              how=how) for points, name, how in stakes(ctx, s.data.book,
                                                                        self.moment)]
            real = "  ".join(at_stake + ([real] if real else []))
        real_h = REAL_H if real else 0
        self.text = fitted(ctx, (x, LEFT.y + 100, w, CHOICE_Y - LEFT.y - 112 - real_h),
                           self.story_t(f"moment.{self.moment.id}.text"), BODY_ROLES)
        self.real = fitted(ctx, (x, CHOICE_Y - 12 - real_h, w, real_h - 6), real,
                           ("small", "caption"), colour="text.dim", valign="bottom") \
            if real else None
        buttons, closed = [], []
        for i, (choice, ok, why) in enumerate(s.options()):
            text = self.story_t(f"moment.{self.moment.id}.choice.{choice.id}")
            y = CHOICE_Y + i * (CHOICE_H + CHOICE_GAP)
            buttons.append(Button(pygame.Rect(x, y, w, CHOICE_H), text, choice.id,
                                  number=i + 1, enabled=ok))
            if not ok:
                closed.append(ctx.t("play.closed", number=i + 1, reason=ctx.t(why)))
        y = CHOICE_Y + len(buttons) * (CHOICE_H + CHOICE_GAP)
        note = "  ".join(closed) if closed else ctx.t("ui.choose_hint", count=len(buttons))
        self.note = fitted(ctx, (x, y, w, LEFT.bottom - y), note, ("small", "caption"),
                           colour="warning" if closed else "text.faint")
        self.choices = buttons
        self.group = FocusGroup(buttons + self.bar.buttons)
        self.outcome_labels: list[Label] = []
        self.lines = []

    def _layout_outcome(self, turn) -> None:
        ctx, book = self.ctx, self.session.data.book
        self.phase, self.time, self.turn = "outcome", 0.0, turn
        x, w = LEFT.x, LEFT.width
        chosen = self.story_t(f"moment.{turn.moment}.choice.{turn.choice}")
        y = CHOICE_Y
        you_chose = fitted(ctx, (x, y, w, 26), ctx.t("play.you_chose", choice=chosen),
                           ("small", "caption"), colour="text.dim")
        outcome = fitted(ctx, (x, y + 30, w, 62), self.outcome_text(turn),
                         ("body", "small", "caption"))
        self.outcome_labels = [you_chose, outcome]
        self.lines = []  # (delta or None, Label)
        y += 104
        for record in self.step_records(turn):
            self.lines.append((record.delta, fitted(ctx, (x + 72, y, w - 72, 30),
                                                    record_text(ctx, record),
                                                    ("small", "caption"))))
            y += 36
        for outcome_ in turn.unseen:
            if book.rule(outcome_.event.rule).points:
                self.lines.append((None, fitted(ctx, (x + 72, y, w - 72, 56),
                                                unseen_text(ctx, outcome_, book),
                                                ("small", "caption"), colour="text.dim")))
                y += 62
        if turn.money:
            self.lines.append((0, fitted(ctx, (x + 72, y, w - 72, 30),
                                         ctx.t("play.money", amount=ctx.locale.money(
                                             turn.money)), ("small", "caption"))))
            y += 36
        if not self.lines:
            self.lines.append((0, fitted(ctx, (x + 72, y, w - 72, 30),
                                         ctx.t("play.nothing_scored"), ("small", "caption"),
                                         colour="text.dim")))
        last = self.session.over
        label = ctx.t("play.to_the_end" if last else "play.next")
        cont = Button(pygame.Rect(x, LEFT.bottom - 60, 300, 56), label, "continue",
                      kind="primary")
        self.group = FocusGroup([cont] + self.bar.buttons)

    def story_t(self, message_id: str) -> str:
        """A story text, in the citizen's own words where their life differs: the
        locale may define `<id>.<citizen>` beside `<id>` (Guo's knee, not "your
        mother"; Min's full day, not an empty fridge)."""
        own = f"{message_id}.{self.session.state.citizen}"
        return self.ctx.t(own if self.ctx.locale.has(own) else message_id)

    def outcome_text(self, turn) -> str:
        """The story's outcome line — unless the city answered otherwise: the ticket
        machine refused, or no job on the board took the player's tier."""
        ctx, answer = self.ctx, turn.step.answer
        if answer is not None and answer.service == "station" and turn.choice == "ticket" \
                and not answer.allowed:
            return ctx.t("play.outcome.ticket_slow_only" if answer.listed
                         else "play.outcome.ticket_refused")
        if answer is not None and answer.service == "jobs" and turn.choice == "apply":
            hired = answer.any_open
            return ctx.t("play.outcome.hired" if hired else "play.outcome.not_hired")
        return self.story_t(f"moment.{turn.moment}.outcome.{turn.choice}")

    @staticmethod
    def step_records(turn):
        return [r for o in turn.step.outcomes for r in o.records]

    # --- behaviour ---------------------------------------------------------------------
    @property
    def settled(self) -> bool:
        """The current phase's animation has finished."""
        duration = self.panel.duration if self.phase == "outcome" else self.panel.intro
        return (self.visit.instant or self.ctx.reduced_motion
                or self.time >= max(duration, COUNT_SECONDS))

    def number_of(self, choice_id: str) -> int:
        return next(b.number for b in self.choices if b.action == choice_id)

    def handle(self, command):
        if self.opening:  # day 1's card has not been shown yet: no choosing before it
            return None
        if isinstance(command, Back):
            from .ending import LeaveScene

            return Push(LeaveScene(self.ctx, self.visit, self.session))
        if self.phase == "outcome" and not self.settled and isinstance(command, Activate):
            self.time = 1e6  # a press during the animation finishes it
            return None
        action = self.group.handle(command)
        if self.phase == "choose" and isinstance(command, Choose) and action is None:
            return None
        return self._act(action)

    def _act(self, action):
        if action == "ledger":
            from .ledger import LedgerScene

            return Push(LedgerScene(self.ctx, self.session))
        if action == "sound":
            sound = self.visit.sound
            sound.toggle()
            kept = self.group.buttons[:-len(self.bar.buttons)]
            self.bar = ScoreBar(self.ctx, not sound.muted, sound.available)
            focus = len(self.group.buttons) - 1
            self.group = FocusGroup(kept + self.bar.buttons, focus=focus)
            return None
        if self.phase == "choose" and action in {b.action for b in self.choices}:
            turn_step = self.session.choose(action)
            turn = self.session.turns[-1]
            assert turn.step is turn_step
            self._sound_for(turn)
            self._layout_outcome(turn)
            return None
        if self.phase == "outcome" and action == "continue":
            return self._next()
        return None

    def _sound_for(self, turn) -> None:
        deltas = [r.delta for r in self.step_records(turn)]
        if "refused_train" in self.session.state.flags and turn.moment == "train":
            self.visit.sound.play("refused")
        elif any(d < 0 for d in deltas):
            self.visit.sound.play("loss")
        elif any(d > 0 for d in deltas):
            self.visit.sound.play("gain")
        elif turn.unseen:
            self.visit.sound.play("unseen")
        else:
            self.visit.sound.play("select")

    def _next(self):
        from .day import DayScene
        from .ending import EndingScene

        turn = self.turn
        if self.session.over:
            return Replace(EndingScene(self.ctx, self.visit, self.session))
        self._layout_moment()
        if turn.ended_day:
            return Push(DayScene(self.ctx, self.visit, self.session, turn))
        return None

    def update(self, dt):
        self.time += dt
        if len(self.session.turns) == self._turns_seen:  # not in the frame of a choice
            self.session.catch_up(1)  # the other lives follow, one choice a frame
        self._turns_seen = len(self.session.turns)
        if self.opening:
            from .day import DayScene

            self.opening = False
            return Push(DayScene(self.ctx, self.visit, self.session, None))
        if self.visit.follow is not None and (self.visit.instant or self.time >= REPLAY_PAUSE):
            if self.phase == "choose":
                choice = self.session.follow(list(self.visit.follow.turns))
                return self._act(choice)
            if self.settled and (self.visit.instant or self.time >= REPLAY_PAUSE * 1.5):
                return self._next()
        return None

    # --- drawing -----------------------------------------------------------------------
    def bar_state(self, final: bool = False) -> BarState:
        """What the bar shows now (`final`: once the score has counted to its end)."""
        s, ctx = self.session, self.ctx
        state = s.state
        book = s.data.book
        if self.phase == "outcome":
            turn = self.turn
            after = turn.score_before + sum(r.delta for r in self.step_records(turn))
            shown = round(turn.score_before + (after - turn.score_before)
                          * ease(self.time / COUNT_SECONDS
                                 if not (self.visit.instant or final
                                         or ctx.reduced_motion) else 1))
            money, day = turn.money_before + turn.money, turn.day
        else:
            shown, money, day = state.score, state.money, state.day
        start = state.daily_scores[day - 2] if day >= 2 and len(state.daily_scores) >= day - 1 \
            else book.tiers.start
        slot = self.moment.slot
        return BarState(ctx.t(f"citizen.{state.citizen}.short"),
                        ctx.t("hud.when", day=day, days=state.days, slot=ctx.t(f"slot.{slot}")),
                        shown, book.tiers.ids[book.tiers.index_of_score(shown)],
                        shown - start, money)

    def draw(self, surface):
        ctx = self.ctx
        surface.fill(ctx.colour("bg"))
        for label in (self.where, self.title, self.text):
            label.draw(surface, ctx)
        if self.real is not None:
            self.real.draw(surface, ctx)
        t = self.time if not self.visit.instant else 1e6
        # Reduced motion: the panels show their end state at once (no slides, no
        # reordering on screen); the pop-ups still come one after another, unmoving.
        still = 1e6 if ctx.reduced_motion else t
        self.panel.draw(surface, still, self.turn if self.phase == "outcome" else None)
        evening = self.turn if self.phase != "choose" else None  # its night not yet shown
        draw_feed(surface, ctx, FEED_RECT, feed_lines(ctx, self.session.turns,
                                                       self.session.data.book, limit=5,
                                                       opening=self.session.opening_records,
                                                       evening=evening),
                  ctx.t("hud.feed"))
        if self.phase == "choose":
            self.note.draw(surface, ctx)
        else:
            self._draw_outcome(surface)
        self.bar.draw(surface, self.bar_state())
        self.group.draw(surface, ctx)
        if self.phase == "outcome":
            self._draw_popups(surface, t)

    def _draw_outcome(self, surface) -> None:
        ctx = self.ctx
        pygame.draw.line(surface, ctx.colour("rule"), (LEFT.x, CHOICE_Y - 12),
                         (LEFT.right, CHOICE_Y - 12))
        for label in self.outcome_labels:
            label.draw(surface, ctx)
        font = ctx.font("body.bold")
        for delta, label in self.lines:
            rect = pygame.Rect(LEFT.x, label.rect.y - 2, 64, 30)
            if delta is None:
                pygame.draw.circle(surface, ctx.colour("text.dim"),
                                   (LEFT.x + 14, label.rect.y + 12), 7, 2)
            elif delta:
                draw_text(surface, ctx.locale.signed(delta), font,
                          ctx.colour(signed_colour(delta)), rect)
            else:
                pygame.draw.line(surface, ctx.colour("text.faint"),
                                 (LEFT.x + 6, label.rect.y + 13), (LEFT.x + 24, label.rect.y + 13), 2)
            label.draw(surface, ctx)

    def popup_items(self) -> list[tuple[int | None, str]]:
        """The pop-ups of the outcome: each record, then each act nobody saw."""
        ctx, book = self.ctx, self.session.data.book
        items = [(r.delta, record_text(ctx, r)) for r in self.step_records(self.turn)]
        items += [(None, unseen_text(ctx, o, book)) for o in self.turn.unseen
                  if book.rule(o.event.rule).points]
        return items[:3]

    def _draw_popups(self, surface, t: float) -> None:
        """In the bar, beside the score, one after another in the same place (so
        none ever covers the page's text; all of them stay listed on the left)."""
        items = self.popup_items()
        area = self.bar.popup_rect(self.bar_state(final=True))
        span = POPUP_SECONDS if len(items) == 1 else POPUP_STEP
        for i, (delta, text) in enumerate(items):
            last = i == len(items) - 1
            local = t - span * i
            duration = POPUP_SECONDS if last else span
            if local <= 0 or local >= duration:
                continue
            fade_in = local / 0.2 if i == 0 else 1.0
            alpha = min(1.0, fade_in, (duration - local) / (0.6 if last else 0.15))
            rise = int(6 * (1 - ease(local / 0.4)))
            if self.ctx.reduced_motion:  # appears and goes, no fade, no rise
                alpha, rise = 1.0, 0
            draw_popup(surface, self.ctx, area, delta, text, alpha, rise)

    def text_boxes(self):
        boxes = [l.text_box() for l in (self.where, self.title, self.text, self.note)]
        if self.real is not None:
            boxes.append(self.real.text_box())
        boxes += [b.text_box(self.ctx) for b in self.group.buttons]
        boxes += [l.text_box() for l in self.outcome_labels]
        boxes += [label.text_box() for _, label in self.lines]
        boxes += self.panel.text_boxes()
        if self.phase == "outcome":
            area = self.bar.popup_rect(self.bar_state(final=True))
            boxes += [popup_box(self.ctx, d, text, area) for d, text in self.popup_items()]
        return boxes


# --- screenshots ------------------------------------------------------------------------

def staged(ctx, citizen: str, moment: str, *, choose: str | None = None, score_change=0,
           money=None, instant=False):
    """A moment scene at a given moment (and, with `choose`, just after choosing)."""
    from ..city import grown_city

    visit = Visit.start(instant=instant, city_factory=grown_city)
    session = visit.new_session(citizen).stage(moment, score_change=score_change,
                                               money=money)
    scene = MomentScene(ctx, visit, session)
    if choose:
        scene._act(choose)
    return scene


SCREENSHOTS = {
    "moment-red-light": lambda ctx: staged(ctx, "courier", "red_light_delivery"),
    "moment-red-light-crossed": lambda ctx: staged(ctx, "courier", "red_light_delivery",
                                                   choose="cross"),
    "moment-neighbour": lambda ctx: staged(ctx, "retiree", "neighbour"),
    "moment-charity-closed": lambda ctx: staged(ctx, "courier", "charity", money=20),
}
