"""The run a scene reads: engine/session.py (kept here so game code has one import)."""

from engine.session import STRATEGIES, GameData, Session, Turn  # noqa: F401
