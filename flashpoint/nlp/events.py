"""Event rules: from analysed sentences to PLOVER events (GUIDE §2–§5).

Each sentence is read on its own first (trigger, roles, place, date, casualties, mode);
then document-level passes attach claims of responsibility and attributions, and merge
repeated mentions of one event (same type, day, country, actor and target).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from flashpoint.nlp.analysis import SCOPE_COUNTRIES, DocContext, Sentence
from flashpoint.nlp.dates import DateMention, ResolvedDate
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Event, Evidence, Location, Range
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.anchors import is_out_of_scope_anchor
from flashpoint.ontology.event_types import VERBAL, event_types

US = "United States"
MILITIAS = "Iran-backed militias"
OUT_OF_SCOPE = {"Israel", "Hamas", "Houthis", "Islamic State", "Hezbollah", "Syrian Observatory for Human Rights",
                "Donald Trump"}
SIDE_HOME = {"us": "USA", "iran_axis": "IRQ", "iraq": "IRQ", "syria": "SYR", "jordan": "JOR", "sdf": "SYR"}

_HEDGED = re.compile(
    r"\b(?:might|may|could)\s+have\s+been\b|\bwhether\s+(?:it\s+was|the)\b|\bdenied\b|\bdenies\b|\bdeny\b|"
    r"\bno\s+(?:evidence|indication)\b|\bif\s+(?:the|any|a)\b|\bfailed\s+to\s+launch\b|\bunconfirmed\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|could|may|might|plan(?:s|ned)?\s+to|threaten(?:ed|s)?\s+to|vow(?:ed|s)?\s+to|"
    r"warn(?:ed|s)?\s+(?:of|that)|intend(?:s|ed)?\s+to|seek(?:s)?\s+to|order\s+to|threat\s+to|ready\s+to|"
    r"prepared\s+to|continue\s+to)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_GENERIC = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds|numerous|multiple|several|many|"
    r"series\s+of|wave\s+of|string\s+of|spate\s+of|ongoing|continued|continuing|frequent)\s+"
    r"(?:\w+\s+){0,4}(?:attacks|assaults|strikes|incidents)\b|\b(?:times|occasions)\b|\brecurrent\b|"
    r"\ball\s+(?:\w+\s+){0,2}attacks\b|\brecent\s+attacks\b|\bbehind\s+the\s+majority\b|\brepeated(?:ly)?\b|"
    r"\bhave\s+(?:carried\s+out|launched|been\s+(?:attacked|targeted))\b|\bhas\s+carried\s+out\b|\bkeep\s+attacking\b|"
    r"\bsince\s+(?:the\s+)?(?:\w+\s+){0,4}(?:began|start|october|oct\.?|mid-|\d)",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|had\s+been|have\s+been|came\s+under|come\s+under)\s+(?:\w+\s+)?$", re.I
)
_AGENT = re.compile(
    r"(?<!used )(?<!operated )(?<!run )(?<!occupied )(?<!housed )(?<!controlled )(?<!backed )(?<!supported )"
    r"(?<!sponsored )(?<!designated )\b(?:by|blamed\s+(?:on)?|attributed\s+to|launched\s+by|carried\s+out\s+by|fired\s+by|conducted\s+by)\s+"
    r"(?:the\s+)?(?!\w+ing\b)(?:\w+[\s\-]+){0,2}$",
    re.I,
)
_OBJECT = re.compile(
    r"\b(?:on|at|against|targeting|targeted|target|hit|hitting|struck|striking|into|toward|towards|near|"
    r"used\s+by|belonging\s+to|linked\s+to|affiliated\s+with|of)\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:[\w\-']+\s+){0,3}$",
    re.I,
)
_RETALIATION = re.compile(
    r"\b(?:in\s+(?:(?:its|their|his|a|an|the)\s+)?(?:\w+\s+)?(?:retaliation|response|reprisal|revenge|answer)\s+(?:for|to)|"
    r"to\s+avenge|retaliat\w+\s+for|as\s+(?:a\s+)?(?:response|retaliation)\s+(?:to|for)|"
    r"in\s+answer\s+to|a\s+response\s+to|responding\s+to|over)\s+(?P<what>(?:the|a|an|its|their|multiple|recent|"
    r"repeated|what|attacks|strikes)\b[^.;:,\"“]*)",
    re.I,
)
_RET_WORD = re.compile(r"\b(?:retaliat\w*|in\s+response|responded|avenge|revenge|reprisal)\b", re.I)
_GENERAL_MOTIVE = re.compile(r"\b(?:support\s+for\s+israel|gaza|occupation|israel|palestin\w+|self-defen[cs]e)\b", re.I)
_REPORTING = re.compile(
    r"\b(?:said|says|announced|announcing|stated|confirmed|reported|told|claimed|added|according|press\s+release|"
    r"statement|briefing)\b",
    re.I,
)
_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|credit)?|\btook\s+responsibility\b", re.I)
_BLAME = re.compile(
    r"\b(?:blamed|blames|attributed|accused|held\s+responsible|believed\s+to\s+be\s+behind|was\s+behind|were\s+behind|"
    r"behind\s+the\s+(?:attack|strike))\b",
    re.I,
)
_WEAPON_ACT = re.compile(
    r"\b(?:drones?|rockets?|missiles?|air\s*strikes?|strikes?|attacks?|bombs?|shells?|mortars?|raids?|gunship)\b", re.I
)
_TARGET_WORDS = re.compile(
    r"\b(?:(?P<iran>iranian|iran's|irgc)\s+(?:targets|forces|sites|facilities|personnel)|"
    r"(?P<mil>iran-linked|iran-aligned|pro-iran\w*|militia|militiamen|militants|fighters|paramilitary)\b)",
    re.I,
)
_ASSAULT_NOUN_ONLY = re.compile(r"^(?:[\w\-]+\s+)?(?:attacks|assaults|strikes|raids|bombings)$", re.I)
_SPEECH = re.compile(
    r"\b(?:call(?:ed|ing|s)|describ\w+|said|says|saying|declar\w+|term\w+|label\w+|brand\w+|stress\w+|"
    r"consider\w*|statement|condemn\w*|denounc\w+)\b", re.I)
_PREP_BEFORE = re.compile(r"\b(?:following|after|on|of|by|against|with|to|for|from|over|about|at|in|that)\s+(?:the\s+)?$", re.I)
_HISTORY = re.compile(r"\b(?:years?\s+ago|decades?\s+ago|in\s+(?:19|20)\d\d\b|founded\s+in|was\s+established|since\s+(?:19|20)\d\d)", re.I)
_AFTER_CLAUSE = re.compile(
    r"\b(?:after|following)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}(?:attack|strike|assault|bombing)s?\b", re.I
)
_SPEAKER_AFTER = re.compile(
    r"^(?:\s+(?:defen[cs]e|security|military|senior|government|press|media)?\s*(?:officials?|spokes(?:man|woman|person)|"
    r"sources?|statement))?[\s,]*(?:said|says|told|reported|confirmed|identified|announced|stated|added|noted|"
    r"claimed|acknowledged|explained|called|described|condemned|blamed)\b|^\s+(?:officials?|spokes\w+)\b",
    re.I,
)
# "X said it launched ...": the speaker reports its own act
_SELF_REPORT = re.compile(
    r"^[\s,]*(?:said|says|announced|claimed|stated|added)\s+(?:in\s+a\s+statement\s+)?(?:that\s+)?(?:it|they)\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:launched|fired|targeted|attacked|struck|hit|carried\s+out|conducted|shot)",
    re.I,
)
_ATTACK_NOUN_AFTER = re.compile(
    r"^(?:[\s\-]+(?:led\s+|military\s+|forces?\s+|coalition\s+)?)(?:air\s*strikes?|strikes?|attacks?|drone\s+strikes?|raids?|"
    r"bombings?|warplanes?|fighter\s+jets?|jets|aircraft|gunships?|bombers?|drones?\s+(?:strike|attack)s?)\b",
    re.I,
)
_DEFINITE_REF = re.compile(
    r"^(?:the|this|that|these|those|such|friday's|saturday's|sunday's|monday's|tuesday's|wednesday's|thursday's)\s+"
    r"(?:[\w\-]+\s+){0,2}(?:attack|strike|strikes|assault|incident|explosion|blast)\b",
    re.I,
)
_DEFINITE_NOUN = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w\-.]+\s+){0,3}(?:attacks?|strikes?|assaults?|air\s*strikes?|incident)\b", re.I
)


def _verbal_sentence(text: str) -> bool:
    types = event_types().triggers
    return any(types[k].search(text) for k in ("ACCUSE", "THREATEN", "REQUEST"))


_RELATIVE_ACT = re.compile(
    r"\b(?:that|which|who)\s+(?:had\s+|have\s+|has\s+)?(?:reportedly\s+|allegedly\s+|earlier\s+)?"
    r"(?:fired|launched|attacked|targeted)\b", re.I
)
_VERBAL_REPORT = re.compile(r"\b(?:condemn\w*|vow\w*|threat\w*|warn\w*|call\w*|demand\w*|urg\w*|summon\w*)\b", re.I)


@dataclass
class Roles:
    actor: Actor | None
    target: Actor | None
    actor_text: str | None = None
    target_text: str | None = None


def _canon(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.side == "unknown":
        return a.name  # an organisation the ontology does not know keeps its own name
    lex = actor_lexicon()
    rep = lex.get(a.represents)
    return rep.name if rep else a.represents


def _side(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.side == "unknown":
        return "unknown"
    rep = actor_lexicon().get(a.represents) or a
    return rep.side


# ---------------------------------------------------------------------------------------------
# dates


_SERIES = re.compile(r"(?:series|wave|string|spate)\s+of\b", re.I)
_APPOSITION = re.compile(r",\s*(?:an?|the|which|who|whose|another)\b[^,]{0,160},")
_SAME_DAY = re.compile(r"\b(?:(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+day|the\s+same\s+day|that\s+day|hours\s+(?:later|earlier))\b", re.I)
_RELATIVE_BOUNDARY = re.compile(r",?\s+(?:who|which|that|including|responsible\s+for)\b", re.I)


def _usable_dates(sent: Sentence, ctx: DocContext, ret_span: tuple[int, int] | None) -> list[tuple[DateMention, ResolvedDate]]:
    """Dates in `sent` that can date an act: not 'since X', not inside a retaliation clause, not the future."""
    out = []
    for m, r in sent.dates:
        if r is None:
            continue
        before = sent.text[max(0, m.start - 22) : m.start].lower()
        if re.search(r"\b(?:since|as\s+of|until|between|from|through|after|before|following|by)\s+(?:the\s+)?$", before):
            continue
        if re.search(r"\bsince\b[^,;]{0,60}$", sent.text[max(0, m.start - 60) : m.start], re.I):
            continue
        if re.search(r"\b(?:began|started|erupted|broke\s+out|commenced)\s+(?:on|in)\s+$", before):
            continue
        if ret_span and ret_span[0] <= m.start < ret_span[1]:
            continue
        if ctx.ref_date and r.date > ctx.ref_date + dt.timedelta(days=1):
            continue
        out.append((m, r))
    return out


def _pick_date(
    sent: Sentence, trigger_pos: int, ctx: DocContext, verbal: bool
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, precision, date_text) for an act stated in `sent` around `trigger_pos`."""
    cands: list[tuple[int, DateMention, ResolvedDate]] = []
    for m, r in sent.dates:
        if r is None:
            continue
        before = sent.text[max(0, m.start - 22) : m.start].lower()
        if re.search(r"\b(?:since|as\s+of|until|between|from|through|after|before|following|by)\s+(?:the\s+)?$", before):
            continue
        if re.search(r"\b(?:photo|file\s+photo|taken)\b", sent.text[: m.start], re.I):
            continue
        if ctx.ref_date and r.date > ctx.ref_date + dt.timedelta(days=1):
            continue
        if m.kind in ("month_day", "full") and is_out_of_scope_anchor(sent.text, m.start, m.end, m.month, m.day):
            continue
        # a date inside a retaliation clause dates the earlier act, not this one
        ret = _RETALIATION.search(sent.text)
        if ret and ret.start("what") <= m.start < ret.end("what") and ret.start() > trigger_pos:
            continue
        cands.append((abs(m.start - trigger_pos), m, r))
    if cands:
        cands.sort(key=lambda c: c[0])
        _, m, r = cands[0]
        precision = r.precision
        before = sent.text[max(0, m.start - 40) : m.start]
        if not verbal and precision == "day" and _REPORTING.search(before) and not _REPORTING.search(
            sent.text[trigger_pos : trigger_pos + 1]
        ) and m.start > trigger_pos and re.search(r"\b(?:said|announced|release|reported|confirmed)\b[^,]*$", before, re.I):
            precision = "approximate"
        return r.date, precision, m.text if m.kind != "full" else None
    if ctx.ref_date is None:
        return None, None, None
    if verbal:
        return ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    return None, None, None


