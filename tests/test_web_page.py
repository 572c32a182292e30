"""The built page in a real headless browser, with its runtime out of reach.

pygbag's runtime (pythons.js, CPython wasm, numpy, pygame) comes from pygbag's CDN,
which a museum or school network may block; here there is no network at all. So the
page is served from 127.0.0.1 by a static file server, Chromium is told that every
other host does not exist (and to use a proxy that refuses), and the test checks
what a player on such a network sees: the loading screen, then, within about 20
seconds, the message saying what failed and what to do, in the player's language.

Two cases: the runtime's site cannot be reached at all (a blocked name: the page
knows at once), and it never answers (a black hole: the page waits STALL_SECONDS
with nothing moving). Screenshots go to docs/screenshots/web-loading.png and
web-offline.png. Skipped, in one line, when Chromium, its driver, selenium or
pygbag is missing (.ci/run installs them).
"""

from __future__ import annotations

import http.server
import importlib.util
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import build_web  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
BLOCKED = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
HANG_LIMIT = 90  # seconds a black-holed request is held at most

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("web")]  # one worker builds (shared work folders)


def _browser() -> tuple[str, str] | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (binary, driver) if binary and driver else None


@pytest.fixture(scope="module")
def tools_present():
    found = _browser()
    if found is None:
        pytest.skip("no headless Chromium: `apt-get install chromium chromium-driver` to test the web page")
    if importlib.util.find_spec("selenium") is None:
        pytest.skip("selenium is not installed (the 'test' extra) to drive Chromium")
    if importlib.util.find_spec("pygbag") is None:
        pytest.skip("pygbag is not installed (the 'web' extra): no page to test")
    return found


class _Server:
    """A static file server on 127.0.0.1; paths under /cdn/ are held unanswered."""

    def __init__(self, folder: Path):
        release = self.release = threading.Event()

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self):
                if self.path.startswith("/cdn/"):
                    release.wait(HANG_LIMIT)  # a runtime site that never answers
                    try:
                        self.send_error(504)
                    except OSError:  # the browser has gone
                        pass
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def pages(tools_present, tmp_path_factory):
    """Two builds side by side: the default CDN (blocked) and a black-holed local one."""
    site = tmp_path_factory.mktemp("site")
    build_web.build(out=site / "blocked", quiet=True, timeout=120)
    server = _Server(site)
    build_web.build(out=site / "blackhole", cdn=f"{server.url}cdn/0.9.3/", quiet=True, timeout=120)
    # the same page as if a second locale shipped (only English does, so far)
    page = (site / "blocked" / "index.html").read_text(encoding="utf-8")
    words = build_web.page_words(ROOT)
    two = dict(words, de=SECOND_LOCALE)
    (site / "two-languages").mkdir()
    (site / "two-languages" / "index.html").write_text(
        page.replace(_json_block(words), _json_block(two)), encoding="utf-8")
    # and as if Spanish and Chinese were translated: words that say which they are
    three = dict(words, es={k: f"ES {k} {{host}}" for k in build_web.PAGE_WORDS},
                 **{"zh-hans": {k: f"中文 {k} {{host}}" for k in build_web.PAGE_WORDS}})
    (site / "three-languages").mkdir()
    (site / "three-languages" / "index.html").write_text(
        page.replace(_json_block(words), _json_block(three)), encoding="utf-8")
    yield server
    server.close()


def _start_browser(tools_present, lang: str = "en-US"):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = tools_present
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,720", f"--lang={lang}", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                f"--host-resolver-rules={BLOCKED}",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"):
        options.add_argument(arg)
    # "none": do not wait for the load event, which a silent runtime site holds back
    options.page_load_strategy = "none"
    drv = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    drv.set_page_load_timeout(30)
    return drv


@pytest.fixture()
def browser(tools_present, monkeypatch):
    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium's driver manager must never download
    drv = _start_browser(tools_present)
    yield drv
    drv.quit()


SECOND_LOCALE = {key: f"DE {key} {{host}}" for key in build_web.PAGE_WORDS}


