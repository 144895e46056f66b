"""Running counts stated in a report (GUIDE §6): "166 attacks, 67 in Iraq and 98 in Syria".

Two steps per sentence. *Candidates*: every count of acts (attacks, strikes, "N times", "the
32nd ... since"), of projectiles or targets, and of people killed or injured, found by the
constructions of `tally_patterns`. *Decision*: a candidate is a running count when the text
presents it as one (a period: "since", "so far", "as of", "over the past weeks", "in the war"; a
series: "these attacks", "all of the strikes"; an accumulating perfect: "have been attacked 66
times"), and not a figure of one event (a day named for it, "in a drone strike", "the same day").
Counts about activity outside the active profile's scope (its countries, its actors) are dropped.
A breakdown by country ("67 in Iraq and 98 in Syria") goes into the total's `by_country`; parts
with no stated total are counts of their own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from flashpoint.nlp import tally_describe as describe
from flashpoint.nlp import tally_patterns as tp
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.dates import MONTHS
from flashpoint.nlp.numbers import Casualty, parse_number
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Evidence, Tally

ACTS, KILLED, INJURED, PROJECTILES, TARGETS = "acts", "killed", "injured", "projectiles", "targets"
_CASUALTY = (KILLED, INJURED)


@dataclass
class _Cand:
    n: int
    qual: str
    measure: str
    kind: str  # noun | times | ordinal | reached | casualty | category | part
    start: int  # the construction, in sentence offsets
    end: int
    num: tuple[int, int]  # the number itself
    what: str = ""
    partitive: bool = False
    country: str | None = None  # a part of a breakdown: the country it is counted in
    parts: list[_Cand] = field(default_factory=list)


@dataclass
class _Cues:
    """What the sentence says about time: a period, a series, or one day."""

    true_period: bool  # since / so far / as of / over the past weeks / in the war / between two dates
    aggregate: bool  # in total / in all / overall / counted / tracked, or a month as the period
    day_event: bool  # a day named for an act (not as a bound of the count), "the same day"
    days: list[tuple[int, int]]  # where those days are named
    month: bool  # a month or a week as the period: "in November", "this month", "last week"
    perfect: bool
    retaliation: bool
    partitive_start: bool  # "Of those, 29 ..."
    since: str | None
    until: str | None
    basis: str | None


def extract_tallies(ctx: DocContext) -> list[Tally]:
    tallies: list[Tally] = []
    seen: dict[tuple[str, int, str | None], Tally] = {}
    prev: tuple[_Cues, list[tuple[_Cand, Tally]]] | None = None
    frame: str | None = None  # the start of the period the report counts from ("since Oct. 17"), once stated
    frame_where: list[str] = []  # and the countries of the attacks it counted last,
    frame_src: Sentence | None = None  # or the last sentence that placed attacks somewhere
    for sent in ctx.sentences:
        text = sent.text
        low = text.lower()
        if not (tp.any_number(text, low) and (any(w in low for w in tp.COUNTED_WORDS) or tp.PARTITIVE_START.search(text))):
            prev = None
            if _places_attacks(sent, low):
                frame_where, frame_src = [], sent
            continue
        nums = _numbers(text, low)
        cands = _resolve_overlaps(_candidates(text, low, nums, sent.casualties))
        if not cands and not tp.PARTITIVE_START.search(text):
            prev = (_cues(sent, ctx), []) if sent.dates or "since" in low else None  # "Since Oct. 17, ..." then counts
            if _places_attacks(sent, low):
                frame_where, frame_src = [], sent
            continue
        cues = _cues(sent, ctx)
        prev_cues, prev_kept = prev if prev else (None, [])
        same_kind = any(c.measure == p.measure for c in cands for p, _ in prev_kept)  # "X attacked Y 6,124 times
        # between A and B. Y attacked X 1,258 times.": the second count has the first one's period
        if prev_cues is not None and cues.since is None and (cues.partitive_start or same_kind or _refers_back(text)):
            cues.since = prev_cues.since
            if cues.basis != "text" and prev_cues.basis == "text":
                cues.until, cues.basis = prev_cues.until, prev_cues.basis
        if cues.since is None and cues.basis != "text":
            cues.since = frame  # a count with no period of its own runs over the report's
        prev_series = prev_cues is not None and (bool(prev_kept) or prev_cues.true_period)
        kept = [c for c in cands if _is_tally(c, cands, cues, sent, ctx, prev_series)]
        kept = _attach_breakdowns(text, nums, cands, kept, cues, prev_kept,
                                  Evidence(text, sent.start, sent.start + len(text)))
        mine: list[tuple[_Cand, Tally]] = []
        for c in kept:
            key = (c.measure, c.n, c.country)
            by_country = {p.country: p.n for p in c.parts if p.country} or None
            if key in seen:  # a count repeated (title and body): one tally, with the fullest breakdown
                if by_country and not seen[key].by_country:
                    seen[key].by_country, seen[key].where = by_country, sorted(by_country)
                continue
            where = sorted(by_country) if by_country else [c.country] if c.country else _where(c, sent, ctx)
            if not where and c.measure in _CASUALTY and _refers_back(text):
                # "21 personnel were injured in these attacks": the countries of the attacks named before
                where = list(frame_where) or (_scope_places(frame_src, ctx) if frame_src is not None else [])
            ev = Evidence(text, sent.start, sent.start + len(text))
            t = Tally(ctx.doc_id, c.n, c.qual, c.what, where, cues.since, cues.until, cues.basis, ev, by_country)
            seen[key] = t
            tallies.append(t)
            mine.append((c, t))
        prev = (cues, mine) if (mine or cues.true_period or cands) else None
        frame = cues.since if mine and cues.since else frame
        counted = [t.where for c, t in mine if c.measure == ACTS and t.where]
        if counted:
            frame_where, frame_src = counted[-1], None
        elif _places_attacks(sent, low):
            frame_where, frame_src = [], sent
    return [part for t in tallies for part in (t, *t.parts())]


# --- candidates -----------------------------------------------------------------------------------
@dataclass
class _Num:
    """A count in a sentence: where it starts (with its qualifier), the number's own span, where it ends."""

    start: int
    s: int
    e: int  # end of the number
    end: int  # end with a "+" or "-plus"
    n: int
    qual: str