# ---------------------------------------------------------------------------------------------
# places


def _locations(sent: Sentence, ctx: DocContext) -> list[PlaceMention]:
    """Places where an act in `sent` happened, minus borders and launch sites."""
    good = [p for p in sent.places if not p.border and not p.origin]
    if not good:
        good = [p for p in sent.places if not p.border]
    return good


def _best_place(places: list[PlaceMention]) -> PlaceMention | None:
    rank = {"country": 3, "admin1": 2, "city": 1}
    if not places:
        return None
    return sorted(places, key=lambda p: (rank.get(p.place.kind, 0), p.start))[0]


def _location(places: list[PlaceMention], country: str) -> Location:
    if not country:
        return Location(None, None)
    inside = [p for p in places if p.place.country == country]
    best = _best_place(inside)
    weak = bool(inside) and all(p.near for p in inside)
    if best is None or best.place.kind == "country":
        return Location(None, country, None, None, 3 if best else None, "country", weak=weak)
    p = best.place
    return Location(best.text, country, p.lat, p.lon, 2 if weak else p.precision, p.kind, weak=weak)


# ---------------------------------------------------------------------------------------------
# roles


def _victims(sent: Sentence, skip: tuple[int, int] | None = None) -> list[ActorMention]:
    """Parties named as the killed or wounded ("killing three US soldiers", "eight KH members were killed")."""
    out = []
    cas = [c for c in sent.casualties if skip is None or not (skip[0] <= c.start < skip[1])]
    for c in cas:  # X said "four of our men were killed": the speaker's side
        if re.search(r"\bof\s+(?:our|its|their)\b", sent.text[c.start : c.end + 20], re.I):
            before = [a for a in sent.actors if a.end <= c.start and a.actor.kind != "group"]
            if before:
                out.append(before[0])
    for a in sent.actors:
        if a in out or (skip and skip[0] <= a.start < skip[1]):
            continue
        for c in cas:
            inside = c.start <= a.start and a.end <= c.end
            gap = sent.text[c.end : a.start] if a.start >= c.end else None
            after = gap is not None and len(gap) < 40 and not re.search(r"[,;]", gap) and len(gap.split()) <= 3
            if inside or after:
                out.append(a)
                break
        else:
            if re.match(r"^\s+(?:\w+\s+){0,3}(?:were|was)\s+(?:\w+\s+)?(?:killed|wounded|injured|martyred)\b",
                        sent.text[a.end : a.end + 50], re.I):
                out.append(a)
    return out


