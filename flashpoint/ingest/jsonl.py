"""JSONL corpora: one {"id", "url", "title", "published", "text"} object a line."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from typing import Any

from flashpoint.errors import IngestError

_DASHED = re.compile(r"(?<=\d)[-/.](?=[A-Za-z])|(?<=[A-Za-z])[-/.](?=\d)")


def parse_published(value: Any) -> dt.date | None:
    """A publication date as feeds and corpora write it: ISO ("2024-08-05", "2024-08-05T10:00Z"), written
    forms ("5 Aug 2024", "August 5, 2024", "Mon, 05 Aug 2024 10:00:00 +0000", "5-Aug-2024", "2024/08/05").
    All-number forms other than ISO ("05.08.2024") are ambiguous and give no date."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    from flashpoint.nlp.dates import full_dates

    for _, day in full_dates(_DASHED.sub(" ", text)):
        return day
    return None


def _int(digits: str) -> int | str:
    """JSON integers: long ones (Python refuses over 4,300 digits) are kept as their digits."""
    return int(digits) if len(digits) <= 640 else digits


def iter_jsonl(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | IngestError]]:
    """(label, record) per non-empty line; a broken line yields an error naming its line number."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{source}:{n}"
        try:
            rec = json.loads(line, parse_int=_int)
        except json.JSONDecodeError as exc:
            yield label, IngestError(f"line {n}: invalid JSON ({exc.msg})", "fix or remove that line", source=source)
            continue
        except RecursionError:
            yield label, IngestError(f"line {n}: JSON nested too deeply", "flatten or remove that line", source=source)
            continue
        except ValueError as exc:  # e.g. a number Python cannot convert
            yield label, IngestError(f"line {n}: invalid JSON ({exc})", "fix or remove that line", source=source)
            continue
        if not isinstance(rec, dict):
            yield label, IngestError(f"line {n}: not a JSON object", "each line must be an object", source=source)
            continue
        body = rec.get("text")
        if not isinstance(body, str) or not body.strip():
            yield label, IngestError(f"line {n}: no \"text\" field", "each record needs its text", source=source)
            continue
        yield label, rec


def looks_like_jsonl(text: str) -> bool:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return first.lstrip().startswith("{")
