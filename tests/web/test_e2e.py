"""End-to-end: a correction made in the dashboard survives re-ingesting the same reports and a full rebuild.

Headless Debian Chromium (via Playwright) against `flashpoint serve` on the example store. Skips when chromium
or Playwright is missing (`make e2e` installs both). Screenshots go to artifacts/e2e/. The dashboard's other
browser tests are in test_e2e_dashboard.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES
from tests.web.conftest import build_store
from tests.web.e2e_support import ARGS, CHROMIUM, loaded, serve, shot

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make e2e)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make e2e)")


def test_dashboard_review_and_reingest(tmp_path):
    db = build_store(tmp_path)
    with serve(db) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/")
        loaded(page)
        rows_all = page.locator("#events tbody tr").count()
        assert rows_all > 3
        page.fill("#filters input[name=country]", "JOR")
        page.evaluate("document.body.dataset.loaded = ''")
        page.click("#filters button[type=submit]")
        loaded(page)
        rows_jor = page.locator("#events tbody tr").count()
        assert 0 < rows_jor < rows_all
        shot(page, "1-filtered")
        page.locator("#events tbody tr td[data-col=date] a").first.click()
        loaded(page)
        assert page.locator("#sources tbody tr").count() >= 1 and page.locator("#sources mark").count() >= 1
        event_url = page.url
        page.goto(url + "/login")
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", "analyst-pass")
        page.click("#login button")
        page.wait_for_url(url + "/")
        page.goto(event_url)
        loaded(page)
        page.click("button[data-edit=injured]")
        editor = page.locator("form.editor[data-field=injured]")
        editor.locator("select[name=kind]").select_option("exact")
        editor.locator("input[name=low]").fill("41")
        editor.locator("input[name=reason]").fill("a later report gives 41 injured")
        page.evaluate("document.body.dataset.loaded = ''")
        editor.locator("button[type=submit]").click()
        loaded(page)
        assert page.locator("tr[data-field=injured] td.value").inner_text().startswith("41")
        assert "ana · correct injured" in page.inner_text("#audit")
        shot(page, "2-corrected")

        # re-ingest the same reports and rebuild every event: the correction stays
        cli = [sys.executable, "-m", "flashpoint.cli"]
        subprocess.run([*cli, "ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir()))], check=True,
                       env={**os.environ})
        subprocess.run([*cli, "fuse", "--db", db, "--rebuild"], check=True)
        page.goto(event_url)
        loaded(page)
        assert page.locator("tr[data-field=injured] td.value").inner_text().startswith("41")
        shot(page, "3-after-reingest")
        browser.close()
