#!/usr/bin/env python3
"""What a browser sees of a large session, for the scale benchmark
(`JURY_BROWSER_BENCH=1 cargo bench -p tests --bench scale` starts it with the
application running):

- the certifier's deliberation page in headless Chromium: load time, DOM nodes,
  bytes on the wire (median of 5 loads);
- the jury member's grading sheet on a throttled line (1,6 Mbit/s each way, 170 ms
  latency), first with an empty cache, then warm: time to interactive (the bundle's
  `jury-interactive` performance mark, set once its islands are hydrated) and bytes
  on the wire.

Environment: JURY_BASE (http://127.0.0.1:port), JURY_CERTIFIER_COOKIE and
JURY_JUROR_COOKIE (`jury_session=…`), JURY_DELIBERATION and JURY_SHEET (paths);
optional JURY_SHOTS, a folder where the deliberation is saved as PNG at desktop and
phone width.
Needs `pip install selenium` and Chromium with its driver (Debian: chromium,
chromium-driver).
"""

import os
import statistics
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["JURY_BASE"].rstrip("/")


def browser():
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--window-size=1280,1000")
    return webdriver.Chrome(options=options)


def log_in(driver, cookie):
    name, value = cookie.split("=", 1)
    driver.get(BASE + "/connexion")
    driver.add_cookie({"name": name, "value": value, "path": "/"})


def wire_bytes(driver):
    return driver.execute_script(
        """
        const nav = performance.getEntriesByType('navigation')[0];
        return nav.transferSize + performance.getEntriesByType('resource')
            .reduce((sum, r) => sum + r.transferSize, 0);
        """
    )


def deliberation():
    driver = browser()
    try:
        log_in(driver, os.environ["JURY_CERTIFIER_COOKIE"])
        path = os.environ["JURY_DELIBERATION"]
        loads, nodes, sizes = [], 0, []
        for _ in range(5):
            driver.get(BASE + path)
            timing = driver.execute_script(
                """
                const nav = performance.getEntriesByType('navigation')[0];
                return [nav.loadEventEnd, document.getElementsByTagName('*').length];
                """
            )
            loads.append(timing[0])
            nodes = timing[1]
            sizes.append(wire_bytes(driver))
        assert "Délibération" in driver.title, driver.title
        # What the certifier sees, on a desktop and at phone width (JURY_SHOTS: a folder).
        shots = os.environ.get("JURY_SHOTS")
        if shots:
            driver.save_screenshot(os.path.join(shots, "deliberation-desktop.png"))
            driver.set_window_size(390, 1400)
            driver.get(BASE + path)
            driver.save_screenshot(os.path.join(shots, "deliberation-phone.png"))
        print(
            f"Chromium, {path}: load {statistics.median(loads):.0f} ms (median of 5), "
            f"{nodes} DOM nodes, {statistics.median(sizes)} bytes on the wire"
        )
    finally:
        driver.quit()


def interactive(driver, url):
    """Loads the page; milliseconds from navigation to the islands' hydration."""
    driver.get(url)
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script(
            "return performance.getEntriesByName('jury-interactive').length > 0"
        )
    )
    return driver.execute_script(
        "return performance.getEntriesByName('jury-interactive')[0].startTime"
    )


def sheet():
    driver = browser()
    try:
        log_in(driver, os.environ["JURY_JUROR_COOKIE"])
        url = BASE + os.environ["JURY_SHEET"]
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.set_network_conditions(
            offline=False,
            latency=170,
            download_throughput=1_600_000 // 8,
            upload_throughput=1_600_000 // 8,
        )
        cold = interactive(driver, url)
        cold_bytes = wire_bytes(driver)
        # The island answers: typing a mark asks the server for the preview.
        shown = driver.find_element(By.ID, "apercu").text
        field = driver.find_element(By.ID, "note-0")
        field.clear()
        field.send_keys("12")
        started = time.monotonic()
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.ID, "apercu").text != shown
        )
        preview = (time.monotonic() - started) * 1000
        warm = [interactive(driver, url) for _ in range(3)]
        warm_bytes = wire_bytes(driver)
        print(
            f"Chromium at 1,6 Mbit/s and 170 ms, {os.environ['JURY_SHEET']}: "
            f"interactive after {cold:.0f} ms with an empty cache ({cold_bytes} bytes), "
            f"{statistics.median(warm):.0f} ms warm ({warm_bytes} bytes); "
            f"preview shown {preview:.0f} ms after typing (300 ms of it waiting for the typing to stop)"
        )
    finally:
        driver.quit()


deliberation()
sheet()
