"""Every kind of bad input gets a one-line error naming the source, and the batch goes on."""

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashpoint.errors import IngestError
from flashpoint.ingest import ReadOptions, ingest, read_source
from flashpoint.store import Store

GOOD = "Short headline for a test report\n\nA rocket landed near the base on Monday, officials said in a statement.\n"


def errors(source: str, **kw: object) -> list[IngestError]:
    return [i for _, i in read_source(source, ReadOptions(**kw)) if isinstance(i, IngestError)]  # type: ignore[arg-type]


def one_error(source: str, **kw: object) -> str:
    (e,) = errors(source, **kw)
    msg = e.one_line()
    assert "\n" not in msg
    return msg


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("")
    assert "empty" in one_error(str(tmp_path / "e.txt"))
    (tmp_path / "w.txt").write_text("   \n\n")
    assert "empty" in one_error(str(tmp_path / "w.txt"))


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in one_error(str(tmp_path / "b.html"))


def test_file_over_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(GOOD * 100)
    msg = one_error(str(tmp_path / "big.txt"), max_bytes=1000)
    assert "limit" in msg and "big.txt" in msg


def test_undecodable_text(tmp_path: Path) -> None:
    import random

    rnd = random.Random(1)
    (tmp_path / "u.txt").write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(4000)))
    assert "encoding" in one_error(str(tmp_path / "u.txt"))


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    text = "Raketen trafen den Stützpunkt am Montag, sagten Beamte. Niemand wurde verletzt, hieß es später. " * 3
    (tmp_path / "l.txt").write_bytes(("Überschrift zum Angriff auf die Basis\n\n" + text).encode("cp1252"))
    ((_, doc),) = list(read_source(str(tmp_path / "l.txt")))
    assert not isinstance(doc, IngestError) and "Stützpunkt" in doc.body


def test_malformed_html(tmp_path: Path) -> None:
    (tmp_path / "m.html").write_text("<html><body><div><p><<<>>> <script>unclosed")
    assert "HTML" in one_error(str(tmp_path / "m.html"))


def test_broken_jsonl_lines_report_line_numbers(tmp_path: Path) -> None:
    good = {"id": "g", "text": "A drone struck a vehicle near the border on Monday, officials said today."}
    lines = [json.dumps(good), "{not json", "[1, 2]", json.dumps({"id": "x"}), json.dumps(dict(good, id="h"))]
    (tmp_path / "c.jsonl").write_text("\n".join(lines))
    items = list(read_source(str(tmp_path / "c.jsonl")))
    errs = [i.one_line() for _, i in items if isinstance(i, IngestError)]
    assert len(items) == 5 and len(errs) == 3
    assert "line 2" in errs[0] and "line 3" in errs[1] and "line 4" in errs[2]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "not found" in one_error(str(tmp_path / "nope.txt"))
    assert "directory" in one_error(str(tmp_path))


def test_private_urls_are_refused_without_flag() -> None:
    msg = one_error("http://127.0.0.1:9/x")
    assert "--allow-private" in msg
    assert "private" in one_error("http://10.1.2.3/x") or "unreachable" in one_error("http://10.1.2.3/x")
    assert "scheme" in one_error("http://[::1]:9/x") or "private" in one_error("http://[::1]:9/x")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_url() -> None:
    port = _free_port()
    assert "unreachable" in one_error(f"http://127.0.0.1:{port}/x", allow_private=True, timeout=2)


@pytest.fixture
def server() -> Iterator[str]:
    pages = {
        "/report.html": ("text/html", b"<html><body><article><h1>Report</h1><p>" + b"A rocket hit the base on Monday, "
                         b"officials said, and two soldiers were wounded in the attack near the gate.</p>"
                         b"<p>The army said it had found the launch site in a nearby field.</p></article></body></html>"),
        "/image.png": ("image/png", b"\x89PNG...."),
        "/big.txt": ("text/plain", b"word " * 5000),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            ctype, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_fetch_checks(server: str) -> None:
    ((_, doc),) = list(read_source(f"{server}/report.html", ReadOptions(allow_private=True)))
    assert not isinstance(doc, IngestError) and "two soldiers were wounded" in doc.body
    assert doc.url == f"{server}/report.html"
    assert "content type" in one_error(f"{server}/image.png", allow_private=True)
    assert "limit" in one_error(f"{server}/big.txt", allow_private=True, max_bytes=1000)
    assert "HTTP 404" in one_error(f"{server}/missing", allow_private=True)
    assert "--allow-private" in one_error(f"{server}/report.html")


def test_batch_goes_on_and_failures_store_nothing(tmp_path: Path, store: Store) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    summary = ingest([str(tmp_path / n) for n in ("empty.txt", "good.txt", "bin.txt")], store)
    assert (summary.ingested, summary.failed) == (1, 2)
    assert store.count_documents() == 1
    assert all("txt" in e.one_line() for e in summary.errors)
