"""What each fuzzed input is run through, and what counts as a failure.

A *crash* is an exception flashpoint did not turn into its own typed error (library), an `unexpected`
failure in an ingest summary, a 5xx or a non-JSON API error, or a CLI exit status outside the documented
0-4 (5 is "the program failed") or a traceback. A *hang* is one input taking over HANG_SECONDS of CPU.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HANG_SECONDS = 10.0


class Crash(Exception):
    """The input made flashpoint fail in a way it promises not to."""


@dataclass
class Context:
    """What the targets share within one process: a scratch folder, an extractor, a store, a web client."""

    root: Path
    _extractor: Any = None
    _web: Any = None
    _store: Any = None
    store_docs: int = 0
    counter: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def extractor(self) -> Any:
        if self._extractor is None:
            from flashpoint.nlp.pipeline import Extractor

            self._extractor = Extractor()
        return self._extractor

    def store(self) -> Any:
        """A store for ingest inputs, replaced every 300 documents so that each input costs the same."""
        from flashpoint.store import open_store

        if self._store is None or self.store_docs >= 300:
            if self._store is not None:
                self.fuse()
                self._store.engine.dispose()
                for old in self.root.glob("ingest-*.db*"):
                    old.unlink()
            self.counter += 1
            self._store = open_store(str(self.root / f"ingest-{self.counter}.db"))
            self.store_docs = 0
        return self._store

    def fuse(self) -> None:
        from flashpoint.store.events import update_events

        if self._store is not None:
            try:
                update_events(self._store.engine)
            except Exception as exc:
                raise Crash(f"fusion failed: {type(exc).__name__}: {exc}") from exc

    def web(self) -> Any:
        if self._web is None:
            self._web = WebClient(self.root / "web.db")
        return self._web


def new_context() -> Context:
    return Context(Path(tempfile.mkdtemp(prefix="flashpoint-fuzz-")))


def run_ingest(ctx: Context, item: tuple[str, bytes]) -> int:
    """A file through the CLI's ingest path: read, store, extract in the document's transaction."""
    from flashpoint.ingest import ingest
    from flashpoint.store.extractions import save_extraction

    ext, data = item
    ctx.counter += 1
    path = ctx.root / f"input-{ctx.counter % 50}{ext}"
    path.write_bytes(data)
    store = ctx.store()
    ex = ctx.extractor()
    summary = ingest([str(path)], store, after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))
    ctx.store_docs += summary.ingested + summary.new_versions
    items = summary.ingested + summary.new_versions + summary.reverted + summary.unchanged + summary.failed
    bad = [e.one_line() for e in summary.errors if e.cause.startswith("unexpected")]
    if bad:
        raise Crash(bad[0])
    for e in summary.errors:
        if "\n" in e.one_line():
            raise Crash(f"a failure message of more than one line: {e.one_line()!r}")
    return max(1, items)  # each document, line or entry of the file is one input


def run_extract(ctx: Context, item: tuple[str, dt.date | None]) -> None:
    from flashpoint.errors import FlashpointError

    text, ref = item
    with contextlib.suppress(FlashpointError):
        ctx.extractor().extract_text("fuzz", text, ref)


class WebClient:
    """The API over a small store (the example corpus), a logged-in analyst and an anonymous reader."""

    def __init__(self, db: Path) -> None:
        os.environ.setdefault("FLASHPOINT_HEAVY_PER_MINUTE", "1000000")
        from fastapi.testclient import TestClient

        from flashpoint.ingest import ingest
        from flashpoint.nlp.pipeline import Extractor
        from flashpoint.store import open_store
        from flashpoint.store.events import update_events
        from flashpoint.store.extractions import save_extraction
        from flashpoint.store.review import add_user
        from flashpoint.web import app as app_module
        from flashpoint.web import load

        from .strategies import SEEDS

        store = open_store(str(db))
        ex = Extractor()
        ingest([str(p) for p in sorted(SEEDS.iterdir())], store, after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))
        update_events(store.engine)
        add_user(store.engine, "fuzzer", "fuzz-password", "analyst")
        app_module.RATE_PER_MINUTE = 10**9
        load.HEAVY_PER_MINUTE = 10**9
        self.app = app_module.create_app(str(db))
        self.anon = TestClient(self.app, raise_server_exceptions=False)
        self.analyst = TestClient(self.app, raise_server_exceptions=False)
        r = self.analyst.post("/api/login", json={"username": "fuzzer", "password": "fuzz-password"})
        self.csrf = r.json()["csrf"]
        self.events = [e["id"] for e in self.anon.get("/api/events", params={"per_page": 500}).json()["items"]]

    def request(self, method: str, path: str, params: dict[str, str], body: Any, event_pick: int) -> Any:
        """The request as raw bytes reach a server: the path and query percent-encoded (surrogates and control
        characters too), the JSON body as UTF-8 whatever it holds (infinities, lone surrogates)."""
        from urllib.parse import quote

        def enc(s: str) -> str:
            return quote(s.encode("utf-8", "surrogatepass"), safe="")

        headers = {"Content-Type": "application/json"}
        client = self.analyst if event_pick % 2 else self.anon
        if "{event}" in path:
            event = self.events[event_pick % len(self.events)] if self.events and event_pick % 5 else "no-such-event"
            path = path.replace("{event}", event)
            client, headers["X-CSRF-Token"] = self.analyst, self.csrf
        prefix, _, tail = path.partition("/api/") if path.startswith("/api/") else ("", "", path)
        url = (prefix + "/api/" + "/".join(enc(p) for p in tail.split("/"))) if path.startswith("/api/") else \
            "/" + "/".join(enc(p) for p in path.lstrip("/").split("/"))
        if params:
            url += "?" + "&".join(f"{enc(k)}={enc(v)}" for k, v in params.items())
        if method == "POST":
            content = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
            return client.post(url, content=content, headers=headers)
        return client.get(url)


def run_web(ctx: Context, item: tuple[list[tuple[str, str, dict[str, str], Any]], int]) -> int:
    requests, pick = item
    for n, req in enumerate(requests):
        _one_request(ctx, req, pick + n)
    return len(requests)


def _one_request(ctx: Context, req: tuple[str, str, dict[str, str], Any], pick: int) -> None:
    method, path, params, body = req
    r = ctx.web().request(method, path, params, body, pick)
    if r.status_code >= 500 and r.status_code != 503:
        raise Crash(f"{method} {path} {params} -> {r.status_code} {r.text[:300]}")
    if path.startswith("/api/") and r.status_code >= 400:
        if not r.headers.get("content-type", "").startswith("application/json") or "error" not in r.json():
            raise Crash(f"{method} {path} -> {r.status_code} without the JSON error shape: {r.text[:200]}")
    if r.status_code == 429 and "retry-after" not in r.headers:
        raise Crash(f"{method} {path} -> 429 without Retry-After")


def run_cli(ctx: Context, item: tuple[tuple[str, bytes], list[str]]) -> None:
    """`flashpoint ingest` then a read command with fuzzed options, in-process: exit status 0-4, no traceback."""
    from click.testing import CliRunner

    from flashpoint.cli import main

    (ext, data), opts = item
    ctx.counter += 1
    path = ctx.root / f"cli-{ctx.counter % 20}{ext}"
    path.write_bytes(data)
    db = str(ctx.root / f"cli-{ctx.counter // 200}.db")  # a new store every 200 inputs, the old one deleted
    if ctx.counter % 200 == 0:
        for old in ctx.root.glob("cli-*.db*"):
            old.unlink()
    runner = CliRunner()
    for args in (["ingest", "--db", db, "-q", str(path)], ["events", "--db", db, *opts]):
        r = runner.invoke(main, args)
        if r.exit_code not in (0, 1, 2, 3, 4) or "Traceback" in (r.stdout + r.stderr):
            raise Crash(f"flashpoint {' '.join(args)!r} -> exit {r.exit_code}: {(r.stderr or r.stdout)[-400:]}"
                        + (f" ({type(r.exception).__name__}: {r.exception})" if r.exception else ""))


def run_read(ctx: Context, item: tuple[str, bytes]) -> int:
    """A file through the readers only (decoding, format detection, parsing, checks): many more per second."""
    from flashpoint.errors import FlashpointError
    from flashpoint.ingest import read_source
    from flashpoint.models import Document

    ext, data = item
    ctx.counter += 1
    path = ctx.root / f"read-{ctx.counter % 50}{ext}"
    path.write_bytes(data)
    items = 0
    for label, doc in read_source(str(path)):
        items += 1
        if isinstance(doc, FlashpointError):
            if doc.cause.startswith("unexpected"):
                raise Crash(doc.one_line())
            if "\n" in doc.one_line():
                raise Crash(f"a failure message of more than one line: {doc.one_line()!r}")
        elif not isinstance(doc, Document):
            raise Crash(f"{label}: not a document: {doc!r}")
        else:
            doc.body.encode("utf-8")  # storable as text
    return max(1, items)  # each document, line or entry of the file is one input


def run_csv(ctx: Context, item: list[Any]) -> int:
    """CSV rows of hostile cells: no cell of the written CSV may start like a formula (text) or change (numbers)."""
    import csv
    import io

    from flashpoint.export import rows_to_csv

    rows = [{"a": v, "b": item[-1 - i]} for i, v in enumerate(item)]
    text = rows_to_csv(rows)
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if i == 0:
            continue
        for cell, value in zip(row, (rows[i - 1]["a"], rows[i - 1]["b"]), strict=True):
            if isinstance(value, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                raise Crash(f"CSV cell {cell!r} starts like a formula")
            if isinstance(value, int | float) and not isinstance(value, bool) and cell != str(value):
                raise Crash(f"number {value!r} written as {cell!r}")
    return len(rows)


def run_guard(ctx: Context, item: list[str]) -> int:
    """The URL guard on addresses: never an exception, and every IPv4 address a refused one embeds refused."""
    import ipaddress

    from flashpoint.ingest.url import refusal

    for a in item:
        ip = ipaddress.ip_address(a)
        why = refusal(ip)
        inner = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
        if inner is not None and refusal(inner) and not why:
            raise Crash(f"{a} passes but carries the refused {inner}")
    return len(item)


TARGETS = {"ingest": run_ingest, "extract": run_extract, "web": run_web, "cli": run_cli, "read": run_read,
           "csv": run_csv, "guard": run_guard}
