"""The game's screens. Each module holds one screen (or a few small related ones).

To add a screen: subclass `base.Scene`, take what it needs in the constructor, and
return transitions (`Push`, `Pop`, …) from `handle`/`update`. To get it into
`python -m game.screenshots` and the scene tests, give the module a
`SCREENSHOTS = {"name": factory}` dict, where `factory(ctx)` returns a scene (or a
list of scenes, bottom first, for dialogs shown over another screen).
"""
