"""Short sound effects, one mute switch.

Why so little: the game is played in museums, where a room full of kiosks beeping is
noise, and in classrooms, where a projector speaker is loud. Each sound says one
thing — a point gained, a point lost, an act nobody saw, a door refused — and is
under half a second. The player can mute them from the score bar; `muted` is a
device setting shared by every scene, not game state.

Why OGG: the browser build (pygbag) plays OGG only (DESIGN §9). The files in
assets/sounds/ are synthesised here from sine tones (`python -m game.sound`, which
needs `sox` to encode), so the repository holds no sound it did not make.

Scenes call `play` from `handle`/`update`, never from `draw`. Without a mixer (no
audio device, a test) every call is a quiet no-op.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "sounds"
RATE = 22050

# name → notes: (frequency in Hz, start in s, length in s, loudness 0–1)
RECIPES = {
    "gain": [(660, 0.0, 0.16, 0.35), (880, 0.09, 0.22, 0.30)],     # a small rising pair
    "loss": [(330, 0.0, 0.18, 0.35), (247, 0.10, 0.28, 0.35)],     # a falling pair
    "unseen": [(520, 0.0, 0.09, 0.18), (520, 0.14, 0.09, 0.12)],   # two soft ticks
    "refused": [(196, 0.0, 0.32, 0.30), (185, 0.0, 0.32, 0.22)],   # a low beating buzz
    "select": [(740, 0.0, 0.06, 0.18)],                             # a key click
    "day": [(523, 0.0, 0.30, 0.22), (659, 0.12, 0.30, 0.18), (784, 0.24, 0.40, 0.16)],
}

# Every sound has a visual cue that appears in the same frame (docs/accessibility.md;
# tests/test_accessibility.py checks each while a run is played).
VISUAL_CUES = {
    "gain": "the outcome's list: +amount in the gain colour with its rule and who saw "
            "(and the same as a pop-up beside the score)",
    "loss": "the outcome's list: −amount in the loss colour with its rule and who saw "
            "(and the same as a pop-up beside the score)",
    "unseen": "the outcome's list: a ring and the act nobody saw (and its pop-up)",
    "refused": "the station's board: the train refused, and the outcome text saying so",
    "select": "the choice's screen gives way: the next screen, or the outcome text",
    "day": "the night's screen: the day's bookkeeping replaces the moment",
}


class Sounds:
    """The game's sound effects. `enabled=False` (tests, autoplay) loads nothing."""

    def __init__(self, folder: Path = SOUNDS_DIR, enabled: bool = True):
        self.muted = False
        self._sounds: dict = {}
        if not enabled:
            return
        try:
            import pygame

            if not pygame.mixer.get_init():
                pygame.mixer.init()
            for name in RECIPES:
                path = Path(folder) / f"{name}.ogg"
                if path.is_file():
                    self._sounds[name] = pygame.mixer.Sound(str(path))
        except Exception:  # no audio device, no OGG support: play silently
            self._sounds = {}

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None and not self.muted:
            sound.play()

    def toggle(self) -> bool:
        """Mute or unmute; returns whether sound is now on."""
        self.muted = not self.muted
        return not self.muted


SILENT = Sounds(enabled=False)


# --- making the files -------------------------------------------------------------

def synthesise(notes) -> "bytes":
    """16-bit mono PCM for a list of notes, each with a soft attack and decay."""
    import numpy as np

    length = max(start + dur for _, start, dur, _ in notes) + 0.05
    out = np.zeros(int(RATE * length))
    for freq, start, dur, loud in notes:
        t = np.arange(int(RATE * dur)) / RATE
        envelope = np.minimum(1.0, t / 0.01) * np.exp(-t * 5.0 / dur)
        tone = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t)
        first = int(RATE * start)
        out[first:first + t.size] += loud * envelope * tone / 1.25
    return (np.clip(out, -1, 1) * 32000).astype("<i2").tobytes()


def write_all(folder: Path = SOUNDS_DIR) -> list[Path]:
    """Synthesise every recipe to WAV and encode it to OGG with sox."""
    import subprocess
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, notes in RECIPES.items():
            wav = Path(tmp) / f"{name}.wav"
            with wave.open(str(wav), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes(synthesise(notes))
            ogg = folder / f"{name}.ogg"
            subprocess.run(["sox", str(wav), "-C", "3", str(ogg)], check=True)
            written.append(ogg)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else SOUNDS_DIR):
        print(path, path.stat().st_size)
