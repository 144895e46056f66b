"""When an act happened: the date mention nearest its trigger that can date an act (GUIDE §4 date)."""

from __future__ import annotations

import datetime as dt
import re

from flashpoint.fastre import caseless, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.dates import DateMention, ResolvedDate
from flashpoint.nlp.numbers import NUMBER, parse_number
from flashpoint.nlp.records import Event
from flashpoint.ontology.anchors import is_out_of_scope_anchor

_PERIOD_BOUND = re.compile(r"\b(?:since|as\s+of|until|between|from|through|after|before|following|by)\s+(?:the\s+)?$", re.I)


def bounds_a_period(text: str, start: int) -> bool:
    """Whether the date mentioned at `start` bounds a period ("since X", "until X", "after X"): it dates no act."""
    return bool(_PERIOD_BOUND.search(text[max(0, start - 22) : start]))


def _dates_another_act(sent: Sentence, m: DateMention, r: ResolvedDate, ctx: DocContext) -> bool:
    """A date that bounds a period or lies in the future: it dates no act here."""
    if bounds_a_period(sent.text, m.start):
        return True
    return bool(ctx.ref_date and r.date > ctx.ref_date + dt.timedelta(days=1))


def usable_dates(sent: Sentence, ctx: DocContext, ret_span: tuple[int, int] | None) -> list[tuple[DateMention, ResolvedDate]]:
    """Dates in `sent` that can date an act: not 'since X', not inside a retaliation clause, not the future."""
    out = []
    for m, r in sent.dates:
        if r is None or _dates_another_act(sent, m, r, ctx):
            continue
        before = sent.text[max(0, m.start - 22) : m.start].lower()
        if isearch(r"\bsince\b[^,;]{0,60}$", sent.text[max(0, m.start - 60) : m.start]):
            continue
        if re.search(r"\b(?:began|started|erupted|broke\s+out|commenced)\s+(?:on|in)\s+$", before):
            continue
        if ret_span and ret_span[0] <= m.start < ret_span[1]:
            continue
        out.append((m, r))
    return out


# the act a statement is about, named as the subject of what it says, right before a day: "said the strikes on Friday"
_ACT_TOLD_IN_CONTENT = caseless(r"\b(?:said|says|stated|announced|added)\s+(?:[^.;,]{0,30}?\s+)?(?:that\s+)?(?:the|this|these|those|its|their|[\w\-]+['’]s)\s+"
                                r"(?:[\w\-.]+\s+){0,3}?(?:attacks?|strikes?|air\s*strikes?|raids?|bombings?|shelling|assaults?)\s+"
                                r"(?:(?:late|early)\s+)?(?:on\s+)?$")
# a day between a statement's verb and what it states: "accused the United States on Wednesday of conducting strikes"
_SPEECH_BEFORE = caseless(r"\b(?:accus\w*|blam\w*|said|says|announced|reported|stated|claimed|confirmed|told|charged)\b"
                          r"(?:\s+[\w.'’\-]+){0,4}\s+(?:on\s+|late\s+|early\s+)?$")
_COMPLEMENT_AFTER = caseless(r"\s*,?\s*(?:of|that|it\s+had|it\s+has|(?:revealing|saying|adding|noting|stating|explaining|"
                             r"disclosing)\b)")


