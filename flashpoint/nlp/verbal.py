"""Statements and other non-violent acts (GUIDE §3): threats, accusations, demands, talks, halts, sanctions, deployments."""

from __future__ import annotations

import re

from flashpoint.fastre import imatch, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.discourse import quote_speakers
from flashpoint.nlp.event_dates import pick_date
from flashpoint.nlp.event_fields import location_in, retaliation
from flashpoint.nlp.event_roles import agentive, antecedent
from flashpoint.nlp.features import quote_open
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Event, Evidence, Location
from flashpoint.nlp.sides import (
    belligerent,
    canon,
    collective,
    is_collective,
    opponent,
    out_of_scope,
    represented,
    side_of,
)
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.event_types import VERBAL, event_types
from flashpoint.ontology.profile import active_profile


def is_verbal_sentence(text: str) -> bool:
    types = event_types().triggers
    return any(types[k].search(text) for k in ("ACCUSE", "THREATEN", "REQUEST"))


def verbal_events(sent: Sentence, ctx: DocContext, earlier: list[Event] | None = None) -> list[Event]:
    text = sent.text
    lexicon = event_types()
    found: dict[str, re.Match[str]] = {}
    flags: dict[str, list[str]] = {}
    alternatives: dict[str, list[tuple[re.Match[str], bool]]] = {}
    for name in VERBAL:
        strict = list(lexicon.triggers[name].finditer(text))
        broad = [b for b in lexicon.broad[name].finditer(text) if not any(b.start() < x.end() and x.start() < b.end()
                                                                           for x in strict)]
        alternatives[name] = [(x, False) for x in strict] + [(x, True) for x in broad]
        flags[name] = []
        if alternatives[name]:
            m, is_broad = alternatives[name][0]
            found[name] = m
            if is_broad:
                flags[name].append("broad_trigger")
    if not found:
        return []
    if "ACCUSE" in found and isearch(r"\bdenied\b|\bdenies\b|\brejected\s+the\s+accusation", text):
        flags["ACCUSE"].append("denial")
    chosen: list[str] = []
    for name in ("THREATEN", "REQUEST", "ACCUSE"):  # GUIDE §2: one statement, typed by priority
        if name in found and not flags[name]:
            chosen.append(name)
            break
    if "REQUEST" in found and "REQUEST" not in chosen and isearch(r"\b(?:called\s+on|urged|demanded)\b", text):
        chosen.append("REQUEST")
    for name in ("THREATEN", "REQUEST", "ACCUSE"):
        if name in found and name not in chosen and chosen and chosen[0] in ("THREATEN", "REQUEST", "ACCUSE"):
            flags[name].append("outranked")
    events: list[Event] = []
    for name in found:
        for k, (m, is_broad) in enumerate(alternatives[name][:4]):  # the first trigger that has a speaker
            extra = [f for f in flags[name] if f != "broad_trigger"] + (["broad_trigger"] if is_broad else [])
            ev = _verbal_event(sent, ctx, name, m, earlier or [], extra + (["later_trigger"] if k else []))
            if ev is not None:
                events.extend(ev)
                break
    return events


