"""game.storage: round trips, atomic replacement, key checks, the browser branch."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.errors import DataError
from game import storage as storage_mod
from game.storage import BrowserStorage, FileStorage, Storage, StorageError, check_key, data_dir

ROOT = Path(__file__).resolve().parents[1]

BAD_KEYS = [
    "",
    "a/b",
    "../escape",
    "..",
    ".hidden",
    "a\\b",
    "/abs",
    "C:\\x",
    "with space",
    "tab\tkey",
    "new\nline",
    "ends.",
    "-dash-first",
    "x" * 65,
    "CON",
    "nul.txt",
    "émoji🙂",
    "a..b",
]


class FakeLocalStorage:
    """The part of the DOM's Storage object that pygbag's `platform.window` exposes."""

    def __init__(self, items: dict[str, str] | None = None):
        self.items = dict(items or {})
        self.quota = None  # total characters allowed, None for no limit

    @property
    def length(self) -> int:
        return len(self.items)

    def key(self, index: int):
        names = list(self.items)
        return names[index] if 0 <= index < len(names) else None

    def getItem(self, name: str):
        return self.items.get(name)

    def setItem(self, name: str, value) -> None:
        value = str(value)  # the DOM turns everything into a string
        if self.quota is not None:
            used = sum(len(k) + len(v) for k, v in self.items.items() if k != name)
            if used + len(name) + len(value) > self.quota:
                raise Exception("QuotaExceededError: The quota has been exceeded.")
        self.items[name] = value

    def removeItem(self, name: str) -> None:
        self.items.pop(name, None)


@pytest.fixture
def files(tmp_path: Path) -> FileStorage:
    return FileStorage(tmp_path / "data")


@pytest.fixture
def browser() -> BrowserStorage:
    return BrowserStorage(FakeLocalStorage({"other-site-key": "not ours"}))


@pytest.fixture(params=["files", "browser"])
def store(request) -> Storage:
    return request.getfixturevalue(request.param)


# --- the interface, on both backends -----------------------------------------


def test_round_trip(store: Storage):
    assert store.read("settings") is None
    assert store.keys() == []
    text = 'language = "en"\nvolume = 0.8\n# ünïcödé ✓ 信用\n'
    store.write("settings", text)
    assert store.read("settings") == text
    store.write("stats.v1", "")
    assert store.read("stats.v1") == ""
    assert store.keys() == ["settings", "stats.v1"]


def test_overwrite_replaces_whole_record(store: Storage):
    store.write("save", "a much longer first version of the record")
    store.write("save", "short")
    assert store.read("save") == "short"


def test_delete(store: Storage):
    store.write("save", "x")
    store.delete("save")
    assert store.read("save") is None
    assert store.keys() == []
    store.delete("save")  # deleting what is not there is not an error


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_keys_refused(store: Storage, key: str):
    for call in (
        lambda: store.read(key),
        lambda: store.write(key, "x"),
        lambda: store.delete(key),
    ):
        with pytest.raises(StorageError) as info:
            call()
        assert repr(key) in str(info.value), "the message must name the key"
        assert info.value.key == key
        assert isinstance(info.value, DataError)


def test_non_string_key_and_value_refused(store: Storage):
    with pytest.raises(StorageError, match="string"):
        store.read(3)  # type: ignore[arg-type]
    with pytest.raises(StorageError, match="'save'.*text"):
        store.write("save", b"bytes")  # type: ignore[arg-type]
    assert store.read("save") is None


@pytest.mark.parametrize("key", ["settings", "stats.v1", "save_2", "Run-7", "a", "x" * 64, "console.log"])
def test_good_keys_accepted(key: str):
    assert check_key(key) == key


# --- the desktop backend --------------------------------------------------------


def test_files_are_plain_utf8_under_the_key(files: FileStorage):
    files.write("settings", "ü")
    assert (files.directory / "settings").read_bytes() == "ü".encode("utf-8")
    assert [p.name for p in files.directory.iterdir()] == ["settings"], "no temporary file left"


def test_failed_replace_keeps_old_value_and_leaves_no_partial_file(files: FileStorage, monkeypatch):
    files.write("save", "old value")

    def crash(src, dst):
        # the temporary file is complete at this point: a crash here must not matter
        assert Path(src).read_text() == "new value, much longer than the old one"
        assert files.read("save") == "old value"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_mod.os, "replace", crash)
    with pytest.raises(StorageError) as info:
        files.write("save", "new value, much longer than the old one")
    assert "'save'" in str(info.value)
    monkeypatch.undo()
    assert files.read("save") == "old value"
    assert files.keys() == ["save"]
    assert sorted(p.name for p in files.directory.iterdir()) == ["save"], "temporary file cleaned up"


def test_interrupted_write_is_cleaned_up(files: FileStorage, monkeypatch):
    files.write("save", "old")

    def interrupt(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(storage_mod.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write("save", "new")
    monkeypatch.undo()
    assert files.read("save") == "old"
    assert sorted(p.name for p in files.directory.iterdir()) == ["save"]


def test_process_killed_between_temp_write_and_replace(tmp_path: Path):
    """A real crash (os._exit, no cleanup) right before the rename."""
    folder = tmp_path / "data"
    FileStorage(folder).write("save", "old value")
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from game import storage
        def die(src, dst):
            os._exit(9)
        storage.os.replace = die
        storage.FileStorage({str(folder)!r}).write("save", "NEW VALUE " * 1000)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert result.returncode == 9
    names = sorted(p.name for p in folder.iterdir())
    leftovers = [n for n in names if n != "save"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".save.") and leftovers[0].endswith(".tmp")
    again = FileStorage(folder)
    assert again.read("save") == "old value", "the old record is intact"
    assert again.keys() == ["save"], "the half-finished temporary file is never listed"
    # a stale temporary file is swept on the next write
    stale = folder / leftovers[0]
    os.utime(stale, (0, 0))
    again.write("other", "x")
    assert not stale.exists()


def test_keys_ignores_foreign_files(files: FileStorage):
    files.write("save", "x")
    (files.directory / ".DS_Store").write_text("junk")
    (files.directory / "has space").write_text("junk")
    (files.directory / "subdir").mkdir()
    assert files.keys() == ["save"]


def test_reading_a_non_utf8_record_names_the_key(files: FileStorage):
    files.directory.mkdir(parents=True)
    (files.directory / "save").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(StorageError, match="'save'.*UTF-8"):
        files.read("save")


def test_unwritable_folder_gives_a_storage_error(tmp_path: Path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = FileStorage(blocker / "data")
    with pytest.raises(StorageError, match="'save'"):
        store.write("save", "x")
    try:
        assert store.read("save") is None
    except StorageError as exc:  # NotADirectoryError on POSIX
        assert "'save'" in str(exc)


# --- where the desktop keeps things ---------------------------------------------


def test_data_dir_override_wins():
    env = {"TRUSTWORTHY_DATA_DIR": "/srv/kiosk/data", "XDG_DATA_HOME": "/x", "HOME": "/home/u"}
    assert data_dir(env, "linux") == Path("/srv/kiosk/data")
    assert data_dir(env, "win32") == Path("/srv/kiosk/data")


def test_data_dir_per_platform():
    assert data_dir({"HOME": "/home/u"}, "linux") == Path("/home/u/.local/share/trustworthy")
    assert data_dir({"HOME": "/home/u", "XDG_DATA_HOME": "/xdg"}, "linux") == Path("/xdg/trustworthy")
    assert data_dir({"HOME": "/home/u", "XDG_DATA_HOME": "relative"}, "linux") == Path(
        "/home/u/.local/share/trustworthy"
    )
    assert data_dir({"HOME": "/Users/u"}, "darwin") == Path("/Users/u/Library/Application Support/Trustworthy")
    assert data_dir({"APPDATA": "/appdata", "USERPROFILE": "/p"}, "win32") == Path("/appdata/Trustworthy")


def test_default_on_desktop_uses_the_env_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRUSTWORTHY_DATA_DIR", str(tmp_path / "kiosk"))
    store = Storage.default()
    assert isinstance(store, FileStorage)
    store.write("stats", "1")
    assert (tmp_path / "kiosk" / "stats").read_text() == "1"


# --- the browser backend --------------------------------------------------------


def test_browser_uses_prefixed_local_storage():
    local = FakeLocalStorage({"someone-else": "theirs"})
    store = BrowserStorage(local)
    store.write("settings", "a=1")
    assert local.items["trustworthy:settings"] == "a=1"
    assert store.keys() == ["settings"], "other keys of the same origin are not ours"
    store.delete("settings")
    assert "trustworthy:settings" not in local.items
    assert local.items == {"someone-else": "theirs"}


def test_browser_quota_error_names_the_key():
    local = FakeLocalStorage()
    local.quota = 50
    store = BrowserStorage(local)
    store.write("small", "x")
    with pytest.raises(StorageError, match="'big'.*refused"):
        store.write("big", "y" * 100)
    assert store.read("big") is None
    assert store.read("small") == "x"


def test_default_in_the_browser(monkeypatch):
    """Under pygbag `sys.platform` is 'emscripten' and `platform.window` is the page."""
    import platform as platform_module

    local = FakeLocalStorage()

    class Window:
        localStorage = local

    monkeypatch.setattr(storage_mod.sys, "platform", "emscripten")
    monkeypatch.setattr(platform_module, "window", Window, raising=False)
    store = Storage.default()
    assert isinstance(store, BrowserStorage)
    store.write("stats", "42")
    assert local.items == {"trustworthy:stats": "42"}
    assert store.read("stats") == "42"