def pick_date(
    sent: Sentence, trigger_pos: int, ctx: DocContext, verbal: bool, ret_span: tuple[int, int] | None = None
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, precision, date_text) for an act stated in `sent` around `trigger_pos`; `ret_span` is the act it
    answers ("retaliated for the strike on Monday by sending jets"), whose dates are that act's."""
    cands: list[tuple[int, DateMention, ResolvedDate]] = []
    ret = P.RETALIATION.search(sent.text)
    for m, r in sent.dates:
        if r is None or _dates_another_act(sent, m, r, ctx):
            continue
        if isearch(r"\b(?:photo|file\s+photo|taken)\b", sent.text[: m.start]):
            continue
        if m.kind in ("month_day", "full") and is_out_of_scope_anchor(sent.text, m.start, m.end, m.month, m.day):
            continue
        # a date inside a retaliation clause dates the earlier act, not this one
        if ret and ret.start("what") <= m.start < ret.end("what") and ret.start() > trigger_pos:
            continue
        if ret_span and ret_span[0] <= m.start < ret_span[1] and not ret_span[0] <= trigger_pos < ret_span[1]:
            continue
        if verbal and m.end <= trigger_pos and _ACT_TOLD_IN_CONTENT.search(sent.text, max(0, m.start - 100), m.start):
            continue  # "said the strikes on Friday were a violation": the strikes' day, not the statement's
        cands.append((abs(m.start - trigger_pos), m, r))
    if cands:
        cands.sort(key=lambda c: c[0])
        own = [c for c in cands if c[1].start > trigger_pos and _OWN_RELATIVE.match(sent.text, trigger_pos, c[1].start)]
        _, m, r = own[0] if own and not verbal else cands[0]  # "protested on Monday a strike that killed X on May 9"
        precision = r.precision
        before = sent.text[max(0, m.start - 40) : m.start]
        after_trigger = sent.text[max(trigger_pos, m.start - 40) : m.start]  # "said its forces struck on Thursday": the act's day
        if not verbal and precision == "day" and P.REPORTING.search(after_trigger) and m.start > trigger_pos and isearch(
                r"\b(?:said|announced|release|reported|confirmed)\b[^,]*$", after_trigger):
            precision = "approximate"  # the day the act was reported, not the day it happened
        elif not verbal and precision == "day" and m.end <= trigger_pos and _SPEECH_BEFORE.search(before) \
                and _COMPLEMENT_AFTER.match(sent.text, m.end):
            precision = "approximate"  # "accused the U.S. on Wednesday of conducting strikes": the accusation's day
        return r.date, precision, m.text if m.kind != "full" else None
    if ctx.ref_date is None:
        return None, None, None
    same = (P.SAME_DAY.search(sent.text) or P.SAME_PART_OF_DAY.search(sent.text)) if verbal else None
    told = _day_told_before(sent, ctx) if same else None
    if same and told is not None:  # "In a statement the same night, X warned ...": the day the report told last
        return told, "day", same.group(0)
    if verbal:
        return ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    return None, None, None


def _day_told_before(sent: Sentence, ctx: DocContext, back: int = 2) -> dt.date | None:
    """The one day the nearest of the `back` sentences before `sent` that give days gives."""
    for prev in reversed(ctx.sentences[max(0, sent.index - back) : sent.index]):
        days = {r.date for _, r in prev.dates if r is not None and r.precision == "day"}
        if len(days) == 1:
            return days.pop()
        if days:
            return None
    return None


# the act's own relative clause, up to a date in it ("strike that killed a commander in Baghdad on")
_OWN_RELATIVE = caseless(r"\w+(?:\s+[\w\-]+){0,2}?\s+(?:that|which)\s+(?:also\s+)?(?:killed|wounded|injured|targeted|"
                         r"hit|struck|damaged|destroyed|left)\b[^.;,]*?\s+$")


_OFFSET = caseless(
    rf"\b(?P<about>(?:about|around|some|nearly|roughly|almost|more\s+than|less\s+than)\s+)?(?P<n>{NUMBER})\s+"
    r"(?P<unit>hours?|days?)\s+(?P<dir>earlier|later|before|after)\b(?!\s+(?:the|a|an|its|their)\b)"
    r"|\b(?P<prev>the\s+(?:previous|preceding)\s+day|the\s+day\s+before|a\s+day\s+(?:earlier|later|before)|"
    r"(?:the\s+)?(?:next|following)\s+day)\b"
)


def offset_date(text: str, prev: Event | None, ref_date: dt.date | None) -> tuple[dt.date | None, str | None, str | None]:
    """An act dated by its distance from the one reported before it ("about 24 hours earlier", "two
    days later", "the previous day"); with no dated act before, from the reference date, approximately."""
    m = _OFFSET.search(text)
    if m is None:
        return None, None, None
    anchor, precision = (prev.date, prev.date_precision) if prev is not None and prev.date else (ref_date, "approximate")
    if anchor is None:
        return None, None, None
    if m.group("prev"):
        days = 1 if re.search(r"later|next|following", m.group("prev"), re.I) else -1
    else:
        n = parse_number(m.group("n"))
        if n is None:
            return None, None, None
        size = n // 24 if m.group("unit").lower().startswith("hour") else n
        days = size if m.group("dir").lower() in ("later", "after") else -size
        if abs(days) > 36525:
            return None, None, None  # over a century away: no dated act (and beyond the calendar's range)
        if m.group("about") or m.group("unit").lower().startswith("hour"):
            precision = "approximate"  # hours from a time of day can cross midnight
    if ref_date is not None and anchor + dt.timedelta(days=days) > ref_date:
        return None, None, None  # "two days later" with nothing dated before it: not resolvable
    return anchor + dt.timedelta(days=days), precision, m.group(0)
