"""Exports for teachers: the sandbox's daily series as CSV, its charts as PNG.

Where: `export_dir()` — a folder given on the command line (`--export-dir`), else
the environment variable TRUSTWORTHY_EXPORT_DIR, else `exports/` in the game's
per-user data folder (game/storage.py `data_dir`: the same rules, so a kiosk or a
school image that moves the data folder moves the exports too). In the browser
nothing is written (files there vanish on reload): the sandbox says the export is
a desktop feature instead.

How: every file is written to a temporary name in the target folder and renamed
over the final name (`os.replace`), so a teacher opening the folder never finds
half a file; a failed write leaves nothing behind. File names carry the class
code, the day and the local time, so exports of the same lesson sort together and
never overwrite each other.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping

ENV_EXPORT_DIR = "TRUSTWORTHY_EXPORT_DIR"


def export_dir(override: str | os.PathLike | None = None,
               environ: Mapping[str, str] | None = None) -> Path:
    """The folder exports go to (see the module docstring)."""
    if override:
        return Path(override).expanduser()
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_EXPORT_DIR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from .storage import data_dir

    return data_dir(dict(env)) / "exports"


def file_stem(code: str, day: int, now: datetime) -> str:
    """"trustworthy-K7M3QX-day030-20250314-0942"."""
    return f"trustworthy-{code}-day{day:03d}-{now:%Y%m%d-%H%M%S}"


def csv_text(rows: Iterable[Mapping]) -> str:
    """Rows of dicts → CSV text; the columns are the first row's keys, in order."""
    rows = list(rows)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so set it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` to fill a temporary file beside `path`, then rename it to
    `path`. The temporary name keeps the suffix (pygame picks the image format
    from it) and starts with '.', so file browsers hide it meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:  # the bytes are on disk before the rename
            os.fsync(handle.fileno())
        # mkstemp makes the file readable by its owner only; an export is for the
        # class (a shared folder, a USB stick): the usual rights, as the umask says.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8",
                                                             newline=""))


def write_png(path: Path, surface) -> Path:
    import pygame

    return write_atomically(path, lambda tmp: pygame.image.save(surface, str(tmp)))


def export_sandbox(rows: Iterable[Mapping], surface, code: str, day: int,
                   folder: str | os.PathLike | None = None,
                   now: datetime | None = None) -> tuple[Path, Path]:
    """Write the series (CSV) and the charts (PNG). Returns both paths; raises
    OSError when the folder cannot be written."""
    target = export_dir(folder)
    stem = file_stem(code, day, now or datetime.now())
    csv_path = write_text(target / f"{stem}.csv", csv_text(rows))
    png_path = write_png(target / f"{stem}.png", surface)
    return csv_path, png_path
