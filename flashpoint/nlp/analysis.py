"""Per-sentence analysis shared by the event and tally rules: actors, places, dates, casualties."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from flashpoint.nlp.dates import DateMention, ResolvedDate, find_dates, resolve
from flashpoint.nlp.numbers import Casualty, find_casualties
from flashpoint.nlp.places import PlaceMention, find_places
from flashpoint.nlp.sentences import split_sentences
from flashpoint.ontology.actors import ActorMention, actor_lexicon, unknown_organisations
from flashpoint.ontology.places import Gazetteer, gazetteer
from flashpoint.ontology.profile import active_profile


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[tuple[DateMention, ResolvedDate | None]] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)

    def names_a_day(self) -> bool:
        """Whether a date of day precision is stated in the sentence."""
        return any(r is not None and r.precision == "day" for _, r in self.dates)


@dataclass
class DocContext:
    doc_id: str
    text: str
    ref_date: dt.date | None
    ref_source: str
    sentences: list[Sentence]
    countries: tuple[str, ...]  # countries the report is about, most mentioned first
    open_scope: bool = False  # keep acts anywhere, by anyone (for measuring on other conflicts)
    scope: tuple[str, ...] = ()  # the profile's scope countries
    parse: Any = None  # the spaCy Doc, when the pipeline has a parser
    quotes: Any = None  # quotations with their named speakers (flashpoint.nlp.speakers.quotations), on demand

    def main_country(self) -> str | None:
        inscope = [c for c in self.countries if c in self.scope]
        return inscope[0] if len(inscope) == 1 else None


def analyse(doc_id: str, text: str, ref_date: dt.date | None, ref_source: str = "metadata",
            open_scope: bool = False) -> DocContext:
    """Split `text` into sentences and find the mentions every rule reads."""
    lex = actor_lexicon()
    gaz = gazetteer()
    sents: list[Sentence] = []
    for i, (s, e) in enumerate(split_sentences(text)):
        sents.append(Sentence(i, s, e, text[s:e]))
    counts: Counter[str] = Counter()
    mentions = lex.find(text)  # once per text: one pass of the big alternation, not one per sentence
    mentions = sorted(mentions + unknown_organisations(text, mentions), key=lambda m: m.start)
    mentions = sorted(mentions + defined_abbreviations(text, mentions), key=lambda m: m.start)
    mentions = sorted(mentions + anaphoric_agents(text, mentions), key=lambda m: m.start)
    dates = find_dates(text)  # likewise; neither a name nor a date spans two sentences
    local = dateline(text, dates, ref_date) or ref_date  # "today", "Monday" count from the dateline's day
    mention_starts, date_starts = [m.start for m in mentions], [d.start for d in dates]
    for sent in sents:
        sent.actors = _within(mentions, sent, mention_starts)
        head = DATELINE_HEAD.match(sent.text)
        if head:  # "DEIR EZZOR, Syria — A drone struck ...": the dateline names where it was filed, not a party
            sent.actors = [a for a in sent.actors if a.start >= head.end()]
        sent.dates = [(m, resolve(m, local if m.kind in ("weekday", "relative") else ref_date))
                      for m in _within(dates, sent, date_starts)]
        if head and any(m.start >= head.end() for m, _ in sent.dates):
            # "DAMASCUS, Aug 14 (Agency) - A rocket attack ... last night": the day filed, not the act's day
            sent.dates = [(m, r) for m, r in sent.dates if m.start >= head.end()]
        sent.casualties = find_casualties(sent.text)
    # Place names first without a context, to learn which countries the report is about; then
    # ambiguous names are ranked again with that context.
    for sent in sents:
        places = find_places(sent.text, gaz)
        sent.places = [p for p in places if not _inside_actor(p, sent.actors, sent.text)]
        _site_or_party(sent)
        for p in sent.places:
            counts[p.place.country] += 1
    for sent in sents:  # a dateline's place is where the report was filed: kept only if the sentence names no other
        head = DATELINE_HEAD.match(sent.text)
        if head and (any(p.start >= head.end() for p in sent.places) or _NAMED_LOCALITY.search(sent.text, head.end())):
            # ... or it names a locality the gazetteer does not know ("the southern Lebanese town of Bazouriyeh")
            sent.places = [p for p in sent.places if p.start >= head.end()]
    context = tuple(c for c, _ in counts.most_common())
    if context:
        for sent in sents:
            sent.places = [_rerank(p, gaz, context) for p in sent.places]
    return DocContext(doc_id, text, ref_date, ref_source, sents, context, open_scope, active_profile().scope_countries)


T = TypeVar("T", ActorMention, DateMention)

_DEFINED = re.compile(r"\s*\((?P<abbr>[A-Z][A-Z0-9]{1,5})\)")


def defined_abbreviations(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Parties a report names by an abbreviation it defines ("Harakat Ansar Allah al-Awfiya (HAAA) ... HAAA
    said"): each later use of the abbreviation is a mention of the party."""
    defined: dict[str, ActorMention] = {}
    for m in mentions:
        d = _DEFINED.match(text, m.end)
        if d and d.group("abbr") not in defined:
            defined[d.group("abbr")] = m
    if not defined:
        return []
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for abbr, m in defined.items():
        for hit in re.finditer(rf"(?<![\w(]){re.escape(abbr)}(?![\w)])", text):
            if not any(s0 <= hit.start() < e0 for s0, e0 in taken):
                out.append(ActorMention(hit.start(), hit.end(), abbr, m.actor))
    return out

