"""Build the browser version with pygbag 0.9.3: build/web/{index.html, trustworthy.apk}.

    .venv/bin/python -m tools.build_web            # offline: local page template and icon
    .venv/bin/python -m tools.build_web --online   # pygbag's maintained template from its CDN
    .venv/bin/python -m tools.build_web --zip      # also build/web.zip, ready for itch.io
    .venv/bin/python -m tools.build_web --doc      # also write the build's sizes into docs/web.md

pygbag packs *everything* in the folder that holds main.py, so this script first
stages a clean copy of only main.py, game/, engine/ and assets/ (no tests, caches,
virtual environments or build output) in build/web-stage/<pid>/trustworthy/ (one folder per build process), then runs
`pygbag --build` on it, and copies the page, its icon and the archive to build/web/.

The offline build never touches the network: pygbag fetches its page template and
icon from its CDN (retrying forever when offline), so we pass our own
tools/web/trustworthy.tmpl and tools/web/favicon.png, and any download attempt is
made to fail at once. The page itself still loads the Python runtime (CPython wasm,
numpy, pygame-ce) from pygbag's CDN when a player opens it (or from a mirror made
by tools/mirror_runtime.py: --cdn and --packages), and says so in the player's
language when it cannot: its words come from assets/locales/*/web.toml, written
into the page here. See docs/web.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = Path(__file__).resolve().parent / "web"
TEMPLATE = WEB_DIR / "trustworthy.tmpl"
ICON = WEB_DIR / "favicon.png"

APP_NAME = "trustworthy"  # pygbag names the archive after the staged folder
TITLE = "Trustworthy"
PYGBAG_VERSION = "0.9.3"
WIDTH, HEIGHT = 1280, 720

# The page's words: assets/locales/<code>/web.toml, ids web.<key>.
PAGE_WORDS = ("loading", "offline_title", "offline_what", "offline_todo", "offline_reload", "no_script",
              "click_to_start", "setting_up")
DEFAULT_LANG = "en"
# The page says the runtime could not load when nothing has moved for this long.
STALL_SECONDS = 20

# What the browser gets; everything else in the repository stays out.
PACKED_DIRS = ("game", "engine", "assets")
PACKED_FILES = ("main.py",)
# Never packed, wherever they appear below the packed folders.
EXCLUDED_NAMES = {
    "__pycache__",
    "tests",
    "build",
    "dist",
    "node_modules",
    "Thumbs.db",
}
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".pyd", ".so", ".egg-info", ".orig", ".rej", ".swp", "~")
# The files the page needs; pygbag also writes a .tar.gz copy that our page never loads.
PUBLISHED = ("index.html", "favicon.png", f"{APP_NAME}.apk")

# Runs pygbag in a child process. `black` is hidden (pygbag would reformat the packed
# sources with it); offline, any download fails at once instead of retrying forever;
# online, a download is tried a few times with a timeout.
_RUNNER = r"""
import socket, sys, time, urllib.request
from pathlib import Path
sys.modules["black"] = None
mode = sys.argv.pop(1)
import pygbag, pygbag.web, pygbag.app
if pygbag.VERSION != {version!r}:
    print(f"build_web: warning: pygbag {{pygbag.VERSION}} found, this build is made for {version}", file=sys.stderr)

def offline_get(url, path):
    raise RuntimeError(f"offline build: pygbag tried to download {{url}}")

def bounded_get(url, path, tries=3):
    socket.setdefaulttimeout(30)
    for attempt in range(1, tries + 1):
        try:
            name, headers = urllib.request.urlretrieve(url, path)
            return Path(name), headers
        except Exception as exc:
            print(f"build_web: download {{attempt}}/{{tries}} of {{url}} failed: {{exc}}", file=sys.stderr)
            time.sleep(2)
    raise RuntimeError(f"cannot download {{url}}")

