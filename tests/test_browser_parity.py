"""The browser's versions on the desktop: what differs in the page, run where it can be.

pygbag 0.9.3's runtime is CPython 3.12 with the packages of its index
`repo/index-0.9.3-cp312.json` (public pygame-web/archives repository): numpy
**1.26.4** (`cp312-0.9.3/numpy-1.26.4-…-pyodide_2024_0_wasm32.whl`) and pygame as
`pygame_static-1.0`, which pygbag's `packages.d/pygame/pygame.sh` builds from
pygame-ce's `main` branch. pygbag 0.9.3 reached PyPI on 2026-02-12, between
pygame-ce 2.5.6 (2025-10-19) and 2.5.7 (2026-03-02), so its pygame is 2.5.7 in the
making: 2.5.7 is the release that matches (and the project's floor). The browser
itself cannot load that runtime here (no CDN), so this is the closest check: a
cached venv in .venv-web312/ with exactly those versions that runs

* the engine and the autoplayed game on the command line and compares their JSON
  byte for byte with this (desktop, numpy 2.x) interpreter's;
* the tests of the browser-only paths (localStorage instead of files, statistics
  without sqlite3, the loop that awaits every frame, the fonts and scenes on
  pygame-ce 2.5.7) and the engine's numpy-heavy laws, listed in PARITY_TESTS.

The rest of the suite is plain Python that does not differ between 3.11 and 3.12;
running it all twice cost two thirds of `make test` (issue 14). Skipped, saying what
is missing, when no Python 3.12 is found (set TRUSTWORTHY_PYTHON312 to point at one)
or the packages cannot be installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv-web312"  # ignored by git (.venv*/)
BROWSER_NUMPY = "1.26.4"
BROWSER_PYGAME = "2.5.7"
REQUIREMENTS = [f"numpy=={BROWSER_NUMPY}", f"pygame-ce=={BROWSER_PYGAME}", "pytest>=8", "hypothesis>=6.100"]

# What differs in the browser, run on its versions (files or single tests).
PARITY_TESTS = [
    "tests/test_storage.py",  # localStorage in place of files
    "tests/test_stats.py",  # statistics in localStorage, and without sqlite3
    "tests/test_poll.py::test_the_browser_keeps_the_players_counts_in_local_storage",
    "tests/test_questions.py",  # class answers: SQLite or localStorage
    # the loop that awaits every frame, and text on pygame-ce 2.5.7's fonts (every scene
    # is drawn on it by the autoplayed runs compared below)
    "tests/test_game_shell.py::test_import_game_is_headless_and_quiet",
    "tests/test_game_shell.py::test_main_runs_headless_and_returns_codes",
    "tests/test_game_shell.py::test_loop_awaits_every_frame_and_quits_on_command",
    "tests/test_languages.py::test_every_character_of_every_catalog_is_in_its_locales_fonts",
    "tests/test_languages.py::test_chinese_draws_as_glyphs_not_boxes",
    "tests/test_game_shell.py::test_wrap_and_fit",
    "tests/test_kiosk.py::test_the_kiosk_loop_awaits_every_frame",
    "tests/test_engine_laws.py",  # the engine's numpy arithmetic, property-tested
    "tests/test_population.py::test_reference_agrees_exactly",  # vectorised city == plain loops
    "tests/test_engine_purity.py",
]
NEVER = {"tests/test_browser_parity.py", "tests/test_web_build.py"}

# Engine and game outputs compared byte for byte across the two numpy lines.
SIMULATE_RUNS = [
    ["--citizens", "10000", "--days", "30", "--seed", "1", "--policy", "default"],  # the README's
    ["--citizens", "2000", "--days", "60", "--seed", "7", "--policy", "harsh"],
]
AUTOPLAY_RUNS = [
    ["--autoplay", "comply", "--citizen", "courier", "--seed", "1", "--days", "7"],
    ["--autoplay", "cut-corners", "--citizen", "graduate", "--seed", "2", "--days", "7"],
    ["--autoplay", "random", "--citizen", "retiree", "--seed", "3", "--days", "7"],
]

INSTALL_TIMEOUT = 600
RUN_TIMEOUT = 600

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("parity")]  # one worker builds it


def _is_python312(candidate: str) -> bool:
    try:
        out = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == "True"


def find_python312() -> str | None:
    """An interpreter that really is CPython 3.12 (pyenv shims may only pretend)."""
    candidates = []
    if os.environ.get("TRUSTWORTHY_PYTHON312"):
        candidates.append(os.environ["TRUSTWORTHY_PYTHON312"])
    roots = [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv"), "/root/.pyenv"]
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            roots.append(subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30).stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    for root in filter(None, roots):
        found = glob.glob(os.path.join(root, "versions", "3.12*", "bin", "python3.12"))
        candidates += sorted(found, key=lambda p: [int(x) if x.isdigit() else 0 for x in
                                                  Path(p).parents[1].name.split(".")], reverse=True)
    if shutil.which("python3.12"):
        candidates.append(shutil.which("python3.12"))
    for candidate in dict.fromkeys(candidates):
        if _is_python312(candidate):
            return candidate
    return None


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(python312: str) -> Path:
    """Create .venv-web312 once; rebuild it when the wanted versions change."""
    stamp_text = "\n".join([python312, *REQUIREMENTS]) + "\n"
    stamp = VENV / ".parity-installed"
    if stamp.is_file() and stamp.read_text() == stamp_text and _venv_python(VENV).exists():
        return _venv_python(VENV)
    # build beside it, then move into place, so an interrupted install is never reused
    work = VENV.with_name(f"{VENV.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        steps = [
            [python312, "-m", "venv", str(work)],
            [str(_venv_python(work)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--only-binary=numpy,pygame-ce", *REQUIREMENTS],
        ]
        for cmd in steps:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
            if result.returncode != 0:
                pytest.skip(f"cannot prepare the Python 3.12 venv ({' '.join(cmd[:4])} ...): "
                            f"{(result.stderr or result.stdout).strip()[-800:]}")
        (work / ".parity-installed").write_text(stamp_text)
        shutil.rmtree(VENV, ignore_errors=True)
        try:
            os.replace(work, VENV)
        except OSError:
            if not (VENV / ".parity-installed").is_file():  # not another run that just finished
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _venv_python(VENV)


def parity_files() -> list[str]:
    """PARITY_TESTS whose file exists (a single test keeps its ::name)."""
    files: list[str] = []
    for entry in PARITY_TESTS:
        path, _, name = entry.partition("::")
        for found in sorted(glob.glob(str(ROOT / path))):
            rel = Path(found).relative_to(ROOT).as_posix()
            item = f"{rel}::{name}" if name else rel
            if rel not in NEVER and item not in files:
                files.append(item)
    return files


@pytest.fixture(scope="module")
def py312() -> Path:
    python312 = find_python312()
    if python312 is None:
        pytest.skip("no Python 3.12 interpreter found (looked in $TRUSTWORTHY_PYTHON312, pyenv's versions/3.12*, "
                    "python3.12 on PATH): the browser-parity run needs one, e.g. `pyenv install 3.12`")
    return ensure_venv(python312)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return env


def test_parity_venv_has_the_browser_versions(py312: Path):
    out = subprocess.run(
        [str(py312), "-c", "import sys, numpy, pygame; "
                           "print(sys.version_info[0], sys.version_info[1], numpy.__version__, pygame.version.ver)"],
        capture_output=True, text=True, timeout=120, env=_env(),
    )
    assert out.returncode == 0, out.stderr
    major, minor, numpy_version, pygame_version = out.stdout.split()
    assert (major, minor) == ("3", "12")
    assert numpy_version == BROWSER_NUMPY, numpy_version
    assert pygame_version == BROWSER_PYGAME, pygame_version


def _numpy_version(python: str | Path) -> str:
    out = subprocess.run([str(python), "-c", "import numpy; print(numpy.__version__)"],
                         capture_output=True, text=True, timeout=120, env=_env())
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _outputs(python: str | Path) -> dict[str, bytes]:
    """stdout of every simulate and autoplay run, by command line."""
    runs = [["-m", "engine", "simulate", *args, "--json"] for args in SIMULATE_RUNS]
    runs += [["-m", "game", "--headless", *args, "--json"] for args in AUTOPLAY_RUNS]
    outputs = {}
    for args in runs:
        done = subprocess.run([str(python), *args], cwd=ROOT, capture_output=True, timeout=RUN_TIMEOUT, env=_env())
        assert done.returncode == 0, f"{python} {' '.join(args)}: {done.stderr.decode(errors='replace')[-800:]}"
        assert done.stdout.startswith(b"{"), done.stdout[:200]
        outputs[" ".join(args)] = done.stdout
    return outputs


def test_engine_and_game_outputs_are_byte_identical_on_numpy_1_26_and_2(py312: Path):
    desktop_numpy = _numpy_version(sys.executable)
    if not desktop_numpy.startswith("2."):
        pytest.skip(f"this interpreter has numpy {desktop_numpy}: the comparison needs a numpy 2.x beside 1.26")
    assert _numpy_version(py312) == BROWSER_NUMPY
    with ThreadPoolExecutor(max_workers=2) as pool:  # the two interpreters side by side
        desktop, browser = pool.map(_outputs, [sys.executable, py312])
    for command, expected in desktop.items():
        got = browser[command]
        if got != expected:
            at = next(i for i, (a, b) in enumerate(zip(expected + b"\0", got + b"\0")) if a != b)
            pytest.fail(f"`python {command}` differs at byte {at} between numpy {desktop_numpy} and "
                        f"{BROWSER_NUMPY}:\n  {desktop_numpy}: {expected[max(0, at - 80):at + 80]!r}\n"
                        f"  {BROWSER_NUMPY}: {got[max(0, at - 80):at + 80]!r}")


def test_browser_paths_pass_on_the_browser_versions(py312: Path):
    files = parity_files()
    if not files:
        pytest.skip(f"none of the parity test files exist yet: {PARITY_TESTS}")
    cmd = [str(py312), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-rfE", *files]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=_env())
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
    assert result.returncode == 0, (f"on Python 3.12 + numpy {BROWSER_NUMPY} + pygame-ce {BROWSER_PYGAME}, "
                                    f"{' '.join(files)}:\n{tail}")
