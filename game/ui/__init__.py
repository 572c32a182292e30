"""Drawing helpers for scenes: theme (named colours and text styles), text (fonts,
wrapping, fit checks) and widgets (buttons, panels, labels, choices, tier badges)."""