pygbag.web.get = offline_get if mode == "offline" else bounded_get
sys.exit(pygbag.app.main())
"""


class BuildError(Exception):
    """The web build failed; the message says why and what to do."""


def _excluded(name: str) -> bool:
    return name.startswith(".") or name in EXCLUDED_NAMES or name.endswith(EXCLUDED_SUFFIXES)


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {name for name in names if _excluded(name)}


def stage(root: Path, stage_dir: Path) -> list[Path]:
    """Copy only what the browser needs from `root` into a fresh `stage_dir`."""
    missing = [name for name in PACKED_FILES + PACKED_DIRS if not (root / name).exists()]
    if missing:
        raise BuildError(f"{root}: missing {', '.join(missing)}; nothing to build")
    if not (root / "game" / "app.py").is_file():
        raise BuildError(f"{root / 'game' / 'app.py'} is missing: main.py imports main() from it")
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    for name in PACKED_FILES:
        shutil.copy2(root / name, stage_dir / name)
    for name in PACKED_DIRS:
        shutil.copytree(root / name, stage_dir / name, ignore=_ignore, symlinks=False)
    return sorted(p.relative_to(stage_dir) for p in stage_dir.rglob("*") if p.is_file())


def page_words(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """{locale code: {key: text}} for the page, from every shipped locale that has them all."""
    from engine.loader import load_locale, locale_codes

    locales = root / "assets" / "locales"
    words: dict[str, dict[str, str]] = {}
    for code in locale_codes(locales):
        messages = load_locale(code, locales)[1]
        found = {key: messages.get(f"web.{key}") for key in PAGE_WORDS}
        if all(isinstance(text, str) for text in found.values()):
            words[code.lower()] = found
    if DEFAULT_LANG not in words:
        missing = [f"web.{k}" for k in PAGE_WORDS]
        raise BuildError(f"{locales / DEFAULT_LANG}: the page needs the ids {', '.join(missing)} (web.toml)")
    return words


def page_fonts(root: Path = ROOT) -> dict[str, str]:
    """{locale code: its regular font's file name}: the loader draws "click to start"
    with the game's own font for the language (Chinese needs the CJK one)."""
    from engine.loader import load_locale, locale_codes

    locales = root / "assets" / "locales"
    fonts = {}
    for code in locale_codes(locales):
        named = load_locale(code, locales)[0].get("fonts")
        if isinstance(named, dict) and isinstance(named.get("regular"), str):
            fonts[code.lower()] = named["regular"]
    return fonts


def fill_page(html: str, words: dict[str, dict[str, str]], packages: str | None = None,
              fonts: dict[str, str] | None = None) -> str:
    """Write the page's words into pygbag's output ({{trustworthy.*}} fields).

    `packages`: where the runtime finds its package index and wheels instead of
    pygbag's site; pythons.js passes the query of its own address to Python as
    environment variables, and pygbag 0.9.3's package loader reads PYGPI."""
    default = words[DEFAULT_LANG]
    as_json = json.dumps(words, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    fields = {
        "messages_json": as_json,
        "default_lang": DEFAULT_LANG,
        "stall_seconds": str(STALL_SECONDS),
        "runtime_query": f"?PYGPI={quote(packages, safe=':/')}" if packages else "",
        "loading": _html_text(default["loading"]),
        "no_script": _html_text(default["no_script"]),
        # Python string literals for the loader (JSON strings are valid Python ones)
        "click_to_start_py": json.dumps(default["click_to_start"]),
        "setting_up_py": json.dumps(default["setting_up"]),
        # every language's loader words and font, a Python literal (JSON's is one)
        "loader_words_py": json.dumps(
            {lang: {"click_to_start": w["click_to_start"], "setting_up": w["setting_up"],
                    **({"font": fonts[lang]} if lang in (fonts or {}) else {})}
             for lang, w in sorted(words.items())}, ensure_ascii=True),
    }
    filled = re.sub(r"\{\{trustworthy\.(\w+)\}\}", lambda m: fields[m.group(1)], html)
    return filled


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pygbag_command(python: str, stage_dir: Path, *, online: bool, cdn: str | None, optimize: bool,
                    ume_block: int) -> list[str]:
    cmd = [python, "-c", _RUNNER.format(version=PYGBAG_VERSION), "online" if online else "offline"]
    cmd += ["--build", "--title", TITLE, "--app_name", APP_NAME]
    cmd += ["--width", str(WIDTH), "--height", str(HEIGHT), "--ume_block", str(ume_block)]
    if not optimize:
        cmd.append("--no_opt")
    if not online:
        cmd += ["--template", str(TEMPLATE)]
    cmd += ["--icon", str(ICON)]  # our icon, online or not
    if cdn:
        cmd += ["--cdn", cdn]
    cmd.append(str(stage_dir))  # pygbag wants the app folder last
    return cmd


def _run(cmd: list[str], cwd: Path, log_path: Path, timeout: float, env: dict[str, str]) -> int:
    """Run with a hard time limit; the whole process group dies on timeout."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=(os.name == "posix"))
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            proc.wait()
            raise BuildError(f"pygbag did not finish within {timeout:.0f} s (log: {log_path})") from None


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def build(*, root: Path = ROOT, out: Path | None = None, online: bool = False, cdn: str | None = None,
          packages: str | None = None,
          optimize: bool = False, ume_block: int = 1, timeout: float = 300.0, python: str | None = None,
          make_zip: bool = False, quiet: bool = False) -> dict:
    """Stage, pack with pygbag, publish into `out`; return a summary dict."""
    root = Path(root).resolve()
    build_root = root / "build"
    out = Path(out).resolve() if out else build_root / "web"
    # One staging folder per process: two builds at once (a test worker and a
    # developer's `--doc`, say) must never clear each other's files mid-build.
    stage_parent = build_root / "web-stage" / str(os.getpid())
    stage_dir = stage_parent / APP_NAME
    python = python or sys.executable
    say = (lambda *a: None) if quiet else print

    probe = subprocess.run([python, "-c", "import pygbag; print(pygbag.VERSION)"], capture_output=True, text=True,
                           timeout=60)
    if probe.returncode != 0:
        raise BuildError(f"pygbag is not installed for {python}: "
                         f"run `{python} -m pip install pygbag=={PYGBAG_VERSION}` (the project's 'web' extra)")
    if not ICON.is_file() or (not online and not TEMPLATE.is_file()):
        raise BuildError(f"the page template or icon is missing: {TEMPLATE}, {ICON}")

    started = time.monotonic()
    files = stage(root, stage_dir)
    say(f"staged {len(files)} files in {stage_dir}")

    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    if not online:
        # belt and braces: should anything still try the network, fail instead of waiting
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            env[var] = "http://127.0.0.1:9"
        env["no_proxy"] = env["NO_PROXY"] = ""
    cmd = _pygbag_command(python, stage_dir, online=online, cdn=cdn, optimize=optimize, ume_block=ume_block)
    log_path = stage_parent / "pygbag.log"
    # run beside the app folder: pygbag reads a pygbag.ini from its working directory
    code = _run(cmd, stage_parent, log_path, timeout, env)
    produced = stage_dir / "build" / "web"
    if code != 0:
        raise BuildError(f"pygbag exited with {code}; last lines of {log_path}:\n{_tail(log_path)}")
    absent = [name for name in PUBLISHED if not (produced / name).is_file()]
    if absent:
        hint = "\n(--online needs pygbag's CDN; without network, build offline)" if online else ""
        raise BuildError(
            f"pygbag wrote no {', '.join(absent)} in {produced}; log {log_path}:\n{_tail(log_path)}{hint}"
        )

    words = page_words(root)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in PUBLISHED:
        shutil.copy2(produced / name, out / name)
    index = fill_page((out / "index.html").read_text(encoding="utf-8"), words, packages,
                      page_fonts(root))
    temp = out / "index.html.tmp"
    temp.write_text(index, encoding="utf-8")
    os.replace(temp, out / "index.html")
    if f"{APP_NAME}.apk" not in index:
        raise BuildError(f"{out / 'index.html'} does not load {APP_NAME}.apk")

    web_zip = None
    if make_zip:
        web_zip = out.with_name(out.name + ".zip")
        web_zip.unlink(missing_ok=True)
        with zipfile.ZipFile(web_zip, "w", compression=zipfile.ZIP_STORED) as zf:
            for name in PUBLISHED:
                zf.write(out / name, name)

    apk = out / f"{APP_NAME}.apk"
    with zipfile.ZipFile(apk) as zf:
        apk_entries = sum(1 for info in zf.infolist() if not info.is_dir())
    summary = {
        "apk_entries": apk_entries,
        "page_bytes": (out / "index.html").stat().st_size + (out / "favicon.png").stat().st_size,
        "out": out,
        "apk": apk,
        "apk_bytes": apk.stat().st_size,
        "files": len(files),
        "seconds": time.monotonic() - started,
        "online": online,
        "zip": web_zip,
        "log": log_path,
    }
    say(f"built {out}: {', '.join(PUBLISHED)}")
    say(f"{apk.name}: {summary['apk_bytes']:,} bytes ({len(files)} files) in {summary['seconds']:.1f} s"
        f" ({'online template' if online else 'offline, local template'})")
    if web_zip:
        say(f"itch.io upload: {web_zip} ({web_zip.stat().st_size:,} bytes)")
    say("serve it over http to try it, e.g. `python -m http.server -d build/web 8000`")
    return summary


DOC = ROOT / "docs" / "web.md"
DOC_BEGIN = "<!-- web-figures: written by `python -m tools.build_web --doc`; do not edit by hand -->"
DOC_END = "<!-- /web-figures -->"


def doc_figures(summary: dict) -> str:
    """The docs/web.md table rows that quote the build's sizes (checked by the tests)."""
    kb = lambda n: f"{n / 1000:,.0f} KB"  # noqa: E731
    return "\n".join([
        "| part | size | from |",
        "| --- | --- | --- |",
        f"| `{APP_NAME}.apk` (the game: code, rules, story, locales, subset fonts, sounds) "
        f"| **{kb(summary['apk_bytes'])}**, {summary['apk_entries']} files | our server |",
        f"| `index.html` + `favicon.png` | {kb(summary['page_bytes'])} | our server |",
    ])


def doc_block(text: str) -> str | None:
    """What stands between the markers in docs/web.md, or None without them."""
    if DOC_BEGIN not in text or DOC_END not in text:
        return None
    return text.split(DOC_BEGIN, 1)[1].split(DOC_END, 1)[0].strip("\n")


def update_doc(summary: dict, path: Path = DOC) -> bool:
    """Rewrite the figures in docs/web.md from this build; True when they changed."""
    text = path.read_text(encoding="utf-8")
    old = doc_block(text)
    if old is None:
        raise BuildError(f"{path}: the markers {DOC_BEGIN} ... {DOC_END} are missing")
    new = doc_figures(summary)
    if old == new:
        return False
    head, rest = text.split(DOC_BEGIN, 1)
    tail = rest.split(DOC_END, 1)[1]
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(f"{head}{DOC_BEGIN}\n{new}\n{DOC_END}{tail}", encoding="utf-8")
    os.replace(temp, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build_web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--online", action="store_true",
                        help="use pygbag's maintained page template from its CDN (needs network)")
    parser.add_argument("--zip", action="store_true", help="also write build/web.zip for itch.io")
    parser.add_argument("--doc", action="store_true",
                        help="also write this build's sizes into docs/web.md (the tests compare them)")
    parser.add_argument("--optimize", action="store_true",
                        help="let pygbag run pngquant/ffmpeg on assets when installed (off: reproducible builds)")
    parser.add_argument("--ume-block", type=int, choices=(0, 1), default=1,
                        help="1 (default): the page waits for a click before the game starts, so sound works")
    parser.add_argument("--cdn", help="runtime address written into the page (default: pygbag's CDN)")
    parser.add_argument("--packages", help="where the runtime finds its package index and wheels (default: "
                                           "pygbag's site); see tools/mirror_runtime.py")
    parser.add_argument("--out", type=Path, help="output folder (default: build/web)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder to build from")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before pygbag is stopped")
    parser.add_argument("--python", help="interpreter that has pygbag installed (default: this one)")
    args = parser.parse_args(argv)
    try:
        summary = build(root=args.root, out=args.out, online=args.online, cdn=args.cdn, packages=args.packages,
                        optimize=args.optimize,
                        ume_block=args.ume_block, timeout=args.timeout, python=args.python, make_zip=args.zip)
        if args.doc:
            changed = update_doc(summary)
            print(f"{DOC}: {'figures updated' if changed else 'figures already match this build'}")
    except BuildError as exc:
        print(f"build_web: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
