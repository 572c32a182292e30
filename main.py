# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "numpy",
#     "pygame-ce",
# ]
# ///
"""Trustworthy: the browser entry point (pygbag), also playable as `python main.py`.

pygbag reads only this file's PEP 723 header and imports to learn which packages
the page must load, so numpy is listed above and imported first. Nothing may follow
`asyncio.run(...)`: in the browser that call returns at once, and the game runs on
as the page's event loop. The desktop's full command line is `python -m game`.
"""

import numpy  # noqa: F401  (loaded first so the browser fetches it before the game)
import asyncio

from game.app import main

asyncio.run(main([]))
