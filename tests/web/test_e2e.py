"""End-to-end: headless Debian Chromium (via Playwright) against `flashpoint serve` on the example store.

Skips when chromium or Playwright is missing (`make e2e` installs both). Screenshots go to
artifacts/e2e/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.web.conftest import build_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make e2e)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make e2e)")
SHOTS = ROOT / "artifacts" / "e2e"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    db = build_store(tmp_path_factory.mktemp("e2e"))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url, db
    proc.terminate()
    proc.wait(timeout=10)


def test_dashboard_review_and_reingest(server):
    url, db = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/")
        page.wait_for_selector("body[data-loaded='1']")
        points = page.locator("#points circle").count()
        assert points > 3 and page.locator("#map path.country").count() >= 0
        rows_all = page.locator("#events tbody tr").count()
        page.screenshot(path=str(SHOTS / "1-dashboard.png"), full_page=True)

        page.fill("input[name=country]", "JOR")
        page.evaluate("document.body.dataset.loaded = ''")
        page.click("#filters button[type=submit]")
        page.wait_for_selector("body[data-loaded='1']")
        rows_jor = page.locator("#events tbody tr").count()
        assert 0 < rows_jor < rows_all
        page.screenshot(path=str(SHOTS / "2-filtered.png"), full_page=True)

        page.locator("#events tbody tr a").first.click()
        page.wait_for_selector("body[data-loaded='1']")
        assert page.locator("#sources tbody tr").count() >= 1 and page.locator("#sources mark").count() >= 1
        event_url = page.url
        page.screenshot(path=str(SHOTS / "3-event.png"), full_page=True)

        page.goto(url + "/login")
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", "analyst-pass")
        page.click("#login button")
        page.wait_for_url(url + "/")
        page.goto(event_url)
        page.wait_for_selector("#review:not([hidden])")
        page.select_option("#correct select[name=field]", "injured")
        page.fill("#correct input[name=value]", "41")
        page.fill("#reason", "a later report gives 41 injured")
        page.click("#correct button")
        page.wait_for_selector("#audit li.audit-entry")
        assert "41" in page.locator("dd[data-field=injured]").inner_text()
        assert "ana correct injured" in page.locator("#audit").inner_text()
        page.screenshot(path=str(SHOTS / "4-corrected.png"), full_page=True)

        # re-ingest the same reports and rebuild every event: the correction stays
        cli = [sys.executable, "-m", "flashpoint.cli"]
        subprocess.run([*cli, "ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir()))], check=True,
                       env={**os.environ})
        subprocess.run([*cli, "fuse", "--db", db, "--rebuild"], check=True)
        page.goto(event_url)
        page.wait_for_selector("body[data-loaded='1']")
        assert "41" in page.locator("dd[data-field=injured]").inner_text()
        page.screenshot(path=str(SHOTS / "5-after-reingest.png"), full_page=True)
        browser.close()
