"""`python -m game`: play on the desktop (see `game.app.main` for the options)."""

import asyncio
import sys

from game.app import main

raise SystemExit(asyncio.run(main(sys.argv[1:])))
