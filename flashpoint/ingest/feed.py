"""RSS and Atom feeds (feedparser): one document per entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import feedparser
import lxml.html

from flashpoint.errors import IngestError
from flashpoint.ingest.validate import MAX_ID_CHARS, safe_date

_BLOCK = re.compile(r"(?i)</?(?:p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>")


def looks_like_feed(text: str) -> bool:
    head = text[:4096].lower()
    return "<rss" in head or ("<feed" in head and "xmlns" in head) or "<rdf:rdf" in head


def html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    spaced = _BLOCK.sub("\n\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{spaced}</div>").text_content()
    except Exception:  # lxml rejects some fragments; fall back to dropping tags
        text = re.sub(r"<[^>]+>", " ", spaced)
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _entry_id(guid: object) -> str | None:
    """The entry's guid as its id, unless it cannot be one (too long, NUL, a version-like suffix): then the
    entry is identified by its link and content like any page."""
    if not isinstance(guid, str) or not guid.strip() or len(guid) > MAX_ID_CHARS or "\x00" in guid:
        return None
    if re.search(r"@v\d+\Z", guid):
        return None
    return guid


# a numeric character reference ("&#128;", "&#x1F4A5;"); one past the last code point (or of absurd length) makes
# feedparser's parser raise OverflowError/ValueError
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _code_point(m: re.Match[str]) -> int:
    digits = m.group(1) or m.group(2)
    if len(digits) > 8:
        return -1
    return int(digits, 16) if m.group(1) else int(digits)


def safe_charrefs(text: str) -> str:
    """`text` with character references to no character (beyond U+10FFFF) replaced by U+FFFD's."""
    if "&#" not in text:
        return text
    return _CHARREF.sub(lambda m: m.group(0) if 0 <= _code_point(m) <= 0x10FFFF else "&#65533;", text)


def iter_feed(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | IngestError]]:
    parsed = feedparser.parse(safe_charrefs(text))
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        raise IngestError(f"feed has no entries ({reason})", "check the feed URL or file", source=source)
    site = parsed.feed.get("title")
    for n, e in enumerate(parsed.entries, start=1):
        label = f"{source}#{n}"
        content = e.get("content") or []
        html = content[0].get("value") if content else e.get("summary", "")
        body = html_to_text(html or "")
        if not body:
            yield label, IngestError(f"entry {n} has no text", "the feed carries titles only", source=source)
            continue
        published: dt.date | None = None
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        if stamp:
            published = safe_date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        yield label, {
            "id": _entry_id(e.get("id")),
            "url": e.get("link"),
            "title": e.get("title"),
            "author": e.get("author"),
            "publisher": site,
            "published": published,
            "text": body,
        }
