"""The dashboard in headless Chromium (Debian's, through Playwright) against `flashpoint serve`.

On the example store (every point of the dashboard: map zoom and clusters, the period brush, sorting, URL
state, typed review with a reason, the audit page, 390 px phones, private and error states, local API docs)
and on a generated store (bench/bigstore.py: 3,000 events here; `make e2e` sets FLASHPOINT_E2E_BIG=100000),
where paging, binned timelines and the first paint are measured. Screenshots and figures go to artifacts/e2e/.
Skips when Chromium or Playwright is missing (`make e2e` installs both).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen

import pytest

from tests.web.conftest import build_store
from tests.web.e2e_support import (
    ARGS,
    CHROMIUM,
    SERVERS,
    big_store,
    big_store_size,
    cpu_seconds,
    loaded,
    map_loads,
    record_metric,
    serve,
    shot,
    wait_js,
    wait_map_reload,
)

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make e2e)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make e2e)")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("e2e-dash"))


@pytest.fixture(scope="module")
def demo(demo_db: str) -> Iterator[str]:
    with serve(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.errors.append(m.text) if "Content Security Policy" in m.text else None)  # type: ignore[attr-defined]
    yield pg
    assert not pg.errors, pg.errors  # type: ignore[attr-defined]
    ctx.close()


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def table_total(page: Any) -> int:
    return int(re.sub(r"\D", "", page.inner_text("#count")) or 0)


def reload_wait(page: Any, action: Any) -> None:
    page.evaluate("document.body.dataset.loaded = ''")
    action()
    loaded(page)


def test_map_fits_the_data_zooms_and_clusters(demo, page):
    page.goto(demo + "/")
    loaded(page)
    meta = page.evaluate("fetch('/api/dash/meta').then(r => r.json())")
    legend = page.inner_text(".map-legend")
    assert all(s["label"] in legend for s in meta["profile"]["sides"])  # the profile's sides, not hard-coded ones
    assert page.locator("#map path.country").count() > 100  # offline outlines of the whole world
    assert page.locator(".place-label").count() > 0
    clusters = page.locator(".cluster-dot")
    assert clusters.count() >= 2 and page.locator(".cluster-dot.country-level").count() >= 1
    counts = [int(n) for n in page.eval_on_selector_all(".cluster-dot", "els => els.map(e => e.dataset.n)")]
    singles = page.locator("path.ev-marker").count()
    assert sum(counts) + singles + int(re.sub(r"\D", "", page.inner_text(".unmapped") or "0") or 0) == table_total(page)
    zoom0 = int(page.get_attribute("#map", "data-zoom"))
    inside = page.evaluate("""() => { const m = document.querySelector('#map').getBoundingClientRect();
        return [...document.querySelectorAll('.cluster-dot, path.ev-marker')].every(e => {
          const b = e.getBoundingClientRect(); const x = b.x + b.width / 2, y = b.y + b.height / 2;
          return x >= m.left && x <= m.right && y >= m.top && y <= m.bottom; }) }""")
    assert inside  # fitted to the events
    shot(page, "dash-1-desktop")
    # a click on a cluster of places zooms into it; its events come apart
    biggest = page.eval_on_selector_all(".cluster-dot:not(.country-level)", """els => {
        els.sort((a, b) => b.dataset.n - a.dataset.n); return els.length ? Number(els[0].dataset.n) : 0 }""")
    before = map_loads(page)
    page.locator(".cluster-dot:not(.country-level)").filter(has_text=str(biggest)).first.click()
    wait_map_reload(page, before)
    zoom1 = int(page.get_attribute("#map", "data-zoom"))
    popup = page.locator(".popup-list")
    if zoom1 == zoom0:  # every event of the cluster is at one spot: it lists them instead
        popup.locator("li").first.wait_for()
        assert popup.locator("li").count() == min(biggest, 20)
    else:
        assert zoom1 > zoom0
        after = page.eval_on_selector_all(".cluster-dot:not(.country-level)", "els => els.map(e => Number(e.dataset.n))")
        assert max(after or [0]) < biggest or page.locator("path.ev-marker").count() > singles
    assert "map=" in page.url
    # the zoom buttons work too
    before = map_loads(page)
    page.click(".leaflet-control-zoom-out")
    wait_map_reload(page, before)
    assert int(page.get_attribute("#map", "data-zoom")) < max(zoom0, zoom1)
    # a country-level cluster lists its events with their precision
    page.locator(".leaflet-marker-icon:has(.cluster-dot.country-level)").first.dispatch_event("click")
    page.locator(".popup-list li").first.wait_for()
    assert "known only to" in page.inner_text(".popup-list")
    shot(page, "dash-2-map-zoomed")


def test_brush_filters_everything_and_download_matches(demo, page):
    page.goto(demo + "/")
    loaded(page)
    total = table_total(page)
    overlay = page.locator("#overview .brush .overlay").bounding_box()
    assert overlay
    y = overlay["y"] + overlay["height"] / 2
    page.evaluate("document.body.dataset.loaded = ''")
    page.mouse.move(overlay["x"] + overlay["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(overlay["x"] + overlay["width"] * 0.75, y, steps=8)
    page.mouse.move(overlay["x"] + overlay["width"] * 0.99, y, steps=8)
    page.mouse.up()
    loaded(page)
    q = query(page)
    since, until = q["since"][0], q["until"][0]
    assert since < until
    brushed = table_total(page)
    assert 0 < brushed < total
    dates = [d for d in page.eval_on_selector_all("#events td[data-col=date]", "els => els.map(e => e.innerText)")]
    assert all(since <= d.lstrip("≈")[:10] <= until for d in dates if d[:1].isdigit() or d.startswith("≈"))
    # the map, the timeline and the download follow the period
    map_total = page.evaluate(f"fetch('/api/dash/map?zoom=2&since={since}&until={until}').then(r => r.json())")
    assert map_total["total"] + map_total["unmapped"] == brushed
    timeline_ids = page.eval_on_selector_all("#timeline g.mark", "els => els.map(e => e.dataset.id)")
    assert timeline_ids and len(timeline_ids) <= brushed
    csv_href = page.get_attribute("#csv", "href")
    assert f"since={since}" in csv_href and f"until={until}" in csv_href
    csv = page.evaluate(f"fetch('{csv_href}').then(r => r.text())")
    assert len([ln for ln in csv.splitlines()[1:] if ln.startswith("ev-")]) == brushed
    assert since in page.inner_text("#period")
    shot(page, "dash-3-brushed")
    reload_wait(page, lambda: page.click("#clear-period"))
    assert table_total(page) == total and "since" not in query(page)


def test_sorting_and_url_state_round_trip(demo, page, browser):
    page.goto(demo + "/")
    loaded(page)
    first_dates = page.eval_on_selector_all("#events td[data-col=date]", "els => els.map(e => e.innerText)")
    dated = [d.lstrip("≈") for d in first_dates if d[:1].isdigit() or d.startswith("≈")]
    assert dated == sorted(dated, reverse=True)  # newest first
    page.click("th[data-col=killed] button")
    wait_js(page, "location.search.includes('sort=killed')")
    page.wait_for_selector("th[data-col=killed][aria-sort=descending]")
    wait_js(page, "!document.querySelector('#events').hasAttribute('aria-busy')")
    killed = page.eval_on_selector_all("#events td[data-col=killed]", "els => els.map(e => e.innerText)")
    best = [int(re.match(r"≥?(\d+)", k).group(1)) for k in killed if re.match(r"≥?\d", k)]
    assert best and best == sorted(best, reverse=True)
    # filters, sort, columns and the selected event in the URL
    page.fill("#filters input[name=q]", "Tower 22")
    reload_wait(page, lambda: page.click("#filters button[type=submit]"))
    page.locator("details.columns summary").click()
    page.locator("#columns input[value=mode]").check()
    page.wait_for_selector("#events th[data-col=mode]")
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#open-event")
    url = page.url
    q = query(page)
    assert q["q"] == ["Tower 22"] and q["sort"] == ["killed"] and "mode" in q["cols"][0] and q["event"]
    shot(page, "dash-4-url-state")
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    other.goto(url)
    loaded(other)
    assert other.input_value("#filters input[name=q]") == "Tower 22"
    assert other.get_attribute("th[data-col=killed]", "aria-sort") == "descending"
    assert other.locator("#events th[data-col=mode]").count() == 1
    assert other.locator("#open-event").count() == 1
    assert other.locator("#events tr.selected").count() == 1
    assert query(other)["map"] == q["map"]
    other.close()
    # back in history: the filter goes away again
    reload_wait(page, lambda: page.go_back())
    reload_wait(page, lambda: page.go_back())
    reload_wait(page, lambda: page.go_back())
    assert "q" not in query(page) and page.input_value("#filters input[name=q]") == ""


def test_empty_error_and_login_states(demo, page, demo_db):
    page.goto(demo + "/?q=zzqqxxnothing")
    loaded(page)
    assert page.locator(".notice.empty").is_visible() and "No events match" in page.inner_text(".notice.empty")
    shot(page, "dash-5-empty")
    reload_wait(page, lambda: page.click(".notice.empty button"))
    assert table_total(page) > 0
    page.goto(demo + "/?type=ATTACK")
    page.wait_for_selector("body[data-loaded='error']")
    err = page.inner_text(".notice.error")
    assert "ATTACK" in err and "ASSAULT" in err  # the API's message and its fix
    shot(page, "dash-6-error")
    with serve(demo_db, "--private") as private:
        page.goto(private + "/")
        page.wait_for_selector(".notice.login")
        assert "Log in to read" in page.inner_text(".notice.login")
        shot(page, "dash-7-private")
        page.click(".notice.login a")
        page.fill("input[name=username]", "vic")
        page.fill("input[name=password]", "viewer-pass")
        page.click("#login button")
        loaded(page)
        assert table_total(page) > 0 and "vic" in page.inner_text("#who")


def test_typed_review_with_reason_and_audit_page(demo, page):
    page.goto(demo + "/login?next=/")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "analyst-pass")
    page.click("#login button")
    loaded(page)
    assert "ana (analyst)" in page.inner_text("#who")
    page.fill("#filters input[name=q]", "Tower 22")
    reload_wait(page, lambda: page.click("#filters button[type=submit]"))
    page.locator("#events tbody tr td[data-col=date] a").first.click()
    loaded(page)
    # a figure: typed editor, reason required, the machine value beside the correction
    page.click("button[data-edit=injured]")
    editor = page.locator("form.editor[data-field=injured]")
    editor.locator("select[name=kind]").select_option("range")
    editor.locator("input[name=low]").fill("30")
    editor.locator("input[name=high]").fill("41")
    assert editor.locator("button[type=submit]").is_disabled()  # no reason yet
    editor.locator("input[name=reason]").fill("a later ministry statement gives 30 to 41")
    assert editor.locator("button[type=submit]").is_enabled()
    shot(page, "dash-8-editor")
    page.evaluate("document.body.dataset.loaded = ''")
    editor.locator("button[type=submit]").click()
    loaded(page)
    row = page.locator("table.fields tr[data-field=injured]")
    assert row.locator("td.value").inner_text().startswith("30 (30–41)")
    assert row.locator("td.machine").inner_text() != ""
    # a bad value gets the server's reason and fix, nothing is saved
    page.click("button[data-edit=country]")
    ed = page.locator("form.editor[data-field=country]")
    ed.locator("input[name=value]").fill("Atlantis")
    ed.locator("input[name=reason]").fill("testing a wrong value")
    ed.locator("button[type=submit]").click()
    page.wait_for_selector("form.editor[data-field=country] .msg.error")
    assert "Atlantis" in ed.locator(".msg").inner_text()
    # the place with the map pin: a click on the map sets latitude and longitude
    page.click("button[data-edit=position]")
    pin = page.locator("form.editor[data-field=position]")
    wait_js(page, "document.querySelectorAll('.pin-map path.country').length > 100")
    box = pin.locator(".pin-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6)
    lat = float(pin.locator("input[name=latitude]").input_value())
    pin.locator("input[name=reason]").fill("the base is west of the reported town")
    page.evaluate("document.body.dataset.loaded = ''")
    pin.locator("button[type=submit]").click()
    loaded(page)
    assert str(round(lat, 2))[:5] in page.locator("tr[data-field=position] td.value").inner_text()
    # an actor from the profile's list
    page.click("button[data-edit=actor]")
    act = page.locator("form.editor[data-field=actor]")
    options = page.eval_on_selector_all("#actors option", "els => els.map(e => e.value)")
    assert "Kata'ib Hezbollah" in options
    act.locator("input[name=value]").fill("Kata'ib Hezbollah")
    act.locator("input[name=reason]").fill("the group claimed it the next day")
    page.evaluate("document.body.dataset.loaded = ''")
    act.locator("button[type=submit]").click()
    loaded(page)
    assert page.locator("tr[data-field=actor] td.value").inner_text() == "Kata'ib Hezbollah"
    # decisions: a reason is required, then confirm and reopen
    page.fill("#reason", "")
    page.click("#confirm")
    assert "reason" in page.inner_text("#review-msg")
    page.fill("#reason", "checked against three reports")
    page.evaluate("document.body.dataset.loaded = ''")
    page.click("#confirm")
    loaded(page)
    assert page.inner_text("#status") == "corrected" and page.locator("#reopen").count() == 1
    audit = page.inner_text("#audit")
    assert "ana · correct injured" in audit and "a later ministry statement gives 30 to 41" in audit
    shot(page, "dash-9-reviewed")
    # the audit page: paged, filtered, in the URL
    page.goto(demo + "/audit")
    loaded(page)
    assert page.locator("tr.audit-row").count() >= 5
    page.select_option("#audit-filters select[name=field]", "injured")
    page.evaluate("document.body.dataset.loaded = ''")
    page.click("#audit-filters button[type=submit]")
    loaded(page)
    assert "field=injured" in page.url and page.locator("tr.audit-row").count() == 1
    assert "30–41" in page.inner_text("tr.audit-row td.after")
    shot(page, "dash-10-audit")
    # log out: the header offers to log in again, the audit page asks for it
    page.click("#logout")
    page.wait_for_selector("#login-link")
    page.goto(demo + "/audit")
    page.wait_for_selector(".notice.login")


def test_phone_layout_at_390px(demo, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    page.goto(demo + "/")
    loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling of the page
    assert page.evaluate("getComputedStyle(document.querySelector('main.grid')).gridTemplateColumns.split(' ').length") == 1
    label = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#timeline .row-label')).fontSize)")
    assert label >= 11
    svg_w = page.evaluate("document.querySelector('#timeline svg').getBoundingClientRect().width")
    assert 300 <= svg_w <= 390
    assert page.locator("#events thead th").count() == 4  # phone columns; more from "columns"
    cell = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#events td')).fontSize)")
    assert cell >= 13
    map_box = page.locator("#map").bounding_box()
    assert map_box and map_box["width"] <= 390 and map_box["height"] >= 250
    buttons = page.eval_on_selector_all(".pager button", "els => els.map(e => e.getBoundingClientRect().height)")
    assert min(buttons) >= 30  # tap targets
    shot(page, "dash-11-phone")
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#open-event")
    page.click("#open-event")
    loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "dash-12-phone-event")
    ctx.close()


def test_api_docs_render_from_local_files(demo, page):
    page.goto(demo + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert "/api/dash/map" in page.inner_text(".swagger-ui")
    shot(page, "dash-13-api-docs", full_page=False)


def test_hostile_text_is_inert(demo, page):
    page.goto(demo + "/?q=Falcon")
    loaded(page)
    page.locator("#events tbody tr td[data-col=date] a").first.click()
    loaded(page)
    assert page.locator("script:not([src])").count() == 0
    assert "<script>" in page.inner_text("#sources")  # shown as text
    # a 2 MB unbroken string in a report wraps inside its cell instead of widening the page
    page.evaluate("document.querySelector('#sources td.sentence span').append('x'.repeat(2000000))")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400


# -- a generated store: bench/bigstore.py ------------------------------------------------------------------
@pytest.fixture(scope="module")
def big() -> Iterator[tuple[str, int, str]]:
    db = big_store()
    with serve(str(db)) as url:
        yield url, big_store_size(), str(db)


def measure_first_paint(browser: Any, db: str, n: int) -> None:
    """The dashboard's first paint on a freshly started server (cold: nothing of the dashboard asked of this
    process yet; the OS file cache as it is), in two cases: "after_change", nothing kept in the store and no
    background refresh (FLASHPOINT_FIRST_SCREEN_EVERY=0): every answer computed when asked, as for the first
    visitor right after an ingest or a review; "restart": the answers the first server kept. Then warm (the
    first server again). Per call: milliseconds from the request to the end of its answer, in the browser."""
    from flashpoint.store import open_store
    from flashpoint.store.answers import AnswerStore

    store = open_store(db)
    AnswerStore(store.engine).clear()
    store.engine.dispose()
    load = [os.getloadavg()[0]]
    for case, env in (("after_change", {"FLASHPOINT_FIRST_SCREEN_EVERY": "0"}), ("restart", {})):
        with serve(db, env=env) as url:
            urlopen(url + "/api/openapi.json").read()  # the server is up; nothing of the dashboard asked yet
            server = SERVERS[url]
            cpu = cpu_seconds(server)
            cold, calls = first_paint(browser, url + "/")
            record_metric(f"first_paint_ms_{n}_events_cold_{case}", round(cold))
            record_metric(f"first_paint_calls_ms_{n}_events_cold_{case}", calls)
            # the server's own work for the cold first paint, whatever else the machine is doing
            record_metric(f"first_paint_server_cpu_ms_{n}_events_cold_{case}", round((cpu_seconds(server) - cpu) * 1000))
            if case == "after_change":
                wait_for_reciprocity(url)
                warm, _ = first_paint(browser, url + "/")
                record_metric(f"first_paint_ms_{n}_events_warm", round(warm))
        load.append(os.getloadavg()[0])
    record_metric(f"load_average_during_first_paint_{n}_events", [round(x, 2) for x in load])


def wait_for_reciprocity(url: str) -> None:
    """Let the answers still being computed after the first paint (reciprocity) finish, so the warm figure
    is the page's own."""
    urlopen(url + "/api/dash/reciprocity?", timeout=120).read()


