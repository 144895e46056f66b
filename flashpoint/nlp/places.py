"""Finding place names in text and resolving them with the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashpoint.fastre import caseless, isearch
from flashpoint.ontology.places import Gazetteer, Place, demonyms

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
_BORDER_AFTER = caseless(r"^[\s\-]*(?:and\s+\w+\s+)?(?:-\w+\s+)?(?:borders?|frontier)\b|^n?\s*border")
_NEAR_BEFORE = caseless(
    r"\b(?:near|outside|(?:north|south|east|west)(?:[\s\-]?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?(?:\w+\s+){0,2}$"
)
# "a London-based monitor", "a Washington, D.C.-based think tank": where a source sits, not where anything happened
_BASED_AFTER = caseless(r"^(?:,\s*[A-Z][\w.]*)?\s*-?\s*based\b")
_FROM_BEFORE = caseless(r"\bfrom\s+(?:\w+\s+){0,2}$")
_LAUNCHED_FROM = caseless(r"\b(?:fired|launched|came|coming|crossed|flew|sent|shot|infiltrated)\s+(?:\w+\s+){0,3}from\s+(?:\w+\s+){0,2}$")
_RANGE_TO = caseless(r"^(?:\s+[\w\-]+)?\s+to\s+(?:the\s+)?[A-Z\w]")


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
    source: bool = False  # "a London-based monitor": where a report comes from


def find_places(text: str, gaz: Gazetteer, context: tuple[str, ...] = ()) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for m in _CAND.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        found = _longest(m, words, gaz, context)
        out.extend(found)
    pairs = _border_pairs(text, gaz)
    return [_flags(text, pm) for pm in out if not any(b.start <= pm.start < b.end for b in pairs)] + pairs


# "near the Jordan-Syria border", "on the Jordanian-Syrian border": two countries' shared border
_PAIR_BORDER = re.compile(r"\b([A-Z][a-z]+)[\-–]([A-Z][a-z]+)\s+(?:border|frontier)")


def _border_pairs(text: str, gaz: Gazetteer) -> list[PlaceMention]:
    """An act "near the X-Y border" lies near the border, on a side the text does not say: it is placed, loosely
    (a near place, which may lie across the border), in the first country named, as reports name first the
    country the site belongs to."""
    out = []
    for m in _PAIR_BORDER.finditer(text):
        first, second = _country_word(m.group(1), gaz), _country_word(m.group(2), gaz)
        if first is not None and second is not None and first.country != second.country:
            out.append(PlaceMention(m.start(), m.end(), m.group(0), first, near=True))
    return out


def _country_word(word: str, gaz: Gazetteer) -> Place | None:
    """The country a word names, by its name ("Jordan") or its adjective ("Jordanian")."""
    found = [p for p in gaz.lookup(word) if p.kind == "country"]
    if found:
        return found[0]
    iso = next((c for c, words in demonyms().items() if word.lower() in (w.lower() for w in words)), None)
    return gaz.country(iso) if iso else None


# No place name in a report runs this many words ("Ain al-Asad Air Base" has four; the gazetteer's longest
# names are ceremonial ones nobody writes). Spans from a capitalised run are tried up to this length only,
# so lookups grow linearly with the run, not with its square (and each span's cost with its length).
_MAX_SPAN_WORDS = 12
# A capitalised run longer than this is not prose (a list without commas, a title-case block, junk): its spans
# are looked up up to _LONG_RUN_SPAN words, a bounded number of lookups per word whatever the run.
_LONG_RUN_WORDS = 30
_LONG_RUN_SPAN = 3


def _longest(m: re.Match[str], words: list[re.Match[str]], gaz: Gazetteer, context: tuple[str, ...]) -> list[PlaceMention]:
    """Greedy longest sub-spans of a capitalised run that name places."""
    found: list[PlaceMention] = []
    i = 0
    n = len(words)
    longest = _MAX_SPAN_WORDS if n <= _LONG_RUN_WORDS else _LONG_RUN_SPAN
    while i < n:
        hit = None
        for j in range(min(n, i + longest), i, -1):
            s = m.start() + words[i].start()
            e = m.start() + words[j - 1].end()
            span = _TRAIL.sub("", m.string[s:e].rstrip(".,;:"))
            e = s + len(span)
            cands = gaz.lookup(span, context)
            if cands and (_starts_a_name(cands[0], words, i, j) or _ends_a_name(cands[0], words, i, j, found, m.start())) \
                    and not _title_case_line(m.string, s):
                hit = None  # "Rami Haddad Saleh", "Kirkuk Police Command", "Kfar Hamam": a longer name's part
                break
            if cands:
                hit = (PlaceMention(s, e, span, cands[0]), j)
                break
        if hit:
            found.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return found


# Words that continue a place's name into a site or an area of it ("Baghdad International Airport", "Erbil
# Governorate"): a town named before them is still the place
_SITE_WORDS = frozenset({
    "air", "airbase", "airfield", "airport", "area", "base", "border", "bridge", "camp", "city", "coast", "complex",
    "compound", "countryside", "crossing", "dam", "desert", "district", "field", "garrison", "gas", "governorate",
    "harbour", "harbor", "heights", "highway", "hills", "hospital", "international", "junction", "lake", "military",
    "mountain", "mountains", "naval", "neighborhood", "neighbourhood", "oil", "outpost", "plain", "port", "province",
    "quarter", "region", "river", "road", "sea", "square", "station", "strip", "suburb", "suburbs", "town",
    "university", "valley", "village", "zone",
})


def _title_case_line(text: str, at: int) -> bool:
    """Whether position `at` stands in a headline written in title case ("Drone Strike in Baghdad Kills
    Commander"), where capitals do not mark names."""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    long_words = re.findall(r"[A-Za-z][\w'’\-]{3,}", text[start : end if end >= 0 else len(text)])
    return len(long_words) >= 3 and sum(w[0].islower() for w in long_words) <= len(long_words) // 5


def _starts_a_name(place: Place, words: list[re.Match[str]], i: int, j: int) -> bool:
    """Whether a one-word town opens a longer capitalised name that is no place: a person's ("Rami Haddad Saleh")
    or a body's ("Kirkuk Police Command"), told by Title-case words after it none of which names a site."""
    if j - i != 1 or j >= len(words) or place.kind != "city":
        return False
    rest = [w.group(0).strip(".,;:'’") for w in words[j:]]
    if not rest[0][:1].isupper() or not rest[0].isalpha():
        return False
    return not any(w.lower() in _SITE_WORDS for w in rest)


# Capitalised words that qualify a town's name rather than begin another's ("Northern Gaza", "West Beirut", "Sunday
# Baghdad" in a dateline): the town after them is still that town
_QUALIFYING_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
    "greater", "downtown", "rural", "old", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "in", "at", "on", "near", "from", "to", "of", "the", "and", "or", "update", "breaking",
})
_DEMONYM_ENDING = re.compile(r"(?:i|ian|ese|ish|an)$")