def _qual(m: re.Match[str]) -> str:
    if m.groupdict().get("plus"):
        return "more_than"  # "160-plus attacks"
    return tp.qualifier(m.groupdict().get("qual"))


def _numbers(text: str, low: str) -> list[_Num]:
    found = list(tp.DIGITS.finditer(text))
    if tp.number_words(low):
        found = sorted(found + list(tp.WORD_NUMBERS.finditer(text)), key=lambda m: m.start())
    out: list[_Num] = []
    for m in found:
        word = m.group("num")
        if word.lower() in tp.NOT_COUNTS or (n := parse_number(word)) is None:
            continue
        if word.isdigit() and 1 <= n <= 31 and (tp.MONTH_AFTER.match(low, m.end())
                                                 or tp.MONTH_BEFORE.search(low, max(0, m.start() - 12), m.start())):
            continue  # "on 2 February", "Oct. 17": a day of the month
        start, qual = _qualifier_before(low, m.start())
        out.append(_Num(start, m.start("num"), m.end("num"), m.end(), n, "more_than" if m.group("plus") else qual))
    return out


def _qualifier_before(low: str, pos: int) -> tuple[int, str]:
    """ "at least 60", "more than 140", "nearly 100": the qualifier in the three words before a count."""
    window = low[max(0, pos - 25) : pos]
    if not window.endswith((" ", "\n", "\t")):
        return pos, "exact"
    words = window.split()
    if not words or words[-1] not in tp.QUAL_LAST:
        return pos, "exact"
    for k in (3, 2, 1):
        if len(words) >= k and (qual := tp.QUAL_WORDS.get(tuple(words[-k:]))) is not None:
            return low.rfind(words[-k], max(0, pos - 25), pos), qual
    return pos, "exact"


def _candidates(text: str, low: str, nums: list[_Num], casualties: list[Casualty]) -> list[_Cand]:
    """Every count the constructions of `tally_patterns` read, from one scan of the numbers."""
    out: list[_Cand] = []
    for x in nums:
        if m := tp.NOUN_AFTER.match(text, x.end):
            noun = m.group("noun").lower()
            measure = PROJECTILES if re.match(tp.PROJECTILE_NOUN, noun) else TARGETS if re.fullmatch(tp.TARGET_NOUN, noun) else ACTS
            out.append(_Cand(x.n, x.qual, measure, "noun", x.start, m.end(), (x.s, x.e),
                             describe.noun_phrase(text, x.start, m.start("noun"), m.end()),
                             partitive=bool(m.group("partitive"))))
        elif tp.ELLIPTIC_AFTER.match(text, x.end) and tp.SUBCOUNT_BEFORE.search(text, max(0, x.start - 30), x.start) \
                and (act := _last(tp.ACT_BEFORE.exact, text[max(0, x.start - 80) : x.start])):
            out.append(_Cand(x.n, x.qual, ACTS, "noun", x.start, x.end, (x.s, x.e),
                             f"{act.group(0).lower()} {describe.tail(text, x.end)}".strip()))
        if (m := tp.TIMES_AFTER.match(text, x.end)) and _act_verb_near(text, x.start, m.end()):
            out.append(_Cand(x.n, x.qual, ACTS, "times", x.start, m.end(), (x.s, x.e),
                             describe.times_phrase(text, x.start, m.end())))
    if "twice" in low or "thrice" in low:
        for m in tp.TWICE.finditer(text, low):
            if _act_verb_near(text, m.start(), m.end()):
                n = 2 if m.group("num").lower() == "twice" else 3
                out.append(_Cand(n, "exact", ACTS, "times", m.start(), m.end(), m.span("num"),
                                 describe.times_phrase(text, m.start(), m.end())))
    for m in tp.ORD_TOKEN.finditer(text) if tp.ORD_GATE.search(low) else ():
        word = m.group("ord").lower()
        nth = int(word[:-2]) if word[0].isdigit() else tp.ORD_VALUE.get(word, 0)
        det = tp.ORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if nth < 2 or det is None:
            continue
        after = tp.ORD_NOUN_AFTER.match(text, m.end(), m.end() + 80)
        # "the 66th attack on troops in Syria and the 32nd in Iraq": a second ordinal of the same acts
        joined = bool(out) and out[-1].kind == "ordinal" and re.search(r"\band\s+$", text[out[-1].end : det.start()]) \
            is not None and len(text[out[-1].end : det.start()]) < 80
        if after is None and not joined and not tp.ORD_SUBJECT_BEFORE.search(text[max(0, det.start() - 140) : det.start()]):
            continue
        out.append(_Cand(nth, tp.qualifier(det.group("qual")), ACTS, "ordinal", det.start(), m.end(), m.span("ord"),
                         "attacks " + describe.tail(text, after.end() if after else m.end())))
    for pat, groups in _AROUND_WORDS:
        if all(any(w in low for w in words) for words in groups):
            out.extend(_reached(text, pat))
    out.extend(_casualty_candidates(text, low, nums, casualties))
    return out


