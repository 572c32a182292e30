"""`python -m game`: play on the desktop (see `game.app.main` for the options).

`python -m game stats [--export FILE.csv]` prints or exports the anonymous visitor
statistics instead (see `game.stats.main`); it opens no window.
`python -m game hub` starts the class hub (see `game.hub.cli`).
"""

import asyncio
import sys

argv = sys.argv[1:]
if argv[:1] == ["stats"]:
    from game.stats import main as stats_main

    raise SystemExit(stats_main(argv[1:]))
if argv[:1] == ["hub"]:
    from game.hub.cli import main as hub_main

    raise SystemExit(hub_main(argv[1:]))

from game.app import main  # noqa: E402

raise SystemExit(asyncio.run(main(argv)))