def _verbal_event(
    sent: Sentence, ctx: DocContext, kind: str, m: re.Match[str], earlier: list[Event], flags: list[str]
) -> list[Event] | None:
    text = sent.text
    flags = list(flags)
    if kind == "THREATEN" and isearch(r"\b(?:always|do\s+not\s+seek|does\s+not\s+seek|if\s+needed|necessary\s+action)\b", text):
        flags.append("posture")
    if kind == "ACCUSE" and not imatch(r"condemn|denounc|critic|decr|summon|protest|in\s+protest", m.group(0)):
        if not P.SPEECH.search(text):
            flags.append("no_speaker_verb")  # "an act of aggression" in a report's own words is not a statement
    if P.HYPOTHETICAL.search(text[max(0, m.start() - 60) : m.start()]):
        flags.append("hypothetical")  # "might prompt demands", "would stall the negotiations"
    old = re.search(r"\bin\s+((?:19|20)\d\d)\b|\b(?:years?|decades?)\s+ago\b", text)
    if old and (old.group(1) is None or (ctx.ref_date is not None and int(old.group(1)) < ctx.ref_date.year - 1)):
        flags.append("history")  # "troops withdrew from the south in 2000": cited as history
    verb = P.SPEECH.search(text)
    cut = verb.start() if verb and verb.start() < m.start() else m.start()
    appositions = [x.span() for x in P.APPOSITION.finditer(text)]
    pre = [a for a in sent.actors if a.end <= cut and not out_of_scope(a.actor) and agentive(a, text)
           and not any(s0 < a.start < e0 for s0, e0 in appositions)]
    if not pre:
        pre = [a for a in sent.actors if a.end <= m.start() and not out_of_scope(a.actor)
               and agentive(a, text)]
    post = [a for a in sent.actors if a.start >= m.end() and not out_of_scope(a.actor)]
    speaker = None
    between = re.search(r"\bbetween\s+", text[m.start() : m.end() + 30])
    if between and len(post) >= 2:  # "talks between X and Y": X initiates
        speaker, post = post[0], post[1:]
    nominal = re.match(r"\s*(?:from|by)\s+(?:the\s+)?", text[m.end() : m.end() + 12])
    if speaker is None and nominal and post and P.NOMINAL_STATEMENT.search(m.group(0)):  # "a condemnation from Iraq"
        speaker = post[0]
        post = post[1:]
    by = re.match(r"\s*by\s+(?:the\s+)?", text[m.end() : m.end() + 12])
    if speaker is None and by and post and post[0].start <= m.end() + by.end() + 2 and \
            P.PASSIVE.search(text[max(0, m.start() - 25) : m.start()]):  # "the attack was condemned by Iraq"
        speaker = post[0]
        post = post[1:]
    if imatch(r"(?:vow|threaten|warn|pledg|promis|call|demand|urg|condemn)\w*ing\b", m.group(0)) and text[: m.start()].rstrip().endswith(","):
        pre = pre[:1]  # "X demanded that Y leave, vowing ...": the participle's subject is the sentence's
    for a in reversed(pre):  # the subject: the closest party before the verb, not inside a phrase
        if speaker is not None:
            break
        if P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
            continue
        speaker = a
    if speaker is None and pre:
        speaker = pre[0]
    if speaker is None and P.ANAPHOR.match(text):
        speaker = antecedent(ctx, sent.index)
    if speaker is None and (_PRONOUN_SUBJECT.search(text[: m.start()]) or quote_open(text, m.start())):
        speaker = _quoted_speaker(ctx, sent.start + m.start()) or _previous_speaker(earlier, sent, ctx)
    if speaker is None:
        official = P.GENERIC_OFFICIAL.search(text)
        state = next((c for c in ctx.countries if c in ctx.scope), None)
        gov_name = active_profile().state_of(state) if state else None
        if official and gov_name:
            gov = actor_lexicon().get(gov_name)
            if gov is not None:
                speaker = ActorMention(official.start(), official.end(), official.group(0), gov)
    if speaker is None:
        said = isearch(r"\b(?:said|according\s+to|told)\b", text[m.end() :])
        if said:
            after = [a for a in post if a.start > m.end() + said.end()]
            speaker = after[0] if after else None
    if speaker is None or out_of_scope(speaker.actor):
        return None
    if speaker.actor.kind == "group" and not sent.names_a_day():
        flags.append("generic_speaker")  # "armed factions have long demanded ...": no identifiable speaker or occasion
    actor = speaker.actor
    targets: list[Actor] = []
    for a in post:
        if side_of(a.actor) != side_of(actor) and not out_of_scope(a.actor):
            if canon(a.actor) not in [canon(t) for t in targets]:
                targets.append(a.actor)
    if kind == "ACCUSE" and isearch(r"\battacks?\s+by\s+armed\s+groups\b|\barmed\s+groups?\b", text):
        mil = collective()  # a third party's government condemning "attacks by armed groups"
        if mil and belligerent(side_of(actor)) is None and mil.name not in [canon(t) for t in targets]:
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
    ruled = 2 if kind == "ACCUSE" and len(targets) > 1 and is_collective(canon(targets[1])) else 1
    date, precision, date_text = pick_date(sent, m.start(), ctx, verbal=True)
    if precision == "approximate" and date == ctx.ref_date and kind in ("THREATEN", "ACCUSE") and P.DEFINITE_NOUN.search(text):
        reacted = [e for e in earlier if e.event_type == "ASSAULT" and e.date and e.date_precision == "day"
                   and side_of(actor_lexicon().get(e.target or "")) == side_of(actor)]
        if reacted:  # a reaction to "the attack": no earlier than the attack itself
            date, date_text = reacted[-1].date, f"after the attack of {reacted[-1].date}"
    ret_text, _ = retaliation(text)
    if kind not in ("THREATEN",):
        ret_text = None
    out = []
    for k, target in enumerate(targets):
        country = represented(actor).country  # GUIDE §4: a verbal act with no place is in the actor's home country
        venue = _venue(sent, m.start())
        loc = location_in([venue], venue.place.country) if venue else Location(None, country)
        out.append(Event(
            doc_id=ctx.doc_id, event_type=kind, date=date, date_precision=precision, actor=canon(actor),
            target=canon(target), location=loc, evidence=Evidence(text, sent.start, sent.start + len(text)),
            retaliation_for=ret_text, date_text=date_text, confidence=0.5,
            flags=flags + (["extra_target"] if k >= ruled else []), trigger=(sent.start + m.start(), sent.start + m.end()),
        ))
    return out