def _assault_roles(sent: Sentence, trig_start: int, trig_end: int, skip: tuple[int, int] | None = None) -> Roles:
    text = sent.text
    actor: ActorMention | None = None
    target: ActorMention | None = None
    victims = _victims(sent, skip)
    speakers = [a for a in sent.actors if (_SPEAKER_AFTER.match(text[a.end : a.end + 40])
                and not _SELF_REPORT.match(text[a.end : a.end + 60])) or (skip and skip[0] <= a.start < skip[1])]
    pre = [a for a in sent.actors if a.end <= trig_start and a not in victims and a not in speakers]
    post = [a for a in sent.actors if a.start >= trig_end and a not in victims and a not in speakers]
    for a in sent.actors:  # "U.S. strikes", "American drone strike", "strikes by X" name the attacker
        if a not in victims and _ATTACK_NOUN_AFTER.match(text[a.end : a.end + 40]):
            actor = a
            break
    passive = bool(_PASSIVE.search(text[max(0, trig_start - 25) : trig_start]))
    for a in sent.actors:  # "by X", "blamed on X"
        if actor is None and _AGENT.search(text[max(0, a.start - 40) : a.start]) and a.start > trig_start - 5:
            actor = a
            break
    if passive and pre:
        target = pre[-1]
    for a in post:
        if a is actor or (actor is not None and _side(a.actor) == _side(actor.actor)):
            continue
        if a.actor.kind == "state" and a.actor.country in SCOPE_COUNTRIES and a.text.lower() == a.actor.name.lower():
            continue  # "an air strike on Syria": where, not whom
        if _canon(a.actor) in OUT_OF_SCOPE and a.actor.name != "Islamic State":
            continue
        if _OBJECT.search(text[max(0, a.start - 40) : a.start]) or a.adjective or a.actor.kind == "person":
            if target is None:
                target = a
                break
    if actor is None and not passive:
        # the subject: the last actor named before the trigger in its clause, not a speaker, not inside an
        # apposition ("X, a coalition of armed factions hostile to Y, claimed")
        appositions = [m.span() for m in _APPOSITION.finditer(text[:trig_start])]
        for k, a in enumerate(reversed(pre)):
            if any(s0 < a.start < e0 for s0, e0 in appositions):
                continue
            between = text[a.end : trig_start]
            earlier_named = [b for b in pre[: len(pre) - 1 - k] if b.actor.kind != "group"]
            if a.actor.kind == "group" and earlier_named and re.search(r",\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}$",
                                                                        text[max(0, a.start - 40) : a.start]):
                continue  # "Liwa X, a little-known pro-Iran militia, claimed": the apposition
            if (re.search(r"\b(?:said|says|told|according)\b", between) and not re.search(r"\bthat\b", between)
                    and not _SELF_REPORT.match(text[a.end : a.end + 60])):
                continue
            if _OBJECT.search(text[max(0, a.start - 40) : a.start]) and a is not pre[0]:
                continue
            actor = a
            break
    if target is None and victims:
        target = next((v for v in victims if actor is None or _side(v.actor) != _side(actor.actor)), None)
    if actor is not None and target is not None and _side(actor.actor) == _side(target.actor):
        # one side cannot strike itself; keep the closer reading
        if target.start > actor.start:
            target = None
    return Roles(actor.actor if actor else None, target.actor if target else None,
                 actor.text if actor else None, target.text if target else None)


