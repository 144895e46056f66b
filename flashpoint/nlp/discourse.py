"""Actors named elsewhere in the report: anaphora and claims that cover a list of attacks.

Reports name the attacker once and refer back to it: "they also targeted ...", "the group said
it struck ...", "resistance fighters attacked ..."; or one sentence claims a run of attacks that
the following lines list ("X has claimed responsibility for several attacks:" then "- On January
20, a missile attack targeted ..."). An attack that names no attacker of its own takes it from
there; one that names none anywhere keeps none (GUIDE §4 actor).
"""

from __future__ import annotations

import re

from flashpoint.fastre import caseless
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.features import sentence_of
from flashpoint.nlp.records import Event
from flashpoint.nlp.sides import belligerent, canon, out_of_scope, side_named, side_of
from flashpoint.ontology.actors import ActorMention, actor_lexicon

LOOKBACK = 3  # sentences an anaphor reaches back
# A subject that refers back to an armed party named before ("they", "the group", "its fighters").
ANAPHORIC_SUBJECT = caseless(
    r"(?:^|[,;:]\s+|\band\s+|\bthat\s+|\bsaid\s+)(?:(?:early|late|later|earlier|also|then)\s+\w*\s*)?"
    r"(?:they|it|the\s+(?:group|militia|militias|faction|factions|movement|organi[sz]ation|fighters|militants|"
    r"attackers|resistance|resistance\s+fighters|gunmen|insurgents)|(?:its|their)\s+(?:fighters|members|forces|units))\b"
)
# "X claimed responsibility for several / the following / a series of attacks": a claim over a list.
CLAIM_OVER_LIST = caseless(
    r"\bclaim(?:ed|s)?\s+(?:responsibility|credit)\s+for\s+(?:several|numerous|many|multiple|a\s+(?:series|string|number)\s+of|"
    r"the\s+following|these|\d+|two|three|four|five|six|seven|eight|nine|ten|dozens\s+of)\b[^\n:]{0,200}?(?::|\bincluding\b)"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")


def _armed(a: ActorMention) -> bool:
    """A party of one of the profile's sides that can be the one fighting: its armed groups, or a state
    that is its side's own representative (not a patron named beside its proxies), or an organisation
    outside the profile."""
    if out_of_scope(a.actor) or a.actor.kind in ("person", "civilians"):
        return False
    if side_of(a.actor) == "unknown":
        return True
    side = belligerent(side_of(a.actor))
    if side is None:
        return False
    return a.actor.kind != "state" or canon(a.actor) == side.representative


def _antecedent(ctx: DocContext, sent: Sentence, before: int, victim_side: str | None) -> str | None:
    """The nearest armed party named before an anaphor that is not on the victims' side."""
    pools = [[a for a in sent.actors if a.end <= before]]
    pools += [s.actors for s in reversed(ctx.sentences[max(0, sent.index - LOOKBACK) : sent.index])]
    for pool in pools:
        cands = [a for a in pool if _armed(a) and side_of(a.actor) != victim_side and not a.adjective]
        named = [a for a in cands if a.actor.kind != "group"]
        pick = (named or cands)[-1:] if cands else []
        if pick:
            return canon(pick[0].actor)
    return None


def _claim_scope(ctx: DocContext) -> list[tuple[int, int, ActorMention]]:
    """(first sentence, last sentence, claimant) for claims that cover the list that follows them."""
    out = []
    for sent in ctx.sentences:
        m = CLAIM_OVER_LIST.search(sent.text)
        if not m:
            continue
        before = [a for a in sent.actors if a.end <= m.start() and _armed(a)]
        if not before:
            continue
        last = sent.index
        for nxt in ctx.sentences[sent.index + 1 :]:
            if not _LIST_ITEM.match(ctx.text[nxt.start : nxt.end]) and not _LIST_ITEM.match(
                    ctx.text[max(0, nxt.start - 3) : nxt.end]):
                break
            last = nxt.index
        out.append((sent.index + 1, last, before[-1]))
    return out


def attach_discourse_actors(events: list[Event], ctx: DocContext) -> None:
    """Give attacks without an actor the one an anaphor or a claim over a list points to (in place)."""
    scopes = _claim_scope(ctx)
    parties: list[tuple[str | None, str | None]] | None = None  # (side, name) of the armed parties named: once
    for ev in events:
        if ev.event_type != "ASSAULT" or ev.actor is not None:
            continue
        sent = sentence_of(ev, ctx)
        victim = side_named(ev.target)
        trig = (ev.trigger[0] - sent.start) if ev.trigger else len(sent.text)
        name = None
        for first, last, who in scopes:
            if first <= sent.index <= last and side_of(who.actor) != victim:
                name = canon(who.actor)
                ev.notes.append(f"claimed by {name} (a claim covering the list this act is in)")
                if name and name not in ev.claimed_by:
                    ev.claimed_by.append(name)
        if name is None:
            m = ANAPHORIC_SUBJECT.search(sent.text[:trig])
            if m:
                name = _antecedent(ctx, sent, m.start(), victim)
                if name:
                    ev.notes.append(f"actor from the antecedent of {m.group(0).strip()!r}")
        if name is None and belligerent(victim) is not None:
            if parties is None:
                parties = _side_parties(ctx)
            name = _sole_opponent(parties, victim)
            if name:
                ev.notes.append(f"actor: {name}, the only party of the other side the report names")
        if name and (victim is None or belligerent(side_named(name)) is None or side_named(name) != victim):
            ev.actor = name


def _side_parties(ctx: DocContext) -> list[tuple[str | None, str | None]]:
    """(side, canonical name) of every armed party of a profile side the report names."""
    return [(side_of(a.actor), canon(a.actor)) for s in ctx.sentences for a in s.actors
            if _armed(a) and belligerent(side_of(a.actor)) is not None]


def _sole_opponent(parties: list[tuple[str | None, str | None]], victim_side: str | None) -> str | None:
    """The one armed party of another side the whole report names, when it names exactly one: a report
    that names only the U.S. among those who could have struck a militia attributes its strike to it."""
    names = {name for side, name in parties if side != victim_side}
    if len(names) != 1:
        return None
    name = names.pop()
    if name is None:
        return None
    side = belligerent(side_named(name))
    rep = actor_lexicon().get(name)
    return name if side is not None and side.representative == name and rep is not None and rep.kind == "state" else None
