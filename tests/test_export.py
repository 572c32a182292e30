"""Exports: the folder rules, names, CSV text, and writes that are whole or absent."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from game.export import csv_text, export_dir, export_sandbox, file_stem, write_atomically, write_text


def test_export_folder_option_then_environment_then_data_folder(tmp_path):
    env = {"TRUSTWORTHY_EXPORT_DIR": str(tmp_path / "env"), "HOME": str(tmp_path)}
    assert export_dir(tmp_path / "opt", env) == tmp_path / "opt"
    assert export_dir(None, env) == tmp_path / "env"
    data = {"TRUSTWORTHY_DATA_DIR": str(tmp_path / "data")}
    assert export_dir(None, data) == tmp_path / "data" / "exports"


def test_names_sort_by_code_day_and_time():
    stem = file_stem("K7M3QX", 30, datetime(2025, 3, 14, 9, 42, 5))
    assert stem == "trustworthy-K7M3QX-day030-20250314-094205"


def test_csv_keeps_column_order_and_quotes():
    text = csv_text([{"day": 0, "b": "x, y", "a": ""}, {"day": 1, "b": 2, "a": 0.5}])
    assert text.splitlines() == ["day,b,a", '0,"x, y",', "1,2,0.5"]
    assert csv_text([]) == ""


def test_a_write_replaces_whole_or_leaves_the_old_file(tmp_path):
    path = tmp_path / "out" / "series.csv"
    write_text(path, "old\n")

    def broken(tmp: Path):
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(path, broken)
    assert path.read_text() == "old\n"
    assert [p.name for p in path.parent.iterdir()] == ["series.csv"]  # no temporary left
    write_text(path, "new\n")
    assert path.read_text() == "new\n"


def test_export_writes_csv_and_png(pygame_headless, tmp_path):
    import pygame

    surface = pygame.Surface((64, 36))
    surface.fill((10, 20, 30))
    rows = [{"day": d, "city_informal_share": d / 100} for d in range(4)]
    csv_path, png_path = export_sandbox(rows, surface, "K7M3QX", 3, tmp_path,
                                        now=datetime(2025, 1, 2, 3, 4, 5))
    assert csv_path.read_text().count("\n") == 5
    assert pygame.image.load(str(png_path)).get_size() == (64, 36)
    assert sorted(p.name for p in tmp_path.iterdir()) == [csv_path.name, png_path.name]


def test_an_export_is_readable_by_the_class_not_only_its_owner(tmp_path):
    """mkstemp's files are 0600; an export for a shared folder gets the umask's rights."""
    import os

    old = os.umask(0o022)
    try:
        path = write_text(tmp_path / "series.csv", "a\n")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