def _default_target(sent: Sentence, actor: Actor | None, places: list[PlaceMention]) -> Actor | None:
    lex = actor_lexicon()
    side = _side(actor)
    if side == "us":
        named = [a.actor for a in sent.actors if _side(a.actor) == "iran_axis" and a.actor.kind != "group"]
        if named:
            return named[0]
        m = _TARGET_WORDS.search(sent.text)
        if m and m.group("iran"):
            return lex.get("Iran")
        if m and m.group("mil"):
            return lex.get(MILITIAS)
        generic = [a.actor for a in sent.actors if _side(a.actor) == "iran_axis"]
        return generic[0] if generic else None
    us_site = any(p.place.kind in ("airbase", "base", "embassy", "outpost") for p in places)
    if side in ("iran_axis", "unknown", None) and (us_site or re.search(r"\b(?:u\.?s\.?|american|coalition)\b", sent.text, re.I)):
        return lex.get(US)
    return None


# ---------------------------------------------------------------------------------------------
# casualties, mode, retaliation


def _casualties(sent: Sentence, ret_span: tuple[int, int] | None) -> tuple[Range | None, Range | None]:
    killed: Range | None = None
    injured: Range | None = None
    for c in sent.casualties:
        if ret_span and ret_span[0] <= c.start < ret_span[1]:
            continue
        if c.kind == "killed":
            killed = c.range if killed is None else killed.merge(c.range)
        else:
            injured = c.range if injured is None else injured.merge(c.range)
    return killed, injured


def _mode(text: str, actor: str | None) -> str | None:
    found = event_types().first_mode(text)
    if found:
        return found[0]
    if actor == US:
        return "aerial"
    return None


def _retaliation(text: str) -> tuple[str | None, tuple[int, int] | None]:
    m = _RETALIATION.search(text)
    if not m:
        return None, None
    what = m.group("what").strip(" ,")
    end = m.end("what")
    rel = re.match(r",\s*(?:which|who|that)\b[^,.;]*", text[end:])
    if rel:  # "for the raid on the outpost, which also wounded six": the clause describes the earlier act
        end += rel.end()
    if _GENERAL_MOTIVE.search(what) and not _WEAPON_ACT.search(what):
        return None, None
    if not _WEAPON_ACT.search(what) and not re.search(r"\b(?:killing|death|attack|aggression)\b", what, re.I):
        return None, None
    return what[:160], (m.start("what"), end)


# ---------------------------------------------------------------------------------------------
# sentence rules


def _clause(sent: Sentence, start: int, end: int) -> Sentence:
    """The part of a sentence from `start` to `end`, with its mentions."""
    def inside(x: Any) -> bool:
        return bool(start <= x.start and x.end <= end)

    def shift(x: Any) -> Any:
        return replace(x, start=x.start - start, end=x.end - start)

    return Sentence(
        sent.index, sent.start + start, sent.start + end, sent.text[start:end],
        [shift(a) for a in sent.actors if inside(a)],
        [shift(p) for p in sent.places if inside(p)],
        [(shift(m), r) for m, r in sent.dates if inside(m)],
        [shift(c) for c in sent.casualties if inside(c)],
    )


def assault_events(sent: Sentence, ctx: DocContext, prev: Event | None = None, prev_index: int = -9) -> list[Event]:
    after = _AFTER_CLAUSE.search(sent.text) or _RELATIVE_ACT.search(sent.text)
    if after and after.start() > 20:
        main = _clause(sent, 0, after.start())
        sub = _clause(sent, after.start(), len(sent.text))
        if after.re is _RELATIVE_ACT.pattern or after.re is _RELATIVE_ACT:
            lead = main.text[max(0, len(main.text) - 60) :]
            agent = [a for a in main.actors if _side(a.actor) == "iran_axis"]
            if not sub.actors or _side(sub.actors[0].actor) != "iran_axis":
                if agent:
                    sub.actors.insert(0, replace(agent[-1], start=0, end=0))
                elif re.search(r"militia|militant|fighters", lead, re.I):
                    mil = actor_lexicon().get(MILITIAS)
                    if mil:
                        sub.actors.insert(0, ActorMention(0, 0, "militia", mil))
            return _assault(main, ctx, prev=prev, prev_index=prev_index) + _assault(sub, ctx, background=True)
        if sub.casualties or any(p.place.kind != "country" or p.place.country in SCOPE_COUNTRIES for p in sub.places):
            return _assault(main, ctx, prev=prev, prev_index=prev_index) + _assault(sub, ctx, background=True)
        return _assault(main, ctx, prev=prev, prev_index=prev_index)
    return _assault(sent, ctx, prev=prev, prev_index=prev_index)