def test_big_store_first_paint_paging_and_bins(big, page, browser):
    url, n, db = big
    measure_first_paint(browser, db, n)
    page.goto(url + "/")
    loaded(page)
    total = table_total(page)
    assert total >= n * 0.95
    assert page.get_attribute("#timeline", "data-mode") == "bins"  # aggregated on the server
    assert page.locator("#timeline rect.bin.act").count() > 20 and page.locator("#timeline rect.bin.statement").count() > 0
    assert page.locator("#timeline path.link").count() > 0  # stated retaliations, counted per pair of bins
    counts = page.eval_on_selector_all(".cluster-dot", "els => els.map(e => Number(e.dataset.n))")
    assert sum(counts) + page.locator("path.ev-marker").count() > total * 0.5
    shot(page, f"big-{n}-1-dashboard")
    # paging through the whole set, newest first
    page.click("button[data-page=last]")
    wait_js(page, "location.search.includes('page=')")
    wait_js(page, "!document.querySelector('#events').hasAttribute('aria-busy')")
    rng = page.inner_text("#page-range")
    assert rng.endswith(f"of {total:,}") and f"–{total:,} " in rng + " "
    page.click("button[data-page=first]")
    wait_js(page, "!location.search.includes('page=')")
    wait_js(page, "!document.querySelector('#events').hasAttribute('aria-busy')")
    newest = page.inner_text("#events tbody tr:first-child td[data-col=date]")
    meta = page.evaluate("fetch('/api/dash/meta').then(r => r.json())")
    assert newest.lstrip("≈").startswith(meta["last"])
    # a short period: the events themselves, with their links
    import datetime as dt

    since = (dt.date.fromisoformat(meta["last"]) - dt.timedelta(days=6)).isoformat()
    reload_wait(page, lambda: page.goto(url + f"/?since={since}&until={meta['last']}"))
    assert page.get_attribute("#timeline", "data-mode") == "events"
    assert page.locator("#timeline g.mark").count() > 10
    shot(page, f"big-{n}-2-one-month")