# The constructions read around a count, each tried only when the sentence has a word of each group.
_AROUND_WORDS: list[tuple[tp.Pattern, tuple[tuple[str, ...], ...]]] = [
    (tp.REACHED, (("number of", "total of", "tally of", "count of", "toll of", "number of"),)),
    (tp.HAVE_REACHED, (("reach", "exceed", "surpass", "topped", "passed", "total", "numbered", "climbed", "risen",
                        "rose"), (" has ", " have ", " had "))),
    (tp.NUMBERING, (("numbering", "numbered", "number ", "total", "amount", "stand", "stood"),)),
    (tp.BRINGING, (("bring", "brought", "taking", "took", "takes", "push", "rais"), ("total", "tally", "number",
                                                                                     "count", "toll"), (" to ",))),
    (tp.BROUGHT_TO, (("bring", "brought", "taking", "took", "takes", "push", "rais"), (" to ",), ("number", "total",
                                                                                              "tally", "count"))),
    (tp.TOLL, (("toll",),)),
    (tp.LABEL, ((":",), ("attack", "strike", "raid", "incident", "operation", "rocket", "missile", "drone",
                         "projectile", "dead", "death", "killed", "injur", "wound"))),
]


def _reached(text: str, pat: tp.Pattern) -> list[_Cand]:
    """ "brought the number of attacks to 103", "the attacks have reached 76"."""
    out = []
    for m in pat.finditer(text):
        word = m.group("num")
        if word.lower() in tp.NOT_COUNTS or (n := parse_number(word)) is None:
            continue
        noun = (m.groupdict().get("noun") or _implied_noun(text, m)).lower()
        qual = _qual(m) if m.groupdict().get("qual") or m.groupdict().get("plus") else \
            tp.qualifier(m.groupdict().get("verb"))
        if m.groupdict().get("noun"):
            what = describe.noun_phrase(text, m.start(), m.start("noun"), m.end("noun"))
        else:
            what = "people killed" if _noun_measure(noun) == KILLED else "people injured" if \
                _noun_measure(noun) == INJURED else noun
        out.append(_Cand(n, qual, _noun_measure(noun), "reached", m.start(), m.end(), m.span("num"), what))
    return out


def _implied_noun(text: str, m: re.Match[str]) -> str:
    """ "bringing the total to 151": what the sentence counts, when the total does not say."""
    counter = m.group("counter").lower()
    if "injur" in counter:
        return "injuries"
    if "toll" in counter or re.search(r"\b(?:killed|dead|deaths|died|martyr\w*)\b", text, re.I):
        return "deaths" if not re.search(r"\b(?:injured|wounded)\b", text[m.start() - 60 : m.start()], re.I) \
            else "injuries"
    return "attacks"


def _noun_measure(noun: str) -> str:
    if noun in ("times", "occasions"):
        return ACTS  # "brought to 13 the number of times U.S. forces have hit back"
    if re.match(tp.PROJECTILE_NOUN, noun):
        return PROJECTILES
    if re.match(tp.ACT_NOUN, noun):
        return ACTS
    if re.search(r"injur|wound", noun):
        return INJURED
    return KILLED


_HURT_WORD = re.compile(r"injur|wound|hurt|hospital", re.I)


