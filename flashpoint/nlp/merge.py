"""Document-level passes: claims and attributions attach to attacks; repeated mentions merge (GUIDE §2)."""

from __future__ import annotations

import re

from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext
from flashpoint.nlp.records import Event, Range
from flashpoint.nlp.sides import (
    PATRON_BEFORE,
    canon,
    fighters_backed_by,
    is_backed_by,
    is_collective,
    is_member,
    out_of_scope,
    side_of,
    verbal_only,
)
from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.geo import km
from flashpoint.ontology.profile import active_profile

SAME_SITE_KM = 30.0


def attach_claims(events: list[Event], ctx: DocContext) -> None:
    """Claims of responsibility and attributions go to the attacks they name (GUIDE §4 actor, claimed_by).

    A claim is made by a side whose statements about its attacks the profile counts as claims
    (`claims: true`), about an attack on the side it fights."""
    prof = active_profile()
    for side in prof.sides.values():
        other = prof.opponent(side.id)
        if side.claims and other is not None:
            _attach_claims(events, ctx, side.id, other.representative)


def _attach_claims(events: list[Event], ctx: DocContext, claimant_side: str, victim: str) -> None:
    lex = actor_lexicon()
    every = [e for e in events if e.event_type == "ASSAULT"]
    assaults = [e for e in every if e.target == victim]
    if not every:
        return
    for sent in ctx.sentences:
        claim = P.CLAIM.search(sent.text) or _AIM_TOLD.search(sent.text)
        blame = P.BLAME.search(sent.text)
        if not claim and not blame:
            continue
        cue = claim or blame
        assert cue is not None
        if P.GENERIC.search(sent.text) and not sent.names_a_day():
            continue
        if claim and _RESULT_CLAIM.search(sent.text) and not sent.names_a_day():
            continue  # "X claims to have killed more than 50 soldiers": a count it claims, not an attack it claims
        parties = [a for a in sent.actors if side_of(a.actor) in (claimant_side, "unknown") and not out_of_scope(a.actor)
                   and not verbal_only(a.actor)]  # a party counted only for its statements claims no attack
        if not parties:
            continue
        if claim:
            before = [a for a in parties if a.end <= cue.start()]
            named = [a for a in before if a.actor.kind != "group"]
            who = named[0] if named else (before[-1] if before else parties[0])
        else:
            after = [a for a in parties if a.start >= cue.end()]
            who = after[0] if after else parties[-1]
        name = canon(who.actor)
        if PATRON_BEFORE.search(sent.text[max(0, who.start - 40) : who.start]):  # "blamed groups backed by Iran"
            fighters = fighters_backed_by(who.actor)
            name = canon(fighters) if fighters is not None else name
        own = [e for e in every if claim and e.actor is None and e.trigger is not None
               and sent.start <= e.trigger[0] and e.trigger[1] <= sent.start + cue.start()
               and _side_named(e.target) != claimant_side]
        if own:  # "A drone struck the field, killing six; the group claims it": an unattributed act the sentence tells
            _claimed(own, name, "claimed by ")
            continue
        if not assaults:
            continue
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
            if claim and earlier and _PLURAL_OBJECT.match(sent.text, cue.end()):
                # "claimed the attacks on those bases": every act of that day told before the claim
                fits = [e for e in earlier if e.date == fits[0].date]
        for e in fits:
            if claim and name and name not in e.claimed_by:
                e.claimed_by.append(name)
            if e.actor is None or (is_collective(e.actor) and lex.get(name or "") and who.actor.kind != "group"):
                e.actor = name
                e.notes.append(("claimed by " if claim else "attributed to ") + str(name))


def _side_named(name: str | None) -> str | None:
    actor = actor_lexicon().get(name or "")
    return side_of(actor) if actor is not None else None


def _claimed(events: list[Event], name: str | None, how: str) -> None:
    for e in events:
        if name and name not in e.claimed_by:
            e.claimed_by.append(name)
        e.actor = name
        e.notes.append(how + str(name))


# "Hezbollah says the barrage was aimed at an army base": the side tells what its act aimed at, a claim
_AIM_TOLD = re.compile(r"\b(?:says?|said|stated|announced)\s+(?:that\s+)?(?:the|its|their)\s+(?:[\w\-]+\s+)?"
                       r"(?:barrage|attack|strike|operation|salvo|drones?|rockets?|missiles?)s?\s+(?:was|were|had\s+been)\s+"
                       r"(?:aimed|directed|launched|fired)\s+at\b", re.I)
