"""The browser build: main.py's shape, what gets packed, and an offline pygbag build.

The build runs pygbag 0.9.3 with our local page template and icon; it must never
wait on the network (any download attempt fails at once, see tools/build_web.py).
It is skipped, saying so, when pygbag is not installed (the project's 'web' extra).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import build_web  # noqa: E402

pytestmark = pytest.mark.xdist_group("web")  # builds share tools/build_web.py's work folders: one worker

MAX_APK_BYTES = 2 * 1024 * 1024
MAX_BUNDLE_BYTES = 2_500_000  # issue 12: the page, its icon and the archive, all languages
BUILD_TIMEOUT = 120  # seconds; an offline build takes a few


# --- main.py: what pygbag and the browser need from it ----------------------------


def _main_source() -> str:
    return (ROOT / "main.py").read_text(encoding="utf-8")


def test_main_py_has_a_pep723_header_listing_numpy_and_pygame_ce():
    source = _main_source()
    block = re.search(r"(?m)^# /// script$\s(?P<content>(^#(| .*)$\s)+)^# ///$", source)
    assert block, "main.py needs a PEP 723 '# /// script' block: pygbag reads dependencies from it"
    content = "\n".join(line[2:] for line in block.group("content").splitlines())
    import tomllib

    deps = tomllib.loads(content)["dependencies"]
    assert "numpy" in deps and "pygame-ce" in deps


def test_main_py_imports_numpy_first_and_ends_with_asyncio_run():
    tree = ast.parse(_main_source())
    body = [node for node in tree.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    imports = [node for node in body if isinstance(node, (ast.Import, ast.ImportFrom))]
    first = imports[0]
    assert isinstance(first, ast.Import) and first.names[0].name == "numpy", "import numpy before anything else"
    assert any(isinstance(n, ast.Import) and n.names[0].name == "asyncio" for n in imports)
    assert any(isinstance(n, ast.ImportFrom) and n.module == "game.app" for n in imports)
    last = body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last) == "asyncio.run(main([]))", (
        "asyncio.run(main([])) must be main.py's last statement: nothing runs after it in the browser"
    )
    assert _main_source().rstrip().endswith("asyncio.run(main([]))")


# --- staging: only what the browser needs -----------------------------------------


def test_stage_copies_only_the_game(tmp_path: Path):
    root = tmp_path / "project"
    for rel, text in {
        "main.py": "print('hi')\n",
        "game/__init__.py": "",
        "game/app.py": "async def main(argv): return 0\n",
        "game/__pycache__/app.cpython-311.pyc": "junk",
        "game/stale.pyc": "junk",
        "game/tests/test_x.py": "junk",
        "game/.DS_Store": "junk",
        "engine/__init__.py": "",
        "engine/.mypy_cache/x": "junk",
        "assets/rules/rules.toml": "x = 1\n",
        "assets/fonts/Font.ttf": "font",
        "tests/test_game.py": "junk",
        ".venv/bin/python": "junk",
        "docs/web.md": "junk",
        "build/web/index.html": "junk",
        "tools/build_web.py": "junk",
        "pyproject.toml": "junk",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    staged = build_web.stage(root, tmp_path / "stage" / "trustworthy")
    assert sorted(p.as_posix() for p in staged) == [
        "assets/fonts/Font.ttf",
        "assets/rules/rules.toml",
        "engine/__init__.py",
        "game/__init__.py",
        "game/app.py",
        "main.py",
    ]


def test_stage_refuses_a_project_without_the_game(tmp_path: Path):
    (tmp_path / "main.py").write_text("")
    with pytest.raises(build_web.BuildError, match="missing"):
        build_web.stage(tmp_path, tmp_path / "stage")


# --- the offline pygbag build -----------------------------------------------------


@pytest.fixture(scope="module")
def built():
    if importlib.util.find_spec("pygbag") is None:
        pytest.skip(
            "pygbag is not installed in this environment: "
            f"`{sys.executable} -m pip install pygbag==0.9.3` (the 'web' extra) to test the browser build"
        )
    return build_web.build(timeout=BUILD_TIMEOUT, quiet=True)


def test_offline_build_produces_page_and_archive(built):
    out = built["out"]
    assert out == ROOT / "build" / "web"
    index = out / "index.html"
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    assert 'apk = "trustworthy.apk"' in html, "the page must load our archive"
    assert (out / "trustworthy.apk").is_file()
    assert (out / "favicon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "{{" not in html, "every template field was filled (pygbag's and ours)"
    assert "python3.12" in html, "the page asks for the runtime the game is tested against"
    assert built["seconds"] < BUILD_TIMEOUT


def test_offline_build_used_the_local_template_and_no_network(built):
    log = built["log"].read_text(encoding="utf-8", errors="replace")
    assert "building from local template" in log
    assert "urlretrieve" not in log and "offline build: pygbag tried to download" not in log
    assert "Applying black format" not in log, "black must not reformat the packed sources"


def test_page_loader_is_valid_python(built):
    """pygbag runs the Python between the first line and the BEGIN BLOCK marker."""
    html = (built["out"] / "index.html").read_text(encoding="utf-8")
    first, rest = html.split("\n", 1)
    assert first.rstrip().endswith("#<!--")
    code = rest.split("# --></script>", 1)[0]
    compile(code, "index.html", "exec")
    assert "async def custom_site" in code


def test_archive_holds_the_game_and_nothing_else(built):
    apk = built["apk"]
    size = apk.stat().st_size
    assert size <= MAX_APK_BYTES, f"trustworthy.apk is {size:,} bytes, over the 2 MB budget"
    with zipfile.ZipFile(apk) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
    # pygbag mounts the archive's assets/ folder as the app folder
    assert all(name.startswith("assets/") for name in names), names[:5]
    inner = [name[len("assets/") :] for name in names]
    assert "main.py" in inner
    for folder in ("engine/", "game/", "assets/"):
        assert any(name.startswith(folder) for name in inner), f"{folder} is missing from the archive"
    assert "game/app.py" in inner and "engine/__init__.py" in inner
    for name in inner:
        parts = name.split("/")
        assert "tests" not in parts and "build" not in parts, name
        assert "__pycache__" not in parts and not name.endswith((".pyc", ".pyo")), name
        assert not any(part.startswith(".") for part in parts), name  # .venv, .git, caches
        assert not parts[0] in ("tools", "docs", ".ci"), name
    assert not any(name.startswith("tests/") or name.startswith(".venv") for name in inner)


def test_archive_matches_the_sources(built):
    with zipfile.ZipFile(built["apk"]) as zf:
        packed_main = zf.read("assets/main.py")
        packed = {name[len("assets/") :] for name in zf.namelist()}
    assert packed_main == (ROOT / "main.py").read_bytes(), "main.py packed unchanged (no reformatting)"
    expected = set()
    for folder in ("game", "engine", "assets"):
        for path in (ROOT / folder).rglob("*"):
            rel = path.relative_to(ROOT)
            if path.is_file() and not any(build_web._excluded(part) for part in rel.parts):
                expected.add(rel.as_posix())
    assert expected <= packed, sorted(expected - packed)


def test_the_page_speaks_from_the_locale_files(built):
    html = (built["out"] / "index.html").read_text(encoding="utf-8")
    words = build_web.page_words(ROOT)
    english = words["en"]
    assert f'<div id="status">{english["loading"]}</div>' in html
    block = html.split('<script id="tw-messages" type="application/json">', 1)[1].split("</script>", 1)[0]
    import json

    assert json.loads(block) == words
    assert f"CLICK_TO_START = {json.dumps(english['click_to_start'])}" in html
    assert f"STALL_SECONDS = {build_web.STALL_SECONDS}" in html


def test_the_bundle_carries_every_language_and_stays_under_2_5_mb(built):
    import json
    import re

    bundle = built["apk_bytes"] + built["page_bytes"]
    assert bundle <= MAX_BUNDLE_BYTES, f"the web bundle is {bundle:,} bytes, over 2.5 MB"
    with zipfile.ZipFile(built["apk"]) as zf:
        names = set(zf.namelist())
    for code in ("es", "zh-Hans"):
        for english in (ROOT / "assets" / "locales" / "en").glob("*.toml"):
            if english.name != "_locale.toml":
                assert f"assets/assets/locales/{code}/{english.stem}.po" in names
    for font in ("NotoSansCJKsc-Regular-Subset.otf", "NotoSansCJKsc-Bold-Subset.otf",
                 "LICENSE-NotoSansCJK.txt"):
        assert f"assets/assets/fonts/{font}" in names
    html = (built["out"] / "index.html").read_text(encoding="utf-8")
    loader = json.loads(re.search(r"^LOADER_WORDS = (.*)$", html, re.M).group(1))
    assert set(loader) == {"en", "es", "zh-hans"}
    assert loader["zh-hans"]["font"] == "NotoSansCJKsc-Regular-Subset.otf"


def test_docs_quote_the_sizes_of_this_build(built):
    doc = build_web.DOC.read_text(encoding="utf-8")
    block = build_web.doc_block(doc)
    assert block is not None, f"{build_web.DOC} lost its generated figures ({build_web.DOC_BEGIN})"
    assert block == build_web.doc_figures(built), (
        "docs/web.md quotes other sizes than this build: run `.venv/bin/python -m tools.build_web --doc`"
    )
    assert f"{built['apk_entries']} files" in block