def _casualty_candidates(text: str, low: str, nums: list[_Num], casualties: list[Casualty]) -> list[_Cand]:
    """People killed or injured: the figures the event rules read, and the constructions they do not."""
    out: list[_Cand] = []
    starts = [x.s for x in nums]
    for c in casualties:
        if c.range.low == 0 and c.range.high == 0:
            continue
        # the figure inside the construction; of a sum of groups ("25 civilians and 20 soldiers were killed"), the
        # last group's, the groups before it read below as coordinated figures
        i = bisect_left(starts, c.start if c.count_at is None else c.count_at)
        x = nums[i] if i < len(nums) and nums[i].s < c.end else None
        if x is not None:
            out.append(_Cand(x.n, x.qual, c.kind, "casualty", min(c.start, x.start), c.end, (x.s, x.e),
                             describe.people(text, c.start, c.end, x.end, c.kind)))
    hurt = any(w in low for w in tp.CASUALTY_WORDS)
    subcount = any(w in low for w in tp.SUBCOUNT_WORDS)
    for x in nums if hurt else ():
        for kind, before, after in tp.CASUALTY_AROUND:
            b = before.search(text, max(0, x.start - 30), x.start) if before else None
            if (before is None or b is not None) and (m := after.match(text, x.end)):
                start = b.start() if b else x.start
                out.append(_Cand(x.n, x.qual, kind, "casualty", start, m.end(), (x.s, x.e),
                                 describe.people(text, start, m.end(), x.end, kind)))
        if subcount and tp.SUBCOUNT_BEFORE.search(text, max(0, x.start - 30), x.start) \
                and (m := tp.SUBCOUNT_AFTER.match(text, x.end)):
            out.append(_Cand(x.n, x.qual, "sub", "category", x.start, m.end(), (x.s, x.e),
                             " ".join(text[x.end : m.end()].split())))
    figures = {c.num[0]: c for c in out}
    for i, x in enumerate(nums[1:], start=1):  # "20 soldiers and 26 civilians have been killed": the first too
        fig = figures.get(x.s)
        prev = nums[i - 1]
        if fig is not None and prev.s not in figures and tp.COORDINATED_BETWEEN.fullmatch(text, prev.end, x.start):
            out.append(_Cand(prev.n, prev.qual, fig.measure, "casualty", prev.start, fig.end, (prev.s, prev.e),
                             describe.people(text, prev.start, x.start, prev.end, fig.measure)))
    if "among" in low:
        for m in tp.AMONG.finditer(text):
            kind = INJURED if _HURT_WORD.search(m.group("what")) else KILLED
            pos = m.end()
            for x in nums:
                if x.start < pos:
                    continue
                item = tp.LIST_AFTER.match(text, x.end)
                if x.start > pos + 3 or item is None:
                    break
                who = " ".join(item.group("who").split())
                out.append(_Cand(x.n, x.qual, kind, "category", x.start, item.end(), (x.s, x.e),
                                 f"{who} {'injured' if kind == INJURED else 'killed'}"))
                pos = item.end()
    return out


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """One reading per number: the more specific construction wins."""
    rank = {"reached": 0, "ordinal": 1, "times": 2, "category": 3, "casualty": 4, "noun": 5}
    out: list[_Cand] = []
    taken: set[int] = set()  # numbers are whole words: two readings overlap when they read the same one
    for c in sorted(cands, key=lambda c: (rank[c.kind], c.num[0])):
        if c.num[0] not in taken:
            taken.add(c.num[0])
            out.append(c)
    out.sort(key=lambda c: c.num[0])
    measure = ""
    for c in out:
        if c.measure in _CASUALTY:
            measure = c.measure
        elif c.measure == "sub":  # "including 90 children": of the casualty count it follows
            c.measure = measure
            c.what = f"{c.what} {measure}"
    return [c for c in out if c.measure]


def _act_verb_near(text: str, s: int, e: int) -> bool:
    """ "attacked ... 66 times", "the 70 times its troops have been targeted"."""
    return bool(tp.ACT_VERB.search(text[max(0, s - 120) : s]) or tp.ACT_VERB.search(text[e : e + 60]))


