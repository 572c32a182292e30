"""The autoplayer: plays the real game through the same commands a player gives.

Why not just call the session in a loop: the point of autoplay is to prove the
*game* works — every scene from the title to the debrief, with its buttons and
transitions — and to give tests, benches and the kiosk's attract mode one path.
So each frame the `Autoplayer` looks at the top scene and queues the command a
player would give there (Enter on Play, the number key of the prediction, of the
citizen, of the strategy's choice; Enter to continue), and the app steps. In
headless runs the visit is `instant`, so no animation is waited for; the scenes
are still built, updated and drawn every frame.

`python -m game --headless --autoplay comply --citizen courier --seed 1 --days 7
--json` prints `Session.summary(strategy)` as one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import sys

from .commands import Activate, Back, Choose
from .session import STRATEGIES

MAX_FRAMES_PER_MOMENT = 40  # a scene that needs more frames than this is stuck


class AutoplayError(RuntimeError):
    """The autoplayer found a scene it cannot move on from."""


class Autoplayer:
    """Chooses, for the scene on top, the command a player with this strategy gives."""

    def __init__(self, strategy: str, citizen: str, prediction: str = "young_men",
                 poll: str = ""):
        if strategy not in STRATEGIES:
            raise ValueError(strategy)
        self.strategy, self.citizen, self.prediction = strategy, citizen, prediction
        self.poll = poll  # "": skip "Was the system fair?" (a pilot has no opinion)
        self.scenes_seen: list[str] = []  # names of the scene types passed through

    def done(self, scene) -> bool:
        from .scenes.debrief import DebriefScene

        return isinstance(scene, DebriefScene)

    def command_for(self, scene):
        from .scenes.citizen import CitizenScene
        from .scenes.day import DayScene
        from .scenes.ending import EndingScene
        from .scenes.moment import MomentScene
        from .scenes.poll import PollScene
        from .scenes.prediction import PredictionScene
        from .scenes.title import TitleScene

        name = type(scene).__name__
        if not self.scenes_seen or self.scenes_seen[-1] != name:
            self.scenes_seen.append(name)
        if isinstance(scene, TitleScene):
            return Activate()  # Play has the focus on the title
        if isinstance(scene, PredictionScene):
            return Choose(scene.number_of(self.prediction))
        if isinstance(scene, CitizenScene):
            return Choose(scene.number_of(self.citizen))
        if isinstance(scene, MomentScene):
            if scene.opening:
                return None  # day 1's card opens first: wait a frame, pick nothing
            if scene.phase == "choose":
                return Choose(scene.number_of(scene.session.autopick(self.strategy)))
            return Activate()
        if isinstance(scene, (DayScene, EndingScene)):
            return Activate()
        if isinstance(scene, PollScene):
            # Enter skips: the focus starts on "Skip this question" (Esc may be taken)
            return Choose(scene.number_of(self.poll)) if self.poll else Activate()
        if self.done(scene):
            return None
        return Back()  # a dialog or the ledger: close it


def build_app(ctx, visit, *, display=None):
    from .app import App, FixedClock
    from .scenes.title import TitleScene

    app = App(ctx, clock=FixedClock(), display=display, events=lambda: [])
    app.push(TitleScene(ctx, visit=visit))
    return app


async def play(app, pilot: Autoplayer, *, max_frames: int = 20_000) -> int:
    """Drive the app until the debrief; returns the number of frames stepped."""
    while app.running and not pilot.done(app.top):
        command = pilot.command_for(app.top)
        if command is not None:
            app.queue(command)
        app.step()
        if app.display:
            app.display.present(app.page)
        await asyncio.sleep(0)
        if app.frames > max_frames:
            raise AutoplayError(f"no debrief after {max_frames} frames "
                                f"(stuck on {type(app.top).__name__})")
    return app.frames


def validate(strategy: str, citizen: str, citizens) -> str | None:
    """The one-line complaint about unknown ids, or None."""
    if strategy not in STRATEGIES:
        return f"unknown strategy {strategy!r} (known: {', '.join(STRATEGIES)})"
    if citizen not in citizens:
        return f"unknown citizen {citizen!r} (known: {', '.join(citizens)})"
    return None


async def run(args, ctx, display=None) -> int:
    """The command line's autoplay: play one run, print its summary."""
    from .scenes.visit import Visit
    from .sound import SILENT

    from engine.errors import DataError

    citizen = args.citizen or "courier"
    try:
        visit = Visit.start(days=args.days, seed=args.seed, policy=args.policy,
                            instant=display is None or display.headless, sound=SILENT)
    except DataError as err:
        print(f"python -m game: {err.problems[0].message} ({args.policy})", file=sys.stderr)
        return 2
    problem = validate(args.autoplay, citizen, tuple(visit.data.story.citizens))
    if problem:
        print(f"python -m game: {problem}", file=sys.stderr)
        return 2
    if args.days is None and args.run:
        visit = visit.with_length(args.run)
    pilot = Autoplayer(args.autoplay, citizen)
    app = build_app(ctx, visit, display=display)
    await play(app, pilot)
    summary = app.top.session.summary(args.autoplay)
    summary["frames"] = app.frames
    summary["scenes"] = pilot.scenes_seen
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{citizen} ({args.autoplay}, seed {args.seed}, {summary['days']} days): "
              f"{summary['final_score']} points, tier {summary['final_tier']}, "
              f"{summary['ending']}")
    return 0
