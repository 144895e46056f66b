"""The dashboard's front end: its unit tests (node's test runner) and what the build must produce."""

from __future__ import annotations

import re
import shutil
import subprocess

from tests.conftest import ROOT

STATIC = ROOT / "flashpoint" / "web" / "static"
BUILD = STATIC / "build"


def test_front_end_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js is needed to build and test the dashboard (make install installs it)"
    r = subprocess.run([node, "--test", "test/"], cwd=ROOT / "web", capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert re.search(r"# pass [1-9]", r.stdout) and "# fail 0" in r.stdout


def test_build_output_is_complete_and_local():
    for name in ("dashboard.js", "event.js", "audit.js", "login.js", "docs.js", "style.css", "swagger-ui-bundle.js",
                 "swagger-ui.css", "world.geojson", "places.json"):
        assert (BUILD / name).is_file(), f"{name} missing: run `make web`"
    for page in STATIC.glob("*.html"):
        text = page.read_text("utf-8")
        assert 'name="viewport"' in text, page.name
        assert not re.search(r"""(src|href)=["'](https?:)?//""", text), f"{page.name} loads something from elsewhere"
        assert "<script>" not in text and " style=" not in text, f"{page.name} has inline script or style (CSP)"
    lock = (ROOT / "web" / "package-lock.json").read_text("utf-8")
    assert '"lockfileVersion": 3' in lock