def first_paint(browser: Any, url: str) -> tuple[float, dict[str, int]]:
    """(milliseconds from navigation to the dashboard drawn with its data (map, timeline, table), the API
    calls made until then with each one's milliseconds from request to the end of its answer)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    t0 = time.perf_counter()
    pg.goto(url)
    loaded(pg, timeout=120_000)
    wall = (time.perf_counter() - t0) * 1000
    inside = pg.evaluate("window.fpFirstPaint")
    calls = pg.evaluate("""(end => Object.fromEntries(performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/api/') && e.responseEnd <= end)
        .map(e => [e.name.replace(location.origin, '').split('&south')[0], Math.round(e.responseEnd - e.startTime)])))
        (window.fpFirstPaint || 1e9)""")
    ctx.close()
    return float(inside or wall), calls


def test_split_and_merge_from_the_event_page(demo_db, browser):
    with serve(demo_db) as url:  # a server of its own: the events it rebuilds do not disturb the other tests
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/login?next=/?q=Tower%2022%26min_sources=2")
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", "analyst-pass")
        page.click("#login button")
        loaded(page)
        page.goto(url + "/?q=Tower%2022&min_sources=2")
        loaded(page)
        page.locator("#events tbody tr td[data-col=date] a").first.click()
        loaded(page)
        sources = page.locator("#sources tbody tr").count()  # the example reports that tell the act
        assert sources >= 2
        page.fill("#reason", "the second report describes a different strike")
        page.evaluate("document.body.dataset.loaded = ''")
        page.locator("#sources tbody tr button.split").last.click()
        loaded(page)
        assert page.locator("#sources tbody tr").count() == sources - 1
        here = page.url.split("?")[0].rsplit("/", 1)[1]
        assert "split" in page.inner_text("#audit")
        page.goto(url + "/?q=Tower%2022")
        loaded(page)
        ids = page.eval_on_selector_all("#events tbody tr", "els => els.map(e => e.dataset.id)")
        others = [i for i in ids if i != here]
        assert here in ids and others  # the report split off is an event of its own
        other = others[0]
        page.goto(url + f"/event/{other}")
        loaded(page)
        page.click("details.merge summary")
        page.fill("#merge-search", "Tower 22")
        page.locator(".merge-results button", has_text=here).wait_for()  # back into the event it was split from
        page.locator(".merge-results button", has_text=here).click()
        assert page.input_value("#merge-id") == here
        page.fill("#reason", "the same strike after all")
        page.evaluate("document.body.dataset.loaded = ''")
        page.click("#merge")
        loaded(page)
        assert page.locator("#sources tbody tr").count() == sources
        logged = page.evaluate("fetch('/api/dash/audit?action=merge').then(r => r.json())")
        assert logged["total"] == 1 and logged["items"][0]["reason"] == "the same strike after all"
        shot(page, "dash-14-merged")
        page.close()