_PRONOUN_SUBJECT = re.compile(r"(?:^|[\"“,;]\s*)(?:we|i|it|they|he|she|the\s+statement|the\s+spokes(?:man|woman|person))\b[^,;]{0,40}$",
                              re.I)


def _quoted_speaker(ctx: DocContext, pos: int) -> ActorMention | None:
    """The named speaker of the quotation that holds position `pos` ("“We call on ...,” Austin said")."""
    if ctx.quotes is None:
        ctx.quotes = quote_speakers(ctx)
    for s, e, who in ctx.quotes:
        if s <= pos < e:
            return ActorMention(0, 0, who.text, who.actor)
    return None


def _previous_speaker(earlier: list[Event], sent: Sentence, ctx: DocContext) -> ActorMention | None:
    """The party that made the statement reported just before (within two sentences): the speaker a
    pronoun or a continuing quotation refers to."""
    lo = ctx.sentences[max(0, sent.index - 2)].start
    for e in reversed(earlier):
        if e.event_type != "ASSAULT" and e.actor and lo <= e.evidence.start < sent.start:
            actor = actor_lexicon().get(e.actor)
            if actor is not None:
                return ActorMention(0, 0, e.actor, actor)
    return None


def _venue(sent: Sentence, trigger: int) -> PlaceMention | None:
    """Where a statement or meeting took place: a town or site the sentence gives with "in"/"at" after
    the verb ("met ... in Baghdad", "summoned the envoy in Amman"); countries and "the attack in X" are not venues."""
    for p in sent.places:
        if p.start < trigger or p.border or p.origin or p.place.kind in ("country", "admin1"):
            continue
        before = sent.text[max(0, p.start - 12) : p.start]
        if not imatch(r".*\b(?:in|at)\s+(?:the\s+)?$", before):
            continue
        if P.DEFINITE_NOUN.search(sent.text[max(0, p.start - 50) : p.start]) or isearch(
                r"\b(?:attacks?|strikes?|raids?|bombings?)\s+(?:\w+\s+){0,2}$", before):
            continue  # "condemned the strike in Jurf al-Sakhar": the place of the act condemned
        return p
    return None