# --- the decision ------------------------------------------------------------------------------
def _cues(sent: Sentence, ctx: DocContext) -> _Cues:
    text = sent.text
    low = text.lower()
    true_period = any(_valid_since(text, m.start()) for m in tp.SINCE.finditer(text, low))
    true_period = true_period or bool(tp.WAR_TOLL.search(text, low))
    aggregate = bool(tp.COUNTING_VERB.search(text, low))
    for m in tp.PERIOD.finditer(text, low):
        word = m.group(0).lower()
        if re.match(r"(?:in\s+total|a\s+total|total|altogether|overall|in\s+all|each\s)", word):
            aggregate = True
        else:
            true_period = True
    days = [m.span() for pat in (tp.SAME_DAY, tp.SINCE_A_DAY) for m in pat.finditer(text, low)]
    month = bool(tp.IN_MONTH.search(text, low))
    aggregate = aggregate or month
    since = until = basis = None
    stated = False  # a start given with "since", "between", "from"
    for dm, r in sent.dates:
        if r is None:
            continue
        before = text[max(0, dm.start - 90) : dm.start]
        clause = re.split(r"[,;]|\.\s", before)[-1]  # the words since the last comma
        start = _last(tp.START_WORD, clause)
        opens = start is not None and len(clause) - start.end() <= 80  # "since the war began on 7 October"
        value = r.date.isoformat() if r.precision == "day" else r.date.isoformat()[:7]
        if tp.SINCE_A_DAY.search(text, low, max(0, dm.start - 10), dm.end):
            days.append((dm.start, dm.end))  # "since yesterday": one day's acts
        elif (opens and not (stated and tp.UNTIL_BEFORE.search(before[-16:]))) \
                or (tp.FROM_BEFORE.search(before[-12:]) and tp.TO_AFTER.match(text, dm.end)):
            true_period = True
            since = value if not stated else since
            stated = True
        elif (u := tp.UNTIL_BEFORE.search(before[-16:])) and (since is not None or not re.match(r"(?:to|and)\b", u.group(0), re.I)):
            until, basis = r.date.isoformat(), "text"
            true_period = true_period or bool(re.search(r"\bas\s+of\s+$", before, re.I)) or since is not None
        elif not (tp.END_WORD.search(clause) or tp.BOUND_JUST_BEFORE.search(before[-12:])):
            if r.precision == "day":
                days.append((dm.start, dm.end))
            else:
                aggregate = month = True  # "In November, ...", "earlier this month": a month is a period
                since = since or value
    if since is None and "since" in low:
        since = _since_month(text, ctx)
    if not stated and until is None and (named := tp.IN_MONTH_NAMED.search(text)):  # "In late November, ..."
        since = _month_value(named, ctx)
        if since is not None:
            until, basis, aggregate = since, "text", True
    if until is None and ctx.ref_date is not None:
        until, basis = ctx.ref_date.isoformat(), "published"
    return _Cues(true_period, aggregate, bool(days), days, month, bool(tp.PERFECT.search(text, low)),
                 bool(tp.RETALIATION.search(text, low)), bool(tp.PARTITIVE_START.search(text)), since, until, basis)


def _since_month(text: str, ctx: DocContext) -> str | None:
    """ "since October": the most recent October on or before publication (GUIDE §4), as YYYY-MM;
    "since the beginning of 2024": 2024-01."""
    y = tp.SINCE_YEAR.search(text)
    if y is not None and _valid_since(text, y.start()):
        return f"{y.group('year')}-01"
    m = tp.SINCE_MONTH.search(text)
    if m is None or not _valid_since(text, m.start()):
        return None
    return _month_value(m, ctx)


def _month_value(m: re.Match[str], ctx: DocContext) -> str | None:
    """A month named without a day, as YYYY-MM: its year, or the most recent such month on or before
    publication (GUIDE §4)."""
    month = MONTHS[m.group("mon").lower()]
    if m.group("year"):
        return f"{m.group('year')}-{month:02d}"
    if ctx.ref_date is None:
        return None
    year = ctx.ref_date.year if month <= ctx.ref_date.month else ctx.ref_date.year - 1
    return f"{year}-{month:02d}"


