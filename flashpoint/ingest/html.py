"""HTML pages: main text and metadata with trafilatura, the publication date with htmldate."""

from __future__ import annotations

import datetime as dt
import logging
import re

import trafilatura
from htmldate import find_date

from flashpoint.errors import IngestError
from flashpoint.ingest.textdump import infer_reference_date
from flashpoint.ingest.validate import plausible_date

MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]{2,}")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head or "<head" in head or "<p>" in head)


def parse_html(html: str, source: str, url: str | None = None) -> dict[str, object]:
    """Fields of a document read from an HTML page."""
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken markup
        raise IngestError(f"malformed HTML ({type(exc).__name__})", "check the file is an HTML page", source=source)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(_WORD.findall(body)) < MIN_WORDS:
        raise IngestError(
            "no main text found in the HTML page (malformed or empty markup)", "check it is an article page",
            source=source,
        )
    published: dt.date | None = None
    published_source = "none"
    try:
        found = find_date(html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    except Exception:
        found = None
    try:
        stated = plausible_date(dt.date.fromisoformat(found)) if found else None
    except ValueError:
        stated = None
    if stated:
        published, published_source = stated, "metadata"
    else:
        inferred = infer_reference_date(body)
        if inferred:
            published, published_source = inferred, "inferred"
    return {
        "body": body,
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "publisher": getattr(doc, "sitename", None),
        "url": url or getattr(doc, "url", None),
        "published": published,
        "published_source": published_source,
        "language": getattr(doc, "language", None),
    }