# A locality named as such, known to the gazetteer or not: "the town of X", "the village of X"
_NAMED_LOCALITY = re.compile(r"\b(?:town|village|city|hamlet|district|neighbou?rhood|camp)\s+of\s+[A-Z]")

# A dateline heading a sentence: maybe a feed's tag, a city in capitals, maybe its country or region, maybe a date
# and an agency, then a dash
DATELINE_HEAD = re.compile(r"^(?:\([^)]{1,60}\)\s*)?[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,3}(?:,\s*[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+){0,2})?"
                           r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?"  # ", June 12"
                           r"(?:\s*\([^)]{1,40}\))?\s*[—–\-:]{1,2}\s+")

# A dateline opening a report: "DAMASCUS, Aug 14 (Xinhua) --", "BEIRUT, Feb. 3:", "Baghdad, 12 January -"
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z'.\- ]{1,40}(?:\s*\([^)]{1,40}\))?\s*[,\-–—]\s*(?=\S)")


# "blamed on the group", "claimed by the militia": an act's agent named by a description of a group named before
_AGENT_ANAPHOR = re.compile(r"\b(?:blamed\s+on|claimed\s+by|carried\s+out\s+by|launched\s+by|attributed\s+to)\s+"
                            r"(?P<np>the\s+(?:group|militia|faction|movement|organi[sz]ation))\b(?!\s*['’]s)", re.I)
# "..., and the group responded with rockets", "The militia later claimed ...": a description of a group as the
# subject of an act or a claim
_SUBJECT_ANAPHOR = re.compile(r"(?:^|[,;]\s*(?:and|but|while|as|before|after\s+which)?\s*|\band\s+)"
                              r"(?P<np>the\s+(?:group|militia|faction|movement|organi[sz]ation))\s+"
                              r"(?:(?:also|later|then|quickly|swiftly|soon|itself|in\s+turn)\s+)?"
                              r"(?=(?:responded|retaliated|replied|hit\s+back|fired|launched|struck|attacked|targeted|"
                              r"shelled)\b)", re.I | re.M)
_ARMED_GROUP_KINDS = ("militia", "group", "umbrella")
_ANAPHOR_REACH = 400  # characters back to the group an agent's description refers to