def _assault(sent: Sentence, ctx: DocContext, background: bool = False, prev: Event | None = None,
             prev_index: int = -9) -> list[Event]:
    text = sent.text
    trig = list(event_types().triggers["ASSAULT"].finditer(text))
    if not trig:
        return []
    if _HEDGED.search(text) or _HISTORY.search(text):
        return []
    ret_text, ret_span = _retaliation(text)

    def outside(x: object) -> bool:
        return ret_span is None or not (ret_span[0] <= x.start() < ret_span[1])  # type: ignore[attr-defined]

    specific = [t for t in trig if not _FUTURE.search(text[max(0, t.start() - 30) : t.start()]) and outside(t)]
    if not specific:
        return []
    t0 = specific[0]
    usable = _usable_dates(sent, ctx, ret_span)
    has_day = any(r.precision == "day" for _, r in usable)
    places = [p for p in _locations(sent, ctx) if ret_span is None or not (ret_span[0] <= p.start < ret_span[1])]
    rel = _RELATIVE_BOUNDARY.search(text, t0.end())
    if rel:  # places named in a later relative clause belong to another act, when the main clause names one
        main_places = [p for p in places if p.start < rel.start()]
        if main_places:
            places = main_places
    precise_place = any(p.place.kind != "country" for p in places)
    generic = [g.span() for g in _GENERIC.finditer(text) if not _SERIES.match(g.group(0))]
    if generic and not has_day:
        return []
    if generic and (_DEFINITE_REF.match(text) or all(any(g0 <= t.start() < g1 + 12 for g0, g1 in generic) or
                                                     _ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)):
        return []  # a series or a comparison with one ("the deadliest of some 90 attacks"), not one act
    nouns_only = all(_ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)
    if nouns_only and not has_day and not precise_place and not sent.casualties:
        return []
    if not (has_day or precise_place or sent.casualties or sent.index < 3 or _WEAPON_ACT.search(text)):
        return []
    if (_CLAIM.search(text) or _BLAME.search(text)) and not has_day and not sent.casualties and all(
        re.search(r"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){0,2}$", text[max(0, t.start() - 30) : t.start()])
        for t in specific
    ):
        return []  # "X claimed the attack": a claim about an act already reported, attached below
    named = [a for a in sent.actors if a.actor.kind not in ("group", "state")]
    if _DEFINITE_REF.match(text) and not has_day and not sent.casualties and not precise_place and not named:
        return []  # "The strike was the second on the town ..." refers back to an act already reported
    if not has_day and not sent.casualties and _verbal_sentence(text) and _DEFINITE_NOUN.search(text):
        return []  # "condemned the strike": the statement's object, reported elsewhere
    roles = _assault_roles(sent, t0.start(), t0.end(), ret_span)
    actor, target = roles.actor, roles.target
    if actor is None and target is None and prev is not None and _DEFINITE_NOUN.search(text):
        lex = actor_lexicon()  # "the raid killed four guards": the act just reported
        actor, target = lex.get(prev.actor or ""), lex.get(prev.target or "")
    for a in (actor, target):
        if a is not None and _canon(a) in OUT_OF_SCOPE and not ctx.open_scope:
            return []
    if target is None:
        target = _default_target(sent, actor, places)
    if actor is not None and target is not None and _side(actor) == _side(target):
        return []
    if actor is None and target is None and not ctx.open_scope:
        return []
    if ret_span is None and re.search(r"\bretaliat\w+\s+(?:strike|attack|air)", text, re.I):
        ret_text = "an earlier attack (retaliatory strike)"
    killed, injured = _casualties(sent, ret_span)
    countries = []
    for p in places:
        if p.place.country in SCOPE_COUNTRIES and p.place.country not in countries:
            countries.append(p.place.country)
    if not countries and target is not None and target.kind == "state" and target.country in SCOPE_COUNTRIES:
        countries = [target.country]  # "a strike on Iraq"
    if not countries and prev is not None and (_DEFINITE_REF.match(text) or sent.index == prev_index + 1):
        countries = [prev.country] if prev.country else []
    if not countries and ctx.open_scope:
        countries = list(dict.fromkeys(p.place.country for p in places)) or [""]
    if not countries:
        home = ctx.main_country()
        if home is None:
            return []
        countries = [home]
    date, precision, date_text = _pick_date(sent, t0.start(), ctx, verbal=False)
    if date is None and prev is not None and _SAME_DAY.search(text):
        date, precision, date_text = prev.date, prev.date_precision, _SAME_DAY.search(text).group(0)  # type: ignore[union-attr]
    if date is None and prev is not None and _DEFINITE_REF.match(text) and countries == [prev.country]:
        date, precision, date_text = prev.date, prev.date_precision, prev.date_text
    if date is None and ctx.ref_date and sent.index < 2 and not background and not _RET_WORD.search(text[: t0.start()]):
        date, precision, date_text = ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    mode_text = text if ret_span is None else text[: ret_span[0]] + " " * (ret_span[1] - ret_span[0]) + text[ret_span[1] :]
    mode = _mode(mode_text[max(0, t0.start() - 60) :], _canon(actor))
    events = []
    for country in countries:
        loc = _location(places, country)
        ev = Event(
            doc_id=ctx.doc_id, event_type="ASSAULT", date=date, date_precision=precision,
            actor=_canon(actor), target=_canon(target), location=loc,
            evidence=Evidence(text, ctx_offset(sent), ctx_offset(sent) + len(text)),
            mode=mode, fatalities=killed if len(countries) == 1 else None,
            injured=injured if len(countries) == 1 else None, retaliation_for=ret_text, date_text=date_text,
            confidence=_confidence(has_day, precise_place, actor is not None, target is not None),
        )
        events.append(ev)
    return events


