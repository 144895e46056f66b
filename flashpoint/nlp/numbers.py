"""Numbers in words and digits, and casualty figures with their qualifiers (GUIDE §4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashpoint.fastre import Pattern, caseless, imatch, isearch
from flashpoint.nlp.records import Range

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUM_WORD = "|".join(sorted([*UNITS, *TENS, "dozen", "hundred", "twice", "once"], key=len, reverse=True))
# Bounded repetitions (at most 7 thousands groups, 8 number words): unbounded, a long run of "an an an" or
# "1,000,000,..." was scanned to its end from every word of it, quadratic in a sentence.
NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}}){{1,7}}|\d+|(?:(?:{_NUM_WORD})(?:[\s\-]+(?:{_NUM_WORD})){{0,7}}))"
)
QUALIFIER = (
    r"(?P<qual>at\s+least|more\s+than|over|upwards\s+of|about|approximately|around|roughly|nearly|almost|some|"
    r"an\s+estimated|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than)"
)
_QUAL_MAP = {
    "at least": "at_least", "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "about": "about", "approximately": "about", "around": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "nearly": "nearly", "almost": "nearly", "up to": "up_to", "as many as": "up_to",
    "fewer than": "nearly", "less than": "nearly",
}


def parse_number(text: str) -> int | None:
    """'three' -> 3, 'two dozen' -> 24, '1,200' -> 1200, 'twenty-five' -> 25; None if not a count."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t) if len(t) <= 15 else None  # no count has more digits (and int() refuses over 4,300)
    words = re.split(r"[\s\-]+", t)
    total, current = 0, 0
    seen = False
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "twice":
            current += 2
        elif w == "once":
            current += 1
        else:
            return None
        seen = True
    total += current
    return total if seen else None


def qualifier_of(q: str | None) -> str:
    if not q:
        return "exact"
    return _QUAL_MAP.get(" ".join(q.lower().split()), "exact")


def to_range(n: int, qual: str) -> Range:
    if qual == "at_least":
        return Range(n, None)
    if qual == "more_than":
        return Range(n + 1, None)
    if qual == "up_to":
        return Range(None, n)
    return Range(n, n)


@dataclass
class Casualty:
    kind: str  # killed | injured
    range: Range
    start: int
    end: int
    approximate: bool = False


_PERSON = (
    r"(?:(?:other|more|additional|(?:[a-z]\.){2,3}|militia|coalition|security|service|civilian|of\s+its|of\s+our|"
    r"of\s+the|of\s+their|senior|paramilitary|military|armed|allied|local|foreign|[\w\-]+)\s+){0,3}"
    r"(?:people|persons|soldiers|troops|servicemen|service\s+members|servicemembers|personnel|members|fighters|"
    r"militants|militiamen|civilians|guards|officers|commanders|leaders?|individuals|americans|others|men|"
    r"contractors|staff|workers|children|women|police(?:men)?|combatants|operatives|recruits|"
    r"officials|journalists|drivers|(?:service\s+)?member|servicemember|serviceman|fighter|soldier|civilian|militant|person|guard|officer|"
    r"commander|contractor|worker|child|woman|man|policeman|official|journalist|driver|american|"
    r"[A-Za-z]{3,}(?:ians|ans|is|ese)\b(?:\s+nationals)?)"  # people by nationality: "four Syrians", "two Israelis"
)
_OF = (r"(?:\s+(?:of|from|in|within)\s+(?:[\w'’\-()]+\s+){1,10}?)?"
       # "18 people, including two children, were wounded": an aside between the victims and the verb
       r"(?:\s*,\s*(?:including|among\s+them|among\s+whom|most\s+of\s+them|mostly|many\s+of\s+them)\s+[^,.;]{1,50},)?")
