"""Shared by the browser tests: a `flashpoint serve` process, Debian's Chromium through Playwright, screenshots."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "artifacts" / "e2e"
# Chromium on a machine with no outside network: nothing in the background tries to reach it.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVERS: dict[str, int] = {}  # URL -> the server's process id


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serve(db: str, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`flashpoint serve` on a free port (the URL), stopped afterwards; `env`: more environment variables."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", db, "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {proc.stdout.read().decode() if proc.stdout else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        SERVERS[f"http://127.0.0.1:{port}"] = proc.pid
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def shot(page: Any, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def loaded(page: Any, timeout: float = 60_000) -> None:
    page.wait_for_selector("body[data-loaded='1']", timeout=timeout)


def map_loads(page: Any) -> int:
    return int(page.get_attribute("#map", "data-loads") or 0)


def wait_js(page: Any, expression: str, timeout: float = 30_000) -> Any:
    """Poll a JavaScript expression until it is truthy (page.wait_for_function evaluates strings with eval,
    which the app's CSP rightly refuses)."""
    end = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError(f"still false after {timeout / 1000:.0f} s: {expression}")
        time.sleep(0.05)


def wait_map_reload(page: Any, before: int, timeout: float = 30_000) -> None:
    wait_js(page, f"Number(document.querySelector('#map').dataset.loads || 0) > {before}", timeout)


def record_metric(name: str, value: Any) -> None:
    """Figures measured by the browser tests, in artifacts/e2e/metrics.json."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "metrics.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = value
    path.write_text(json.dumps(data, indent=2, sort_keys=True))


def big_store_size() -> int:
    """Events in the generated store the scale tests use: FLASHPOINT_E2E_BIG (make e2e: 100,000), else 3,000."""
    return int(os.environ.get("FLASHPOINT_E2E_BIG") or 3000)


def big_store() -> Path:
    from bench.bigstore import cached

    return cached(big_store_size(), ROOT / "artifacts" / "stores")
