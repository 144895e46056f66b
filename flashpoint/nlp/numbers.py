"""Numbers in words and digits, and casualty figures with their qualifiers (GUIDE §4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from flashpoint.fastre import Pattern, caseless, imatch, isearch, lower_literals
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
    r"(?P<qual>at\s+least|more\s+than|over|upwards?\s+of|about|approximately|around|roughly|nearly|almost|some|"
    r"an\s+estimated|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than)"
)
_QUAL_MAP = {
    "at least": "at_least", "more than": "more_than", "over": "more_than", "upwards of": "more_than", "upward of": "more_than",
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
    count_at: int | None = None  # where the number of the last group starts, when the figure sums groups
    # ("two soldiers and a civilian were killed": 3, the verb's own figure at "a")


# People a figure counts, as data: plural and singular nouns of the words that name victims
_PEOPLE_PLURAL = (
    "people", "persons", "soldiers", "troops", "servicemen", "service\\s+members", "servicemembers", "personnel",
    "members", "fighters", "militants", "militiamen", "civilians", "guards", "officers", "commanders", "leaders?",
    "individuals", "americans", "others", "men", "contractors", "staff", "workers", "children", "women",
    "police(?:men)?", "combatants", "operatives", "recruits", "officials", "journalists", "drivers", "reservists",
    "paramedics", "medics", "rescuers", "nationals", "residents", "villagers", "passengers", "students", "farmers",
    "shepherds", "employees", "engineers", "doctors", "nurses", "marines", "sailors", "airmen", "gunmen", "relatives",
    "teenagers", "boys", "girls", "babies", "infants", "refugees", "pilgrims", "volunteers", "peacekeepers",
    "bodyguards", "agents", "victims", "adults", "minors", "detainees", "prisoners", "hostages", "sons", "daughters",
    "brothers", "sisters", "companions", "aides",
)
_PEOPLE_SINGULAR = (
    "(?:service\\s+)?member", "servicemember", "serviceman", "fighter", "soldier", "civilian", "militant", "person",
    "guard", "officer", "commander", "contractor", "worker", "child", "woman", "man", "policeman", "official",
    "journalist", "driver", "american", "reservist", "paramedic", "medic", "rescuer", "resident", "villager",
    "passenger", "student", "farmer", "shepherd", "employee", "engineer", "doctor", "nurse", "marine", "sailor",
    "gunman", "teenager", "boy", "girl", "baby", "infant", "refugee", "volunteer", "peacekeeper", "bodyguard",
    "son", "daughter", "brother", "sister", "wife", "husband", "father", "mother", "companion", "aide", "deputy",
    "leader", "member", "national",
)
_WHO_SINGULAR = "(?:" + "|".join(_PEOPLE_SINGULAR) + ")"
_PEOPLE_WORDS = "(?:" + "|".join(_PEOPLE_PLURAL) + ")"
# words before the noun: "three U.S. service members", "two of its fighters"; not a number or "and" (in
# "25 civilians and 20 soldiers were killed" each group is a figure of its own)
_PERSON = (
    r"(?:(?:other|more|additional|(?:[a-z]\.){2,3}|militia|coalition|security|service|civilian|of\s+its|of\s+our|"
    r"of\s+the|of\s+their|senior|paramilitary|military|armed|allied|local|foreign|(?!(?:and|or|" + _NUM_WORD + r")\b)[a-z][\w\-'’]*)\s+){0,3}"
    r"(?:" + "|".join(_PEOPLE_PLURAL) + "|" + "|".join(_PEOPLE_SINGULAR) + r"|"
    r"more(?=\s+(?:were|was|have|had)\b)|"  # "and 11 more were wounded"
    r"[A-Za-z]{3,}(?:ians|ans|is|ese)\b(?:\s+nationals)?)"  # people by nationality: "four Syrians", "two Israelis"
    # "46 soldiers and civilians": two nouns, one number
    r"(?:\s*,?\s+(?:and|or)\s+(?!(?:" + NUMBER + r")\b)(?:[a-z][\w\-]*\s+)?(?:" + "|".join(_PEOPLE_PLURAL) + r")\b)?"
)
# the place or group of the victims: "members of Kata'ib Hezbollah" (not a number, a verb or a casualty word:
# "three were killed and at least 12 wounded" holds two figures)
_OF = (r"(?:\s+(?:of|from|in|within|at|on|near|inside|aboard)\s+(?:(?!\d[\d,]*\b|(?:were|was|killed|dead|died|wounded|injured|hurt)\b)"
       r"[\w'’\-()]+\s+){1,10}?)?"
       # "18 people, including two children, were wounded", "nine civilians including four children were killed": an
       # aside between the victims and the verb (its figure is a part of theirs, not another)
       r"(?P<aside>\s*,\s*(?:including|among\s+them|among\s+whom|most\s+of\s+them|mostly|many\s+of\s+them)\s+[^,.;]{1,50},"
       r"|\s+including\s+(?:[\w\-]+\s+){1,3}?(?=(?:were|was|have|had)\s))?")
_KILL = r"(?:killed|dead|died|martyred|slain|lost\s+their\s+lives|succumbed\s+to\s+(?:their|his|her)\s+(?:wounds|injuries))"
_HURT = r"(?:wounded|injured|hurt|hospitali[sz]ed)"
# what stands between the victims and the verb: "were", "have been", "have", "were said to have",
# "are feared", "were reportedly", "were lightly to moderately"
_AUX = (
    r"(?:(?:were|was|are|is|being|been|have\s+been|has\s+been|had\s+been|have|has|had)\s+)?"
    r"(?:(?:reportedly|also|all|both|now)\s+)?"
    r"(?:(?:said|reported|believed|thought|feared|confirmed|known)\s+(?:to\s+(?:have\s+(?:been\s+)?|be\s+))?)?"
    r"(?:[a-z]+ly\s+(?:(?:to|or|and)\s+[a-z]+ly\s+)?)?"
)
_Q = rf"(?:{QUALIFIER}\s+)?"
_WOUNDS = r"(?:injuries|injury|wounds|concussions?|trauma|burns)\b"
_N = rf"(?P<num>{NUMBER})"
_LO, _HI = rf"(?P<lo>{NUMBER})", rf"(?P<hi>{NUMBER})"
# "between six and nine", "six to nine", "six or seven", "30-40" ("and" only after "between")
_BETWEEN = rf"(?P<btw>between\s+)?{_LO}(?:\s+(?P<conj>to|or|and)\s+|[\-–]){_HI}"
# The verbs of each kind, as data: before the figure ("killing three"), after it ("three were killed"), and
# before one victim and N more ("killing a commander and two others": only forms that cannot close a passive)
_VERB_BEFORE = {
    "killed": r"(?:killing|killed|kills|kill|assassinat(?:ed|ing)|(?:claim(?:ed|ing|s)?|cost(?:ing|s)?|took|taking|takes)\s+"
              r"the\s+lives\s+of)",
    "injured": r"(?:wounding|injuring|wounded|injured|wounds|injures)",
}
_VERB_AFTER = {"killed": _KILL, "injured": _HURT}
_AMONG = {"killed": r"(?:killed|dead)", "injured": r"(?:wounded|injured|hurt)"}  # "were among the dead": at least
_VERB_OTHERS = {"killed": r"(?:killing|killed|assassinat(?:ed|ing))", "injured": r"(?:wounding|injuring)"}
_NOT_PEOPLE = r"(?!\s*(?:targets|sites|facilities|times|attacks))"


def _verb_first(kind: str, count: str) -> Pattern:
    """ "killing three", "wounded at least 12", "claimed the lives of six", "wounding another 25": the verb, then the
    figure."""
    return caseless(rf"\b{_VERB_BEFORE[kind]}\s+(?:(?:its|their|his|her|the|all|another|a\s+further|an\s+additional)\s+)?"
                    rf"{count}\b{_NOT_PEOPLE}")


def _count_first(kind: str, count: str) -> Pattern:
    """ "three soldiers were killed", "Two were killed", "10 soldiers were lightly to moderately injured"."""
    # quotation marks around the count or the verb: "'approximately 40' troops", "were 'martyred'"
    return caseless(rf"\b{count}['’\"”]?\s+(?:{_PERSON})?{_OF}\s*{_AUX}['‘\"“]?"
                    rf"(?:(?P<among>(?:were|was|are|is)\s+among\s+(?:those|the)\s+){_AMONG[kind]}|{_VERB_AFTER[kind]})\b")


def _and_others(kind: str) -> Pattern:
    """ "killing a commander and two of his guards", "killing Taleb Abdallah and three others": one victim
    (or a counted group) and N more; not "... and 9 others were hurt", a figure of the other kind."""
    other = _VERB_AFTER["injured" if kind == "killed" else "killed"]
    return caseless(rf"\b{_VERB_OTHERS[kind]}\s+[^.;]{{3,120}}?\b(?P<and>and|along\s+with|together\s+with|as\s+well\s+as)\s+"
                    rf"(?:(?:his|her|their|its)\s+)?{_N}\s+(?:others|more|of\s+(?:his|her|their|its)\s+[\w\-]+|"
                    rf"(?:[\w\-]+\s+)?{_PEOPLE_WORDS}(?:\s+and\s+(?P<num2>{NUMBER})\s+(?:[\w\-]+\s+)?{_PEOPLE_WORDS})?)\b"
                    rf"(?!\s+{_AUX}{other}\b)")


def _and_one_more(kind: str) -> Pattern:
    """ "killed a fighter and a civilian", "killed a woman and her son", "killed the commander and his driver"."""
    other = _VERB_AFTER["injured" if kind == "killed" else "killed"]
    return caseless(rf"\b{_VERB_OTHERS[kind]}\s+[^.;]{{3,80}}?\b(?P<and>and)\s+(?:a|an|one|his|her|their|its|another)\s+"
                    rf"(?:[\w\-]+\s+){{0,2}}?{_WHO_SINGULAR}\b(?!s\b|-)"
                    rf"(?!\s+{_AUX}(?:{other}|{_VERB_AFTER[kind]})\b)")


_PATTERNS: list[tuple[str, Pattern]] = [
    ("killed", _verb_first("killed", rf"{_Q}{_N}")),
    ("injured", _verb_first("injured", rf"{_Q}{_N}")),
    ("killed", _count_first("killed", rf"{_Q}{_N}")),
    ("injured", _count_first("injured", rf"{_Q}{_N}")),
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON}){_OF}\s*(?:have\s+|had\s+)?(?:suffered|sustained|received)\s+(?:[\w\-]+\s+){{0,2}}(?:injuries|wounds|concussions|burns|fractures)\b")),
    ("injured", caseless(rf"\binjuries\s+to\s+{_Q}{_N}\b")),
    # "34 service members were diagnosed with traumatic brain injuries", "left two soldiers with minor injuries"
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:{_PERSON}){_OF}\s*(?:were|have\s+been|had\s+been|has\s+been|was|are|is)\s+(?:being\s+)?(?:later\s+)?"
                         rf"(?:diagnosed\s+with|treated\s+for)\s+(?:[\w\-]+\s+){{0,4}}?{_WOUNDS}")),
    ("injured", caseless(rf"\bleft\s+{_Q}{_N}\s+(?:{_PERSON})\s+with\s+(?:[\w\-]+\s+){{0,3}}?{_WOUNDS}")),
    # "the number of wounded rose to 47", "raised the number of troops hurt in the attack to more than 40",
    # "put the number of dead from the strikes at 16", "put the number killed at 12"
    ("injured", caseless(rf"\bnumber\s+(?:of\s+(?:the\s+)?)?(?:(?:{_PERSON})\s+)?(?:wounded|injured|hurt)\s+"
                         rf"(?:[\w'’.\-]+\s+){{0,8}}?(?:to|at)\s+{_Q}{_N}\b")),
    ("killed", caseless(rf"\bnumber\s+(?:of\s+(?:the\s+)?)?(?:(?:{_PERSON})\s+)?(?:dead|killed|deaths|fatalities|martyrs)\s+"
                        rf"(?:[\w'’.\-]+\s+){{0,8}}?(?:to|at)\s+{_Q}{_N}\b")),
    ("injured", caseless(rf"\b{_Q}{_N}\s+(?:\w+\s+){{0,2}}injuries\b")),
    # "the death toll from Monday's strikes climbed to 492"
    ("killed", caseless(rf"\bdeath\s+toll\s+(?:[\w'’.\-]+\s+){{0,6}}?(?:to|of|at)\s+{_Q}{_N}\b")),
    # "put the toll at 23", "the toll rose to 12" (a count of attacks is not a toll of lives)
    ("killed", caseless(rf"\btoll\s+(?:at|(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|jumped)\s+to)\s+{_Q}{_N}\b"
                        r"(?!\s*(?:attacks|strikes|times|incidents|operations))")),
    ("killed", caseless(rf"\bdeaths?\s+of\s+(?:all\s+|the\s+|its\s+|their\s+)?{_Q}{_N}\b")),
    # "resulted in the loss of three soldiers", "the loss of 12 lives"
    ("killed", caseless(rf"\bloss\s+of\s+(?:the\s+)?{_Q}{_N}\s+(?:{_PERSON}|lives)\b")),
    # "rescuers pulled 14 bodies from the rubble"
    ("killed", caseless(rf"\b(?:pulled|pulling|recovered|recovering|retrieved|retrieving)\s+{_Q}{_N}\s+bodies\b")),
    ("killed", caseless(rf"\bleft\s+{_Q}{_N}\s+(?:{_PERSON}\s+)?dead\b")),
    ("killed", caseless(rf"\b{_N}\s+(?:{_PERSON}\s+)?(?:fatalities|fatality|deaths|death)\b(?!\s+(?:toll|sentence|penalty|squad))")),
    # "claimed three lives", "cost 12 lives"
    ("killed", caseless(rf"\b(?:claim(?:ed|ing|s)?|cost(?:ing|s)?|took|taking)\s+{_Q}{_N}\s+(?:more\s+|civilian\s+|innocent\s+)?lives\b")),
    # "cost three American soldiers their lives"
    ("killed", caseless(rf"\b(?:cost(?:ing|s)?)\s+{_Q}{_N}\s+(?:{_PERSON})\s+(?:their|his|her)\s+lives?\b")),
    # "killed a family of five"
    ("killed", caseless(rf"\b(?:killing|killed|kills|kill|wiped\s+out)\s+(?:a|an|the|one|two)\s+famil(?:y|ies)\s+of\s+{_N}\b")),
    # the army's word: "eliminated three operatives" (people only: "eliminated two launchers" is no figure)
    ("killed", caseless(rf"\beliminat(?:ed|ing|es)\s+{_Q}{_N}\s+(?:{_PERSON})\b")),
]
_RANGES: list[tuple[str, Pattern]] = [
    ("killed", _verb_first("killed", _BETWEEN)),
    ("injured", _verb_first("injured", _BETWEEN)),
    ("killed", _count_first("killed", _BETWEEN)),
    ("injured", _count_first("injured", _BETWEEN)),
]
# Where a count can start ("at least 12", "between 8 and 12", "two dozen", "40"): the patterns that open with the
# count are tried only there, not at every word of the sentence (one scan finds them all)
_COUNT_START = caseless(rf"\b(?P<pre>(?:{QUALIFIER}|between)\s+)?(?P<num>{NUMBER})\b")
# (each such pattern with its literals lowercased, to be tried on the lowercased sentence, as fastre.Caseless does)
_OPENS_WITH_COUNT = {
    id(pat): re.compile(lower_literals(pat.pattern)) for _, pat in _PATTERNS + _RANGES
    if pat.pattern.startswith((r"\b(?:(?P<qual>", r"\b(?P<num>", r"\b(?P<btw>"))
}


@dataclass
class _Counts:
    """A sentence, lowercased once, and where its counts start."""

    text: str
    low: str | None  # None where lowercasing changes the length: the patterns then scan the original
    starts: list[int]


def _counts(sentence: str) -> _Counts:
    starts: list[int] = []
    for m in _COUNT_START.finditer(sentence):
        if m.group("pre"):
            starts.append(m.start())
        starts.append(m.start("num"))
    low = sentence.lower()
    return _Counts(sentence, low if len(low) == len(sentence) else None, starts)


def _finditer(pat: Pattern, c: _Counts) -> Iterator[re.Match[str]]:
    """`pat.finditer(sentence)`, tried only at the starts of counts when the pattern opens with one."""
    lower = _OPENS_WITH_COUNT.get(id(pat))
    if lower is None or c.low is None:
        yield from pat.finditer(c.text)
        return
    end = 0
    for pos in c.starts:
        if pos >= end and lower.match(c.low, pos) is not None and (m := pat.match(c.text, pos)) is not None:
            yield m
            end = max(m.end(), pos + 1)
# cheap tests that a sentence can hold a range or "and N others" before the patterns that read them run
_MAY_RANGE = caseless(r"\bbetween\b|\s(?:to|or)\s|\d[\-–]\d")
_MAY_AND_OTHERS = caseless(
    r"\b(?:and|with)\s+(?:\S+\s+(?:others|more|of\s+(?:his|her|their|its))|a|an|one|another|his|her|their|its|\d+|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b")
# "at least 9 people were killed and 14 injured": the second figure shares the qualifier and the noun (unless it
# has its own: "three were killed and at least 12 wounded")
_COORD = caseless(rf"^\s*(?:,\s*)?and\s+{_Q}(?P<num>{NUMBER})\s+(?P<others>others?\s+|more\s+)?(?:were\s+)?(?:[a-z]+ly\s+)?"
                  rf"(?P<verb>{_HURT}|{_KILL})\b")
# "a fighter was killed and another was wounded": one more victim, of the other kind
_ANOTHER = caseless(rf"\s*(?:,\s*)?and\s+another\s+(?:(?:was|had\s+been|has\s+been)\s+)?(?:[a-z]+ly\s+)?(?P<verb>{_HURT}|{_KILL})\b")
# "two soldiers and a civilian were killed": a group of victims before the one the verb's figure counts
# (not "killed two people, and 9 others were hurt" nor "among them two children, and 80 were injured": an object
# or an aside, not a subject)
_GROUP_BEFORE = caseless(rf"\b{_Q}(?P<num>{NUMBER})\s+(?:{_PERSON})\s+(?:and|as\s+well\s+as)\s+(?:(?:his|her|their|its)\s+)?$")
_VERB_BEFORE_GROUP = caseless(r"\b(?:killing|killed|kills|wounding|wounded|injuring|injured|including|among\s+them|of\s+whom|"
                              r"claimed\s+the\s+lives\s+of)\s+$")
# a number that is part of a date or a time, not a count: "on Feb. 2 killed", "on January 23 wounded"
_DATE_BEFORE = caseless(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]{0,6})\.?\s+$|\d[:.]$"
)


def _in_a_date_or_name(sentence: str, at: int) -> bool:
    """Whether the number starting at `at` is part of a date, a time ("on Feb. 2 killed 16": a day, not a count) or a
    name ("the attack on Tower 22 injured 47": a site's number)."""
    if _DATE_BEFORE.search(sentence, max(0, at - 12), at) is not None:
        return True
    name = _NAME_BEFORE.search(sentence, max(0, at - 24), at)
    return name is not None and name.start() > 0 and name.group(1).lower() not in _NOT_A_NAME


# a capitalised word right before a number, inside the sentence: the number is part of a name ("Tower 22", "Route 10")
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")
_NOT_A_NAME = frozenset(re.findall(r"\w+", "about almost around approximately nearly roughly some over under only just "
                                   "exactly estimated more fewer least at all and but the of in on by since last with "
                                   "after before monday tuesday wednesday thursday friday saturday sunday"))


_ZERO = caseless(
    # "no casualties", "no U.S. casualties", "no American injuries" (not "no civilian casualties": others may have been hit)
    r"\b(?:no\s+(?:immediate\s+|reported\s+|(?:[a-z]\.){2,3}\s+|(?!civilian)[a-z]+(?:an|ish|i|ese)\s+){0,2}"
    r"(?:casualties|injuries|deaths|fatalities)|"
    r"no\s*(?:one|body)\s+(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:hurt|injured|killed|wounded|harmed)|"
    r"without\s+(?:causing\s+|inflicting\s+)?(?:any\s+)?(?:(?:material\s+)?damage\s+or\s+)?(?:casualties|injuries)|"
    r"(?:caus(?:ed|ing)|inflict(?:ed|ing))\s+no\s+(?:(?:material\s+)?damage\s+or\s+)?(?:casualties|injuries)|"
    r"no\s+reports?\s+of\s+(?:anyone|anybody|people|personnel|troops)\s+(?:being\s+)?(?:hurt|injured|killed|wounded)|"
    # "no U.S. service members were harmed", "no one was reported hurt", "causing no harm to personnel"
    # (not "no civilians were harmed": others may have been)
    r"no\s*(?:one|body|(?:(?:[a-z]\.){2,3}\s+|[a-z]+\s+)?(?:personnel|troops|soldiers|service\s*members|people|staff))\s+"
    r"(?:was|were|had\s+been|have\s+been|has\s+been)\s+(?:reported\s+|\w+ly\s+)?(?:hurt|injured|killed|wounded|harmed)|"
    # "wounded nobody", "causing neither casualties nor damage"
    r"(?:killed|killing|wounded|wounding|injured|injuring|hurt|hurting)\s+(?:nobody|no\s+one)|"
    r"neither\s+(?:casualties|injuries)\s+nor|neither\s+(?:material\s+)?damage\s+nor\s+(?:casualties|injuries)|"
    r"no\s+harm\s+to\s+(?:anyone|personnel|troops|soldiers|people|staff|the\s+(?:crew|personnel|troops))|"
    r"there\s+were\s+no\s+(?:casualties|injuries)|"
    r"no\s+(?:immediate\s+|initial\s+)?(?:reports?|word|indications?)\s+of\s+(?:any\s+)?(?:casualties|injuries|deaths|fatalities)|"
    r"(?:did\s+not|didn't)\s+(?:cause|result\s+in|lead\s+to)\s+(?:any\s+)?(?:reported\s+)?(?:casualties|injuries|deaths)|"
    r"(?:resulted\s+in|caused)\s+no\s+(?:reported\s+)?(?:casualties|injuries|deaths|damage\s+or\s+casualties)|"
    # "none of the crew was hurt", "the soldiers escaped unharmed", "all personnel were unhurt"
    r"none\s+of\s+(?:the\s+|them|us|our\s+|their\s+)[\w\s.\-]{0,80}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(?:hurt|injured|wounded|harmed)|"
    r"(?:escaped|were|was|are|is|remained)\s+(?:all\s+)?(?:unharmed|unhurt|uninjured))\b"
)
# "one of the N ... was killed": the one, not the N
_ONE_OF = caseless(r"\bone\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?$")
_SINGULAR_AUX = caseless(r"\b(?:was|is|has\s+been|had\s+been)\b")
_ZERO_KILLED_ONLY = re.compile(r"\b(?:was|were|been)\s+(?:reported\s+|\w+ly\s+)?killed$", re.I)
_NOT_COUNTS = caseless(r"\b(?:dozens|scores|hundreds|thousands|several|a\s+number\s+of|many|multiple|some)\s*$")


_ONE_PERSON_AFTER = caseless(rf"\s+(?:{_PERSON})\b")
# "a soldier suffered a concussion": one person hurt
_ONE_HURT = caseless(rf"\b(?:a|an|one)\s+(?:{_PERSON})\s+(?:suffered|sustained|received)\s+(?:a|an|minor|light|serious)\s+(?:[\w\-]+\s+)?(?:injury|wound|concussion)\b")
_NOT_ORDINAL = r"(?!(?:second|third|fourth|fifth|sixth|another|further)\b)"
_TITLE = r"(?:commander|leader|chief|head|deputy|official|spokesman|founder)"
_SINGLE = r"(?:commander|leader|chief|head|deputy|official|member|soldier|fighter|militant|civilian|contractor|guard|officer|driver)"
# "killed Taleb Abdallah, a senior commander, and three others", "a commander and two of his guards were killed",
# "killed a fighter and a civilian": the victims counted before "and" (one, if none is counted) and N more
_AND_OTHERS: list[tuple[str, Pattern]] = [
    ("killed", _and_others("killed")),
    ("killed", caseless(rf"\b(?P<and>and)\s+{_N}\s+(?:others|of\s+(?:his|her|their|its)\s+[\w\-]+)\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?{_KILL}\b")),
    ("injured", _and_others("injured")),
    ("killed", _and_one_more("killed")),
    ("injured", _and_one_more("injured")),
]
# One named or titled victim without a number (GUIDE §4: named victims count): "killing a senior commander",
# "assassinated Abu Baqir al-Saadi", "Al-Arouri was assassinated", "the commander of the group ... was killed".
# (kind, pattern, exact): exact where the one person is named or counted ("a guard suffered"), at least one
# where known only by a title ("a senior commander" may not have been the only one hit)
_ONE_PERSON: list[tuple[str, Pattern, bool]] = [
    ("killed", caseless(rf"\b(?:killing|killed|assassinat(?:ed|ing))\s+(?:a|an|the|its|their|one)\s+(?:[\w\-]+\s+){{0,3}}?{_TITLE}\b(?!-)"), False),
    ("killed", re.compile(r"\bassassinat(?:ed|ing)\s+(?:[A-Z][\w'’\-]+\s+){1,4}"), True),
    # "killing the militia member driving it": the one victim the act is told of
    ("killed", caseless(rf"\b(?:killing|killed|kills)\s+the\s+(?:[\w\-]+\s+){{0,2}}?{_SINGLE}\b(?!s|-)"), True),
    ("killed", re.compile(r"\b(?!(?:Nobody|No|None|Noone|Neither|Nor)\b)(?:[A-Z][\w'’\-]+\s+){1,4}(?:was|has\s+been|had\s+been)\s+"
                          r"(?:\w+\s+)?(?:killed|assassinated|slain)\b"),
     True),
    ("killed", caseless(rf"\b(?:the|a|an)\s+{_NOT_ORDINAL}(?:[\w\-]+\s+){{0,3}}?{_SINGLE}\b(?!s)[^.;]{{0,140}}?\b(?:was|has\s+been|had\s+been)\s+"
                        r"(?:also\s+|reportedly\s+)?(?:killed|assassinated|slain)\b"), False),
    ("injured", _ONE_HURT, True),
    ("killed", caseless(rf"\b(?:killing|killed|kills)\s+(?:his|her|their|its)\s+(?:[\w\-]+\s+)?{_WHO_SINGULAR}\b(?!s|-)"), True),
    ("injured", caseless(rf"\b(?:wounding|wounded|injuring|injured)\s+(?:his|her|their|its)\s+(?:[\w\-]+\s+)?"
                         rf"{_WHO_SINGULAR}\b(?!s|-)"), True),
    ("injured", caseless(rf"\b(?:the|a|an)\s+{_NOT_ORDINAL}(?:[\w\-]+\s+){{0,3}}?{_SINGLE}\b(?!s)[^.;]{{0,60}}?\b(?:was|has\s+been|had\s+been)\s+"
                         r"(?:also\s+|reportedly\s+|slightly\s+|seriously\s+)?(?:wounded|injured)\b"), False),
]
_ORDINAL = caseless(r"\s+(?:second|third|fourth|fifth|sixth|further)\b")
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_ORDINAL_WORD = caseless(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth)\b")
_ONE_MORE = caseless(
    r"\band\s+(?:a|the)\s+(?P<nth>second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:[\w\-]+\s+)?"
    rf"(?:(?:was|has|had)\s+(?:been\s+)?(?:also\s+|later\s+)?)?(?P<verb>{_KILL}|{_HURT})\b"
)
# "and lightly injured a third" (not "a third of"): the ordinal counts the victims told before, one more
_NTH_HIT = caseless(rf"\band\s+(?:\w+ly\s+)?(?P<verb>{_KILL}|{_HURT})\s+(?:a|the)\s+"
                    r"(?P<nth>second|third|fourth|fifth|sixth|seventh|eighth)\b(?!\s+of\b)")
# "..., up from an initial count of 34" / "up from 34 earlier": an earlier figure of the same victims
_UP_FROM = caseless(rf"\bup\s+from\s+(?:(?:an?|the)\s+)?(?:(?:initial|earlier|previous|preliminary|first)\s+)?"
                    rf"(?:(?:count|toll|tally|figure|estimate|report)\s+of\s+)?(?P<num>{NUMBER})\b")
_VAGUE_AMOUNT = caseless(r"\s+(?:number|few|handful|lot|host|series|string|wave|range|variety|large|small|famil(?:y|ies))\b")
_ANY_CASUALTY = caseless(
    r"kill|assassin|dead|death|die|martyr|slain|wound|injur|hurt|hospital|casualt|fatalit|lives|toll|concuss|trauma|"
    r"eliminat|harm|burns"
)


def find_casualties(sentence: str) -> list[Casualty]:
    """Killed/injured figures stated in one sentence, in order."""
    out: list[Casualty] = []
    if not _ANY_CASUALTY.search(sentence):
        return out
    taken = bytearray(len(sentence))  # 1 where a figure was read: overlap checks cost the span, not the sentence

    def add(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    counts = _counts(sentence)
    for kind, pat in _RANGES if _MAY_RANGE.search(sentence) else ():  # "killing between six and nine": one range
        for m in _finditer(pat, counts):
            lo, hi = parse_number(m.group("lo")), parse_number(m.group("hi"))
            if _in_a_date_or_name(sentence, m.start("lo")):
                continue
            if (m.group("conj") or "").lower() == "and" and not m.group("btw"):
                continue  # "killing two and wounding three": two figures, read below
            if lo is None or hi is None or not lo < hi <= 100000:
                continue
            add(*m.span())
            out.append(Casualty(kind, Range(lo, hi), m.start(), m.end()))

    for kind, pat in _PATTERNS:
        for m in _finditer(pat, counts):
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
            if _in_a_date_or_name(sentence, s):
                continue  # "the strike on Feb. 2 killed 16": a day, not a count
            qual = qualifier_of(m.groupdict().get("qual"))
            if s == m.start() and n > 1 and _ONE_OF.search(sentence, max(0, s - 24), s) and _SINGULAR_AUX.search(m.group(0)):
                n, qual = 1, "exact"  # "one of the two guards was killed": one ("one of three troops injured": three)
            add(s, e)
            if m.groupdict().get("aside"):
                add(*m.span("aside"))  # the part the aside counts is no figure of its own
            count, fig, start, at = n, to_range(n, qual), m.start(), None
            group = _GROUP_BEFORE.search(sentence, max(0, start - 80), start) if s == start or m.group(0)[: s - start].strip() \
                == (m.groupdict().get("qual") or "").strip() else None
            if group is not None and (n0 := parse_number(group.group("num"))) is not None \
                    and not _in_a_date_or_name(sentence, group.start("num")) \
                    and not _VERB_BEFORE_GROUP.search(sentence, max(0, group.start() - 30), group.start()):
                # "two soldiers and a civilian were killed": both groups, the qualifier of the first for both
                qual = qualifier_of(group.group("qual")) if group.group("qual") else qual
                count, fig, start, at = n0 + n, to_range(n0 + n, qual), group.start(), s
                add(*group.span("num"))
            if m.groupdict().get("among"):
                fig = Range(fig.low, None)  # "14 fighters were among those killed": at least 14
            out.append(Casualty(kind, fig, start, m.end(), qual == "about", at))
            tail = _COORD.match(sentence[m.end() : m.end() + 400])  # a window: the rest of the sentence is quadratic
            if tail:
                n2 = parse_number(tail.group("num"))
                kind2 = "injured" if imatch(_HURT, tail.group("verb")) else "killed"
                ts, te = m.end() + tail.start("num"), m.end() + tail.end("num")
                q2 = qualifier_of(tail.group("qual")) if tail.group("qual") else qual
                if n2 is not None and kind2 != kind:
                    add(ts, te)
                    out.append(Casualty(kind2, to_range(n2, q2), ts, m.end() + tail.end(), q2 == "about"))
                elif n2 is not None and tail.group("others") and q2 == qual:
                    # "two were seriously hurt and four others lightly hurt": six of the kind
                    add(ts, te)
                    c0 = out.pop()
                    out.append(Casualty(kind, to_range(count + n2, qual) if c0.range.high is not None or qual != "exact"
                                        else Range((c0.range.low or 0) + n2, None), c0.start, m.end() + tail.end(),
                                        qual == "about", c0.count_at))
            elif (another := _ANOTHER.match(sentence, m.end())) is not None and fig == Range(1, 1):
                kind2 = "injured" if imatch(_HURT, another.group("verb")) else "killed"
                if kind2 != kind:
                    out.append(Casualty(kind2, Range(1, 1), another.start(), another.end()))
    for kind, pat in _AND_OTHERS if _MAY_AND_OTHERS.search(sentence) else ():
        for m in pat.finditer(sentence):
            n = parse_number(m.group("num")) if m.groupdict().get("num") else 1  # "and his driver": one more
            if m.groupdict().get("num2") and n is not None:  # "along with two women and two children"
                n2 = parse_number(m.group("num2"))
                n = None if n2 is None else n + n2
            if n is None or n > 100000:
                continue
            # the figures read inside this phrase are its parts ("killed a commander" as one, "two of his guards
            # were killed" as two): the phrase counts them together; a figure of the kind outside it stands
            inside = [c for c in out if c.kind == kind and m.start() <= c.start < m.end()]
            first = [c for c in inside if c.start < m.start("and")]  # the victims before "and"
            own = [c for c in inside if c not in first]  # "two of his guards were killed" read as a figure
            if any(c.kind == kind and c not in inside for c in out) or len(first) > 1 or any(c.range.low != n for c in own):
                continue
            if first and first[0].range.low != first[0].range.high:
                continue  # "killing at least three fighters and two others": no exact total
            before = first[0].range.low if first else 1
            if before is None:
                continue
            out = [c for c in out if c not in inside]
            if m.groupdict().get("num"):
                add(*m.span("num"))
            # "... and three others": the sum spans the victims counted before "and" too, its own count after it
            start = first[0].start if first else m.start("and")
            out.append(Casualty(kind, Range(before + n, before + n), start, m.end(), count_at=m.start("and")))
    for m in _ONE_MORE.finditer(sentence) if _ORDINAL_WORD.search(sentence) else ():
        # "two died and a third succumbed to his wounds": the ordinal is the total, one more than the figure before
        kind = "injured" if imatch(_HURT, m.group("verb")) else "killed"
        nth = _ORDINALS[m.group("nth").lower()]
        earlier = [c for c in out if c.kind == kind and c.end <= m.start()]
        if len(earlier) == 1 and earlier[0].range.low == nth - 1 == earlier[0].range.high:
            out = [c for c in out if c is not earlier[0]]
            out.append(Casualty(kind, Range(nth, nth), earlier[0].start, m.end()))
    for m in _NTH_HIT.finditer(sentence) if _ORDINAL_WORD.search(sentence) else ():
        # "killed two civilians and lightly injured a third": one more person, hurt; of the same kind, the total
        kind = "injured" if imatch(_HURT, m.group("verb")) else "killed"
        nth = _ORDINALS[m.group("nth").lower()]
        earlier = [c for c in out if c.end <= m.start() and c.range.low == nth - 1 == c.range.high]
        if len(earlier) == 1 and earlier[0].kind != kind and not any(c.kind == kind for c in out):
            out.append(Casualty(kind, Range(1, 1), m.start("verb"), m.end()))
        elif len(earlier) == 1 and earlier[0].kind == kind:
            out = [c for c in out if c is not earlier[0]]
            out.append(Casualty(kind, Range(nth, nth), earlier[0].start, m.end()))
    for m in _UP_FROM.finditer(sentence):
        # "injured 47 service members, up from an initial count of 34": the text's earlier figure for the same victims
        revised = [c for c in out if c.end <= m.start() and m.start() - c.end <= 60]
        n = parse_number(m.group("num"))
        if revised and n is not None and n <= 100000:
            c0 = revised[-1]
            out = [c for c in out if c is not c0]
            out.append(Casualty(c0.kind, c0.range.merge(Range(n, n)), c0.start, m.end(), c0.approximate, c0.count_at))
    for kind, pat, exact in _ONE_PERSON:
        if any(c.kind == kind for c in out):
            continue  # a counted figure of this kind is there already
        for m in pat.finditer(sentence):
            out.append(Casualty(kind, Range(1, 1 if exact else None), m.start(), m.end()))  # GUIDE §4
            break
    for m in _ZERO.finditer(sentence):
        # GUIDE §4: "no casualties", "no injuries", "no one was injured/hurt" → both figures {0, 0}; "nobody was
        # killed" says nothing of the wounded ("wounding 14 people ..., adding that nobody was killed")
        kinds = ("killed",) if _ZERO_KILLED_ONLY.search(m.group(0)) else ("killed", "injured")
        for k in kinds:
            out.append(Casualty(k, Range(0, 0), m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out