_PLURAL_OBJECT = re.compile(r"\s*(?:for\s+)?(?:the\s+|those\s+|these\s+|both\s+)?(?:[\w\-]+\s+){0,2}?"
                            r"(?:attacks|strikes|operations|bombings)\b", re.I)
_RESULT_CLAIM = re.compile(r"\bclaim(?:s|ed|ing)?\s+to\s+have\s+(?:killed|wounded|injured|destroyed|downed)\b", re.I)


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


def donate_figures(events: list[Event], donors: list[Event]) -> None:
    """Casualty figures of candidates that were not reported as events of their own (a headline, a second
    mention) go to the reported event they are a reading of (GUIDE §4: every figure stated for the act)."""
    for d in donors:
        if d.event_type != "ASSAULT" or (d.fatalities is None and d.injured is None):
            continue
        same = [e for e in events if _same(e, d)]
        if len(same) != 1:
            continue  # none, or ambiguous
        e = same[0]
        if d.fatalities is not None:
            e.fatalities = d.fatalities if e.fatalities is None else e.fatalities.merge(d.fatalities)
        if d.injured is not None:
            e.injured = d.injured if e.injured is None else e.injured.merge(d.injured)
        e.notes.append(f'figures also from: "{d.evidence.text[:200]}"')


def donate_actors(events: list[Event], donors: list[Event]) -> None:
    """An attacker named only in a mention that refers back to a reported act ("the attack was carried out by
    pro-Iran fighters", not reported as an act of its own) is that act's attacker, when it has none yet
    (GUIDE §4: the attribution goes into the act's actor)."""
    for d in donors:
        if d.event_type != "ASSAULT" or d.actor is None or not _refers_back(d):
            continue
        same = [e for e in events if _same(e, d)]
        if len(same) != 1 or same[0].actor is not None:
            continue
        e = same[0]
        e.actor = d.actor
        e.notes.append(f'attacker from: "{d.evidence.text[:200]}"')


_OWN_DAY = frozenset({"date_sentence", "date_offset", "date_same_day", "date_continues"})


def donate_dates(events: list[Event], donors: list[Event]) -> None:
    """A mention that refers back ("The attackers hit the motor pool") and has no day of its own takes
    the day of the earlier reading of the same act that states one, when that reading was not reported as an
    event of its own ("... after a rocket salvo near the base on Friday, March 1", with no party named)."""
    for e in events:
        if e.date_precision == "day" or not _refers_back(e):
            continue
        earlier = [d for d in donors if d.evidence.start < e.evidence.start and d.date and d.date_precision == "day"
                   and _OWN_DAY & set(d.flags) and _same(e, d)]
        if earlier:
            d = earlier[-1]
            e.date, e.date_precision, e.date_text = d.date, d.date_precision, d.date_text
            e.notes.append(f'day from: "{d.evidence.text[:200]}"')


_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){0,2}$", re.I)


def _refers_back(e: Event) -> bool:
    """A mention told with a definite article or demonstrative ("the attack", "this strike")."""
    if "definite" in e.flags:
        return True
    if e.trigger is None:
        return False
    at = e.trigger[0] - e.evidence.start
    return bool(_DEFINITE_BEFORE.search(e.evidence.text[max(0, at - 40) : at]))


