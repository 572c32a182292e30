"""Self-hosting the runtime: the mirror script fetches its list, whole or not at all.

The real runtime cannot be downloaded here, so a local 127.0.0.1 server stands in
for pygbag's site with placeholder files at the same paths.
"""

from __future__ import annotations

import http.server
import io
import sys
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import build_web, mirror_runtime  # noqa: E402


def _wheel() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("x/__init__.py", "")
    return buf.getvalue()


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "site"
    for remote, _ in mirror_runtime.RUNTIME_FILES + mirror_runtime.PACKAGE_FILES:
        path = root / remote
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_wheel() if remote.endswith(".whl") else f"// {remote}\n".encode())

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_mirror_fetches_every_listed_file_into_the_layout_the_build_uses(site, tmp_path):
    root, url = site
    dest = tmp_path / "runtime"
    sizes = mirror_runtime.mirror(dest, url, say=lambda *a: None)
    expected = [local for _, local in mirror_runtime.RUNTIME_FILES + mirror_runtime.PACKAGE_FILES]
    assert sorted(sizes) == sorted(expected)
    for remote, local in mirror_runtime.RUNTIME_FILES + mirror_runtime.PACKAGE_FILES:
        assert (dest / local).read_bytes() == (root / remote).read_bytes()
    assert (dest / "0.9.3" / "pythons.js").is_file() and (dest / "index-0.9.3-cp312.json").is_file()
    assert not list(dest.rglob("*.part"))
    # present files are kept: a second run fetches nothing
    fetched = []
    mirror_runtime.mirror(dest, url, say=fetched.append)
    assert fetched == []


def test_a_missing_file_fails_naming_it_and_leaves_no_half_file(site, tmp_path):
    root, url = site
    (root / mirror_runtime.PACKAGE_FILES[1][0]).unlink()
    dest = tmp_path / "runtime"
    with pytest.raises(mirror_runtime.MirrorError, match="numpy-1.26.4"):
        mirror_runtime.mirror(dest, url, say=lambda *a: None)
    assert not list(dest.rglob("*.part"))
    assert not (dest / mirror_runtime.PACKAGE_FILES[1][1]).exists()


def test_the_mirror_holds_the_numpy_the_parity_run_tests():
    from tests import test_browser_parity

    names = " ".join(local for _, local in mirror_runtime.PACKAGE_FILES)
    assert f"numpy-{test_browser_parity.BROWSER_NUMPY}-" in names


def test_a_self_hosted_page_asks_the_mirror_for_its_packages():
    words = build_web.page_words(ROOT)
    html = build_web.fill_page('<script src="x/pythons.js{{trustworthy.runtime_query}}">', words,
                               packages="http://museum.local/runtime/")
    assert html == '<script src="x/pythons.js?PYGPI=http://museum.local/runtime/">'
    assert build_web.fill_page("pythons.js{{trustworthy.runtime_query}}", words) == "pythons.js"
