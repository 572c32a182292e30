"""Trustworthy's shell: the pygame-ce side of the game (window, input, scenes, text).

The rules and the population live in `engine/`, which never imports pygame; this
package shows them and turns the player's input into commands. Start reading at
`game/app.py` (the loop and scene stack), then `game/scenes/base.py` (what a screen
is) and `game/commands.py` (what a player can do).

Importing `game` is cheap and opens no window: submodules import pygame when used.
"""

import os

# pygame-ce prints a banner on import; the game's output should be the game's.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
