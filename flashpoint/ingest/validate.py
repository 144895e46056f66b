"""What a document may hold before it is stored, the same on SQLite and PostgreSQL.

PostgreSQL refuses NUL characters and values longer than their column; SQLite stores anything.
Checking here, before any write, gives both stores the same behaviour and the user one clear
error instead of a database exception. Metadata read from JSON or feeds is coerced to text
where that is unambiguous (a number as a title, a list of authors) and refused otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from flashpoint.errors import IngestError
from flashpoint.models import MAX_DOCUMENT_CHARS

MAX_ID_CHARS = 190  # documents.uid is 200 characters: room for a version suffix "@v123456"
MAX_URL_CHARS = 1996  # documents.lineage is 2,000 characters: "url:" + the URL
MAX_BODY_CHARS = MAX_DOCUMENT_CHARS  # one report; longer texts are books or archives: split them
# Publication dates outside this range are typing errors or placeholders (0001-01-01, 9999-12-31).
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)

_VERSION_SUFFIX = re.compile(r"@v\d+\Z")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LANGUAGE = re.compile(r"\A[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,4})?\Z")


def plausible_date(value: dt.date | None) -> dt.date | None:
    """The date, or None when it is outside EARLIEST_DATE..LATEST_DATE."""
    if value is None or not EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return value


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A plausible date from parts that may be out of range (feed stamps, page stamps)."""
    try:
        return plausible_date(dt.date(year, month, day))
    except (ValueError, OverflowError, TypeError):
        return None


def clean_string(value: str) -> str:
    """Lone UTF-16 surrogates (from JSON escapes like "\\ud800") become U+FFFD: they cannot be encoded."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def text_field(rec: dict[str, Any], name: str, source: str) -> str | None:
    """A metadata field as text: strings kept, numbers written out, a list of names joined; else an error."""
    value = rec.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return clean_string(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
        return "; ".join(clean_string(str(v)) for v in value)
    raise IngestError(f"field {name!r} is a {type(value).__name__}, not text", f"give {name} as a string", source=source)


def url_field(value: Any, source: str) -> str | None:
    """An http(s) URL, or None: other schemes (javascript:, data:, file:) are never kept."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IngestError(f"field 'url' is a {type(value).__name__}, not text", "give the URL as a string", source=source)
    url = clean_string(value.strip())
    if len(url) > MAX_URL_CHARS:
        raise IngestError(f"URL is {len(url):,} characters, over the {MAX_URL_CHARS:,}-character limit",
                          "shorten or drop the URL", source=source)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def id_field(value: Any, source: str) -> str | None:
    """A corpus id: a string or an integer, at most MAX_ID_CHARS, not ending like a version suffix."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise IngestError(f"field 'id' is a {type(value).__name__}, not text", "give the id as a string", source=source)
    doc_id = clean_string(str(value)).strip()
    if not doc_id:
        return None
    if len(doc_id) > MAX_ID_CHARS:
        raise IngestError(f"id is {len(doc_id):,} characters, over the {MAX_ID_CHARS}-character limit",
                          "use shorter ids", source=source)
    if _VERSION_SUFFIX.search(doc_id):
        raise IngestError(f"id {doc_id!r} ends like a version suffix (@vN), which flashpoint reserves",
                          "rename the id", source=source)
    if "\x00" in doc_id:
        raise IngestError("id contains a NUL character", "remove it", source=source)
    return doc_id


def language_field(value: Any) -> str | None:
    """A language tag ("en", "pt-BR"), or None for anything else a page may claim."""
    if isinstance(value, str) and _LANGUAGE.match(value.strip()):
        return value.strip()
    return None


def check_storable(doc: Any) -> None:
    """Refuse a document the store could not hold identically on SQLite and PostgreSQL."""
    source = getattr(doc, "source", None)
    if len(doc.id) > MAX_ID_CHARS:
        raise IngestError(f"id is {len(doc.id):,} characters, over the {MAX_ID_CHARS}-character limit",
                          "use shorter ids", source=source)
    if doc.url is not None and len(doc.url) > MAX_URL_CHARS:
        raise IngestError(f"URL is {len(doc.url):,} characters, over the {MAX_URL_CHARS:,}-character limit",
                          "shorten or drop the URL", source=source)
    if len(doc.body) > MAX_BODY_CHARS:
        raise IngestError(f"report text is {len(doc.body):,} characters, over the {MAX_BODY_CHARS:,}-character "
                          "limit for one document", "split it into separate reports", source=source)
    for name in ("id", "url", "title", "author", "publisher", "body", "raw", "source", "language"):
        value = getattr(doc, name)
        if isinstance(value, str) and "\x00" in value:
            raise IngestError(f"the {name} contains NUL characters (U+0000), which the store cannot hold",
                              "remove them from the input", source=source)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise IngestError(f"the {name} contains unpaired UTF-16 surrogates", "fix the text's encoding",
                              source=source)
