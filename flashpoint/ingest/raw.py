"""Reading raw bytes safely: size limits, binary detection, encoding detection."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from flashpoint.errors import IngestError

MAX_BYTES = 20 * 1024 * 1024
_TEXT_CONTROL_OK = {9, 10, 12, 13, 27}


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    src = str(path)
    if not path.exists():
        raise IngestError("file not found", "check the path", source=src)
    if path.is_dir():
        raise IngestError("is a directory", "pass the files inside it, e.g. DIR/*.html", source=src)
    size = path.stat().st_size
    if size == 0:
        raise IngestError("file is empty", "nothing to ingest", source=src)
    if size > max_bytes:
        raise IngestError(
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit", "raise --max-bytes or split the file",
            source=src,
        )
    return path.read_bytes()


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding: NUL bytes or many control characters."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs but a BOM
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROL_OK)
    return controls / len(sample) > 0.05


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 first, else the encoding charset-normalizer detects."""
    if not data.strip():
        raise IngestError("file is empty (only whitespace)", "nothing to ingest", source=source)
    if looks_binary(data):
        raise IngestError("binary content, not text", "pass HTML, text, JSONL or a feed", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError("cannot detect the text encoding", "convert the file to UTF-8", source=source)
    text = str(best)
    bad = text.count("\ufffd")
    if bad > max(3, len(text) // 200):
        raise IngestError(
            f"undecodable text ({bad} invalid characters as {best.encoding})", "convert the file to UTF-8",
            source=source,
        )
    return text
