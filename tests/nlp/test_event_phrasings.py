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
    # 22 expected (session 11): 17 read exactly and 9 others when written and first run; 19 and 3 after the fixes it
    # showed (attribution is no accusation, a victim is no addressee, conditions, a relative clause's day, two objects
    # with two days); one of slack each
    "event_phrasings_fresh3.json": (18, 4),
    # 15 expected (session 11, written after the fixes above): 15 read exactly and 2 others on the first run, 15 and
    # 0 after the two fixes it showed (a headline's passive participle, an undated series); one of slack each
    "event_phrasings_fresh4.json": (14, 1),
    # 12 expected (session 11), in the styles of the sides' own media and military statements: 7 read exactly (against
    # the expectations as corrected, see the file's comment) and 9 others on the first run; 8 and 4 after the fixes it
    # showed (a capital's strikes, places named in a protest, "aggression on", acts to come); one of slack each
    "event_phrasings_fresh5.json": (7, 5),
    # 14 expected (session 11), mostly statements: 7 read exactly and 10 others on the first run (against the
    # expectations as corrected, see the file's comment); 13 and 5 after the fixes it showed; one of slack each
    "event_phrasings_fresh6.json": (12, 6),
    # 7 expected (session 11), roundups of several acts: 4 read exactly and 2 others on the first run (as corrected);
    # 6 and 0 after the two fixes it showed; one of slack each
    "event_phrasings_fresh7.json": (5, 1),
    # 8 expected (session 11), the second conflict in Israeli, Lebanese and Hezbollah outlets' styles: 4 read exactly
    # and 4 others on the first run; 7 and 0 after the fixes it showed; one of slack each
    "event_phrasings_fresh8.json": (6, 1),
    # 9 expected (session 11), constructions a new user saw misread: 5 read exactly and 4 others on the first run (as
    # corrected, see the file's comment), 9 and 0 after the fixes it showed; one of slack each
    "event_phrasings_fresh9.json": (8, 1),
    # 8 expected (session 11), reports of several sentences: 5 read exactly and 5 others on the first run, 8 and 1
    # after the fixes it showed; one of slack each
    "event_phrasings_fresh10.json": (7, 2),
    # 17 expected (session 12), styles the sets above lack (a wire dateline, a timeline, a live-blog entry, a release, a
    # briefing answer, a translated statement): 16 read exactly and 2 others on the first run, 16 and 0 after the fixes
    # it showed (a side that does not seek a war asks nothing; a blame closing the sentence of the act it names); one
    # of slack each
    "event_phrasings_fresh11.json": (15, 1),
    # 14 expected (session 12), acts named by nominalisations, 'when' and relative clauses, return fire: 10 read exactly
    # and 3 others on the first run, 13 and 1 after the fixes it showed (an act blamed on "the group" named before,
    # soldiers of the party named the sentence before, the speaker's own forces' act it adds); the one left is a
    # reaction told without its day, which the rules date by the act it reacts to (as the dev gold does) where the
    # set expects the publication day (GUIDE §4); one of slack each
    "event_phrasings_fresh12.json": (12, 2),
    # 14 expected (session 12), reports of several paragraphs (a lead act and an earlier one recalled, a blame in a
    # relative clause, quotations, history, posture, counts): 8 read exactly and 6 others on the first run, 11 and 1
    # after the fixes it showed (a place in what a strike answers, 'its response to', 'within the hour', a statement
    # calling a day's strikes an aggression, a quotation's speaker before a clause of time, the party a relative
    # clause blames); one of slack each
    "event_phrasings_fresh13.json": (10, 2),
    # 11 expected (session 12), statements and other verbal acts: 7 read exactly and 6 others on the first run, 9 and 2
    # after the fixes it showed (a participle's content is the subject's, two parties opening talks together, a forum
    # and a topic are not addressed, forces sent abroad stay there when the roles are re-read); left: a deployment's
    # target, an envoy's second meeting with its own day and place; one of slack each
    "event_phrasings_fresh14.json": (8, 3),
    # 7 expected (session 12, written at its end and left unfixed): 5 read exactly and 2 others on the first run (a
    # claim after a semicolon in a timeline's present tense; "the group responded with rockets" read as the first
    # act's attacker); 7 and 0 after the fixes of session 13; one of slack each
    "event_phrasings_fresh15.json": (6, 1),
    # 25 expected (session 13), 14 reports written blind (from GUIDE and the profiles alone, by an author who had not
    # read the rules): 13 read exactly and 6 others on the first run; 20 and 2 after the fixes it showed (a denial in
    # another clause, "the same night", a quoted "would 'pay a price'", the announcer of its own dead, a town that ends
    # a longer name, rockets that "rained", an embassy's place); left: a claim by "says the barrage was aimed at", a
    # deployment "in anticipation of" fire, a UN call "a day earlier in New York", "put the attack down to"; one of
    # slack each
    "event_phrasings_fresh16.json": (19, 3),
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
