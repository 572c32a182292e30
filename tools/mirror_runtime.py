"""Copy pygbag 0.9.3's browser runtime next to the game, so the page needs no other site.

    .venv/bin/python -m tools.mirror_runtime                     # into build/web/runtime/
    .venv/bin/python -m tools.mirror_runtime --dest DIR --source URL

A museum or school network may block pygbag's CDN (pygame-web.github.io); the page
then says it cannot start. Run this once where the CDN is reachable: it downloads
the files listed in RUNTIME_FILES and PACKAGE_FILES (the page's scripts, CPython 3.12
for WebAssembly, the package index and the two wheels the game imports: numpy 1.26.4
and pygame-ce's static build) into one folder laid out as

    DIR/0.9.3/...                       the runtime   -> build with --cdn   <URL>/0.9.3/
    DIR/index-0.9.3-cp312.json          package index -> build with --packages <URL>/
    DIR/cp312-0.9.3/*.whl               the wheels the index names

then prints the build command. Each file is written to a temporary name and renamed
when whole; files already present are kept (`--force` fetches them again). The list
follows pygbag 0.9.3's pythons.js and its package index (see docs/web.md, "Playing
offline"); a later pygbag needs a new list.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "https://pygame-web.github.io"
DEFAULT_DEST = ROOT / "build" / "web" / "runtime"
VERSION = "0.9.3"
PYTHON = "cp312"

# (path on the source site, path in the mirror)
RUNTIME_FILES = [
    (f"cdn/{VERSION}/{name}", f"{VERSION}/{name}")
    for name in (
        "pythons.js",  # the loader the page starts
        "browserfs.min.js",  # the page's file system
        "cpythonrc.py",  # the runtime's start-up script
        "vt.js", "vtx.js", "vt/xterm.js", "vt/xterm.css", "vt/xterm-addon-image.js",  # console (debug)
        "empty.ogg", "empty.html",  # sound unlock; an iframe placeholder
        "cpython312/main.js", "cpython312/main.wasm", "cpython312/main.data",  # CPython 3.12 wasm
    )
]
PACKAGE_FILES = [
    (f"cdn/index-{VERSION}-{PYTHON}.json", f"index-{VERSION}-{PYTHON}.json"),
    (f"archives/repo/{PYTHON}-{VERSION}/numpy-1.26.4-{PYTHON}-{PYTHON}-pyodide_2024_0_wasm32.whl",
     f"{PYTHON}-{VERSION}/numpy-1.26.4-{PYTHON}-{PYTHON}-pyodide_2024_0_wasm32.whl"),
    (f"archives/repo/{PYTHON}-{VERSION}/pygame_static-1.0-{PYTHON}-{PYTHON}-wasm32_bi_emscripten.whl",
     f"{PYTHON}-{VERSION}/pygame_static-1.0-{PYTHON}-{PYTHON}-wasm32_bi_emscripten.whl"),
]
TIMEOUT = 60
TRIES = 3


class MirrorError(Exception):
    """A file could not be fetched or is not what it should be."""


def _fetch(url: str, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    last = None
    for attempt in range(1, TRIES + 1):
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as answer, open(temp, "wb") as out:
                while chunk := answer.read(1 << 16):
                    out.write(chunk)
            if temp.stat().st_size == 0:
                raise MirrorError(f"{url}: empty answer")
            if target.suffix == ".whl" and not zipfile.is_zipfile(temp):
                raise MirrorError(f"{url}: not a wheel (zip)")
            os.replace(temp, target)
            return target.stat().st_size
        except (OSError, urllib.error.URLError, socket.timeout, MirrorError) as exc:
            last = exc
            temp.unlink(missing_ok=True)
            if isinstance(exc, urllib.error.HTTPError) and exc.code == 404:
                break
            if attempt < TRIES:
                time.sleep(1)
    raise MirrorError(f"cannot fetch {url}: {last}")


def mirror(dest: Path, source: str = DEFAULT_SOURCE, force: bool = False, say=print) -> dict[str, int]:
    """Download every listed file into dest; return {mirror path: bytes}."""
    source = source.rstrip("/")
    sizes: dict[str, int] = {}
    for remote, local in RUNTIME_FILES + PACKAGE_FILES:
        target = dest / local
        if target.is_file() and target.stat().st_size and not force:
            sizes[local] = target.stat().st_size
            continue
        sizes[local] = _fetch(f"{source}/{remote}", target)
        say(f"  {local}: {sizes[local]:,} bytes")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mirror_runtime", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="mirror folder (default: build/web/runtime)")
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="site to copy from (default: pygbag's)")
    parser.add_argument("--force", action="store_true", help="fetch files again even when present")
    parser.add_argument("--list", action="store_true", help="only print the files the mirror needs")
    args = parser.parse_args(argv)
    if args.list:
        for remote, local in RUNTIME_FILES + PACKAGE_FILES:
            print(f"{local}\t<- {remote}")
        return 0
    print(f"mirroring pygbag {VERSION}'s runtime from {args.source} into {args.dest}")
    try:
        sizes = mirror(args.dest, args.source, args.force)
    except MirrorError as exc:
        print(f"mirror_runtime: {exc}", file=sys.stderr)
        return 1
    print(f"{len(sizes)} files, {sum(sizes.values()):,} bytes in {args.dest}")
    print("then build the page against it, e.g. with the mirror at http://SERVER/runtime/:\n"
          f"  python -m tools.build_web --cdn http://SERVER/runtime/{VERSION}/ --packages http://SERVER/runtime/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
