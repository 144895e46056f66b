"""Typed records shared across the package."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["metadata", "text", "inferred", "none"]
# The longest report text one document may have (about 50,000 words; the longest report in the dev corpora
# has 17,000 characters). Longer texts are books or archives: every step stays well under 10 s up to here.
MAX_DOCUMENT_CHARS = 300_000


def content_hash(*parts: str | None) -> str:
    """A stable hash of the given text parts (whitespace-normalised)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(" ".join((p or "").split()).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass
class Document:
    """One report as ingested: metadata, cleaned body and the raw input it came from."""

    id: str
    source: str
    body: str
    raw: str
    format: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    published_source: DateSource = "none"
    language: str | None = None
    content_hash: str = ""
    version: int = 1
    ingested_at: dt.datetime | None = None
    extras: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.body)

    @property
    def uid(self) -> str:
        """The stored row of this version: the id for the first version, id@vN after."""
        return self.id if self.version == 1 else f"{self.id}@v{self.version}"

    @property
    def reference_date(self) -> dt.date | None:
        """The date relative expressions in the text resolve against."""
        return self.published
