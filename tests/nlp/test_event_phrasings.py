"""How the extractor reads short reports in wording of our own (tests/nlp/data/event_phrasings_fresh*.json):
each expected event read exactly (type, actor, target, country, date), and the events read besides. The set is
scored as a whole against floors measured on it, as the figure phrasing sets are: a change that reads fewer of them
fails. Run this file as a script for the figures and every item read otherwise."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flashpoint.nlp.pipeline import Extractor

DATA_DIR = Path(__file__).parent / "data"
# (set, floor of events read exactly, ceiling of events read besides)
SETS = {
    # 22 expected: 20 measured when the set was written (session 9), one of slack; 4 others measured (5 before the
    # fix the set showed), one of slack
    "event_phrasings_fresh.json": (19, 5),
    # 15 expected (session 10): 12 read exactly and 3 others when written and first run, 14 and 1 after the two
    # fixes it showed (an answered act's day and target; a third party hit by no side); one of slack each
    "event_phrasings_fresh2.json": (13, 2),
    # 22 expected (session 11): 17 read exactly and 9 others when written and first run; 18 and 3 after the fixes it
    # showed (attribution is no accusation, a victim is no addressee, conditions, a relative clause's day); one of
    # slack each
    "event_phrasings_fresh3.json": (17, 4),
}
DATA = json.loads((DATA_DIR / "event_phrasings_fresh.json").read_text(encoding="utf-8"))


@cache
def _extractor(profile: str) -> Extractor:
    return Extractor(profile=profile)


def readings(item: dict[str, Any]) -> list[list[Any]]:
    recs = _extractor(item["p"]).extract_text("t", item["t"], dt.date.fromisoformat(item["ref"])).records()
    return [[r["event_type"], r["actor"], r["target"], r["country"], r["date"]] for r in recs if r["kind"] == "event"]


def score(data: dict[str, Any] | None = None) -> tuple[int, int, int, list[str]]:
    exact = total = other = 0
    wrong = []
    for item in (data or DATA)["items"]:
        got = readings(item)
        hits = [e for e in item["expect"] if e in got]
        exact += len(hits)
        total += len(item["expect"])
        other += len(got) - len(hits)
        if len(hits) < len(item["expect"]) or len(got) > len(hits):
            wrong.append(f"{item['t'][:100]}: expected {item['expect']}, got {got}")
    return exact, total, other, wrong


@pytest.mark.parametrize("name", sorted(SETS))
def test_fresh_event_phrasings_meet_their_floors(name: str) -> None:
    exact_floor, other_ceiling = SETS[name]
    exact, total, other, wrong = score(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
    assert exact >= exact_floor, (exact, total, wrong)
    assert other <= other_ceiling, (other, wrong)


if __name__ == "__main__":
    for name in sorted(SETS):
        exact, total, other, wrong = score(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
        print(f"{name}: {exact}/{total} read exactly, {other} other events")
        print("\n".join(wrong))
