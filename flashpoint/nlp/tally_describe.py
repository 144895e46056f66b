"""What a running count counts, in a few words of the text (GUIDE §6 `what`).

"U.S. forces have been attacked 66 times" -> "attacks on U.S. forces"; "61 attacks on bases housing
U.S. personnel since Oct. 17" -> "attacks on bases housing U.S. personnel"; "killing at least nine
militiamen" -> "militiamen killed". The tally check (flashpoint.fuse.tally_check) reads the side
named after "on/against" as the target and the one after "by" as the actor, so the phrases keep
those prepositions.
"""

from __future__ import annotations

import re

from flashpoint.nlp import tally_patterns as tp

_TAIL_STOP = re.compile(
    r"[,;:()\u2014\u2013\"“”]|\[\w+\]|\s(?:since|as\s+of|so\s+far|to\s+date|over\s+the\s+(?:past|last)|"
    r"in\s+the\s+(?:past|last)|between|according|said|says|while|but|which|who|that|when|resulting|injuring|killing|"
    r"wounding|in\s+response|in\s+retaliation|following|amid|after|of\s+which|to\s+\d+|on\s+[\d,]+\s+occasions|"
    r"(?:were|was|have|has|had|are|is|will|would|came|come|occurred|took\s+place|happened)\s)\b",
    re.I,
)
# "attacks [were directed at] US bases", "attacks [have been against] U.S. targets"
_VERB_THEN_TARGET = re.compile(
    r"\s*(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is)\s+(?:[a-z]+\s+){0,2}?"
    r"(?P<prep>at|on|against|targeting|towards?)|(?:have\s+|has\s+|had\s+)?(?P<verb>targeted|hit|struck))\s+",
    re.I,
)
# "US forces have faced [around 70] attacks": the side before the verb is the target
_UNDERGONE = re.compile(
    r"(?:have\s+|has\s+|had\s+)?(?:faced|suffered|endured|weathered|come\s+under|came\s+under|sustained|"
    r"been\s+(?:hit|targeted)\s+(?:by|in)|been\s+the\s+targets?\s+of)\s+$",
    re.I,
)
# "the roughly 70 times [its troops have been targeted]"
_TIMES_CLAUSE = re.compile(
    r"\s+(?P<subj>(?:[\w.'’\-]+\s+){1,4}?)(?:have|has|had|were|was)\s+(?:been\s+)?"
    r"(?:attacked|targeted|hit|struck|shelled|come\s+under\s+(?:fire|attack)|came\s+under\s+(?:fire|attack))\b",
    re.I,
)
_AUX = re.compile(r"\s*\b(?:have|has|had|were|was|are|is|been|be|being|also|reportedly)\b.*$", re.I | re.S)
_REPORTING = re.compile(
    r"^.*\b(?:said|says|stated|states|that|confirmed|confirms|reported|reports|announced|added|noted|explained|"
    r"told\s+\w+|claimed|claims|believes?|estimated|showed|shows|data)\s+",
    re.I | re.S,
)
_FOOTNOTE = re.compile(r"\[\w+\]")
_HURT_VERB = re.compile(r"\b(?:sustained|suffered|reported|received)\b", re.I)
_TARGET_AFTER = re.compile(r"\b(?P<prep>on|at|against|targeting|towards?)\s+", re.I)
_PEOPLE_AFTER = re.compile(
    rf"\s+(?P<who>(?:[\w\-.'’]+\s+){{0,3}}?{tp.PERSON_NOUN}(?:\s+of\s+(?:the|its|their|these|those)\s+[\w\-]+)?)\b",
    re.I,
)
_NOT_WHO = re.compile(
    r"\b(?:at\s+least|more\s+than|over|about|approximately|around|nearly|some|almost|were|was|have|has|had|been|"
    r"being|also|reportedly|confirmed|killing|killed|wounding|wounded|injuring|injured|kills|died|dead|suffered|"
    r"sustained|reported|from|minor|injuries|wounds|the|deaths?\s+of|left|lost|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)\b|[\d,]+|"
    r"[\"“”]",
    re.I,
)


def tail(text: str, pos: int, words: int = 10) -> str:
    """The words after `pos` up to the end of the phrase (a comma, a time phrase, a verb)."""
    m = _TAIL_STOP.search(text, pos, min(len(text), pos + 140))
    end = m.start() if m else min(len(text), pos + 140)
    return " ".join(text[pos:end].split()[:words]).rstrip(".!?")


