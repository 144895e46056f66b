"""Reading raw bytes safely: size limits, binary detection, encoding detection."""

from __future__ import annotations

from collections import Counter
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


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark, recognised by its NUL bytes all falling on one side of
    each code unit (the high byte of ASCII spaces, digits and Latin letters); None for anything else."""
    sample = data[:8192]
    units = len(sample) // 2
    if units < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= units // 10 and even <= units // 100:
        encoding = "utf-16-le"
    elif even >= units // 10 and odd <= units // 100:
        encoding = "utf-16-be"
    else:
        return None
    # Text in one script plus ASCII uses one or two 256-character blocks; binary data scatters over many.
    highs = Counter(sample[1::2] if encoding == "utf-16-le" else sample[0::2])
    if sum(n for _, n in highs.most_common(2)) < units * 9 // 10:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[:4096]
    controls = sum(1 for c in head if ord(c) < 32 and ord(c) not in _TEXT_CONTROL_OK)
    if "\x00" in text or controls > len(head) // 20:
        return None
    return text.lstrip("\ufeff")


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 first, else the encoding charset-normalizer detects."""
    if not data.strip():
        raise IngestError("file is empty (only whitespace)", "nothing to ingest", source=source)
    text16 = utf16_without_bom(data) if b"\x00" in data[:8192] else None
    if text16 is not None:
        if not text16.strip():
            raise IngestError("file is empty (only whitespace)", "nothing to ingest", source=source)
        return text16
    if looks_binary(data):
        raise IngestError("binary content, not text", "pass HTML, text, JSONL or a feed", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text:  # NUL bytes past the sample looks_binary reads
            raise IngestError("binary content (NUL bytes), not text", "pass HTML, text, JSONL or a feed", source=source)
        return text
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError("cannot detect the text encoding", "convert the file to UTF-8", source=source)
    text = str(best)
    if "\x00" in text:
        raise IngestError("binary content (NUL bytes), not text", "pass HTML, text, JSONL or a feed", source=source)
    bad = text.count("\ufffd")
    if bad > max(3, len(text) // 200):
        raise IngestError(
            f"undecodable text ({bad} invalid characters as {best.encoding})", "convert the file to UTF-8",
            source=source,
        )
    return text