_KILL = r"(?:killed|dead|died|martyred|slain|lost\s+their\s+lives)"
_HURT = r"(?:wounded|injured|hurt|hospitali[sz]ed)"
_Q = rf"(?:{QUALIFIER}\s+)?"
_WOUNDS = r"(?:injuries|injury|wounds|concussions?|trauma)\b"
_N = rf"(?P<num>{NUMBER})"
_PATTERNS: list[tuple[str, Pattern]] = [
    ("killed", caseless(rf"\b(?:killing|killed|kills|kill)\s+{_Q}{_N}\b(?!\s*(?:targets|sites|facilities|times|attacks))")),
    ("injured", caseless(rf"\b(?:wounding|injuring|wounded|injured|wounds|injures)\s+{_Q}{_N}\b(?!\s*(?:targets|sites|times|attacks))")),
    ("killed", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON})?{_OF}\s*(?:(?:were|was|have\s+been|had\s+been|are|being|been)\s+)?(?:reportedly\s+|also\s+)?(?:[a-z]+ly\s+)?{_KILL}\b")),
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON})?{_OF}\s*(?:(?:were|was|have\s+been|had\s+been|are|being|been)\s+)?(?:reportedly\s+|also\s+)?(?:[a-z]+ly\s+)?{_HURT}\b")),
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON}){_OF}\s*(?:have\s+|had\s+)?(?:suffered|sustained|received)\s+(?:[\w\-]+\s+){{0,2}}(?:injuries|wounds)\b")),
    ("injured", caseless(rf"\binjuries\s+to\s+{_Q}{_N}\b")),
    # "34 service members were diagnosed with traumatic brain injuries", "left two soldiers with minor injuries"
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON}){_OF}\s*(?:were|have\s+been|had\s+been|was)\s+(?:later\s+)?"
                         rf"(?:diagnosed\s+with|treated\s+for)\s+(?:[\w\-]+\s+){{0,4}}?{_WOUNDS}")),
    ("injured", caseless(rf"\bleft\s+{_Q}{_N}\s+(?:{_PERSON})\s+with\s+(?:[\w\-]+\s+){{0,3}}?{_WOUNDS}")),
    # "the number of wounded rose to 47"
    ("injured", caseless(rf"\bnumber\s+of\s+(?:the\s+)?(?:wounded|injured)\s+(?:\w+\s+){{0,2}}(?:to|at)\s+{_Q}{_N}\b")),
    ("killed", caseless(rf"\bnumber\s+of\s+(?:the\s+)?(?:dead|killed|deaths|fatalities|martyrs)\s+(?:\w+\s+){{0,2}}(?:to|at)\s+{_Q}{_N}\b")),
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:\w+\s+){{0,2}}injuries\b")),
    ("killed", caseless(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,6}}(?:to|of|at)\s+{_Q}{_N}\b")),
    # "put the toll at 23", "the toll rose to 12" (a count of attacks is not a toll of lives)
    ("killed", caseless(rf"\btoll\s+(?:at|(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|jumped)\s+to)\s+{_Q}{_N}\b"
                        r"(?!\s*(?:attacks|strikes|times|incidents|operations))")),
    ("killed", caseless(rf"\bdeaths?\s+of\s+{_Q}{_N}\b")),
    ("killed", caseless(rf"\bleft\s+{_Q}{_N}\s+(?:{_PERSON}\s+)?dead\b")),
    ("killed", caseless(rf"\b{_N}\s+(?:{_PERSON}\s+)?(?:fatalities|fatality|deaths|death)\b(?!\s+(?:toll|sentence|penalty|squad))")),
]
_LO, _HI = rf"(?P<lo>{NUMBER})", rf"(?P<hi>{NUMBER})"
_BETWEEN = rf"(?P<btw>between\s+)?{_LO}\s+(?P<conj>to|or|and)\s+{_HI}"  # "and" only after "between"
_RANGES: list[tuple[str, Pattern]] = [
    ("killed", caseless(rf"\b(?:killing|killed|kills|kill)\s+{_BETWEEN}\b(?!\s*(?:targets|sites|facilities|times|attacks))")),
    ("injured", caseless(rf"\b(?:wounding|injuring|wounded|injured)\s+{_BETWEEN}\b(?!\s*(?:targets|sites|times|attacks))")),
    ("killed", caseless(rf"\b{_BETWEEN}\s+(?:{_PERSON})?{_OF}\s*(?:(?:were|was|have\s+been|had\s+been)\s+)?{_KILL}\b")),
    ("injured", caseless(rf"\b{_BETWEEN}\s+(?:{_PERSON})?{_OF}\s*(?:(?:were|was|have\s+been|had\s+been)\s+)?{_HURT}\b")),
]
# cheap tests that a sentence can hold a range or "and N others" before the patterns that read them run
_MAY_RANGE = caseless(r"\bbetween\b|\s(?:to|or)\s")
_MAY_AND_OTHERS = caseless(r"\band\s+\S+\s+(?:others|more|of\s+(?:his|her|their|its))\b")
# "at least 9 people were killed and 14 injured": the second figure shares the qualifier and the noun
_COORD = caseless(rf"^\s*(?:,\s*)?and\s+(?P<num>{NUMBER})\s+(?:others?\s+|more\s+)?(?:were\s+)?(?P<verb>{_HURT}|{_KILL})\b")
_ZERO = caseless(
    r"\b(?:no\s+(?:immediate\s+)?(?:casualties|injuries|deaths|fatalities)|no\s+one\s+was\s+(?:hurt|injured|killed|wounded)|"
    r"without\s+causing\s+(?:any\s+)?casualties|no\s+(?:(?:[a-z]\.){2,3}\s+|[a-z]+\s+)?(?:personnel|troops|service\s+members)\s+were\s+(?:hurt|injured|killed)|"
    r"caus(?:ed|ing)\s+no\s+casualties|there\s+were\s+no\s+(?:casualties|injuries)|"
    r"no\s+(?:immediate\s+|initial\s+)?(?:reports?|word|indications?)\s+of\s+(?:any\s+)?(?:casualties|injuries|deaths|fatalities)|"
    r"(?:did\s+not|didn't)\s+(?:cause|result\s+in|lead\s+to)\s+(?:any\s+)?(?:reported\s+)?(?:casualties|injuries|deaths)|"
    r"(?:resulted\s+in|caused)\s+no\s+(?:reported\s+)?(?:casualties|injuries|deaths|damage\s+or\s+casualties))\b"
)
_NOT_COUNTS = caseless(r"\b(?:dozens|scores|hundreds|thousands|several|a\s+number\s+of|many|multiple|some)\s*$")