def ctx_offset(sent: Sentence) -> int:
    return sent.start


def _confidence(day: bool, place: bool, actor: bool, target: bool) -> float:
    return round(0.35 + 0.15 * day + 0.15 * place + 0.2 * actor + 0.15 * target, 2)


def verbal_events(sent: Sentence, ctx: DocContext, earlier: list[Event] | None = None) -> list[Event]:
    text = sent.text
    types = event_types().triggers
    found: dict[str, re.Match[str]] = {}
    for name in VERBAL:
        m = types[name].search(text)
        if m:
            found[name] = m
    if not found:
        return []
    if re.search(r"\bdenied\b|\bdenies\b|\brejected\s+the\s+accusation", text, re.I):
        found.pop("ACCUSE", None)
    chosen: list[str] = []
    for name in ("THREATEN", "REQUEST", "ACCUSE"):
        if name in found:
            chosen.append(name)
            break
    if "REQUEST" in found and "REQUEST" not in chosen and re.search(r"\b(?:called\s+on|urged|demanded)\b", text, re.I):
        chosen.append("REQUEST")
    for name in ("CONSULT", "RETREAT", "SANCTION", "MOBILIZE"):
        if name in found:
            chosen.append(name)
    events: list[Event] = []
    for name in chosen:
        m = found[name]
        ev = _verbal_event(sent, ctx, name, m, earlier or [])
        if ev is not None:
            events.extend(ev)
    return events


def _verbal_event(
    sent: Sentence, ctx: DocContext, kind: str, m: re.Match[str], earlier: list[Event]
) -> list[Event] | None:
    text = sent.text
    if kind == "THREATEN" and re.search(r"\b(?:always|do\s+not\s+seek|does\s+not\s+seek|if\s+needed|necessary\s+action)\b", text, re.I):
        return None
    if kind == "ACCUSE" and not re.match(r"condemn|denounc|critic|decr|summon|protest|in\s+protest", m.group(0), re.I):
        if not _SPEECH.search(text):
            return None  # "an act of aggression" in a report's own words is not a statement
    if _HYPOTHETICAL.search(text[max(0, m.start() - 60) : m.start()]):
        return None  # "might prompt demands", "would stall the negotiations"
    verb = _SPEECH.search(text)
    cut = verb.start() if verb and verb.start() < m.start() else m.start()
    appositions = [x.span() for x in _APPOSITION.finditer(text)]
    pre = [a for a in sent.actors if a.end <= cut and _canon(a.actor) not in OUT_OF_SCOPE and _agentive(a, text)
           and not any(s0 < a.start < e0 for s0, e0 in appositions)]
    if not pre:
        pre = [a for a in sent.actors if a.end <= m.start() and _canon(a.actor) not in OUT_OF_SCOPE
               and _agentive(a, text)]
    post = [a for a in sent.actors if a.start >= m.end() and _canon(a.actor) not in OUT_OF_SCOPE]
    speaker = None
    between = re.search(r"\bbetween\s+", text[m.start() : m.end() + 30])
    if between and len(post) >= 2:  # "talks between X and Y": X initiates
        speaker, post = post[0], post[1:]
    nominal = re.match(r"\s*(?:from|by)\s+(?:the\s+)?", text[m.end() : m.end() + 12])
    if speaker is None and nominal and post and _NOMINAL_STATEMENT.search(m.group(0)):  # "a condemnation from Iraq"
        speaker = post[0]
        post = post[1:]
    for a in reversed(pre):  # the subject: the closest party before the verb, not inside a phrase
        if speaker is not None:
            break
        if _PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
            continue
        speaker = a
    if speaker is None and pre:
        speaker = pre[0]
    if speaker is None and _ANAPHOR.match(text):
        speaker = _antecedent(ctx, sent.index)
    if speaker is None:
        official = _GENERIC_OFFICIAL.search(text)
        state = next((c for c in ctx.countries if c in SCOPE_COUNTRIES), None)
        names = {"IRQ": "Iraq", "SYR": "Syria", "JOR": "Jordan"}
        if official and state:
            gov = actor_lexicon().get(names[state])
            if gov is not None:
                speaker = ActorMention(official.start(), official.end(), official.group(0), gov)
    if speaker is None:
        said = re.search(r"\b(?:said|according\s+to|told)\b", text[m.end() :], re.I)
        if said:
            after = [a for a in post if a.start > m.end() + said.end()]
            speaker = after[0] if after else None
    if speaker is None or _canon(speaker.actor) in OUT_OF_SCOPE:
        return None
    if speaker.actor.kind == "group" and not any(r is not None and r.precision == "day" for _, r in sent.dates):
        return None  # "armed factions have long demanded ...": no identifiable speaker or occasion
    actor = speaker.actor
    targets: list[Actor] = []
    for a in post:
        if _side(a.actor) != _side(actor) and _canon(a.actor) not in OUT_OF_SCOPE:
            if _canon(a.actor) not in [_canon(t) for t in targets]:
                targets.append(a.actor)
    if kind == "ACCUSE" and re.search(r"\battacks?\s+by\s+armed\s+groups\b|\barmed\s+groups?\b", text, re.I):
        mil = actor_lexicon().get(MILITIAS)
        if mil and _side(actor) == "iraq" and MILITIAS not in [_canon(t) for t in targets]:
            targets.append(mil)
    if not targets and kind in ("THREATEN", "ACCUSE") and _DEFINITE_NOUN.search(text):
        hit = [e for e in earlier if e.event_type == "ASSAULT" and e.actor and _side(actor_lexicon().get(e.target or ""))
               == _side(actor) and _canon(actor_lexicon().get(e.actor)) != _canon(actor)]
        if hit:
            ref = actor_lexicon().get(hit[-1].actor or "")
            if ref is not None:
                targets = [ref]
    if not targets:
        opp = _opponent(actor)
        if opp is None:
            return None
        targets = [opp]
    if kind == "ACCUSE" and len(targets) > 1 and _canon(targets[1]) != MILITIAS:
        targets = targets[:1]
    if kind != "ACCUSE":
        targets = targets[:1]
    date, precision, date_text = _pick_date(sent, m.start(), ctx, verbal=True)
    if precision == "approximate" and date == ctx.ref_date and kind in ("THREATEN", "ACCUSE") and _DEFINITE_NOUN.search(text):
        reacted = [e for e in earlier if e.event_type == "ASSAULT" and e.date and e.date_precision == "day"
                   and _side(actor_lexicon().get(e.target or "")) == _side(actor)]
        if reacted:  # a reaction to "the attack": no earlier than the attack itself
            date, date_text = reacted[-1].date, f"after the attack of {reacted[-1].date}"
    ret_text, _ = _retaliation(text)
    if kind not in ("THREATEN",):
        ret_text = None
    out = []
    for target in targets[:2]:
        country = actor.country if actor.kind != "person" else (actor_lexicon().get(actor.represents) or actor).country
        side = _side(actor)
        if side in SIDE_HOME and _canon(actor) != "Iran":
            country = SIDE_HOME[side] if side != "iran_axis" else "IRQ"
        loc = Location(None, country)
        out.append(Event(
            doc_id=ctx.doc_id, event_type=kind, date=date, date_precision=precision, actor=_canon(actor),
            target=_canon(target), location=loc, evidence=Evidence(text, sent.start, sent.start + len(text)),
            retaliation_for=ret_text, date_text=date_text, confidence=0.5,
        ))
    return out