def _period_in(text: str, low: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] names a period of its own ("since October", "so far")."""
    if any(_valid_since(text, m.start()) for m in tp.SINCE.finditer(text, low, lo, hi)):
        return True
    return any(not re.match(r"(?:in\s+total|a\s+total|total|altogether|overall|in\s+all|each\s)", m.group(0), re.I)
               for m in tp.PERIOD.finditer(text, low, lo, hi))


def _valid_since(text: str, pos: int) -> bool:
    """ "since October" bounds a count; "have since returned" and "the largest ... since" do not."""
    window = text[max(0, pos - 80) : pos].rsplit(";", 1)[-1]
    if tp.SINCE_AS_ADVERB.search(window[-12:]):
        return False
    sup = tp.SUPERLATIVE.search(window)  # "the largest since", but "the largest of the 140 attacks since"
    return sup is None or bool(re.search(r"\d", sup.group("rest")))


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last one is wanted
        pass
    return found


def _refers_back(text: str) -> bool:
    """ "these attacks", "of those", "in the attacks": the sentence speaks of a series named before."""
    return bool(tp.SERIES.search(text, text.lower()) or tp.DEF_PLURAL.search(text, text.lower())) or bool(re.search(r"\bof\s+(?:those|these|them|which)\b", text, re.I))


def _is_tally(c: _Cand, cands: list[_Cand], cues: _Cues, sent: Sentence, ctx: DocContext, prev_tally: bool) -> bool:
    text = sent.text
    if c.n < (1 if c.measure in _CASUALTY else 2) or c.n > 10_000_000:
        return False
    if c.measure not in _CASUALTY and _subkind(c, cands, text):
        return False  # "41 attacks, comprising 29 airstrikes and 12 raids": kinds of the counted acts
    if _out_of_scope(c, sent, ctx):
        return False
    if c.measure in _CASUALTY:
        return _casualty_is_tally(c, cands, cues, sent, ctx, prev_tally)
    if c.measure in (PROJECTILES, TARGETS):  # counted only over a period: "1,000 rockets since October"
        if cues.month and not cues.day_event:  # a few rockets last week were one attack; hundreds a month are not
            return c.n >= 10 and not _local_singular(text, c)
        if cues.day_event:
            lo, hi = _clause(text, c.num[0], c.num[1])
            return _period_in(text, text.lower(), lo, hi) and not _local_singular(text, c)
        return cues.true_period and not _local_singular(text, c)
    if c.partitive or c.kind == "reached":
        return True
    if c.n < 10 and c.kind in ("noun", "times") and _day_in_phrase(text, c, cues):
        return False  # "attacked four more times on Thursday, raising the total since October to 66": one day's acts
    if c.kind == "ordinal":  # "the 32nd attack since October"; "the 151st attack on the base" alone
        return cues.true_period or (c.n >= 10 and bool(tp.ORD_NOUN_AFTER.match(text, c.end)))
    if cues.true_period:
        return True
    if cues.day_event:  # a day's acts are events; dozens of them in a day are still counted
        return c.n >= 10
    if c.kind == "times" or cues.aggregate:
        return True
    return c.n >= 10 or cues.perfect or cues.retaliation


def _day_in_phrase(text: str, c: _Cand, cues: _Cues) -> bool:
    """A day named in the comma-delimited phrase of a count, and no period in it."""
    lo = max(text.rfind(",", 0, c.start), text.rfind(";", 0, c.start)) + 1
    ends = [i for i in (text.find(",", c.end), text.find(";", c.end)) if i >= 0]
    hi = min(ends) if ends else len(text)
    return any(lo <= s < hi for s, _ in cues.days) and not _period_in(text, text.lower(), lo, hi)


def _subkind(c: _Cand, cands: list[_Cand], text: str) -> bool:
    """ "comprising 29 airstrikes and 12 ground operations": both are kinds of the count before them."""
    near = text[max(0, c.start - 300) : c.start]
    if not any(w in near for w in ("compris", "includ", "consist", "which", "among", "mostly")):
        return False
    same = [o for o in cands if o.measure == c.measure and o.end <= c.start]
    while True:  # back over "29 airstrikes and" to the word that opens the list
        window = text[max(0, c.start - 30) : c.start]
        if tp.SUBKINDS_BEFORE.search(window):
            return any(o.n > c.n for o in same if o.end <= c.start)
        if not same or not re.fullmatch(r"\s*(?:,|,?\s*and)\s*", text[same[-1].end : c.start]):
            return False
        c = same.pop()


def _casualty_is_tally(c: _Cand, cands: list[_Cand], cues: _Cues, sent: Sentence, ctx: DocContext,
                       prev_series: bool) -> bool:
    """People killed or injured over a period or a series of acts, not in one event."""
    text = sent.text
    low = text.lower()
    lo, hi = _clause(text, c.num[0], c.num[1])
    singular = bool(tp.SINGULAR.search(text, low, lo, hi))
    perfect = bool(tp.PERFECT_HURT.search(text, low, lo, hi))
    local_day = any(lo <= s < hi for s, _ in cues.days)
    local_period = _period_in(text, low, lo, hi)
    # a series of acts as the cause: "in these attacks", "the campaign has killed"; "in the attacks" when
    # the text around speaks of a series (a period before, a perfect, attacks in several countries)
    series = bool(tp.SERIES.search(text, low, lo, hi) or tp.SERIES_SUBJECT.search(text, low, lo, hi))
    series = series or (not singular and bool(tp.SERIES.search(text, low, 0, c.num[0])))
    if not series and not singular:  # "injured across the roughly 170 attacks"
        series = any(o.measure == ACTS and o.n >= 2 and c.num[1] <= o.num[0] < hi for o in cands)
    if not series and tp.DEF_PLURAL.search(text, low, lo, hi):
        series = prev_series or perfect or cues.true_period
    if not series and not singular and tp.CAUSE_PLURAL.search(text, low, c.num[1], hi):
        series = len({p.place.country for p in sent.places if lo <= p.start < hi and p.place.country in ctx.scope}) >= 2
    if local_day and not local_period:
        return False
    if tp.IN_WHICH.search(text, max(0, c.start - 40), c.start) and tp.SINGULAR.search(text, low, max(0, c.start - 200),
                                                                                      c.start):
        return False  # "the assault ... that began on Saturday, in which at least 900 were killed": one act's toll
    if c.kind == "reached" and (perfect or cues.perfect) and not singular:
        return True  # "the death toll ... has passed 2,000": a toll that has grown
    if c.kind == "category":
        return cues.true_period or series or prev_series
    if local_period and (series or not singular or perfect):
        return True  # "since October, the shelling has killed 70": an act noun as the subject of a perfect over a period
    if series:
        return True
    if singular:
        return False
    if perfect and (c.n >= 10 or prev_series or cues.aggregate):
        return True
    if cues.true_period and not cues.day_event:
        return True
    if cues.day_event:
        return False
    return _follows_act_count(c, cands, text) or (cues.aggregate and c.n >= 10)


def _local_singular(text: str, c: _Cand) -> bool:
    """One event as the figure's cause: "killed in a drone strike", "the attack wounded 3"."""
    s, e = _clause(text, c.num[0], c.num[1])
    return bool(tp.SINGULAR.search(text, text.lower(), s, e))


