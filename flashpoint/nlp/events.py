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

from flashpoint.fastre import imatch, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import SCOPE_COUNTRIES, DocContext, Sentence
from flashpoint.nlp.dates import DateMention, ResolvedDate
from flashpoint.nlp.merge import attach_claims, merge_events
from flashpoint.nlp.parse_roles import parse_roles
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Event, Evidence, Location, Range
from flashpoint.nlp.sides import canon, opponent, side_of
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.anchors import is_out_of_scope_anchor
from flashpoint.ontology.event_types import VERBAL, event_types


def _verbal_sentence(text: str) -> bool:
    types = event_types().triggers
    return any(types[k].search(text) for k in ("ACCUSE", "THREATEN", "REQUEST"))


@dataclass
class Roles:
    actor: Actor | None
    target: Actor | None
    actor_text: str | None = None
    target_text: str | None = None


def _dates_another_act(sent: Sentence, m: DateMention, r: ResolvedDate, ctx: DocContext) -> bool:
    """A date that bounds a period ("since X", "until X", "after X") or lies in the future: it dates no act here."""
    before = sent.text[max(0, m.start - 22) : m.start].lower()
    if re.search(r"\b(?:since|as\s+of|until|between|from|through|after|before|following|by)\s+(?:the\s+)?$", before):
        return True
    return bool(ctx.ref_date and r.date > ctx.ref_date + dt.timedelta(days=1))


def _usable_dates(sent: Sentence, ctx: DocContext, ret_span: tuple[int, int] | None) -> list[tuple[DateMention, ResolvedDate]]:
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