_ONE_PERSON_AFTER = caseless(rf"\s+(?:{_PERSON})\b")
# "a soldier suffered a concussion": one person hurt
_ONE_HURT = caseless(rf"\b(?:a|an|one)\s+(?:{_PERSON})\s+(?:suffered|sustained|received)\s+(?:a|an|minor|light|serious)\s+(?:[\w\-]+\s+)?(?:injury|wound|concussion)\b")
_NOT_ORDINAL = r"(?!(?:second|third|fourth|fifth|sixth|another|further)\b)"
_TITLE = r"(?:commander|leader|chief|head|deputy|official|spokesman|founder)"
_SINGLE = r"(?:commander|leader|chief|head|deputy|official|member|soldier|fighter|militant|civilian|contractor|guard|officer|driver)"
# "killed Taleb Abdallah, a senior commander, and three others", "a commander and two of his guards were killed":
# one victim and N more
_AND_OTHERS: list[tuple[str, Pattern]] = [
    ("killed", caseless(rf"\b(?:killing|killed|assassinat(?:ed|ing))\s+[^.;]{{3,120}}?\band\s+{_N}\s+(?:others|more|of\s+(?:his|her|their|its)\s+[\w\-]+)\b")),
    ("killed", caseless(rf"\band\s+{_N}\s+(?:others|of\s+(?:his|her|their|its)\s+[\w\-]+)\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?{_KILL}\b")),
    ("injured", caseless(rf"\b(?:wounding|injuring)\s+[^.;]{{3,120}}?\band\s+{_N}\s+(?:others|more|of\s+(?:his|her|their|its)\s+[\w\-]+)\b")),
]
# One named or titled victim without a number (GUIDE §4: named victims count): "killing a senior commander",
# "assassinated Abu Baqir al-Saadi", "Al-Arouri was assassinated", "the commander of the group ... was killed".
# (kind, pattern, exact): exact where the one person is named or counted ("a guard suffered"), at least one
# where known only by a title ("a senior commander" may not have been the only one hit)
_ONE_PERSON: list[tuple[str, Pattern, bool]] = [
    ("killed", caseless(rf"\b(?:killing|killed|assassinat(?:ed|ing))\s+(?:a|an|the|its|their|one)\s+(?:[\w\-]+\s+){{0,3}}?{_TITLE}\b(?!-)"), False),
    ("killed", re.compile(r"\bassassinat(?:ed|ing)\s+(?:[A-Z][\w'’\-]+\s+){1,4}"), True),
    ("killed", re.compile(r"\b(?:[A-Z][\w'’\-]+\s+){1,4}(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:killed|assassinated|slain)\b"),
     True),
    ("killed", caseless(rf"\b(?:the|a|an)\s+{_NOT_ORDINAL}(?:[\w\-]+\s+){{0,3}}?{_SINGLE}\b(?!s)[^.;]{{0,140}}?\b(?:was|has\s+been|had\s+been)\s+"
                        r"(?:also\s+|reportedly\s+)?(?:killed|assassinated|slain)\b"), False),
    ("injured", _ONE_HURT, True),
    ("injured", caseless(rf"\b(?:the|a|an)\s+{_NOT_ORDINAL}(?:[\w\-]+\s+){{0,3}}?{_SINGLE}\b(?!s)[^.;]{{0,60}}?\b(?:was|has\s+been|had\s+been)\s+"
                         r"(?:also\s+|reportedly\s+|slightly\s+|seriously\s+)?(?:wounded|injured)\b"), False),
]
_ORDINAL = caseless(r"\s+(?:second|third|fourth|fifth|sixth|further)\b")
_VAGUE_AMOUNT = caseless(r"\s+(?:number|few|handful|lot|host|series|string|wave|range|variety|large|small)\b")
_ANY_CASUALTY = caseless(
    r"kill|assassin|dead|death|die|martyr|slain|wound|injur|hurt|hospital|casualt|fatalit|lives|toll|concuss|trauma"
)