_HYPOTHETICAL = re.compile(r"\b(?:could|would|might|may|if|whether|unless|any|risks?)\b[^,;]*$", re.I)
_NOMINAL_STATEMENT = re.compile(r"(?:condemnation|criticism|protest|statement|warning|threat|demand|call)s?$", re.I)
_GENERIC_OFFICIAL = re.compile(
    r"\b(?:the\s+)?(?:ministry\s+of\s+foreign\s+affairs|foreign\s+ministry|prime\s+minister'?s?|government\s+spokes\w+|"
    r"parliament(?:ary)?|lawmakers|representatives|members\s+of\s+parliament|MPs)\b",
    re.I,
)


def _agentive(a: ActorMention, text: str) -> bool:
    """Whether a mention can be a speaker: adjectives and bare abbreviations only before a state noun
    ("Iraqi government", "U.S. officials") or a verb ("the U.S. said"), not before other nouns ("US withdrawal")."""
    from flashpoint.ontology.actors import _STATEMENT_VERB, STATE_NOUN

    bare = a.actor.kind == "state" and len(a.text) <= 5
    if not a.adjective and not bare:
        return True
    after = text[a.end : a.end + 80]
    if re.match(r"\s*(?:air\s*strikes?|strikes?|drones?|jets|aircraft|warplanes)\b", after, re.I):
        return False
    return bool(STATE_NOUN.match(after)) or bool(_STATEMENT_VERB.match(after)) or bool(
        re.match(r"\s*(?:is|was|has|had|have|will|would|also)\b", after))


_ANAPHOR = re.compile(r"^(?:the\s+(?:group|militia|faction|movement|organi[sz]ation|force)|it|they)\b", re.I)


def _antecedent(ctx: DocContext, index: int) -> ActorMention | None:
    """The last named armed group before sentence `index` ("The group threatened ...")."""
    for sent in reversed(ctx.sentences[max(0, index - 3) : index]):
        named = [a for a in sent.actors if a.actor.kind in ("militia", "umbrella", "state_forces")]
        if named:
            return named[-1]
    return None


def _opponent(actor: Actor) -> Actor | None:
    lex = actor_lexicon()
    side = _side(actor)
    if side in ("iran_axis", "iraq", "syria", "jordan"):
        return lex.get(US)
    if side == "us":
        return lex.get(MILITIAS)
    return None


# ---------------------------------------------------------------------------------------------
# document passes


def attach_claims(events: list[Event], ctx: DocContext) -> None:
    """Claims of responsibility and attributions go to the attacks they name (GUIDE §4 actor, claimed_by)."""
    lex = actor_lexicon()
    assaults = [e for e in events if e.event_type == "ASSAULT" and e.target == US]
    if not assaults:
        return
    for sent in ctx.sentences:
        claim = _CLAIM.search(sent.text)
        blame = _BLAME.search(sent.text)
        if not claim and not blame:
            continue
        cue = claim or blame
        assert cue is not None
        if _GENERIC.search(sent.text) and not any(r is not None and r.precision == "day" for _, r in sent.dates):
            continue
        parties = [a for a in sent.actors if _side(a.actor) in ("iran_axis", "unknown")
                   and _canon(a.actor) not in OUT_OF_SCOPE]
        if not parties:
            continue
        if claim:
            before = [a for a in parties if a.end <= cue.start()]
            named = [a for a in before if a.actor.kind != "group"]
            who = named[0] if named else (before[-1] if before else parties[0])
        else:
            after = [a for a in parties if a.start >= cue.end()]
            who = after[0] if after else parties[-1]
        name = _canon(who.actor)
        places = {p.place.name for p in sent.places}
        day = {r.date for _, r in sent.dates if r is not None}
        fits = [e for e in assaults if (e.location.name and any(
            e.location.name and p and (p.lower() in e.location.name.lower() or e.location.name.lower() in p.lower())
            for p in places | {pm.text for pm in sent.places})) or (e.date in day)]
        if not fits:
            fits = [e for e in assaults if e.location.country in {p.place.country for p in sent.places}]
        if not fits:  # the closest attack reported before the claim
            earlier = [e for e in assaults if e.evidence.start <= sent.start]
            fits = [max(earlier, key=lambda e: e.evidence.start)] if earlier else assaults[:1]
        for e in fits:
            if claim and name and name not in e.claimed_by:
                e.claimed_by.append(name)
            if e.actor is None or (e.actor == MILITIAS and lex.get(name or "") and who.actor.kind != "group"):
                e.actor = name
                e.notes.append(("claimed by " if claim else "attributed to ") + str(name))