def _same(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type:
        return False
    if ("another_act" in a.flags) != ("another_act" in b.flags) and a.evidence.start != b.evidence.start:
        return False  # told as an act besides the one before it ("another strike", "a drone also hit ...")
    if a.country != b.country and not (a.location.weak or b.location.weak):
        return False
    if (a.actor != b.actor or a.target != b.target) and not (a.event_type == "ASSAULT" and (
            _compatible_roles(a, b) or _toll_update_of(a, b))):
        return False
    if a.date and b.date and not (dated_by_report(a) or dated_by_report(b)):
        gap = abs((a.date - b.date).days)
        if gap > (0 if a.date_precision == b.date_precision == "day" else 1):
            return False
    if a.event_type == "ASSAULT" and (a.actor is None) != (b.actor is None) and _apart(a, b):
        return False  # an act by an unknown side at another site that day is not the named side's act
    if (a.event_type == "ASSAULT" and (a.date is None or b.date is None) and _named_apart(a, b)
            and "definite" not in a.flags + b.flags):
        return False  # GUIDE §2: an act whose day is unknown is one of those stated only where it is plainly the same
    if a.actor is None and b.actor is None and a.event_type == "ASSAULT":
        if _named_apart(a, b) and "definite" not in a.flags + b.flags:
            return False  # "The drone strike ..." refers back to the act just told, wherever else it names
        if a.mode and b.mode and a.mode != b.mode:
            return False
    return True


_REPORT_DATED = frozenset({"date_published", "date_claim_published"})


def dated_by_report(e: Event) -> bool:
    """An act whose text gives no day, dated approximately by the report's own date: that date is no evidence
    of another day than the one a second mention states."""
    return e.date_precision != "day" and bool(_REPORT_DATED & set(e.flags))


def _toll_update_of(a: Event, b: Event) -> bool:
    """A toll update ("the number of martyrs in the strike rose to 12") by the same attacker: its target is
    read from the victims counted, the act's from what was aimed at."""
    return "toll_update" in a.flags + b.flags and a.actor is not None and a.actor == b.actor


def _named_apart(a: Event, b: Event) -> bool:
    """Both acts placed by name, at places that are not one another (nor within one site's reach)."""
    la, lb = (a.location.name or "").lower(), (b.location.name or "").lower()
    if la and lb and (la in b.evidence.text.lower() or lb in a.evidence.text.lower()):
        return False  # one names the other's place too ("on the road between X and Y"): placed alike
    return bool(la and lb and la not in lb and lb not in la) and (_apart(a, b) or None in (
        a.location.lat, b.location.lat))


def _apart(a: Event, b: Event) -> bool:
    """Both acts placed, not just "near" somewhere, and further apart than one site."""
    la, lb = a.location, b.location
    if la.weak or lb.weak or None in (la.lat, la.lon, lb.lat, lb.lon):
        return False
    return km(la.lat, la.lon, lb.lat, lb.lon) > SAME_SITE_KM  # type: ignore[arg-type]


def _compatible_roles(a: Event, b: Event) -> bool:
    """An unknown actor or a generic militia label can be the named one when all else agrees."""
    lex = actor_lexicon()

    def ok(x: str | None, y: str | None) -> bool:
        return (x == y or x is None or y is None or is_collective(x) or is_collective(y) or is_member(x, y) or is_member(y, x)
                or is_backed_by(x, y) or is_backed_by(y, x))

    actor = a.actor if a.actor and not is_collective(a.actor) else b.actor
    target = a.target if a.target and not is_collective(a.target) else b.target
    if actor and target and side_of(lex.get(actor)) == side_of(lex.get(target)):
        return False
    return ok(a.actor, b.actor) and ok(a.target, b.target)


def _part_elsewhere(m: Event, ev: Event, place_before: str | None) -> bool:
    """Whether a later mention tells a part of the act at a site of its own ("nine killed in strikes across the
    south" and then "a woman and her two children were killed in a strike on X"): its figure counts a part."""
    return bool(ev.location.name and ev.location.kind not in (None, "country", "admin1")
                and ev.location.name != place_before and ev.evidence.start > m.evidence.start)


def _within_figure(part: Range, whole: Range | None) -> bool:
    return whole is not None and part.high is not None and whole.low is not None and part.high < whole.low


def _absorb(m: Event, ev: Event) -> None:
    place_before = m.location.name
    m.mentions.append(ev.evidence)
    if (m.date is None and ev.date) or (m.date_precision != "day" and ev.date_precision == "day"):
        m.date, m.date_precision, m.date_text = ev.date, ev.date_precision, ev.date_text
    for attr in ("actor", "target"):
        mine, theirs = getattr(m, attr), getattr(ev, attr)
        if mine is None or (is_collective(mine) and theirs and not is_collective(theirs)) or (theirs and mine and is_member(theirs, mine)):
            setattr(m, attr, theirs)
        elif attr == "target" and theirs and mine and is_backed_by(theirs, mine) and (ev.fatalities or ev.injured):
            setattr(m, attr, theirs)  # the partner force whose casualties are reported was the one hit
    if (m.location.name is None and ev.location.name) or (m.location.weak and not ev.location.weak) or ev.location.name and m.location.precision and ev.location.precision and ev.location.kind not in ("city",) and m.location.kind == "city":
        m.location = ev.location
    m.mode = m.mode or ev.mode
    part = _part_elsewhere(m, ev, place_before)
    if ev.fatalities and not (part and _within_figure(ev.fatalities, m.fatalities)):
        m.fatalities = ev.fatalities if m.fatalities is None else m.fatalities.merge(ev.fatalities)
    if ev.injured and not (part and _within_figure(ev.injured, m.injured)):
        m.injured = ev.injured if m.injured is None else m.injured.merge(ev.injured)
    m.retaliation_for = m.retaliation_for or ev.retaliation_for
    for c in ev.claimed_by:
        if c not in m.claimed_by:
            m.claimed_by.append(c)
    m.confidence = min(0.99, max(m.confidence, ev.confidence) + 0.05)