def find_casualties(sentence: str) -> list[Casualty]:
    """Killed/injured figures stated in one sentence, in order."""
    out: list[Casualty] = []
    if not _ANY_CASUALTY.search(sentence):
        return out
    taken = bytearray(len(sentence))  # 1 where a figure was read: overlap checks cost the span, not the sentence

    def add(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    for kind, pat in _RANGES if _MAY_RANGE.search(sentence) else ():  # "killing between six and nine": one range
        for m in pat.finditer(sentence):
            lo, hi = parse_number(m.group("lo")), parse_number(m.group("hi"))
            if m.group("conj").lower() == "and" and not m.group("btw"):
                continue  # "killing two and wounding three": two figures, read below
            if lo is None or hi is None or not lo < hi <= 100000:
                continue
            add(*m.span())
            out.append(Casualty(kind, Range(lo, hi), m.start(), m.end()))

    for kind, pat in _PATTERNS:
        for m in pat.finditer(sentence):
            s, e = m.span("num")
            if taken.find(1, s, e) >= 0:
                continue
            n = parse_number(m.group("num"))
            if n is None or n > 100000:
                continue
            word = m.group("num").lower()
            if word in ("a", "an", "once") and kind == "injured" and not (
                    word != "once" and _ONE_PERSON_AFTER.match(sentence, e)):
                continue  # "wounded a U.S. service member" is one; "injured a building" or "once" is none
            if word in ("a", "an") and (_ORDINAL.match(sentence, e) or _VAGUE_AMOUNT.match(sentence, e)):
                continue  # "a second militant was also killed": one more; "killed a number of fighters": no count
            if isearch(r"\bno\s+$", sentence[max(0, s - 4) : s]):
                continue  # "no one was hurt" is zero, read below
            qual = qualifier_of(m.groupdict().get("qual"))
            add(s, e)
            out.append(Casualty(kind, to_range(n, qual), m.start(), m.end(), qual == "about"))
            tail = _COORD.match(sentence[m.end() : m.end() + 400])  # a window: the rest of the sentence is quadratic
            if tail:
                n2 = parse_number(tail.group("num"))
                kind2 = "injured" if imatch(_HURT, tail.group("verb")) else "killed"
                if n2 is not None and kind2 != kind:
                    ts, te = m.end() + tail.start("num"), m.end() + tail.end("num")
                    add(ts, te)
                    out.append(Casualty(kind2, to_range(n2, qual), ts, m.end() + tail.end(), qual == "about"))
    for kind, pat in _AND_OTHERS if _MAY_AND_OTHERS.search(sentence) else ():
        for m in pat.finditer(sentence):
            n = parse_number(m.group("num"))
            if n is None or n > 100000:
                continue
            # the figures read inside this phrase are its parts ("killed a commander" as one, "two of his guards
            # were killed" as two): the phrase counts them together; a figure of the kind outside it stands
            inside = [c for c in out if c.kind == kind and m.start() <= c.start < m.end()]
            if any(c.kind == kind and c not in inside for c in out) or any(c.range.low not in (1, n) for c in inside):
                continue
            out = [c for c in out if c not in inside]
            add(*m.span("num"))
            out.append(Casualty(kind, Range(n + 1, n + 1), m.start("num"), m.end()))  # "... and three others"
    for kind, pat, exact in _ONE_PERSON:
        for m in pat.finditer(sentence):
            if out and any(c.kind == kind for c in out):
                break  # a counted figure of this kind is there already
            out.append(Casualty(kind, Range(1, 1 if exact else None), m.start(), m.end()))  # GUIDE §4
            break
    for m in _ZERO.finditer(sentence):
        # GUIDE §4: "no casualties", "no injuries", "no one was injured/hurt" → both figures {0, 0}
        for k in ("killed", "injured"):
            out.append(Casualty(k, Range(0, 0), m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out