def merge_events(events: list[Event]) -> list[Event]:
    """One event per (type, day, country, actor, target): repeated mentions in a report merge (GUIDE §2)."""
    merged: list[Event] = []
    for ev in events:
        for m in merged:
            if _same(m, ev):
                _absorb(m, ev)
                break
        else:
            ev.mentions.append(ev.evidence)
            merged.append(ev)
    return merged


def _same(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type:
        return False
    if a.country != b.country and not (a.location.weak or b.location.weak):
        return False
    if (a.actor != b.actor or a.target != b.target) and not (a.event_type == "ASSAULT" and _compatible_roles(a, b)):
        return False
    if a.date and b.date:
        gap = abs((a.date - b.date).days)
        if gap > (0 if a.date_precision == b.date_precision == "day" else 1):
            return False
    if a.actor is None and b.actor is None and a.event_type == "ASSAULT":
        la, lb = (a.location.name or "").lower(), (b.location.name or "").lower()
        if la and lb and la not in lb and lb not in la:
            return False
        if a.mode and b.mode and a.mode != b.mode:
            return False
    return True


def _compatible_roles(a: Event, b: Event) -> bool:
    """An unknown actor or a generic militia label can be the named one when all else agrees."""
    lex = actor_lexicon()

    def ok(x: str | None, y: str | None) -> bool:
        return (x == y or x is None or y is None or MILITIAS in (x, y) or _member(x, y) or _member(y, x)
                or _backed(x, y) or _backed(y, x))

    actor = a.actor if a.actor not in (None, MILITIAS) else b.actor
    target = a.target if a.target not in (None, MILITIAS) else b.target
    if actor and target and _side(lex.get(actor)) == _side(lex.get(target)):
        return False
    return ok(a.actor, b.actor) and ok(a.target, b.target)


def _member(x: str, y: str) -> bool:
    """Whether x is a member of umbrella y (Kata'ib Hezbollah of the PMF, of the Islamic Resistance in Iraq)."""
    a = actor_lexicon().get(x)
    return a is not None and y in a.member_of


def _backed(x: str, y: str) -> bool:
    """Whether x is backed by y (the SDF by the United States): one attack on a shared base."""
    a = actor_lexicon().get(x)
    return a is not None and a.backed_by == y


def _absorb(m: Event, ev: Event) -> None:
    m.mentions.append(ev.evidence)
    if (m.date is None and ev.date) or (m.date_precision != "day" and ev.date_precision == "day"):
        m.date, m.date_precision, m.date_text = ev.date, ev.date_precision, ev.date_text
    for attr in ("actor", "target"):
        mine, theirs = getattr(m, attr), getattr(ev, attr)
        if mine is None or (mine == MILITIAS and theirs not in (None, MILITIAS)) or (theirs and mine and _member(theirs, mine)):
            setattr(m, attr, theirs)
        elif attr == "target" and theirs and mine and _backed(theirs, mine) and (ev.fatalities or ev.injured):
            setattr(m, attr, theirs)  # the partner force whose casualties are reported was the one hit
    if (m.location.name is None and ev.location.name) or (m.location.weak and not ev.location.weak) or ev.location.name and m.location.precision and ev.location.precision and ev.location.kind not in ("city",) and m.location.kind == "city":
        m.location = ev.location
    m.mode = m.mode or ev.mode
    if ev.fatalities:
        m.fatalities = ev.fatalities if m.fatalities is None else m.fatalities.merge(ev.fatalities)
    if ev.injured:
        m.injured = ev.injured if m.injured is None else m.injured.merge(ev.injured)
    m.retaliation_for = m.retaliation_for or ev.retaliation_for
    for c in ev.claimed_by:
        if c not in m.claimed_by:
            m.claimed_by.append(c)
    m.confidence = min(0.99, max(m.confidence, ev.confidence) + 0.05)


def extract_events(ctx: DocContext) -> list[Event]:
    events: list[Event] = []
    last: Event | None = None
    last_index = -9
    for sent in ctx.sentences:
        found = assault_events(sent, ctx, last, last_index)
        if found:
            last, last_index = found[-1], sent.index
        events.extend(found)
        events.extend(verbal_events(sent, ctx, events))
    attach_claims(events, ctx)
    events = [e for e in events if _in_scope(e, ctx)]
    return merge_events(events)


def _in_scope(e: Event, ctx: DocContext) -> bool:
    if ctx.open_scope:
        return True
    if e.country is None:
        return False
    if e.event_type == "ASSAULT" and e.country not in SCOPE_COUNTRIES:
        return False
    if e.date and ctx.ref_date and e.date < ctx.ref_date - dt.timedelta(days=365):
        return False  # history the report only cites
    return True
