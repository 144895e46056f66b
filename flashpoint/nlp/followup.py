"""Figures stated after the act they belong to (GUIDE §4 fatalities/injured).

Reports often give the toll in a later sentence that refers back to the attack: "The raid left
two dead and five hurt", "at least 12 militiamen died in the American strikes near the border",
"four guards were killed ... in this attack".  Such a sentence, when it dates no act
of its own, adds its figures to the attack it refers to (two figures for one event give the
low/high range), and an event read from it alone is dropped: it is the same act.
"""

from __future__ import annotations

from bisect import bisect_right

from flashpoint.fastre import caseless
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.event_fields import casualty_ranges
from flashpoint.nlp.records import Event
from flashpoint.nlp.sides import side_of
from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.event_types import event_types

_ATTACK = r"(?:attacks?|strikes?|air\s*strikes?|airstrikes?|raids?|bombings?|assaults?|bombardments?|barrages?|explosions?|blasts?)"
BACK_REF = caseless(
    rf"\b(?:in|during|from|by|of|after)\s+(?:this|that|these|those|the|(?:sun|mon|tues|wednes|thurs|fri|satur)day['’]s)\s+"
    rf"(?:[\w\-.’']+\s+){{0,3}}?{_ATTACK}\b"
    rf"|^(?:this|that|these|those|the)\s+(?:[\w\-]+\s+){{0,2}}{_ATTACK}\s+(?:\w+\s+)?(?:resulted|left|caused|killed|wounded|injured)\b"
)
_PARTITIVE = caseless(r"\b(?:most|many|some|all|none|several|few|each|any|half|majority|dozens|hundreds|one|two|three|"
                      r"four|five|\d+)\s+of$")
LOOKBACK = 3  # sentences
_PLURAL_REF = caseless(rf"\b(?:in|during|from|by|of|after)\s+(?:these|those)\s+(?:[\w\-.’']+\s+){{0,3}}?{_ATTACK}\b")
# "the number of wounded rose to 47 on Tuesday": the day a count was updated, not an act's
_TOLL_ROSE = caseless(r"\b(?:toll|number\s+of\s+(?:the\s+)?[\w\-]+)\s+(?:[\w\-’']+\s+){0,6}?(?:rose|risen|rises|climbed|"
                      r"increased|reached|jumped)\s+to\b")
_REPORTED_ON = caseless(r"\b(?:said|says|reported|announced|stated|confirmed|added|told\s+\w+)\s+(?:on\s+)?$")


def attach_followup_figures(events: list[Event], ctx: DocContext) -> list[Event]:
    """`events` with follow-up figures moved onto the attacks they refer to."""
    starts = [s.start for s in ctx.sentences]
    by_sentence: dict[int, list[Event]] = {}
    for ev in events:
        by_sentence.setdefault(bisect_right(starts, ev.evidence.start) - 1, []).append(ev)
    dropped: set[int] = set()
    for sent in ctx.sentences:
        if not sent.casualties:
            continue
        ref = BACK_REF.search(sent.text)
        if ref and _PARTITIVE.search(sent.text, 0, ref.start() + 2):
            continue  # "Most of the attacks caused no injuries": a share of many acts, not the one just told
        own = by_sentence.get(sent.index, [])
        span = ref.span() if ref else (0, 0) if _only_a_toll(sent) else None
        if span is None or any(e.event_type == "ASSAULT" and e.location.name for e in own):
            continue  # no reference back, or an act of its own with its own place
        if ref and _refers_to_series(sent, ref.span(), by_sentence, ctx):
            dropped.update(id(e) for e in own if e.event_type == "ASSAULT")
            continue  # "injuries in those attacks", after "a series of attacks that began on Oct. 17": a count
        cands = _antecedents(sent, span, by_sentence, dropped, ctx, lookback=LOOKBACK if ref else 1)
        if not cands:
            continue
        for ev in own:  # the same act again, whether or not its toll can be placed
            if ev.event_type == "ASSAULT" and ev.country in (None, *(c.country for c in cands)):
                dropped.add(id(ev))
        killed, injured = casualty_ranges(sent, None)
        if len(cands) > 1 or (killed is None and injured is None):
            continue
        antecedent = cands[0]
        if killed is not None:
            antecedent.fatalities = killed if antecedent.fatalities is None else antecedent.fatalities.merge(killed)
        if injured is not None:
            antecedent.injured = injured if antecedent.injured is None else antecedent.injured.merge(injured)
        antecedent.notes.append(f'figures also from: "{sent.text[:200]}"')
    return [e for e in events if id(e) not in dropped]


def _refers_to_series(sent: Sentence, ref: tuple[int, int], by_sentence: dict[int, list[Event]], ctx: DocContext) -> bool:
    """Whether "in those attacks" refers to a series the sentence before told (with no act of its own there)."""
    if sent.index == 0 or not _PLURAL_REF.match(sent.text, ref[0], ref[1]):
        return False
    prev = sent.index - 1
    return not any(e.event_type == "ASSAULT" for e in by_sentence.get(prev, [])) and bool(
        P.GENERIC.search(ctx.sentences[prev].text))


def _only_a_toll(sent: Sentence) -> bool:
    """A sentence that states casualties and no act of its own ("There were no reports of injuries.",
    "Two soldiers were wounded."): its figures belong to the act just reported."""
    acts = [m for m in event_types().triggers["ASSAULT"].finditer(sent.text)
            if m.group(0).lower() not in ("killed", "killing")]
    return not acts


def _antecedents(sent: Sentence, ref: tuple[int, int], by_sentence: dict[int, list[Event]],
                 dropped: set[int], ctx: DocContext, lookback: int = LOOKBACK) -> list[Event]:
    """The attacks a follow-up sentence may refer to: those of the nearest earlier sentence, within a
    few, that fit the country and the side it names; more than one when it leaves a choice."""
    if not _TOLL_ROSE.search(sent.text) and any(
            r is not None and r.precision == "day" and not _REPORTED_ON.search(sent.text[max(0, m.start - 30) : m.start])
            for m, r in sent.dates):
        return []  # a dated sentence may report an act of its own (a day the report was made, or a toll rose, does not count)
    countries = {p.place.country for p in sent.places if not p.border and p.place.country in ctx.scope}
    # "the Iraqi government said at least 16 were killed in the US attacks": a state reports its own toll
    states = {a.actor.country for a in sent.actors if a.actor.kind == "state" and a.actor.country in ctx.scope}
    sides = {side_of(a.actor) for a in sent.actors if ref[0] <= a.start < ref[1]}
    named = event_types().first_mode(sent.text[ref[0] : ref[1]])  # "in the rocket attack": the act told with rockets
    lex = actor_lexicon()
    for index in range(sent.index - 1, max(-1, sent.index - 1 - lookback), -1):
        cands = [e for e in by_sentence.get(index, []) if e.event_type == "ASSAULT" and id(e) not in dropped
                 and (named is None or e.mode in (None, named[0]))]
        if countries:
            cands = [e for e in cands if e.country in countries]
        elif len({e.country for e in cands}) > 1 and states:
            cands = [e for e in cands if e.country in states] or cands
        if sides:
            cands = [e for e in cands if side_of(lex.get(e.actor or "")) in sides]
        if cands:
            return cands
    if lookback == LOOKBACK and ref[1] > ref[0]:  # "wounded in the attack", further down a report about one attack
        earlier = [e for i in range(sent.index) for e in by_sentence.get(i, [])
                   if e.event_type == "ASSAULT" and id(e) not in dropped and (not countries or e.country in countries)]
        if len({(e.country, e.date) for e in earlier}) == 1:
            return earlier[-1:]
    return []