def anaphoric_agents(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Mentions for the descriptions an act's agent is named by ("an attack Washington blamed on the group", "...,
    and the group responded with rockets"): the armed group named last before, within a few sentences."""
    out = []
    found = sorted([*_AGENT_ANAPHOR.finditer(text), *_SUBJECT_ANAPHOR.finditer(text)], key=lambda m: m.start("np"))
    for m in found:
        start = m.start("np")
        named = [a for a in mentions if start - _ANAPHOR_REACH <= a.start and a.end <= start
                 and a.actor.kind in _ARMED_GROUP_KINDS and not a.adjective]
        proper = [a for a in named if a.actor.name not in _collectives()]  # a group by its name, not a side's label
        if named:
            out.append(ActorMention(start, m.end("np"), m.group("np"), (proper or named)[-1].actor))
    return out


def _collectives() -> set[str]:
    return {s.collective for s in active_profile().sides.values() if s.collective}


def dateline(text: str, dates: list[DateMention], published: dt.date | None) -> dt.date | None:
    """The day a dateline at the head of the report gives (on or before the publication date): the day
    that relative expressions of the report ("yesterday", "on Monday") count from."""
    m = _DATELINE.match(text[:80])
    if m is None or published is None:
        return None
    first = next((d for d in dates if d.start >= m.end() - 1), None)
    if first is None or first.start > m.end() + 1 or first.kind not in ("full", "month_day"):
        return None
    r = resolve(first, published)
    return r.date if r is not None and r.date <= published and (published - r.date).days <= 7 else None


def _within(items: list[T], sent: Sentence, starts: list[int] | None = None) -> list[T]:
    """The items inside `sent`, with offsets relative to it (`starts`: the items' starts, computed once)."""
    lo = bisect_left([i.start for i in items] if starts is None else starts, sent.start)
    out = []
    for k in range(lo, len(items)):
        item = items[k]
        if item.start >= sent.end:
            break
        if item.end <= sent.end:
            out.append(replace(item, start=item.start - sent.start, end=item.end - sent.start))
    return out


def _rerank(p: PlaceMention, gaz: Gazetteer, context: tuple[str, ...]) -> PlaceMention:
    cands = gaz.lookup(p.text, context)
    return replace(p, place=cands[0]) if len(cands) > 1 else p


_BASE_KINDS = frozenset({"airbase", "base", "outpost", "camp", "airport"})  # sites named after a place or a person, not a party's own
# words that make a name a site's: "al-Assad air base", "Ain al-Asad", "Camp Victory"
_SITE_WORD_AFTER = re.compile(r"\s*(?:air\s*base|airbase|air\s*field|airfield|air\s*port|airport|military\s+base|base|camp|outpost)\b",
                              re.I)
_SITE_WORD_IN = re.compile(r"\b(?:ain|ayn|base|airbase|airfield|airport|camp|outpost|garrison)\b", re.I)
_SITE_WORD_BEFORE = re.compile(r"\b(?:ain|ayn|camp)\s+$", re.I)


def _site_or_party(sent: Sentence) -> None:
    """A name that is both a site's (an alias of a base) and a party's ("Assad": a base in Iraq's alias and
    Syria's president): the site where a site word goes with it ("al-Assad air base", "Ain al-Assad"; the party
    mention goes), the party otherwise ("forces loyal to Assad", "Bashar al-Assad"; the place goes)."""
    keep: list[PlaceMention] = []
    drop: set[int] = set()
    for p in sent.places:
        over = [a for a in sent.actors if a.start < p.end and a.end == p.end]  # the name's own head
        if p.place.kind not in _BASE_KINDS or not over:
            keep.append(p)
        elif (_SITE_WORD_AFTER.match(sent.text, p.end) or _SITE_WORD_IN.search(p.text)
              or _SITE_WORD_BEFORE.search(sent.text, max(0, p.start - 8), p.start)):
            keep.append(p)
            drop.update(id(a) for a in over)
    sent.places = keep
    if drop:
        sent.actors = [a for a in sent.actors if id(a) not in drop]


def _inside_actor(p: PlaceMention, actors: list[ActorMention], text: str = "") -> bool:
    if p.place.kind not in ("country", "city", "admin1"):
        return False  # a site named like an actor ("U.S. Embassy") is still a place
    for a in actors:
        if a.start <= p.start and p.end <= a.end and not a.adjective:
            # "Syria" alone is a place as well as a state; inside "Islamic Resistance in Iraq" it is neither;
            # nor is a state that is the subject of a verb ("Israel said", "Israel struck")
            if a.actor.kind == "state" and a.start == p.start and a.end == p.end:
                return p.place.kind == "country" and bool(_SUBJECT_VERB.match(text[a.end : a.end + 40]))
            return True
    return False


# a verb right after a name: the name is the subject of a statement or an act, not a place
_SUBJECT_VERB = re.compile(
    r"(?:['’]s\s+(?:military|army|government|forces)\s+)?\s*(?:has\s+|had\s+|have\s+|also\s+|later\s+|then\s+)?"
    r"(?:said|says|announced|stated|claimed|confirmed|responded|retaliated|warned|accused|blamed|denied|struck|"
    r"launched|conducted|carried\s+out|attacked|targeted|fired|killed|bombed|shelled|hit|threatened|vowed)\b"
)