def _ends_a_name(place: Place, words: list[re.Match[str]], i: int, j: int, found: list[PlaceMention], run: int) -> bool:
    """Whether a one-word town closes a longer capitalised name the gazetteer lacks ("Kfar Hamam", "Deir Qanoun"):
    the word before it in the run is no qualifier, no demonym and no place of its own."""
    if j - i != 1 or i == 0 or place.kind != "city":
        return False
    prev = words[i - 1].group(0).strip(".,;:'’")
    if not prev.isalpha() or not prev[:1].isupper() or prev.isupper() or prev.lower() in _QUALIFYING_WORDS \
            or _DEMONYM_ENDING.search(prev):  # (an all-capitals word is a dateline's)
        return False
    if not words[i - 1].string[words[i - 1].end() : words[i].start()].isspace():
        return False  # "Tyre, Sidon": two names
    return not any(f.end >= run + words[i - 1].start() for f in found)


def _flags(text: str, pm: PlaceMention) -> PlaceMention:
    before = text[max(0, pm.start - 40) : pm.start]
    after = text[pm.end : pm.end + 30]
    border = bool(_BORDER_AFTER.search(after)) or bool(isearch(r"\b(?:borders?|frontier)\s+(?:with|of|between)\s+(?:\w+\s+)?$", before))
    origin = bool(_FROM_BEFORE.search(before)) and not (  # "a stretch from X to Y": a span, not a launch site
        _RANGE_TO.match(after) and not _LAUNCHED_FROM.search(before))
    near = bool(_NEAR_BEFORE.search(before))
    source = bool(_BASED_AFTER.match(after))
    if border or origin or near or source:
        return PlaceMention(pm.start, pm.end, pm.text, pm.place, border, origin, near, source)
    return pm
