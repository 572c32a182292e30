"""The classroom sandbox: policy changes mid-run, the two cities' work units, the
scene's pacing (never more than one unit per update or frame), sliders by keyboard,
mouse and touch, presets, zoom, the Class panel and the code pad.

Small cities (1,000 citizens) keep these fast.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine import loader
from engine.population import FIELD_NAMES, Population
from game.classcode import ClassSetup

SMALL = dict(citizens=1_000, days=14)


def _city(book, assumptions, policy, seed=11, n=2_000):
    return Population.create(n, np.random.default_rng(seed), book,
                             loader.load_policy(policy, book), assumptions)


# --- engine: Population.set_policy ----------------------------------------------------

@pytest.mark.parametrize("policy", ["harsh", "none", "forgiving"])
def test_set_policy_before_the_first_day_equals_creating_with_it(book, assumptions, policy):
    made = _city(book, assumptions, policy)
    switched = _city(book, assumptions, "default")
    switched.set_policy(loader.load_policy(policy, book))
    for _ in range(12):
        made.step(), switched.step()
    for name in FIELD_NAMES:
        assert np.array_equal(getattr(made, name), getattr(switched, name)), name


def test_set_policy_mid_run_takes_effect_the_next_day(book, assumptions):
    pop = _city(book, assumptions, "default")
    for _ in range(60):  # records fade: the out-group that pays surcharges takes weeks
        pop.step()
    assert len(set(pop.step().fares.price.round(6))) > 1  # tiered fares
    pop.set_policy(loader.load_policy("none", book))
    report = pop.step()
    assert len(set(report.fares.price.round(6))) == 1  # one flat fare
    free = dataclasses.replace(loader.load_policy("default", book), association_penalty=0)
    pop.set_policy(free)
    assert pop.book.rules["association_low_tier"].points == 0


# --- the model ------------------------------------------------------------------------

def _model(**kw):
    from game.scenes.sandbox_model import SandboxModel

    return SandboxModel(ClassSetup(**{**SMALL, **kw}))


def test_model_builds_one_city_per_unit_then_steps_both():
    m = _model()
    assert not m.built and m.busy
    assert m.work() == "build" and m.build_progress() == (1, 2) and not m.built
    assert m.work() == "build" and m.built and m.day == 0
    assert m.work() == "step" and m.day == 1
    assert [len(m.view(c).informal) for c in ("city", "control")] == [2, 2]


def test_big_cities_step_one_city_per_unit_and_the_day_waits_for_both():
    m = _model()
    m.split = True  # as for a million citizens, on a small city
    while not m.built:
        assert m.work() == "build"
    m.work()
    assert m.day == 0 and m.busy  # the chosen city stepped, the control not yet
    assert len(m.view("city").informal) == 1  # the charts do not run ahead
    m.work()
    assert m.day == 1 and not m.busy


def test_a_heavy_city_is_built_in_slices_and_is_the_same_city_bit_for_bit():
    from engine.population import FIELD_NAMES

    whole, sliced = _model(), _model()
    sliced.split = True  # as from 100,000 citizens, on a small city
    whole.work(), whole.work()
    units = 0
    while not sliced.built:
        assert sliced.work() == "build" and units < 40
        units += 1
    assert whole.built and units >= 2 * 8  # each city over several units
    for which in ("city", "control"):
        for name in FIELD_NAMES:
            assert np.array_equal(getattr(whole.cities[which], name),
                                  getattr(sliced.cities[which], name)), (which, name)
    for _ in range(4):
        whole.work(), sliced.work(), sliced.work()
    assert whole.rows() == sliced.rows()


def test_the_control_city_is_the_same_people_with_no_consequences(book, assumptions):
    from engine.bridge import citizen_row
    from game.scenes.sandbox_model import SandboxData

    m = _model(seed=5, policy="harsh")
    m.run_to_end()
    card = SandboxData.load().citizens["courier"]
    plain = Population.create(1_000, np.random.default_rng(5), book,
                              loader.load_policy("none", book), assumptions,
                              player=citizen_row(card, assumptions))
    for _ in range(14):
        plain.step()
    assert np.array_equal(plain.score, m.cities["control"].score)
    assert m.cities["city"].policy.id == "harsh"


def test_run_ends_at_the_run_length_and_rows_cover_every_day():
    m = _model()
    m.run_to_end()
    assert m.finished and m.day == 14 and m.work() == ""
    rows = m.rows()
    assert [r["day"] for r in rows] == list(range(15))
    assert rows[0]["city_fare_AAA"] == "" and rows[1]["city_fare_AAA"] != ""
    assert {"knob_association_penalty", "control_informal_share", "city_tier_D_under_30",
            "city_citizen_tier"} <= set(rows[3])


def test_slider_changes_are_kept_per_day_and_marked():
    m = _model()
    m.work(), m.work()
    for day in range(6):
        if day == 3:
            m.set_knob("association_penalty", 9)
            m.set_knob("forgiveness", 0.999)  # clamped to the slider's range
        m.work()
    assert m.policy_changes() == [4]
    rows = m.rows()
    assert rows[3]["knob_association_penalty"] == 3 and rows[4]["knob_association_penalty"] == 9
    assert m.knobs()["forgiveness"] == 0.2 and m.changed()
    assert m.cities["city"].policy.association_penalty == 9
    assert m.cities["control"].policy.id == "none"
    m.use_preset("forgiving")
    assert not m.changed() and m.cities["city"].policy.id == "forgiving"


def test_cross_tier_ties_count_live_ties_across_the_out_group_line(book, assumptions):
    from engine.metrics import cross_tier_ties, outgroup_tiers

    pop = _city(book, assumptions, "harsh")
    for day in range(40):
        pop.step()
        if day % 13 == 0:
            out = set(outgroup_tiers(pop).tolist())
            crossing = sum(1 for i in range(pop.n) for c in pop.contacts[i]
                           if c >= 0 and (pop.tier[i] in out) != (pop.tier[c] in out))
            assert cross_tier_ties(pop) == pytest.approx(crossing / pop.n, abs=1e-12)


def test_wait_averages_cover_the_last_week():
    m = _model()
    m.run_to_end()
    with_, without, count = m.view("city").mean_waits(7)
    assert len(with_) == 6 and sum(count) > 0
    total_with = sum(w * c for w, c in zip(with_, count) if c)
    total_without = sum(w * c for w, c in zip(without, count) if c)
    assert total_with == pytest.approx(total_without)  # the queue is work-conserving


# --- the scene --------------------------------------------------------------------------

def _app(ctx, scene):
    from game.app import App, FixedClock

    app = App(ctx, clock=FixedClock(), events=lambda: [])
    app.push(scene)
    return app


def _scene(ctx, **kw):
    from game.scenes.sandbox import SandboxScene

    return SandboxScene(ctx, ClassSetup(**{**SMALL, **kw}))


def _count_units(model):
    calls = []
    work = model.work

    def counted():
        calls.append(model.day)
        return work()

    model.work = counted
    return calls


def test_the_building_frame_is_drawn_before_the_city_is_built(ctx):
    scene = _scene(ctx)
    app = _app(ctx, scene)
    app.step()
    assert not scene.model.built and "sandbox.status_building" in _ids(ctx, scene.status_text())
    for _ in range(10):
        app.step()
    assert scene.model.built and scene.model.day == 0  # built, not running by itself


def _ids(ctx, text):
    return {mid for mid, value in ctx.locale.messages.items() if value == text}


def test_run_pause_and_step(ctx):
    from game.commands import Activate

    scene = _scene(ctx)
    app = _app(ctx, scene)
    for _ in range(10):
        app.step()
    app.step([Activate()])  # Run has the focus
    assert scene.running
    for _ in range(60):  # one second at 6 days a second
        app.step()
    assert 5 <= scene.model.day <= 7
    app.step([Activate()])  # Pause
    day = scene.model.day
    for _ in range(30):
        app.step()
    assert not scene.running and scene.model.day == day
    scene.controls.focus_key("step")
    app.step([Activate()])
    for _ in range(10):
        app.step()
    assert scene.model.day == day + 1


def test_the_run_stops_at_its_length_and_run_is_disabled(ctx):
    from game.commands import Activate

    scene = _scene(ctx, days=7)
    app = _app(ctx, scene)
    for _ in range(10):
        app.step()
    app.step([Activate()])
    for _ in range(200):
        app.step()
    assert scene.model.finished and scene.model.day == 7 and not scene.running
    assert not scene.buttons["run"].enabled and not scene.buttons["step"].enabled
    app.step([Activate()])
    assert scene.model.day == 7


def test_one_unit_per_update_and_at_most_one_heavy_unit_per_frame(ctx):
    from game.commands import Activate

    scene = _scene(ctx, days=30)
    app = _app(ctx, scene)
    calls = _count_units(scene.model)
    for _ in range(10):
        app.step()
    app.step([Activate()])
    scene.speed = 20
    for _ in range(20):
        before = len(calls)
        app.step(dt=1 / 60)
        assert len(calls) - before <= 1
    scene.model.split = True  # now as heavy as a million citizens
    for _ in range(40):
        before = len(calls)
        app.step(dt=0.25)  # the longest frame the app catches up: 15 updates
        assert len(calls) - before <= 1


def test_sliders_follow_keyboard_mouse_drag_and_touch_taps(ctx):
    from game.commands import Click, Move, PointerDown, PointerMove

    scene = _scene(ctx)
    app = _app(ctx, scene)
    app.step()
    slider = scene.sliders["association_penalty"]
    scene.controls.focus_key("association_penalty")
    app.step([Move(1, 0), Move(1, 0)])
    assert scene.model.knobs()["association_penalty"] == 5
    app.step([Move(-1, 0)])
    assert scene.model.knobs()["association_penalty"] == 4
    x0, x1, y = slider.track(ctx)
    app.step([PointerDown((x0 + 5, y)), PointerMove((x1 - 2, y)), PointerMove(((x0 + x1) // 2, y))])
    assert scene.model.knobs()["association_penalty"] == 6
    app.step([Click((x1 + 40, y))])  # released past the end: the top of the range
    assert scene.model.knobs()["association_penalty"] == 12
    app.step([PointerMove((x0, y))])  # let go: moving no longer drags
    assert scene.model.knobs()["association_penalty"] == 12
    cam = scene.sliders["camera_coverage"]
    cx0, cx1, cy = cam.track(ctx)
    app.step([PointerDown((cx0, cy), touch=True), Click((cx0, cy), touch=True)])
    assert scene.model.knobs()["camera_coverage"] == 0.0
    assert scene.model.changed() and "changed" in scene.preset_text()


def test_presets_set_every_knob(ctx):
    from game.commands import Click

    scene = _scene(ctx)
    app = _app(ctx, scene)
    app.step()
    harsh = next(i for i in scene.controls.items if getattr(i, "action", None) == ("preset", "harsh"))
    app.step([Click(harsh.rect.center)])
    assert scene.model.preset == "harsh" and scene.model.knobs()["association_penalty"] == 6
    assert scene.sliders["association_penalty"].value == 6
    assert scene.sliders["association_penalty"].marker == 6


def test_number_keys_and_clicks_enlarge_a_chart_and_esc_shrinks_it(ctx):
    from game.commands import Back, Choose, Click
    from game.scenes.sandbox import SandboxScene

    bottom = SandboxScene(ctx, ClassSetup(**SMALL))
    scene = _scene(ctx)
    app = _app(ctx, bottom)
    app.push(scene)
    for _ in range(10):
        app.step()
    app.step([Choose(3)])
    assert scene.zoom == 2
    app.step([Back()])
    assert scene.zoom is None and app.top is scene
    app.step([Click(scene.chart_rects[5].center)])
    assert scene.zoom == 5
    app.step([Click(scene.charts.center)])
    assert scene.zoom is None
    app.step([Back()])
    assert app.top is bottom


def test_class_panel_starts_a_new_city_and_switches_the_display(ctx):
    from game.commands import Click
    from game.scenes.sandbox_class import ClassScene

    scene = _scene(ctx)
    app = _app(ctx, scene)
    for _ in range(10):
        app.step()
    app.step([Click(scene.buttons["class"].rect.center)])
    panel = app.top
    assert isinstance(panel, ClassScene)

    def press(action):
        button = next(b for b in app.top.group.buttons if b.action == action)
        app.step([Click(button.rect.center)])

    press("length")
    press("citizen")
    assert panel.draft.days == 30 and panel.draft.citizen == "civil-servant"
    code = panel.draft.code
    press("start")
    assert app.top is scene and scene.model.setup.code == code and not scene.model.built
    for _ in range(10):
        app.step()
    assert scene.model.built
    app.step([Click(scene.buttons["class"].rect.center)])
    press("display")
    app.step()
    assert app.top.ctx.theme.name == "projector" and app.top.model is scene.model
    assert len(app.stack) == 1


def test_code_pad_types_refuses_and_accepts(ctx):
    from game.commands import Activate, Choose, Click
    from game.scenes.sandbox_class import CodePadScene

    got = []
    pad = CodePadScene(ctx, got.append)
    app = _app(ctx, pad)
    setup = ClassSetup(seed=321, citizen="graduate", policy="forgiving", days=45,
                       citizens=100_000)
    code = setup.code
    for ch in code[:-1]:
        if ch.isdigit():
            app.step([Choose(int(ch))])
        else:
            key = next(b for b in pad.group.buttons if b.action == ("key", ch))
            app.step([Click(key.rect.center)])
    wrong = next(s for s in "23456789" if s != code[-1])
    app.step([Choose(int(wrong))] if wrong.isdigit() else [])
    assert pad.text == code[:-1] + wrong
    app.step([Activate()])  # the focus moved to Open when the code was full
    assert pad.error == ctx.t("classcode.error.check") and not got
    delete = next(b for b in pad.group.buttons if b.action == "delete")
    app.step([Click(delete.rect.center)])
    last = next(b for b in pad.group.buttons if b.action == ("key", code[-1]))
    app.step([Click(last.rect.center), Activate()])
    assert got == [setup]


def test_export_from_the_class_panel(ctx, tmp_path):
    from game.scenes.sandbox import SandboxScene
    from game.scenes.sandbox_class import ClassScene
    from game.scenes.sandbox_model import SandboxModel

    model = SandboxModel(ClassSetup(**SMALL))
    model.run_to_end()
    sandbox = SandboxScene(ctx, model=model, export_dir=tmp_path / "out")
    panel = ClassScene(ctx, sandbox)
    status = panel.export()
    files = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert files == [".csv", ".png"] and str(tmp_path / "out") in status
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    sandbox.export_dir = blocked
    assert panel.export().startswith(ctx.t("sandbox.class.export_failed", reason="")[:12])


def test_spread_keeps_labels_apart_and_in_range():
    from game.ui.plots import spread

    placed = spread([10, 11, 12, 80], 8, 0, 100)
    assert all(b - a >= 8 - 1e-9 for a, b in zip(placed, placed[1:]))
    assert placed[-1] == 80 and min(placed) >= 0
    assert spread([95, 99], 8, 0, 100)[-1] <= 100
    assert len(spread([1, 2, 3, 4, 5, 6], 30, 0, 100)) == 6


def test_every_tier_present_in_the_tier_chart_is_labelled(ctx):
    """Thin bands (a sliver of D or AAA) carry their letters too: never colour alone."""
    import pygame

    from game.ui.plots import draw_stacked_shares

    tiers = ("AAA", "AA", "A", "B", "C", "D")
    shares = [[0.01, 0.02, 0.9, 0.05, 0.015, 0.005]] * 5
    surface = pygame.Surface((400, 240))
    boxes = draw_stacked_shares(surface, ctx, pygame.Rect(0, 0, 400, 240), "Tiers", shares,
                                tiers, 10, lambda v: f"{round(v * 100)}%")
    assert set(tiers) <= {box.text for box in boxes}
    shares = [[0.0, 0.0, 0.9, 0.1, 0.0, 0.0]] * 5
    boxes = draw_stacked_shares(surface, ctx, pygame.Rect(0, 0, 400, 240), "Tiers", shares,
                                tiers, 10, lambda v: f"{round(v * 100)}%")
    assert {"A", "B"} <= {b.text for b in boxes} and "D" not in {b.text for b in boxes}


# --- issue 16: Class → Export while the city is still being built ----------------------

def _sandbox_app(ctx, tmp_path, setup=None):
    """The app as `python -m game --sandbox` builds it (title below, the default
    10,000-citizen sandbox on top), driven by real pygame mouse events."""
    from game.app import App, Display, FixedClock
    from game.scenes.sandbox import SandboxScene
    from game.scenes.title import TitleScene

    display = Display(ctx.size, headless=True)
    app = App(ctx, clock=FixedClock(), display=display, events=lambda: [])
    app.push(TitleScene(ctx))
    app.push(SandboxScene(ctx, setup, export_dir=tmp_path / "out"))
    return app


def _click(app, pos):
    import pygame

    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
              pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)])


def _press(app, action):
    _click(app, next(b.rect.center for b in app.top.group.buttons if b.action == action))


@pytest.mark.parametrize("how", ["at once", "after restart", "after a new code"])
def test_export_clicked_while_the_city_builds_waits_for_it_then_works(ctx, tmp_path, how):
    from game.scenes.sandbox import SandboxScene
    from game.scenes.sandbox_class import ClassScene

    app = _sandbox_app(ctx, tmp_path)
    sandbox = app.top
    if how != "at once":
        for _ in range(20):
            app.step()
        assert sandbox.model.built
        if how == "after restart":
            _click(app, sandbox.buttons["restart"].rect.center)
        else:
            _click(app, sandbox.buttons["class"].rect.center)
            _press(app, "seed")
            _press(app, "start")
            assert app.top is sandbox
    assert not sandbox.model.built
    _click(app, sandbox.buttons["class"].rect.center)  # the city is still being built
    panel = app.top
    assert isinstance(panel, ClassScene)
    export = next(b for b in panel.group.buttons if b.action == "export")
    assert not export.enabled
    assert ctx.t("sandbox.class.export_wait") in [t for t, _, _ in panel._paragraphs()]
    _press(app, "export")  # was: IndexError in SandboxModel._row
    assert not (tmp_path / "out").exists() and app.top is panel
    for _ in range(30):  # the city goes on being built behind the panel
        app.step()
    assert sandbox.model.built and sandbox.model.day == 0
    _press(app, "export")
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".csv", ".png"]
    assert isinstance(app.stack[-2], SandboxScene)
