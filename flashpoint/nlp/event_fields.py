"""Per-act fields read from one sentence: where (places), casualty figures, weapon mode, retaliation clause."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from flashpoint.fastre import Pattern, caseless, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import Sentence
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Location, Range
from flashpoint.nlp.sides import strike_mode
from flashpoint.ontology.actors import Actor
from flashpoint.ontology.event_types import event_types
from flashpoint.ontology.places import demonyms

_SITE_NOUN = (r"(?:military\s+)?(?:(?:air\s*base|base|outpost|camp|garrison|airport|town|village|border|province|governorate|"
              r"port|installation|position)s?|capital|cit(?:y|ies)|territory|soil|desert|coast|waters|side|facilit(?:y|ies))")


@lru_cache(maxsize=16)
def _adjective_site(scope: tuple[str, ...]) -> re.Pattern[str] | None:
    words = {w: iso3 for iso3 in scope for w in demonyms().get(iso3, []) if len(w) > 3}
    if not words:
        return None
    names = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?P<adj>{names})\s+(?:[\w\-]+\s+){{0,2}}?{_SITE_NOUN}\b", re.I)


def adjective_country(text: str, scope: tuple[str, ...]) -> str | None:
    """The one scope country an act is placed in by its adjective ("an Iraqi air base", "the Syrian
    capital"), when the sentence names no place; None when none or several."""
    pat = _adjective_site(tuple(scope))
    if pat is None:
        return None
    found = {w.lower() for w in (m.group("adj") for m in pat.finditer(text))}
    iso = {c for c in scope for w in found if w in demonyms().get(c, [])}
    return iso.pop() if len(iso) == 1 else None


def act_places(sent: Sentence) -> list[PlaceMention]:
    """Places where an act in `sent` happened, minus borders and launch sites (fire "from Lebanon" that
    names no place it hit lies where its target is, GUIDE §4 country) and the places of sources ("a London-based
    monitor")."""
    return [p for p in sent.places if not p.border and not p.origin and not p.source]


def _best_place(places: list[PlaceMention]) -> PlaceMention | None:
    rank = {"country": 3, "admin1": 2, "city": 1}
    if not places:
        return None
    return sorted(places, key=lambda p: (rank.get(p.place.kind, 0), p.start))[0]


def location_in(places: list[PlaceMention], country: str) -> Location:
    if not country:
        return Location(None, None)
    inside = [p for p in places if p.place.country == country]
    best = _best_place(inside)
    weak = bool(inside) and all(p.near for p in inside)
    if best is None or best.place.kind == "country":
        return Location(None, country, None, None, 3 if best else None, "country", weak=weak)
    p = best.place
    return Location(best.text, country, p.lat, p.lon, 2 if weak else p.precision, p.kind, weak=weak)


def casualty_ranges(sent: Sentence, ret_span: tuple[int, int] | None) -> tuple[Range | None, Range | None]:
    killed: Range | None = None
    injured: Range | None = None
    for c in sent.casualties:
        if ret_span and ret_span[0] <= c.start < ret_span[1]:
            continue
        if c.kind == "killed":
            killed = c.range if killed is None else killed.merge(c.range)
        else:
            injured = c.range if injured is None else injured.merge(c.range)
    return killed, injured


def weapon_mode(text: str, actor: Actor | None) -> str | None:
    """The first weapon named; else the actor's side's usual mode of "strikes" (the profile's strike_mode)."""
    found = event_types().first_mode(text)
    usual = strike_mode(actor)
    bare = _BARE_STRIKE.search(text)
    if usual and bare and (found is None or bare.start() < found[1]):
        return usual  # "Israeli strikes on villages ..., as Israel said it responded to rockets": the strikes' mode
    if found:
        return found[0]
    return usual


# "strikes", "raids", "attacks" with no weapon word before them: the attacking side's usual mode
_BARE_STRIKE = re.compile(r"(?<!drone )(?<!missile )(?<!rocket )(?<!mortar )(?<!air )(?<!ground )\b(?:strikes?|raids?)\b",
                          re.I)


def _motives() -> Pattern:
    """The profile's general motives ("the war in Gaza", "occupation"): what a side fights over, not an act
    it answers (GUIDE §4 retaliation_for)."""
    from flashpoint.ontology.profile import active_profile

    return _motive_pattern(active_profile().general_motives)


@lru_cache(maxsize=8)
def _motive_pattern(words: tuple[str, ...]) -> Pattern:
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"
    return caseless(rf"\b(?:{body})")


_RESPONSE_MEANS = re.compile(r"\s+by\s+(?:\w+ly\s+)?\w+ing\b")


def retaliation(text: str) -> tuple[str | None, tuple[int, int] | None]:
    m = P.RETALIATION.search(text)
    if not m:
        return None, None
    what = m.group("what")
    means = _RESPONSE_MEANS.search(what)
    if means:  # "retaliated for the strike on Monday by sending jets to attack ...": the means is the answer
        what = what[: means.start()]
    end = m.start("what") + len(what.rstrip(" ,"))
    what = what.strip(" ,")
    rel = re.match(r",\s*(?:which|who|that)\b[^,.;]*", text[end:])
    if rel:  # "for the raid on the outpost, which also wounded six": the clause describes the earlier act
        end += rel.end()
    while part := re.match(r",\s*(?:\w+ly\s+)?(?:targeting|hitting|striking|killing|resulting|leaving|wounding|injuring|including)\b"
                           r"(?:[^,.;]|" + P.ABBREVIATION_PERIOD + r")*", text[end:], re.I):  # "for the act committed earlier, targeting a car, killing four": the same act; "for attacks
        # on its forces, including the raid on Tuesday": one of the acts answered
        end += part.end()
    if (P.SELF_DEFENCE.search(what) or _motives().search(what)) and not P.WEAPON_ACT.search(what):
        return None, None
    if not P.WEAPON_ACT.search(what) and not isearch(
            r"\b(?:killings?|deaths?|attacks?|aggression|act|crime|assassination|massacre)\b", what):
        return None, None
    return what[:160], (m.start("what"), end)


def clause(sent: Sentence, start: int, end: int) -> Sentence:
    """The part of a sentence from `start` to `end`, with its mentions."""
    def inside(x: Any) -> bool:
        return bool(start <= x.start and x.end <= end)

    def shift(x: Any) -> Any:
        return replace(x, start=x.start - start, end=x.end - start)

    return Sentence(
        sent.index, sent.start + start, sent.start + end, sent.text[start:end],
        [shift(a) for a in sent.actors if inside(a)],
        [shift(p) for p in sent.places if inside(p)],
        [(shift(m), r) for m, r in sent.dates if inside(m)],
        [shift(c) for c in sent.casualties if inside(c)],
    )
