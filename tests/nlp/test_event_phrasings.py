"""How the extractor reads single-sentence reports in wording of our own (tests/nlp/data/event_phrasings_fresh.json):
each expected event read exactly (type, actor, target, country, date), and the events read besides. The set is
scored as a whole against floors measured on it, as the figure phrasing sets are: a change that reads fewer of them
fails. Run this file as a script for the figures and every item read otherwise."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from flashpoint.nlp.pipeline import Extractor

DATA = json.loads((Path(__file__).parent / "data" / "event_phrasings_fresh.json").read_text(encoding="utf-8"))
EXACT_FLOOR = 19  # of 22: 20 measured when the set was written, one of slack for a retrained model
OTHER_CEILING = 5  # 4 measured (5 before the fix the set showed), one of slack


@cache
def _extractor(profile: str) -> Extractor:
    return Extractor(profile=profile)


def readings(item: dict[str, Any]) -> list[list[Any]]:
    recs = _extractor(item["p"]).extract_text("t", item["t"], dt.date.fromisoformat(item["ref"])).records()
    return [[r["event_type"], r["actor"], r["target"], r["country"], r["date"]] for r in recs if r["kind"] == "event"]


def score() -> tuple[int, int, int, list[str]]:
    exact = total = other = 0
    wrong = []
    for item in DATA["items"]:
        got = readings(item)
        hits = [e for e in item["expect"] if e in got]
        exact += len(hits)
        total += len(item["expect"])
        other += len(got) - len(hits)
        if len(hits) < len(item["expect"]) or len(got) > len(hits):
            wrong.append(f"{item['t'][:100]}: expected {item['expect']}, got {got}")
    return exact, total, other, wrong


def test_fresh_event_phrasings_meet_their_floors() -> None:
    exact, total, other, wrong = score()
    assert exact >= EXACT_FLOOR, (exact, total, wrong)
    assert other <= OTHER_CEILING, (other, wrong)


if __name__ == "__main__":
    exact, total, other, wrong = score()
    print(f"{exact}/{total} read exactly, {other} other events")
    print("\n".join(wrong))
