"""`python -m game` refuses bad arguments with exit 2 and no traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("extra,expected", [
    (["--days", "-3"], "--days: -3 is out of range [1, 365]"),
    (["--days", "0"], "--days: 0 is out of range [1, 365]"),
    (["--days", "100000"], "--days: 100000 is out of range [1, 365]"),
    (["--seed", "-1"], "--seed: -1 is out of range"),
    (["--seed", "x"], "--seed: 'x' is not a whole number"),
    (["--locale", "xx"], "unknown or broken locale 'xx' (shipped: en, es, zh-Hans)"),
])
def test_bad_arguments_exit_2(extra, expected):
    out = subprocess.run([sys.executable, "-m", "game", "--headless", "--autoplay", "comply",
                          "--citizen", "courier", "--json", *extra],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert expected in out.stderr
    assert out.stdout == ""
