"""The work a frame is spared must change nothing a player sees (issues 14, 15).

A night's control city that lags a frame (engine/world.py `lag`) ends in the same
state as one stepped at once; the idle loop (game/app.py `Pacer`) shows a changed
page at once, an unchanged one not again, and slows only while nothing happens;
the title drawn from its cached layers is the same picture as drawn in full.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from conftest import small_city

from engine.population import FIELD_NAMES
from engine.session import GameData, Session

DATA = GameData.load()


def _play(lag: bool, seed: int = 2):
    world = small_city(seed)
    world.lag = lag
    session = Session(DATA, "courier", 3, seed, world, shadows=("retiree",))
    lagged = False
    while not session.over:
        session.choose(session.autopick("random"))
        lagged |= session.world.lagging
        session.catch_up(1)  # one unit a frame, as the scenes do
    while session.catch_up(1):
        pass
    return session, lagged


def test_a_lagging_control_city_ends_as_one_stepped_at_once():
    eager, lagged_eager = _play(lag=False)
    lazy, lagged_lazy = _play(lag=True)
    assert lagged_lazy and not lagged_eager  # the lag really happened
    for which in ("city", "control"):
        a, b = eager.world.cities[which], lazy.world.cities[which]
        assert a.day == b.day
        for name in FIELD_NAMES:
            assert np.array_equal(getattr(a, name), getattr(b, name)), (which, name)
    assert eager.report() == lazy.report()
    assert eager.summary("player") == lazy.summary("player")
    assert eager.shadows["retiree"].summary("replay") == lazy.shadows["retiree"].summary("replay")


def test_reading_a_lagging_city_steps_it_first():
    world = small_city(3)
    world.lag = True
    session = Session(DATA, "graduate", 2, 3, world)
    day = session.state.day
    while session.state.day == day:
        session.choose(session.autopick("comply"))
    assert world.lagging
    assert world.control.day == world.city.day  # read: stepped first
    assert not world.lagging


class _Display:
    def __init__(self):
        self.shown = 0

    def present(self, page):
        self.shown += 1


class _Clock:
    fps = 60


def test_the_idle_loop_shows_changes_at_once_and_slows_only_when_still():
    from game.app import Pacer

    pygame.init()
    page = pygame.Surface((64, 48))
    display, clock = _Display(), _Clock()
    pacer = Pacer(clock)
    dt = 1 / 60
    assert pacer.present(display, page, False, dt)  # the first page
    shown = [pacer.present(display, page, False, dt) for _ in range(40)]
    assert not any(shown)  # the same page is not presented again…
    assert clock.fps == pacer.STILL_FPS  # …and the loop has slowed
    page.fill((200, 0, 0))
    assert pacer.present(display, page, False, dt)  # a change: shown at once
    assert clock.fps == 60
    for _ in range(40):
        pacer.present(display, page, False, dt)
    assert clock.fps == pacer.STILL_FPS
    assert pacer.present(display, page, True, dt) and clock.fps == 60  # input
    before = display.shown
    for _ in range(int(pacer.REFRESH / dt) + 2):  # still: repainted once a second
        pacer.present(display, page, False, dt)
    assert display.shown == before + 1


@pytest.mark.parametrize("theme", ["standard", "projector"])
def test_the_title_from_its_layers_is_the_title_drawn_in_full(theme):
    from game.i18n import Locale
    from game.scenes.base import SceneContext
    from game.scenes.title import TitleScene
    from game.ui.theme import THEMES

    ctx = SceneContext(Locale.load("en"), THEMES[theme])
    scene = TitleScene(ctx)
    layered, full = pygame.Surface(ctx.size), pygame.Surface(ctx.size)
    for frame in range(0, 420, 7):  # the scan line's whole sweep, there and back
        scene.time = frame / 60
        if frame == 210:
            scene.group.focus, scene.group.focus_visible = 1, True
        scene.draw(layered)
        scene._draw_page(full, scene._sweep_x())
        assert layered.get_buffer().raw == full.get_buffer().raw, frame
