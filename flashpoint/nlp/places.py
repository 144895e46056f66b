"""Finding place names in text and resolving them with the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flashpoint.fastre import caseless, isearch
from flashpoint.ontology.places import Gazetteer, Place, fold

# Capitalised runs, with Arabic article particles and site words ("air base", "oil field").
_CAND = re.compile(
    r"(?:U\.S\.\s+(?=[Ee]mbassy|[Cc]onsulate)|(?:[Aa]l|[Ee]l|[Ee]z|[Aa]z|[Aa]s|[Aa]d|[Aa]r|[Aa]sh|[Aa]t|[Aa]n)-|(?:Al|El)\s)?"
    r"[A-Z][\w'’‘\-]*"
    r"(?:(?:\s+|[\-\s](?:al|el|ez|az|as|ad|ar|ash|at|an|bin|of)[\-\s]|\s+(?:al|el|ez|az|as|ad|ar|ash)[\-])"
    r"(?:[A-Z][\w'’‘\-]*|\d+|I{1,3}|IV|V))*"
    r"(?:\s+(?:air\s*base|airbase|air\s+field|airfield|base|oil\s+field|gas\s+field|field|outpost|garrison|camp|"
    r"airport|area|province|governorate|neighbou?rhood|district|compound|complex|sector))?"
)
_BORDER_BEFORE = caseless(r"\bborders?\s+(?:with|of|between)\s+(?:\w+\s+)?$|\b(?:the|its)\s+$")
_BORDER_AFTER = caseless(r"^[\s\-]*(?:and\s+\w+\s+)?(?:-\w+\s+)?borders?\b|^n?\s*border")
_NEAR_BEFORE = caseless(
    r"\b(?:near|outside|(?:north|south|east|west)(?:[\s\-]?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?(?:\w+\s+){0,2}$"
)
_FROM_BEFORE = caseless(r"\bfrom\s+(?:\w+\s+){0,2}$")


_TRAIL = re.compile(r"(?:['’]s?|\s+(?:al|el|an|as|ad|ar|at|az|ez|of))$")


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    border: bool = False  # "near the border with X": X is not where the act took place
    origin: bool = False  # "launched from X"
    near: bool = False  # "near X": the act happened close to X, maybe across a border


def find_places(text: str, gaz: Gazetteer, context: tuple[str, ...] = ()) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for m in _CAND.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        found = _longest(m, words, gaz, context)
        out.extend(found)
    return [_flags(text, pm) for pm in out]


# No place name runs this many words (the longest gazetteer key has 26) or holds this many bare articles.
_MAX_SPAN_WORDS = 32
_MAX_ARTICLES = 4


@lru_cache(maxsize=4)
def _key_prefixes(gaz: Gazetteer) -> frozenset[str]:
    """Every word-prefix of the gazetteer's folded names ("" included)."""
    out = {""}
    for key in getattr(gaz, "by_key", {}):
        words = key.split()
        out.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
    return frozenset(out)


def _furthest_end(words: list[re.Match[str]], i: int, prefixes: frozenset[str]) -> int:
    """The longest span from word i worth looking up: once the words wholly inside a span fold to no name's
    beginning, no longer span can name a place (lookups stay linear in the run, not cubic)."""
    n = len(words)
    end = i + 1
    folded: list[str] = []
    articles = 0
    while end < n and end - i < _MAX_SPAN_WORDS:
        word = fold(words[end - 1].group(0)).split()  # word end-1 is whole inside span (i, end + 1)
        articles += not word
        folded.extend(word)
        if articles > _MAX_ARTICLES or " ".join(folded) not in prefixes:
            break
        end += 1
    return end


def _longest(m: re.Match[str], words: list[re.Match[str]], gaz: Gazetteer, context: tuple[str, ...]) -> list[PlaceMention]:
    """Greedy longest sub-spans of a capitalised run that name places."""
    found: list[PlaceMention] = []
    i = 0
    n = len(words)
    prefixes = _key_prefixes(gaz)
    while i < n:
        hit = None
        for j in range(_furthest_end(words, i, prefixes), i, -1):
            s = m.start() + words[i].start()
            e = m.start() + words[j - 1].end()
            span = _TRAIL.sub("", m.string[s:e].rstrip(".,;:"))
            e = s + len(span)
            cands = gaz.lookup(span, context)
            if cands:
                hit = (PlaceMention(s, e, span, cands[0]), j)
                break
        if hit:
            found.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return found


def _flags(text: str, pm: PlaceMention) -> PlaceMention:
    before = text[max(0, pm.start - 40) : pm.start]
    after = text[pm.end : pm.end + 30]
    border = bool(_BORDER_AFTER.search(after)) or bool(isearch(r"\bborders?\s+(?:with|of|between)\s+(?:\w+\s+)?$", before))
    origin = bool(_FROM_BEFORE.search(before))
    near = bool(_NEAR_BEFORE.search(before))
    if border or origin or near:
        return PlaceMention(pm.start, pm.end, pm.text, pm.place, border, origin, near)
    return pm