def noun_phrase(text: str, count_start: int, noun_start: int, noun_end: int) -> str:
    """ "61 attacks on bases housing U.S. personnel" -> "attacks on bases housing U.S. personnel"."""
    noun = " ".join(text[noun_start:noun_end].split())
    undergone = _UNDERGONE.search(text, max(0, count_start - 40), count_start)
    if undergone is not None:
        subject = _subject(text[max(0, undergone.start() - 80) : undergone.start()])
        rest = tail(text, noun_end)
        return f"{noun} on {subject}" if subject and not rest.lower().startswith(("on ", "against ")) else \
            f"{noun} {rest}".strip()
    m = _VERB_THEN_TARGET.match(text, noun_end)
    if m is not None:
        return f"{noun} {(m.group('prep') or 'on').lower()} {tail(text, m.end())}".strip()
    return f"{noun} {tail(text, noun_end)}".strip()


def times_phrase(text: str, start: int, end: int) -> str:
    """ "U.S. forces have been attacked 66 times" -> "attacks on U.S. forces"; "Washington twice launched
    retaliatory attacks" -> "retaliatory attacks by Washington"."""
    clause = _TIMES_CLAUSE.match(text, end)
    if clause is not None:
        return f"attacks on {_subject(clause.group('subj'))}".strip()
    before = text[max(0, start - 120) : start]
    verb = None
    for verb in tp.ACT_VERB.finditer(before):  # noqa: B007 - the last one is wanted
        pass
    if verb is None:  # the verb after the count: "twice launched retaliatory attacks"
        after = tp.ACT_VERB.search(text[end : end + 40])
        if after is None:
            return "attacks"
        act = re.match(rf"\s+((?:[\w\-]+\s+){{0,2}}?{tp.ACT_NOUN})", text[end + after.end() :], re.I)
        noun = act.group(1) if act else _verb_noun(after.group(0))
        subject = _subject(before)
        return f"{noun} by {subject}" if subject else noun
    noun = _verb_noun(verb.group(0))
    subject = _subject(before[: verb.start()])
    passive = re.search(r"\b(?:been|were|was|are|is|under)\b", before[max(0, verb.start() - 25) : verb.end()], re.I)
    if passive or "under" in verb.group(0).lower():
        return f"{noun} on {subject}".strip()
    target = _TARGET_AFTER.search(before, verb.end())
    obj = tail(before + " ", target.end() if target else verb.end(), 8)
    if re.search(rf"\b{tp.ACT_NOUN}$", subject, re.I):  # "US strikes targeted fighters twice"
        noun, subject = subject, ""
    phrase = f"{noun} by {subject}" if subject else noun
    if obj and not re.match(r"(?:back|for|just|only|in|at|more|nearly|about|over|some|roughly)\b", obj, re.I):
        phrase += f" {target.group('prep').lower() if target else 'on'} {obj}"
    return phrase


def people(text: str, start: int, end: int, num_end: int, kind: str) -> str:
    """ "killing at least nine militiamen" -> "militiamen killed"; "21 U.S. personnel were injured" ->
    "U.S. personnel injured"."""
    m = _PEOPLE_AFTER.match(text, num_end)
    who = m.group("who") if m else text[start:end]
    who = " ".join(_NOT_WHO.sub(" ", _FOOTNOTE.sub(" ", who)).split()[:6])
    if not who:  # "U.S. personnel have sustained 62 injuries": the people are the subject of the verb
        lo = max(0, start - 40)
        verb = _HURT_VERB.search(text, lo, start) or _HURT_VERB.match(text, start, end)
        if verb is not None:
            who = _subject(text[max(0, verb.start() - 80) : verb.start()])
    who = who or "people"
    return f"{who} {'injured' if kind == 'injured' else 'killed'}"


def _verb_noun(verb: str) -> str:
    v = verb.lower()
    if v.startswith(("retaliat", "respond")):
        return "retaliatory strikes"
    return "strikes" if v in ("struck", "strike") else "attacks"


def _subject(words: str) -> str:
    """The last noun phrase of a stretch of text: after its last comma and reporting verb, before its verb."""
    words = re.split(r"[,;:]\s", _FOOTNOTE.sub(" ", words) + " ")[-1]
    words = _REPORTING.sub("", words)
    words = _AUX.sub("", words)
    return " ".join(words.split()[-6:])
