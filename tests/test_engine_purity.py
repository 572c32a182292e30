"""engine/ is a functional core: no pygame, no clock, no global randomness, no files."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"
# The only module allowed to touch files; the command-line modules may read a clock
# (the bench times itself) but read and write files only through the loader.
FILE_MODULES = {"loader.py"}
CLI_MODULES = {"__main__.py", "check.py", "cli_simulate.py", "bench.py"}
FILE_LIBRARIES = {"tempfile", "shutil", "sqlite3"}


def test_import_engine_does_not_import_pygame():
    code = ("import sys, engine, engine.city, engine.score, engine.policy, engine.loader\n"
            "import pkgutil, importlib\n"
            "for m in pkgutil.iter_modules(engine.__path__):\n"
            "    if m.name not in ('__main__',): importlib.import_module('engine.' + m.name)\n"
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def imported_names(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_no_clock_no_global_random_no_files_outside_loader():
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set(imported_names(tree))
        assert "pygame" not in names, path
        assert "random" not in names, f"{path.name} imports the global random module"
        if path.name not in FILE_MODULES:
            assert not names & FILE_LIBRARIES, f"{path.name} imports a file library"
        if path.name not in CLI_MODULES:
            assert "time" not in names and "datetime" not in names, f"{path.name} reads a clock"
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                # np.random.<fn>: only the Generator constructor is allowed.
                if (node.value.attr == "random" and node.attr not in ("Generator", "default_rng")
                        and getattr(node.value.value, "id", "") in ("np", "numpy")):
                    raise AssertionError(f"{path.name} uses global np.random.{node.attr}")
            if path.name in FILE_MODULES:
                continue
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open":
                raise AssertionError(f"{path.name} opens a file")
            if isinstance(node, ast.Attribute) and node.attr in (
                    "read_text", "read_bytes", "write_text", "write_bytes", "open"):
                raise AssertionError(f"{path.name} touches a file ({node.attr})")


def test_public_api_is_curated():
    import engine
    assert sorted(engine.__all__) == sorted(set(engine.__all__))
    for name in engine.__all__:
        assert hasattr(engine, name), name
