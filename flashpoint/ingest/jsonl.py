"""JSONL corpora: one {"id", "url", "title", "published", "text"} object a line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from flashpoint.errors import IngestError


def parse_published(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
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