def _follows_act_count(c: _Cand, cands: list[_Cand], text: str) -> bool:
    """ "targeted them twice, resulting in the deaths of nine": casualties of the counted acts."""
    for o in cands:
        if o.measure == ACTS and o.end <= c.num[0]:
            between = text[o.end : c.num[0]]
            if len(between) < 120 and re.search(r"\b(?:resulting|result|killing|killed|injuring|wounding|leaving|"
                                                r"caus(?:ing|ed)|led\s+to)\b", between, re.I):
                return True
    return False


def _clause(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around a figure, within 100 characters each side."""
    lo = max(0, s - 100)
    start = max([lo] + [i + len(mark) for mark in tp.CLAUSE_MARKS if (i := text.rfind(mark, lo, s)) >= 0])
    m2 = tp.CLAUSE_END.search(text, e, min(len(text), e + 100))
    end = m2.start() if m2 else min(len(text), e + 100)
    return start, end


_PLACE_AUTHORITY = re.compile(r"['’]s?\s+(?:[\w\-]+\s+){0,2}(?:ministry|authorities|officials|government|civil\s+defen[cs]e)\b",
                              re.I)


def _out_of_scope(c: _Cand, sent: Sentence, ctx: DocContext) -> bool:
    """A count whose own words name only places or parties outside the profile's scope."""
    if ctx.open_scope:
        return False
    text = sent.text
    if c.kind in ("times", "ordinal") or c.measure in _CASUALTY:
        lo, hi = _clause(text, c.num[0], c.num[1])
    else:
        lo, hi = c.start, c.end + len(describe.tail(text, c.end, 12)) + 1
    inside = _locative(sent, lo, hi)
    if any(p.place.country in ctx.scope for p in inside):
        return False
    outside = any(p.place.country not in ctx.scope for p in inside)
    if not inside:  # "Gaza's health ministry says 30,000 were killed": the authority counting names where
        sources = [p for p in sent.places if _PLACE_AUTHORITY.match(text, p.end)]
        outside = bool(sources) and all(p.place.country not in ctx.scope for p in sources)
    parties = [a for a in sent.actors if lo <= a.start < hi]
    return outside or (bool(parties) and all(a.actor.acts == "none" for a in parties))


# --- breakdowns ---------------------------------------------------------------------------------
@dataclass
class _Part:
    num: _Num
    country: str
    name: str  # the country as the text names it
    end: int
    worded: bool = False  # words of its own between the count and the country ("60 times in Iraq")


def _attach_breakdowns(text: str, nums: list[_Num], cands: list[_Cand], kept: list[_Cand], cues: _Cues,
                       prev_kept: list[tuple[_Cand, Tally]], here: Evidence | None = None) -> list[_Cand]:
    """ "166 attacks, 67 in Iraq and 98 in Syria": one tally with by_country; parts alone when no total."""
    out = list(kept)
    for chain in _chains(text, nums) if len(nums) >= 2 else ():
        first = chain[0].num
        lo, hi = first.s, chain[-1].end
        inner = [c for c in cands if lo <= c.num[0] < hi]
        owner = _owner(lo, chain, kept)
        if owner is not None:
            out = [c for c in out if c not in inner or c is owner]
            owner.parts = [_Cand(p.num.n, p.num.qual, owner.measure, "part", p.num.start, p.end, (p.num.s, p.num.e),
                                 "", country=p.country) for p in chain]
            continue
        earlier = _earlier_owner(chain, text, lo, cues, prev_kept)
        if earlier is not None:  # "... 61 attacks since Oct. 17. Of those, 29 were in Iraq and 32 in Syria."
            earlier.by_country = {p.country: p.num.n for p in chain}
            earlier.where = sorted(earlier.by_country)
            earlier.breakdown = here
            out = [c for c in out if c not in inner]
            continue
        head = next((c for c in kept if c.num[0] == lo), None)
        if head is None and _acts_counted_before(text, first.start, cues):
            head = _Cand(first.n, first.qual, ACTS, "part", first.start, chain[0].end, (first.s, first.e), "attacks")
        if head is None:
            continue
        out = [c for c in out if not lo <= c.num[0] < hi]  # no total stated: each part is a count of its own
        noun = re.sub(r"\s+(?:in|inside|across)\s+(?:the\s+)?[A-Z][\w\s]*$", "", head.what) or head.what
        for p in chain:
            # "some 90 attacks in Syria and 60 in Iraq": the head's qualifier; "60 times in Iraq": its own
            qual = p.num.qual if p.num.start < p.num.s or p.num.end > p.num.e or (p is not chain[0] and p.worded) \
                else head.qual
            out.append(_Cand(p.num.n, qual, head.measure, "part", p.num.start, p.end, (p.num.s, p.num.e),
                             f"{noun} in {p.name}", country=p.country))
    return sorted(out, key=lambda c: c.num[0])


def _chains(text: str, nums: list[_Num]) -> list[list[_Part]]:
    """Runs of two or more "N in <country>" joined by commas and "and", each country once."""
    pattern, iso = tp.breakdown_part()
    chains: list[list[_Part]] = []
    for x in nums:
        m = pattern.match(text, x.end)
        if m is None:
            continue
        part = _Part(x, iso[m.group("country").lower()], m.group("country"), m.end(), bool(m.group("gap").strip()))
        if chains and tp.CONNECTOR.match(text[chains[-1][-1].end : x.start]):
            chains[-1].append(part)
        else:
            chains.append([part])
    return [c for c in chains if len(c) >= 2 and len({p.country for p in c}) == len(c)]


def _owner(pos: int, chain: list[_Part], kept: list[_Cand]) -> _Cand | None:
    """The total a breakdown divides: the count just before it in the sentence."""
    largest = max(p.num.n for p in chain)
    before = [c for c in kept if c.num[0] < pos and c.n >= largest and not c.parts and c.kind != "part"]
    return before[-1] if before else None


def _earlier_owner(chain: list[_Part], text: str, pos: int, cues: _Cues,
                   prev_kept: list[tuple[_Cand, Tally]]) -> Tally | None:
    """After "Of those", the last count of acts of the sentence before, if the parts fit in it."""
    if not (cues.partitive_start or re.search(r"\bof\s+(?:those|these|them|which)\b", text[:pos], re.I)):
        return None
    total = sum(p.num.n for p in chain)
    largest = max(p.num.n for p in chain)
    earlier = [t for c, t in prev_kept if c.measure == ACTS and not t.by_country and total * 0.5 <= t.count
               and largest <= t.count]
    return earlier[-1] if earlier else None


def _acts_counted_before(text: str, pos: int, cues: _Cues) -> bool:
    """ "attacks numbered 52 in Iraq and 71 in Syria": acts named just before parts with no noun of their own."""
    return bool(re.search(r"\b(?:attack|strike|raid|incident|assault|operation)s?\b[^;]{0,60}$", text[:pos], re.I)) \
        and (cues.true_period or cues.aggregate or cues.perfect)


# --- where ---------------------------------------------------------------------------------------
def _where(c: _Cand, sent: Sentence, ctx: DocContext) -> list[str]:
    """The scope countries the text names for the count (GUIDE §6 `where`)."""
    lo, hi = _clause(sent.text, c.num[0], c.num[1])
    lo = min(lo, c.start)
    out: list[str] = []
    for p in _locative(sent, lo, hi):
        code = p.place.country
        if code in ctx.scope and code not in out:
            out.append(code)
    return out


def _places_attacks(sent: Sentence, low: str) -> bool:
    return bool(sent.places) and any(w in low for w in tp.PLURAL_ACT_WORDS)


def _scope_places(sent: Sentence, ctx: DocContext) -> list[str]:
    """The scope countries a sentence places attacks in, when it speaks of attacks: the `where` of a
    casualty count that the next sentence gives for "these attacks"."""
    if not sent.places or not tp.PLURAL_ACT.search(sent.text):
        return []
    out: list[str] = []
    for p in _locative(sent, 0, len(sent.text)):
        if p.place.country in ctx.scope and p.place.country not in out:
            out.append(p.place.country)
    return out


def _locative(sent: Sentence, lo: int, hi: int) -> list[PlaceMention]:
    """Places in text[lo:hi] that the counted acts happen in or are aimed at ("in Iraq and Syria",
    "on Israel"), not a capital standing for its government ("Washington has retaliated")."""
    out: list[PlaceMention] = []
    for p in sent.places[bisect_left(sent.places, lo, key=lambda p: p.start) :]:
        if p.start >= hi:
            break
        if p.border:
            continue
        joined = out and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", sent.text[out[-1].end : p.start])
        if joined or tp.LOCATIVE_BEFORE.search(sent.text[max(0, p.start - 40) : p.start]):
            out.append(p)
    return out