def _pick_date(
    sent: Sentence, trigger_pos: int, ctx: DocContext, verbal: bool
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, precision, date_text) for an act stated in `sent` around `trigger_pos`."""
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
        cands.append((abs(m.start - trigger_pos), m, r))
    if cands:
        cands.sort(key=lambda c: c[0])
        _, m, r = cands[0]
        precision = r.precision
        before = sent.text[max(0, m.start - 40) : m.start]
        if not verbal and precision == "day" and P.REPORTING.search(before) and m.start > trigger_pos and isearch(r"\b(?:said|announced|release|reported|confirmed)\b[^,]*$", before):
            precision = "approximate"  # the day the act was reported, not the day it happened
        return r.date, precision, m.text if m.kind != "full" else None
    if ctx.ref_date is None:
        return None, None, None
    if verbal:
        return ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    return None, None, None


# ---------------------------------------------------------------------------------------------
# places


def _locations(sent: Sentence) -> list[PlaceMention]:
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
    """Parties named as the killed or wounded ("killing three P.US soldiers", "eight KH members were killed")."""
    out = []
    cas = [c for c in sent.casualties if skip is None or not (skip[0] <= c.start < skip[1])]
    for c in cas:  # X said "four of our men were killed": the speaker's side
        if isearch(r"\bof\s+(?:our|its|their)\b", sent.text[c.start : c.end + 20]):
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
            if imatch(r"^\s+(?:\w+\s+){0,3}(?:were|was)\s+(?:\w+\s+)?(?:killed|wounded|injured|martyred)\b", sent.text[a.end : a.end + 50]):
                out.append(a)
    return out


def _assault_roles(sent: Sentence, trig_start: int, trig_end: int, skip: tuple[int, int] | None = None,
                   parse: Any = None) -> Roles:
    text = sent.text
    actor: ActorMention | None = None
    target: ActorMention | None = None
    p_actor = p_target = None
    if parse is not None:  # a dependency parse, where the pipeline has one, fills roles the rules leave open
        p_actor, p_target = parse_roles(parse, sent.start, trig_start, trig_end, sent.actors)
    victims = _victims(sent, skip)
    speakers = [a for a in sent.actors if (P.SPEAKER_AFTER.match(text[a.end : a.end + 40])
                and not P.SELF_REPORT.match(text[a.end : a.end + 60])) or (skip and skip[0] <= a.start < skip[1])]
    pre = [a for a in sent.actors if a.end <= trig_start and a not in victims and a not in speakers]
    post = [a for a in sent.actors if a.start >= trig_end and a not in victims and a not in speakers]
    for a in sent.actors:  # "U.S. strikes", "American drone strike", "strikes by X" name the attacker
        if a not in victims and P.ATTACK_NOUN_AFTER.match(text[a.end : a.end + 40]):
            actor = a
            break
    passive = bool(P.PASSIVE.search(text[max(0, trig_start - 25) : trig_start]))
    for a in sent.actors:  # "by X", "blamed on X"
        if actor is None and P.AGENT.search(text[max(0, a.start - 40) : a.start]) and a.start > trig_start - 5:
            actor = a
            break
    if passive and pre:
        target = pre[-1]
    for a in post:
        if a is actor or (actor is not None and side_of(a.actor) == side_of(actor.actor)):
            continue
        if a.actor.kind == "state" and a.actor.country in SCOPE_COUNTRIES and a.text.lower() == a.actor.name.lower():
            continue  # "an air strike on Syria": where, not whom
        if canon(a.actor) in P.OUT_OF_SCOPE and a.actor.name != "Islamic State":
            continue
        if P.OBJECT.search(text[max(0, a.start - 40) : a.start]) or a.adjective or a.actor.kind == "person":
            if target is None:
                target = a
                break
    if actor is None and not passive:
        # the subject: the last actor named before the trigger in its clause, not a speaker, not inside an
        # apposition ("X, a coalition of armed factions hostile to Y, claimed")
        appositions = [m.span() for m in P.APPOSITION.finditer(text[:trig_start])]
        for k, a in enumerate(reversed(pre)):
            if any(s0 < a.start < e0 for s0, e0 in appositions):
                continue
            between = text[a.end : trig_start]
            earlier_named = [b for b in pre[: len(pre) - 1 - k] if b.actor.kind != "group"]
            if a.actor.kind == "group" and earlier_named and re.search(r",\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}$",
                                                                        text[max(0, a.start - 40) : a.start]):
                continue  # "Liwa X, a little-known pro-Iran militia, claimed": the apposition
            if (re.search(r"\b(?:said|says|told|according)\b", between) and not re.search(r"\bthat\b", between)
                    and not P.SELF_REPORT.match(text[a.end : a.end + 60])):
                continue
            if P.OBJECT.search(text[max(0, a.start - 40) : a.start]) and a is not pre[0]:
                continue
            actor = a
            break
    if actor is None and p_actor is not None and p_actor not in victims and p_actor not in speakers:
        actor = p_actor
    if target is None and p_target is not None and (actor is None or side_of(p_target.actor) != side_of(actor.actor)):
        target = p_target
    if target is None and victims:
        target = next((v for v in victims if actor is None or side_of(v.actor) != side_of(actor.actor)), None)
    if actor is not None and target is not None and side_of(actor.actor) == side_of(target.actor):
        # one side cannot strike itself; keep the closer reading
        if target.start > actor.start:
            target = None
    return Roles(actor.actor if actor else None, target.actor if target else None,
                 actor.text if actor else None, target.text if target else None)


def _default_target(sent: Sentence, actor: Actor | None, places: list[PlaceMention]) -> Actor | None:
    lex = actor_lexicon()
    side = side_of(actor)
    if side == "us":
        named = [a.actor for a in sent.actors if side_of(a.actor) == "iran_axis" and a.actor.kind != "group"]
        if named:
            return named[0]
        m = P.TARGET_WORDS.search(sent.text)
        if m and m.group("iran"):
            return lex.get("Iran")
        if m and m.group("mil"):
            return lex.get(P.MILITIAS)
        generic = [a.actor for a in sent.actors if side_of(a.actor) == "iran_axis"]
        return generic[0] if generic else None
    us_site = any(p.place.kind in ("airbase", "base", "embassy", "outpost") for p in places)
    if side in ("iran_axis", "unknown", None) and (us_site or isearch(r"\b(?:u\.?s\.?|american|coalition)\b", sent.text)):
        return lex.get(P.US)
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
    if actor == P.US:
        return "aerial"
    return None


def _retaliation(text: str) -> tuple[str | None, tuple[int, int] | None]:
    m = P.RETALIATION.search(text)
    if not m:
        return None, None
    what = m.group("what").strip(" ,")
    end = m.end("what")
    rel = re.match(r",\s*(?:which|who|that)\b[^,.;]*", text[end:])
    if rel:  # "for the raid on the outpost, which also wounded six": the clause describes the earlier act
        end += rel.end()
    if P.GENERAL_MOTIVE.search(what) and not P.WEAPON_ACT.search(what):
        return None, None
    if not P.WEAPON_ACT.search(what) and not isearch(r"\b(?:killing|death|attack|aggression)\b", what):
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
    relative = None
    after = P.AFTER_CLAUSE.search(sent.text)
    if after is None:
        after = relative = P.RELATIVE_ACT.search(sent.text)
    if after and after.start() > 20:
        main = _clause(sent, 0, after.start())
        sub = _clause(sent, after.start(), len(sent.text))
        if relative is not None:
            lead = main.text[max(0, len(main.text) - 60) :]
            agent = [a for a in main.actors if side_of(a.actor) == "iran_axis"]
            if not sub.actors or side_of(sub.actors[0].actor) != "iran_axis":
                if agent:
                    sub.actors.insert(0, replace(agent[-1], start=0, end=0))
                elif isearch(r"militia|militant|fighters", lead):
                    mil = actor_lexicon().get(P.MILITIAS)
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
    if P.HEDGED.search(text) or P.HISTORY.search(text):
        return []
    ret_text, ret_span = _retaliation(text)

    def outside(x: object) -> bool:
        return ret_span is None or not (ret_span[0] <= x.start() < ret_span[1])  # type: ignore[attr-defined]

    specific = [t for t in trig if not P.FUTURE.search(text[max(0, t.start() - 30) : t.start()]) and outside(t)]
    if not specific:
        return []
    t0 = specific[0]
    usable = _usable_dates(sent, ctx, ret_span)
    has_day = any(r.precision == "day" for _, r in usable)
    places = [p for p in _locations(sent) if ret_span is None or not (ret_span[0] <= p.start < ret_span[1])]
    rel = P.RELATIVE_BOUNDARY.search(text, t0.end())
    if rel:  # places named in a later relative clause belong to another act, when the main clause names one
        main_places = [p for p in places if p.start < rel.start()]
        if main_places:
            places = main_places
    precise_place = any(p.place.kind != "country" for p in places)
    generic = [g.span() for g in P.GENERIC.finditer(text) if not P.SERIES.match(g.group(0))]
    if generic and not has_day:
        return []
    if generic and (P.DEFINITE_REF.match(text) or all(any(g0 <= t.start() < g1 + 12 for g0, g1 in generic) or
                                                     P.ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)):
        return []  # a series or a comparison with one ("the deadliest of some 90 attacks"), not one act
    nouns_only = all(P.ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)
    if nouns_only and not has_day and not precise_place and not sent.casualties:
        return []
    if not (has_day or precise_place or sent.casualties or sent.index < 3 or P.WEAPON_ACT.search(text)):
        return []
    if (P.CLAIM.search(text) or P.BLAME.search(text)) and not has_day and not sent.casualties and all(
        re.search(r"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){0,2}$", text[max(0, t.start() - 30) : t.start()])
        for t in specific
    ):
        return []  # "X claimed the attack": a claim about an act already reported, attached below
    named = [a for a in sent.actors if a.actor.kind not in ("group", "state")]
    if P.DEFINITE_REF.match(text) and not has_day and not sent.casualties and not precise_place and not named:
        return []  # "The strike was the second on the town ..." refers back to an act already reported
    if not has_day and not sent.casualties and _verbal_sentence(text) and P.DEFINITE_NOUN.search(text):
        return []  # "condemned the strike": the statement's object, reported elsewhere
    roles = _assault_roles(sent, t0.start(), t0.end(), ret_span, ctx.parse)
    actor, target = roles.actor, roles.target
    if actor is None and target is None and prev is not None and P.DEFINITE_NOUN.search(text):
        lex = actor_lexicon()  # "the raid killed four guards": the act just reported
        actor, target = lex.get(prev.actor or ""), lex.get(prev.target or "")
    for a in (actor, target):
        if a is not None and canon(a) in P.OUT_OF_SCOPE and not ctx.open_scope:
            return []
    if target is None:
        target = _default_target(sent, actor, places)
    if actor is not None and target is not None and side_of(actor) == side_of(target):
        return []
    if actor is None and target is None and not ctx.open_scope:
        return []
    if ret_span is None and isearch(r"\bretaliat\w+\s+(?:strike|attack|air)", text):
        ret_text = "an earlier attack (retaliatory strike)"
    killed, injured = _casualties(sent, ret_span)
    countries = []
    for p in places:
        if p.place.country in SCOPE_COUNTRIES and p.place.country not in countries:
            countries.append(p.place.country)
    if not countries and target is not None and target.kind == "state" and target.country in SCOPE_COUNTRIES:
        countries = [target.country]  # "a strike on Iraq"
    if not countries and prev is not None and (P.DEFINITE_REF.match(text) or sent.index == prev_index + 1):
        countries = [prev.country] if prev.country else []
    if not countries and ctx.open_scope:
        countries = list(dict.fromkeys(p.place.country for p in places)) or [""]
    if not countries:
        home = ctx.main_country()
        if home is None:
            return []
        countries = [home]
    date, precision, date_text = _pick_date(sent, t0.start(), ctx, verbal=False)
    if date is None and prev is not None and P.SAME_DAY.search(text):
        date, precision, date_text = prev.date, prev.date_precision, P.SAME_DAY.search(text).group(0)  # type: ignore[union-attr]
    if date is None and prev is not None and P.DEFINITE_REF.match(text) and countries == [prev.country]:
        date, precision, date_text = prev.date, prev.date_precision, prev.date_text
    if date is None and ctx.ref_date and sent.index < 2 and not background and not P.RET_WORD.search(text[: t0.start()]):
        date, precision, date_text = ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    mode_text = text if ret_span is None else text[: ret_span[0]] + " " * (ret_span[1] - ret_span[0]) + text[ret_span[1] :]
    mode = _mode(mode_text[max(0, t0.start() - 60) :], canon(actor))
    events = []
    for country in countries:
        loc = _location(places, country)
        ev = Event(
            doc_id=ctx.doc_id, event_type="ASSAULT", date=date, date_precision=precision,
            actor=canon(actor), target=canon(target), location=loc,
            evidence=Evidence(text, sent.start, sent.start + len(text)),
            mode=mode, fatalities=killed if len(countries) == 1 else None,
            injured=injured if len(countries) == 1 else None, retaliation_for=ret_text, date_text=date_text,
            confidence=_confidence(has_day, precise_place, actor is not None, target is not None),
        )
        events.append(ev)
    return events


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
    if isearch(r"\bdenied\b|\bdenies\b|\brejected\s+the\s+accusation", text):
        found.pop("ACCUSE", None)
    chosen: list[str] = []
    for name in ("THREATEN", "REQUEST", "ACCUSE"):
        if name in found:
            chosen.append(name)
            break
    if "REQUEST" in found and "REQUEST" not in chosen and isearch(r"\b(?:called\s+on|urged|demanded)\b", text):
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
    if kind == "THREATEN" and isearch(r"\b(?:always|do\s+not\s+seek|does\s+not\s+seek|if\s+needed|necessary\s+action)\b", text):
        return None
    if kind == "ACCUSE" and not imatch(r"condemn|denounc|critic|decr|summon|protest|in\s+protest", m.group(0)):
        if not P.SPEECH.search(text):
            return None  # "an act of aggression" in a report's own words is not a statement
    if P.HYPOTHETICAL.search(text[max(0, m.start() - 60) : m.start()]):
        return None  # "might prompt demands", "would stall the negotiations"
    verb = P.SPEECH.search(text)
    cut = verb.start() if verb and verb.start() < m.start() else m.start()
    appositions = [x.span() for x in P.APPOSITION.finditer(text)]
    pre = [a for a in sent.actors if a.end <= cut and canon(a.actor) not in P.OUT_OF_SCOPE and _agentive(a, text)
           and not any(s0 < a.start < e0 for s0, e0 in appositions)]
    if not pre:
        pre = [a for a in sent.actors if a.end <= m.start() and canon(a.actor) not in P.OUT_OF_SCOPE
               and _agentive(a, text)]
    post = [a for a in sent.actors if a.start >= m.end() and canon(a.actor) not in P.OUT_OF_SCOPE]
    speaker = None
    between = re.search(r"\bbetween\s+", text[m.start() : m.end() + 30])
    if between and len(post) >= 2:  # "talks between X and Y": X initiates
        speaker, post = post[0], post[1:]
    nominal = re.match(r"\s*(?:from|by)\s+(?:the\s+)?", text[m.end() : m.end() + 12])
    if speaker is None and nominal and post and P.NOMINAL_STATEMENT.search(m.group(0)):  # "a condemnation from Iraq"
        speaker = post[0]
        post = post[1:]
    for a in reversed(pre):  # the subject: the closest party before the verb, not inside a phrase
        if speaker is not None:
            break
        if P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
            continue
        speaker = a
    if speaker is None and pre:
        speaker = pre[0]
    if speaker is None and P.ANAPHOR.match(text):
        speaker = _antecedent(ctx, sent.index)
    if speaker is None:
        official = P.GENERIC_OFFICIAL.search(text)
        state = next((c for c in ctx.countries if c in SCOPE_COUNTRIES), None)
        names = {"IRQ": "Iraq", "SYR": "Syria", "JOR": "Jordan"}
        if official and state:
            gov = actor_lexicon().get(names[state])
            if gov is not None:
                speaker = ActorMention(official.start(), official.end(), official.group(0), gov)
    if speaker is None:
        said = isearch(r"\b(?:said|according\s+to|told)\b", text[m.end() :])
        if said:
            after = [a for a in post if a.start > m.end() + said.end()]
            speaker = after[0] if after else None
    if speaker is None or canon(speaker.actor) in P.OUT_OF_SCOPE:
        return None
    if speaker.actor.kind == "group" and not any(r is not None and r.precision == "day" for _, r in sent.dates):
        return None  # "armed factions have long demanded ...": no identifiable speaker or occasion
    actor = speaker.actor
    targets: list[Actor] = []
    for a in post:
        if side_of(a.actor) != side_of(actor) and canon(a.actor) not in P.OUT_OF_SCOPE:
            if canon(a.actor) not in [canon(t) for t in targets]:
                targets.append(a.actor)
    if kind == "ACCUSE" and isearch(r"\battacks?\s+by\s+armed\s+groups\b|\barmed\s+groups?\b", text):
        mil = actor_lexicon().get(P.MILITIAS)
        if mil and side_of(actor) == "iraq" and P.MILITIAS not in [canon(t) for t in targets]:
            targets.append(mil)
    if not targets and kind in ("THREATEN", "ACCUSE") and P.DEFINITE_NOUN.search(text):
        hit = [e for e in earlier if e.event_type == "ASSAULT" and e.actor and side_of(actor_lexicon().get(e.target or ""))
               == side_of(actor) and canon(actor_lexicon().get(e.actor)) != canon(actor)]
        if hit:
            ref = actor_lexicon().get(hit[-1].actor or "")
            if ref is not None:
                targets = [ref]
    if not targets:
        opp = opponent(actor)
        if opp is None:
            return None
        targets = [opp]
    if kind == "ACCUSE" and len(targets) > 1 and canon(targets[1]) != P.MILITIAS:
        targets = targets[:1]
    if kind != "ACCUSE":
        targets = targets[:1]
    date, precision, date_text = _pick_date(sent, m.start(), ctx, verbal=True)
    if precision == "approximate" and date == ctx.ref_date and kind in ("THREATEN", "ACCUSE") and P.DEFINITE_NOUN.search(text):
        reacted = [e for e in earlier if e.event_type == "ASSAULT" and e.date and e.date_precision == "day"
                   and side_of(actor_lexicon().get(e.target or "")) == side_of(actor)]
        if reacted:  # a reaction to "the attack": no earlier than the attack itself
            date, date_text = reacted[-1].date, f"after the attack of {reacted[-1].date}"
    ret_text, _ = _retaliation(text)
    if kind not in ("THREATEN",):
        ret_text = None
    out = []
    for target in targets[:2]:
        country = actor.country if actor.kind != "person" else (actor_lexicon().get(actor.represents) or actor).country
        side = side_of(actor)
        if side in P.SIDE_HOME and canon(actor) != "Iran":
            country = P.SIDE_HOME[side] if side != "iran_axis" else "IRQ"
        loc = Location(None, country)
        out.append(Event(
            doc_id=ctx.doc_id, event_type=kind, date=date, date_precision=precision, actor=canon(actor),
            target=canon(target), location=loc, evidence=Evidence(text, sent.start, sent.start + len(text)),
            retaliation_for=ret_text, date_text=date_text, confidence=0.5,
        ))
    return out


def _agentive(a: ActorMention, text: str) -> bool:
    """Whether a mention can be a speaker: adjectives and bare abbreviations only before a state noun
    ("Iraqi government", "U.S. officials") or a verb ("the U.S. said"), not before other nouns ("US withdrawal")."""
    from flashpoint.ontology.actors import _STATEMENT_VERB, STATE_NOUN

    bare = a.actor.kind == "state" and len(a.text) <= 5
    if not a.adjective and not bare:
        return True
    after = text[a.end : a.end + 80]
    if imatch(r"\s*(?:air\s*strikes?|strikes?|drones?|jets|aircraft|warplanes)\b", after):
        return False
    return bool(STATE_NOUN.match(after)) or bool(_STATEMENT_VERB.match(after)) or bool(
        re.match(r"\s*(?:is|was|has|had|have|will|would|also)\b", after))


def _antecedent(ctx: DocContext, index: int) -> ActorMention | None:
    """The last named armed group before sentence `index` ("The group threatened ...")."""
    for sent in reversed(ctx.sentences[max(0, index - 3) : index]):
        named = [a for a in sent.actors if a.actor.kind in ("militia", "umbrella", "state_forces")]
        if named:
            return named[-1]
    return None


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
