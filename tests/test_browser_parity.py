"""Run the headless game and engine tests on the browser's Python and library versions.

The browser (pygbag 0.9.3) runs CPython 3.12 with numpy 2.0.x and pygame-ce 2.5.7,
while the desktop venv may have newer ones; the browser itself cannot be driven
offline (its runtime comes from pygbag's CDN), so this is the closest check: a
cached venv in .venv-web312/ with exactly those versions, running the test files
listed below. Skipped, saying what is missing, when no Python 3.12 is found (set
TRUSTWORTHY_PYTHON312 to point at one) or the packages cannot be installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv-web312"  # ignored by git (.venv*/)
REQUIREMENTS = ["numpy==2.0.*", "pygame-ce==2.5.7", "pytest>=8", "hypothesis>=6.100"]
BROWSER_NUMPY = "2.0."
BROWSER_PYGAME = "2.5.7"

# Every headless test file runs on the browser's versions, except the two that
# need pygbag or would recurse.
PARITY_TESTS = ["tests/test_*.py"]
NEVER = {"tests/test_browser_parity.py", "tests/test_web_build.py"}

INSTALL_TIMEOUT = 600
RUN_TIMEOUT = 600

pytestmark = pytest.mark.slow


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
    files: list[str] = []
    for pattern in PARITY_TESTS:
        for path in sorted(glob.glob(str(ROOT / pattern))):
            rel = Path(path).relative_to(ROOT).as_posix()
            if rel not in NEVER and rel not in files:
                files.append(rel)
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
    assert numpy_version.startswith(BROWSER_NUMPY), numpy_version
    assert pygame_version == BROWSER_PYGAME, pygame_version


def test_headless_tests_pass_on_the_browser_versions(py312: Path):
    files = parity_files()
    if not files:
        pytest.skip(f"none of the parity test files exist yet: {PARITY_TESTS}")
    cmd = [str(py312), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-rfE", *files]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=_env())
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
    assert result.returncode == 0, f"on Python 3.12 + numpy 2.0 + pygame-ce 2.5.7, {' '.join(files)}:\n{tail}"
