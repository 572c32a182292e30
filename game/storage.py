"""Small text records that outlive a run: settings, saves, local statistics.

One interface, two places to keep things:

* desktop: one file per key in a per-user data folder (see `data_dir`), written
  to a temporary file in the same folder and then renamed over the old one with
  `os.replace`, so a reader sees either the old record or the new one, never half;
* browser (`sys.platform == "emscripten"`, pygbag): the page's
  `window.localStorage`, under a key prefix. Files written there vanish on reload.

Keys are short names, not paths: letters, digits, '.', '_' and '-', starting with
a letter or digit. A bad key raises `StorageError`, which names the key.

    store = Storage.default()
    store.write("settings", text)
    text = store.read("settings")      # None when there is no such record
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.errors import DataError, Problem

APP_DIR_NAME = "trustworthy"
ENV_DATA_DIR = "TRUSTWORTHY_DATA_DIR"
BROWSER_PREFIX = "trustworthy:"
MAX_KEY_LENGTH = 64

_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Names Windows refuses as file names, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
_TMP_SUFFIX = ".tmp"
_STALE_TMP_SECONDS = 3600.0


class StorageError(DataError):
    """A record could not be kept or read, or its key is not a valid name."""

    def __init__(self, key: str, message: str):
        self.key = key
        super().__init__([Problem(file="storage", entry=f"key {key!r}", field="", message=message)])


def check_key(key: Any) -> str:
    """Return `key` if it is a valid record name, else raise `StorageError`."""
    if not isinstance(key, str):
        raise StorageError(repr(key), f"a key must be a string, not {type(key).__name__}")
    if not key:
        raise StorageError(key, "a key must not be empty")
    if len(key) > MAX_KEY_LENGTH:
        raise StorageError(key, f"a key is at most {MAX_KEY_LENGTH} characters long")
    if "/" in key or "\\" in key or os.sep in key or (os.altsep and os.altsep in key):
        raise StorageError(key, "a key is a name, not a path: no '/' or '\\'")
    if ".." in key:
        raise StorageError(key, "a key must not contain '..'")
    if not _KEY_RE.fullmatch(key):
        raise StorageError(
            key, "a key uses only letters, digits, '.', '_' and '-', and starts with a letter or digit"
        )
    if key.endswith("."):
        raise StorageError(key, "a key must not end with '.'")
    if key.split(".", 1)[0].upper() in _RESERVED:
        raise StorageError(key, "this name is reserved for devices on Windows")
    return key


def _check_text(key: str, text: Any) -> str:
    if not isinstance(text, str):
        raise StorageError(key, f"a record is text (str), not {type(text).__name__}")
    return text


def data_dir(environ: dict[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user folder for the desktop's records.

    `TRUSTWORTHY_DATA_DIR` wins (tests, kiosks). Otherwise: %APPDATA%\\Trustworthy on
    Windows, ~/Library/Application Support/Trustworthy on macOS, and
    $XDG_DATA_HOME/trustworthy (default ~/.local/share/trustworthy) elsewhere.
    """
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    override = env.get(ENV_DATA_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if plat == "win32":
        base = env.get("APPDATA", "").strip()
        return (Path(base) if base else home / "AppData" / "Roaming") / "Trustworthy"
    if plat == "darwin":
        return home / "Library" / "Application Support" / "Trustworthy"
    xdg = env.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says relative paths are invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP_DIR_NAME


class Storage:
    """Text records by key. Use `Storage.default()` to get the one for this platform."""

    def read(self, key: str) -> str | None:
        """The record's text, or None when there is none."""
        raise NotImplementedError

    def write(self, key: str, text: str) -> None:
        """Keep `text` under `key`, replacing any earlier record whole."""
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Forget the record; nothing happens when there is none."""
        raise NotImplementedError

    def keys(self) -> list[str]:
        """Names of all records, sorted."""
        raise NotImplementedError

    @staticmethod
    def default() -> "Storage":
        """Browser storage under pygbag, a per-user folder on the desktop."""
        if sys.platform == "emscripten":
            import platform  # pygbag's platform module carries the page's `window`

            return BrowserStorage(platform.window.localStorage)
        return FileStorage(data_dir())


class FileStorage(Storage):
    """One UTF-8 file per key in `directory`, replaced atomically on write."""

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)
        self._swept = False

    def path(self, key: str) -> Path:
        return self.directory / check_key(key)

    def read(self, key: str) -> str | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError as exc:
            raise StorageError(key, f"{path} is a folder, not a record") from exc
        except OSError as exc:
            raise StorageError(key, f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StorageError(key, f"{path} is not UTF-8 text") from exc

    def write(self, key: str, text: str) -> None:
        path = self.path(key)
        data = _check_text(key, text).encode("utf-8")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(key, f"cannot create folder {self.directory}: {exc.strerror or exc}") from exc
        self._sweep()
        # The temporary name starts with '.', which no key can, so `keys()` never
        # lists it and no reader ever opens it.
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{key}.", suffix=_TMP_SUFFIX, dir=self.directory)
        except OSError as exc:
            raise StorageError(key, f"cannot write in {self.directory}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException as exc:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
            if isinstance(exc, OSError):
                raise StorageError(key, f"cannot write {path}: {exc.strerror or exc}") from exc
            raise
        self._sync_directory()

    def delete(self, key: str) -> None:
        path = self.path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError(key, f"cannot delete {path}: {exc.strerror or exc}") from exc
        self._sync_directory()

    def keys(self) -> list[str]:
        try:
            entries = list(self.directory.iterdir())
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StorageError("*", f"cannot list {self.directory}: {exc.strerror or exc}") from exc
        names = []
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue
            try:
                names.append(check_key(entry.name))
            except StorageError:
                continue  # a stranger's file in our folder: not ours to list
        return sorted(names)

    def _sync_directory(self) -> None:
        """Make the rename itself durable where the system allows it (POSIX)."""
        if os.name != "posix":
            return
        try:
            fd = os.open(self.directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def _sweep(self) -> None:
        """Remove temporary files left by a write that was killed (once per run)."""
        if self._swept:
            return
        self._swept = True
        cutoff = time.time() - _STALE_TMP_SECONDS
        try:
            for entry in self.directory.iterdir():
                if entry.name.startswith(".") and entry.name.endswith(_TMP_SUFFIX):
                    try:
                        if entry.stat().st_mtime < cutoff:
                            entry.unlink()
                    except OSError:
                        pass
        except OSError:
            pass


class BrowserStorage(Storage):
    """The page's `localStorage` (strings only), every key under `prefix`."""

    def __init__(self, local_storage: Any, prefix: str = BROWSER_PREFIX):
        self.local = local_storage
        self.prefix = prefix

    def read(self, key: str) -> str | None:
        name = self.prefix + check_key(key)
        try:
            value = self.local.getItem(name)
        except Exception as exc:  # a JavaScript error crosses as a plain Exception
            raise StorageError(key, f"the browser refused to read it: {exc}") from exc
        return None if value is None else str(value)

    def write(self, key: str, text: str) -> None:
        name = self.prefix + check_key(key)
        _check_text(key, text)
        try:
            self.local.setItem(name, text)
        except Exception as exc:  # QuotaExceededError, storage disabled, ...
            raise StorageError(key, f"the browser refused to keep it: {exc}") from exc

    def delete(self, key: str) -> None:
        name = self.prefix + check_key(key)
        try:
            self.local.removeItem(name)
        except Exception as exc:
            raise StorageError(key, f"the browser refused to delete it: {exc}") from exc

    def keys(self) -> list[str]:
        names = []
        try:
            count = int(self.local.length)
            for index in range(count):
                name = self.local.key(index)
                if name is None:
                    continue
                name = str(name)
                if name.startswith(self.prefix):
                    names.append(name[len(self.prefix) :])
        except Exception as exc:
            raise StorageError("*", f"the browser refused to list its records: {exc}") from exc
        valid = []
        for name in names:
            try:
                valid.append(check_key(name))
            except StorageError:
                continue
        return sorted(valid)


class MemoryStorage(Storage):
    """Records in a dict, gone with the process: screenshots and tests."""

    def __init__(self):
        self.records: dict[str, str] = {}

    def read(self, key: str) -> str | None:
        return self.records.get(check_key(key))

    def write(self, key: str, text: str) -> None:
        self.records[check_key(key)] = _check_text(key, text)

    def delete(self, key: str) -> None:
        self.records.pop(check_key(key), None)

    def keys(self) -> list[str]:
        return sorted(self.records)
