"""Sources to documents: detect the format of each source and read it into `Document`s.

Every source yields (label, Document | IngestError) items, so that one broken
file, line or entry never stops the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import IngestError
from flashpoint.ingest.feed import iter_feed, looks_like_feed
from flashpoint.ingest.formats import FORMATS
from flashpoint.ingest.html import looks_like_html, parse_html
from flashpoint.ingest.jsonl import iter_jsonl, looks_like_jsonl, parse_published
from flashpoint.ingest.language import guess_language
from flashpoint.ingest.raw import MAX_BYTES, decode, read_file
from flashpoint.ingest.textdump import clean_text_dump, host_of
from flashpoint.ingest.url import fetch, is_url
from flashpoint.ingest.validate import (
    check_storable,
    clean_string,
    id_field,
    language_field,
    plausible_date,
    text_field,
    url_field,
)
from flashpoint.models import Document, content_hash

Item = tuple[str, Document | IngestError]

_EXT_FORMATS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text", ".md": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


@dataclass
class ReadOptions:
    format: str = "auto"
    allow_private: bool = False
    max_bytes: int = MAX_BYTES
    timeout: float = 15.0


def detect_format(name: str, text: str, content_type: str | None = None) -> str:
    if content_type:
        if "html" in content_type:
            return "html"
        if "rss" in content_type or "atom" in content_type or content_type.endswith("xml"):
            return "feed" if looks_like_feed(text) else "html"
        if "json" in content_type:
            return "jsonl"
    ext = Path(name.split("?")[0]).suffix.lower()
    fmt = _EXT_FORMATS.get(ext)
    if fmt == "feed" and not looks_like_feed(text):
        fmt = "html" if looks_like_html(text) else None
    if fmt:
        return fmt
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    if looks_like_jsonl(text):
        return "jsonl"
    return "text"


def document_from_text(
    text: str,
    *,
    source: str,
    raw: str,
    fmt: str,
    corpus_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
) -> Document:
    """A document from a text that may be a page dump: cleaned, with metadata found in the text."""
    cleaned = clean_text_dump(text)
    if not cleaned.body:
        raise IngestError("no report text found", "the text holds only menus or short lines", source=source)
    pub: dt.date | None = published
    pub_src = "metadata"
    if published is None:
        pub, pub_src = cleaned.published, cleaned.published_source
    return _finish(
        corpus_id, source=source, body=cleaned.body, raw=raw, fmt=fmt, url=url,
        title=title or cleaned.title, author=author or cleaned.author, publisher=publisher or cleaned.publisher,
        published=pub, published_source=pub_src,
    )


def _finish(corpus_id: str | None, *, source: str, body: str, raw: str, fmt: str, **meta: Any) -> Document:
    body, raw = clean_string(body), clean_string(raw)
    for key in ("title", "author", "publisher"):
        if isinstance(meta.get(key), str):
            meta[key] = clean_string(meta[key])
    if not meta.get("publisher"):  # the page did not name its publisher: its site is the publisher
        meta["publisher"] = host_of(meta.get("url"))
    meta["published"] = plausible_date(meta.get("published"))
    if meta["published"] is None:
        meta["published_source"] = "none"
    h = content_hash(meta.get("title"), body)
    doc_id = str(corpus_id) if corpus_id else f"doc-{h[:16]}"
    doc = Document(
        id=doc_id, source=source, body=body, raw=raw, format=fmt, content_hash=h,
        language=language_field(meta.pop("language", None)) or guess_language(body), **meta,
    )
    check_storable(doc)
    return doc


def _from_record(rec: dict[str, Any], source: str, fmt: str, raw: str) -> Document:
    published = rec.get("published")
    if not isinstance(published, dt.date):
        published = parse_published(published)
    return document_from_text(
        clean_string(rec["text"]), source=source, raw=raw, fmt=fmt, corpus_id=id_field(rec.get("id"), source),
        url=url_field(rec.get("url"), source), title=text_field(rec, "title", source),
        author=text_field(rec, "author", source), publisher=text_field(rec, "publisher", source),
        published=plausible_date(published),
    )


def _page_url(value: Any, source: str) -> str | None:
    """A URL the page states about itself: kept when usable, dropped otherwise (never a reason to refuse the page)."""
    try:
        return url_field(value, source)
    except IngestError:
        return None


def _from_html(html: str, source: str, url: str | None) -> Document:
    fields = parse_html(html, source, url)
    fields["url"] = _page_url(fields.get("url"), source)
    body = str(fields.pop("body"))
    return _finish(None, source=source, body=body, raw=html, fmt="html", **fields)


def read_text_source(text: str, source: str, fmt: str, url: str | None = None) -> Iterator[Item]:
    """Documents from already-decoded text in the given format."""
    try:
        if fmt == "html":
            yield source, _from_html(text, source, url)
        elif fmt == "text":
            yield source, document_from_text(text, source=source, raw=text, fmt="text", url=url)
        elif fmt == "jsonl":
            for label, rec in iter_jsonl(text, source):
                yield label, rec if isinstance(rec, IngestError) else _safe(_from_record, rec, label, "jsonl")
        elif fmt == "feed":
            for label, rec in iter_feed(text, source):
                yield label, rec if isinstance(rec, IngestError) else _safe(_from_record, rec, label, "feed")
        else:
            raise IngestError(f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}", source=source)
    except IngestError as exc:
        yield source, exc


def unexpected(exc: BaseException, source: str) -> IngestError:
    """An error flashpoint did not foresee for one input, as a one-line report naming that input."""
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:200] + "..."
    err = IngestError(f"unexpected {type(exc).__name__}" + (f": {detail}" if detail else ""),
                      "a bug in flashpoint: please report it with this input", source=source)
    err.__cause__ = exc
    return err


def _safe(fn: Any, rec: dict[str, Any], label: str, fmt: str) -> Document | IngestError:
    import json

    try:
        return fn(rec, label, fmt, json.dumps(rec, ensure_ascii=False, default=str))  # type: ignore[no-any-return]
    except IngestError as exc:
        return exc
    except Exception as exc:  # one record's surprise must not end its file or the batch
        return unexpected(exc, label)


def read_source(source: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """All documents of one source (a file path or an http(s) URL); never raises: failures are items."""
    items = _read_source(source, options)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:  # the reader itself broke: report it, the other sources go on
            yield source, unexpected(exc, source)
            return
        yield item


def _read_source(source: str, options: ReadOptions | None = None) -> Iterator[Item]:
    opts = options or ReadOptions()
    try:
        if is_url(source):
            got = fetch(source, allow_private=opts.allow_private, timeout=opts.timeout, max_bytes=opts.max_bytes)
            text = decode(got.data, source)
            fmt = opts.format if opts.format != "auto" else detect_format(got.url, text, got.content_type)
            yield from read_text_source(text, source, fmt, url=got.url)
            return
        path = Path(source)
        data = read_file(path, opts.max_bytes)
        text = decode(data, source)
    except IngestError as exc:
        yield source, exc
        return
    fmt = opts.format if opts.format != "auto" else detect_format(path.name, text)
    yield from read_text_source(text, source, fmt)
