"""The projector's dashboard as a real page: a hub process on 127.0.0.1 and Debian's
headless Chromium (selenium), every other host unreachable. Skipped with one line
where selenium, chromium or chromium-driver is missing (.ci/run installs them).

`TRUSTWORTHY_SCREENSHOTS=docs/screenshots` keeps the picture (hub-dashboard.png)."""

import os
import random
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the hub extra is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from game.hub.testing import CODE, PIN, HubProcess, made_up, made_up_answers  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1600,1000", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=DRIVER))
    yield driver
    driver.quit()


@pytest.fixture()
def hub(tmp_path):
    process = HubProcess(tmp_path / "hub.sqlite3", rate=0).start()
    yield process
    process.stop()


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def unlock(driver, pin):
    driver.find_element(By.ID, "code").clear()
    driver.find_element(By.ID, "code").send_keys(CODE)
    driver.find_element(By.ID, "pin").clear()
    driver.find_element(By.ID, "pin").send_keys(pin)
    driver.find_element(By.ID, "open").click()


def test_the_dashboard_shows_the_class_live(hub, browser, english):
    rng = random.Random(13)
    for _ in range(27):
        hub.post(made_up(rng))
    for phase in ("before", "after"):
        for _ in range(24):
            hub.post(made_up_answers(rng, phase), "/api/answers")
    browser.get(hub.url + "/dashboard")
    wait = WebDriverWait(browser, 15)
    wait.until(lambda d: d.title == english.t("hub.title"))
    unlock(browser, "000000")
    wait.until(lambda d: text(d, "problem") == english.t("hub.wrong_pin"))
    assert not browser.find_element(By.ID, "board").is_displayed()

    unlock(browser, PIN)
    wait.until(lambda d: text(d, "runs") == "27")
    assert text(browser, "code-shown") == CODE
    assert not browser.find_element(By.ID, "unlock").is_displayed()
    endings = browser.find_elements(By.CSS_SELECTOR, "#endings li")
    assert sum(int(li.find_element(By.CLASS_NAME, "n").text) for li in endings) == 27
    assert browser.find_elements(By.CSS_SELECTOR, "#splits .split")
    assert english.t("hub.band.bottom") in text(browser, "poll")
    assert english.t("questions.item.fairer") in text(browser, "shift")
    assert "%" in text(browser, "shift")

    hub.post(made_up(rng))  # a pupil finishes: the projector follows without a reload
    wait.until(lambda d: text(d, "runs") == "28")
    keep = os.environ.get("TRUSTWORTHY_SCREENSHOTS")
    if keep:
        browser.set_window_size(1600, 2400)
        browser.save_screenshot(str(Path(keep) / "hub-dashboard.png"))