def _json_block(words) -> str:
    import json

    return json.dumps(words, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def _element(drv, element_id: str, wait: float = 10.0):
    from selenium.webdriver.common.by import By

    start = time.monotonic()
    while time.monotonic() - start < wait:
        found = drv.find_elements(By.ID, element_id)
        if found:
            return found[0]
        time.sleep(0.1)
    pytest.fail(f"the page has no #{element_id} after {wait:.0f} s")


def _english():
    return build_web.page_words(ROOT)[build_web.DEFAULT_LANG]


def _offline_text(drv, wait: float) -> tuple[str, float]:
    from selenium.webdriver.common.by import By

    start = time.monotonic()
    while time.monotonic() - start < wait:
        found = drv.find_elements(By.ID, "offline")
        if found and found[0].is_displayed():
            return found[0].text, time.monotonic() - start
        time.sleep(0.25)
    return "", time.monotonic() - start


def _assert_says_what_failed_and_what_to_do(text: str, host: str):
    words = _english()
    assert words["offline_title"] in text
    assert words["offline_what"].replace("{host}", host) in text
    assert words["offline_todo"] in text and words["offline_reload"] in text


def test_a_blocked_runtime_site_gets_the_offline_message_at_once(pages, browser):
    from selenium.webdriver.common.by import By

    started = time.monotonic()
    browser.get(pages.url + "blocked/index.html")
    text, _ = _offline_text(browser, 20)
    took = time.monotonic() - started
    assert text, "no offline message within 20 s with pygbag's CDN blocked"
    _assert_says_what_failed_and_what_to_do(text, "pygame-web.github.io")
    assert took < 20
    assert not browser.find_element(By.ID, "transfer").is_displayed(), "the loading bar gives way to the message"
    assert browser.execute_script("return document.documentElement.lang") == "en"
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "web-offline.png"))


def test_a_silent_runtime_site_shows_loading_then_the_message_within_about_20_s(pages, browser):
    from selenium.webdriver.common.by import By

    started = time.monotonic()
    browser.get(pages.url + "blackhole/index.html")
    status = _element(browser, "status")
    _element(browser, "canvas")  # the body has been parsed
    time.sleep(1.0)  # let the page paint
    assert status.is_displayed() and status.text == _english()["loading"]
    assert browser.find_element(By.ID, "progress").is_displayed()
    assert not browser.find_elements(By.ID, "offline")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "web-loading.png"))
    text, _ = _offline_text(browser, build_web.STALL_SECONDS + 10)
    took = time.monotonic() - started
    assert text, f"no offline message {took:.0f} s after the runtime's site stopped answering"
    _assert_says_what_failed_and_what_to_do(text, pages.url.split("/")[2])
    assert build_web.STALL_SECONDS - 1 <= took <= build_web.STALL_SECONDS + 8, took


def test_the_page_keeps_the_elements_the_runtime_reads(pages, browser):
    """pythons.js 0.9.3 looks up canvas, status, progress, html, terminal by id; the
    default template's system, box, info, iframe, dlg are only touched, guarded,
    by its debug() fallback, which runs when custom_onload fails (see docs/web.md)."""
    from selenium.webdriver.common.by import By

    browser.get(pages.url + "blocked/index.html")
    _offline_text(browser, 20)
    for element_id in ("site", "transfer", "status", "progress", "canvas", "html", "pyconsole", "terminal"):
        assert browser.find_elements(By.ID, element_id), element_id
    assert browser.execute_script("return typeof custom_onload") == "function"


def test_the_message_is_in_the_players_language(pages, tools_present, monkeypatch):
    monkeypatch.setenv("SE_OFFLINE", "true")
    for lang, page_lang, expected in (("de-DE", "de", SECOND_LOCALE["offline_title"]),
                                      ("fr-FR", "en", _english()["offline_title"])):  # no French: English
        drv = _start_browser(tools_present, lang)
        try:
            drv.get(pages.url + "two-languages/index.html")
            text, _ = _offline_text(drv, 20)
            assert expected in text, (lang, text)
            assert drv.execute_script("return document.documentElement.lang") == page_lang
        finally:
            drv.quit()


def test_chinese_browsers_get_chinese_and_the_games_saved_choice_wins(pages, tools_present,
                                                                   monkeypatch):
    """navigator.languages "zh-CN" is Simplified Chinese (zh-Hans); a language chosen
    in the game (localStorage "trustworthy:language") wins over the browser's."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    drv = _start_browser(tools_present, "zh-CN")
    try:
        drv.get(pages.url + "three-languages/index.html")
        text, _ = _offline_text(drv, 20)
        assert "中文 offline_title" in text, text
        assert drv.execute_script("return document.documentElement.lang") == "zh-hans"
        drv.execute_script('localStorage.setItem("trustworthy:language", "es")')
        drv.get(pages.url + "three-languages/index.html")
        text, _ = _offline_text(drv, 20)
        assert "ES offline_title" in text, text
        assert drv.execute_script("return document.documentElement.lang") == "es"
    finally:
        drv.quit()
