"""Acceptance of a ceasefire or agreement: a RETREAT by each side that accepts it, against the other side.

"Both sides accepted the truce", "the cabinet approved the agreement", "X agreed to the ceasefire
proposal": each accepting party halts its attacks on the other side (GUIDE §3 RETREAT). The other
side is the party the agreement is with: a side named in the sentence ("a ceasefire between X and
Y"), else the profile's opponent of the accepting side; mediators ("brokered by Z") are neither.
The act is dated by the day its report gives ("said on Tuesday"), else the publication day, else
the day the text says the agreement takes effect, all approximately (the acceptance itself may
be earlier). An agreement that merely takes effect is no act of its own; a conditional or partial
acceptance ("expressed conditional agreement") is a negotiation step, not a RETREAT.
"""

from __future__ import annotations

import datetime as dt

from flashpoint.fastre import caseless
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.records import Event, Evidence, Location
from flashpoint.nlp.sides import belligerent, canon, out_of_scope, represented, side_of
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.profile import active_profile

_DEAL = r"(?:cease[\s\-]?fire|truce|agreement|deal|accord|proposal|cessation\s+of\s+hostilities)"
ACCEPTANCE = caseless(
    r"\b(?:accept(?:ed|s|ing)?|approv(?:ed|es|ing|e)|endors(?:ed|es|ing|e)|ratif(?:ied|ies|y)|signed(?:\s+off\s+on)?|"
    r"agreed\s+to|voted\s+(?:in\s+favou?r\s+of|for))\s+(?:(?:the|a|an|this|that|its|their)\s+)?"
    r"(?:[\w\-]+\s+){0,3}" + _DEAL + r"s?\b"
)
_HEDGE = caseless(r"\b(?:conditional(?:ly)?|in\s+principle|partially|would|will|could|may|might|if|not|refused|rejected)\s+"
                  r"(?:[\w\-]+\s+){0,2}$")
_BOTH = caseless(r"\b(?:both\s+(?:sides|parties|countries)|the\s+two\s+(?:sides|parties)|each\s+side)\s+(?:have\s+|had\s+|has\s+)?$")
_MEDIATOR = caseless(r"\b(?:brokered|mediated|proposed|drafted|facilitated|sponsored|guaranteed)\s+by\s+(?:the\s+)?$")
_REPORTED_ON = caseless(r"\b(?:said|says|announced|confirmed|stated|told\s+\w+)\s+(?:late\s+|early\s+)?(?:on\s+)?$")
_TAKES_EFFECT = caseless(r"\b(?:take|takes|took|come|comes|came)\s+(?:into\s+)?effect\b|\b(?:begin|begins|start|starts)\b")


def _parties(sent: Sentence) -> list[ActorMention]:
    """Mentions of the profile's belligerent parties in the sentence, mediators left out."""
    out = []
    for a in sent.actors:
        if out_of_scope(a.actor) or belligerent(side_of(a.actor)) is None:
            continue
        if _MEDIATOR.search(sent.text[max(0, a.start - 30) : a.start]):
            continue
        out.append(a)
    return out


def _accepting(sent: Sentence, start: int) -> list[Actor]:
    """The parties that accepted: 'both sides' stands for one party of each side named in the sentence."""
    before = sent.text[:start]
    parties = _parties(sent)
    if _BOTH.search(before):
        by_side: dict[str, Actor] = {}
        for a in parties:
            by_side.setdefault(side_of(a.actor) or "", represented(a.actor))
        if len(by_side) < 2:  # "both sides" with the sides unnamed here: the profile's representatives
            lex = actor_lexicon()
            for s in active_profile().sides.values():
                rep = lex.get(s.representative)
                if rep is not None:
                    by_side.setdefault(s.id, rep)
        return list(by_side.values())
    subject = [a for a in parties if a.end <= start]
    return [represented(subject[-1].actor)] if subject else []


def _other_side(actor: Actor, sent: Sentence) -> Actor | None:
    side = side_of(actor)
    named = [represented(a.actor) for a in _parties(sent) if side_of(a.actor) != side and a.actor.kind != "group"]
    if named:
        return named[0]
    other = active_profile().opponent(side)
    return actor_lexicon().get(other.representative) if other else None


def _date(sent: Sentence, ctx: DocContext) -> tuple[dt.date | None, str | None, str | None]:
    for m, r in sent.dates:  # "..., the president said on Tuesday": the day the acceptance was reported
        if r is not None and _REPORTED_ON.search(sent.text[max(0, m.start - 30) : m.start]):
            return r.date, "approximate", m.text
    if ctx.ref_date is not None:
        return ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
    for s in ctx.sentences:  # no publication day: the day the text says the agreement takes effect
        for m, r in s.dates:
            if r is not None and r.precision == "day" and _TAKES_EFFECT.search(s.text[max(0, m.start - 60) : m.start]):
                return r.date, "approximate", "takes effect " + r.date.isoformat()
    return None, None, None


def acceptance_events(sent: Sentence, ctx: DocContext) -> list[Event]:
    """RETREAT candidates for the acceptance of a ceasefire or agreement stated in `sent`."""
    out: list[Event] = []
    for m in ACCEPTANCE.finditer(sent.text):
        if _HEDGE.search(sent.text[max(0, m.start() - 40) : m.start()]):
            continue
        for actor in _accepting(sent, m.start()):
            target = _other_side(actor, sent)
            if target is None or any(e.actor == canon(actor) for e in out):
                continue
            date, precision, date_text = _date(sent, ctx)
            out.append(Event(
                doc_id=ctx.doc_id, event_type="RETREAT", date=date, date_precision=precision,
                actor=canon(actor), target=canon(target), location=Location(None, actor.country),
                evidence=Evidence(sent.text, sent.start, sent.start + len(sent.text)), date_text=date_text,
                confidence=0.5, flags=["acceptance", "fixed_roles"],
                trigger=(sent.start + m.start(), sent.start + m.end()),
            ))
    return out


def replace_readings(verbal: list[Event], accepted: list[Event]) -> list[Event]:
    """The verbal candidates minus the RETREAT readings of a trigger that an acceptance reads better."""
    spans = [e.trigger for e in accepted if e.trigger]

    def overlaps(e: Event) -> bool:
        return e.trigger is not None and any(s[0] < e.trigger[1] and e.trigger[0] < s[1] for s in spans)

    return [e for e in verbal if not (e.event_type == "RETREAT" and overlaps(e))]

