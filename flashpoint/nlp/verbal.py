"""Statements and other non-violent acts (GUIDE §3): threats, accusations, demands, talks, halts, sanctions, deployments."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from flashpoint.fastre import caseless, imatch, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
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
    side_named,
    side_of,
)
from flashpoint.nlp.speakers import (
    definite_speaker,
    possessive_speaker,
    quoted_speaker,
    surname_speaker,
    trailing_speaker,
)
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.event_types import VERBAL, event_types
from flashpoint.ontology.profile import active_profile

# a body a complaint is taken to ("with the Security Council", "to the UN"), not the party complained of
_FORUM_BEFORE = re.compile(r"\b(?:with|to|before|at|meeting\s+of|session\s+of)\s+(?:the\s+)?$", re.I)
# what a meeting or a council is about ("the Security Council on Lebanon"): a topic, not a party addressed
_TOPIC_BEFORE = re.compile(r"\b(?:council|meeting|session|talks|conference|summit|resolution|briefing)\s+(?:on|about)\s+"
                           r"(?:the\s+)?$", re.I)


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
    if "ACCUSE" in found and _DENIAL.search(_clause_around(text, found["ACCUSE"].start())):
        flags["ACCUSE"].append("denial")  # "X condemned the strike, while Y denied ...": the other clause's denial
    if "THREATEN" in found and "REQUEST" in found and found["THREATEN"].start() == found["REQUEST"].start():
        flags["THREATEN"].append("outranked")  # "warned X not to ...": a demand, not a threat of force
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
            entry = lexicon.entry(name, m.group(0))
            extra += [f"lex={name}.{entry}"] if entry else []
            ev = _verbal_event(sent, ctx, name, m, earlier or [], extra + (["later_trigger"] if k else []))
            if ev and not any(f in NOT_AN_ACT for f in ev[0].flags):
                events.extend(ev)
                break
    return events


_PARTICIPLE_CONTENT = re.compile(r",\s*(?:saying|adding|stressing|warning|vowing|insisting|noting)\s+(?:that\s+)?"
                                 r"(?:it|they|he|she)\b[^,;]{0,40}$", re.I)
_AND_ONLY = re.compile(r"\s+and\s+(?:the\s+)?", re.I)
_SUBJECT_OPENS = re.compile(r"(?:[^,;]{0,40},)?\s*(?:the\s+)?", re.I)  # a sentence's subject: only "On Tuesday," and "the" before it
_COORDINATED = re.compile(r"\w\s+and\s+(?:also\s+|then\s+|has\s+|have\s+|had\s+)?$", re.I)


def _verbal_event(
    sent: Sentence, ctx: DocContext, kind: str, m: re.Match[str], earlier: list[Event], flags: list[str]
) -> list[Event] | None:
    text = sent.text
    flags = list(flags)
    if kind == "THREATEN" and isearch(r"\b(?:always|do\s+not\s+seek|does\s+not\s+seek|if\s+needed|necessary\s+action)\b", text):
        flags.append("posture")
    if kind == "ACCUSE" and not imatch(r"condemn|denounc|critic|decr|summon|protest|in\s+protest|fil|lodg|submit", m.group(0)):
        if not P.SPEECH.search(text):
            flags.append("no_speaker_verb")  # "an act of aggression" in a report's own words is not a statement
    if _hypothetical(kind, text, m.start()):
        flags.append("hypothetical")  # "might prompt demands", "would stall the negotiations"
    appositions = [x.span() for x in P.APPOSITION.finditer(text)]
    flags += _reading_flags(kind, text, m, appositions, ctx.ref_date)
    clause = max((x.end() for x in _CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)  # "..., while Y decried it"
    verb = P.SPEECH.search(text, clause)
    cut = verb.start() if verb and verb.start() < m.start() else m.start()
    subject = [a for a in sent.actors if a.end <= cut and not out_of_scope(a.actor) and agentive(a, text)
               and not any(s0 < a.start < e0 for s0, e0 in appositions)]
    if clause and any(a.start >= clause for a in subject):
        subject = [a for a in subject if a.start >= clause]
    # parties between a speech verb and the trigger: the subject of the content ("said Iran was responsible")
    inner = [a for a in sent.actors if a.start >= cut and a.end <= m.start() and not out_of_scope(a.actor)
             and agentive(a, text)]
    pre = subject or [a for a in sent.actors if a.end <= m.start() and not out_of_scope(a.actor) and agentive(a, text)]
    head_end = m.start() + len(m.group(0).split()[0])  # parties inside a trigger after its verb are its objects
    clause_end = next((x.start() for x in _OTHER_SUBJECT.finditer(text, m.end())), len(text))  # "..., while Y denied"
    post = [a for a in sent.actors if head_end <= a.start < clause_end and not out_of_scope(a.actor)  # ("warned X, ...,
            and not any(s0 < a.start < e0 for s0, e0 in appositions)]  # not to"); not "X, which fought a war with Y, ..."
    speaker = None
    between = re.search(r"\bbetween\s+", text[m.start() : m.end() + 30])
    if between and len(post) >= 2:  # "talks between X and Y": X initiates
        speaker, post = post[0], post[1:]
    nominal = re.match(r"\s*(?:[\w\-]+\s+){0,3}?(?:from|by)\s+(?:the\s+)?", text[m.end() : m.end() + 40])
    if speaker is None and nominal and post and post[0].start <= m.end() + nominal.end() + 2 and \
            P.NOMINAL_STATEMENT.search(m.group(0)):  # "a condemnation from Iraq", "a warning on Thursday from Biden"
        speaker = post[0]
        post = post[1:]
    if speaker is None and (P.NOMINAL_STATEMENT.search(m.group(0)) or _STATEMENT_NOUN.match(m.group(0))):
        owner = [a for a in sent.actors if a.end <= m.start() and _POSSESSOR.fullmatch(text, a.end, m.start())]
        if owner and not out_of_scope(owner[-1].actor):  # "U.S. calls for ...", "the minister's strong condemnation"
            speaker = owner[-1]
    by = re.match(r"\s*by\s+(?:the\s+)?", text[m.end() : m.end() + 12])
    if speaker is None and by and post and post[0].start <= m.end() + by.end() + 2 and \
            P.PASSIVE.search(text[max(0, m.start() - 25) : m.start()]):  # "the attack was condemned by Iraq"
        speaker = post[0]
        post = post[1:]
    if imatch(r"(?:vow|threaten|warn|pledg|promis|call|demand|urg|condemn)\w*ing\b", m.group(0)) and text[: m.start()].rstrip().endswith(","):
        pre = pre[:1]  # "X demanded that Y leave, vowing ...": the participle's subject is the sentence's
    elif _PARTICIPLE_CONTENT.search(text, 0, m.start()):
        pre = pre[:1]  # "X warned Y ..., saying it would respond": what the participle says is the subject's
    first = next((a for a in sent.actors if pre and _AND_ONLY.fullmatch(text, a.end, pre[0].start)
                  and _SUBJECT_OPENS.fullmatch(text, 0, a.start)), None) if kind == "CONSULT" else None
    if speaker is None and first is not None:
        speaker, post = first, [pre[0], *post]  # "Iraq and the United States began talks": the first named, with the other
    if speaker is None and subject and _COORDINATED.search(text[: m.start()]):
        heads = [a for a in pre if not P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start])]
        if heads:  # "X blamed Y for the attack and warned ...": the second verb's subject is the first's
            speaker = heads[0]
            post = [a for a in pre if a.start > speaker.end] + post  # and whom the first verb named
    for a in reversed(pre if subject else []):  # the subject: the closest party before the verb, not inside a phrase
        if speaker is not None:
            break
        if P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
            continue
        speaker = a
    if speaker is None and subject:
        speaker = pre[0]
    if speaker is None:  # "the embassy urged", "Rasoul stressed", "the head of its council said": a party named before
        speaker = definite_speaker(ctx, sent, cut) or surname_speaker(ctx, sent, cut) or possessive_speaker(ctx, sent, cut)
    if kind == "CONSULT" and _OWN_FORCES_VISITED.match(text, m.end()):
        return None  # "visited troops on the northern border": a commander among his own forces, no talks
    if kind == "CONSULT" and _IN_TALKS.search(text, max(0, m.start() - 40), m.start()):
        talker = _frame_subject(sent, m, subject)  # "X blamed Y ..., in a phone call with Z": X talked with Z
        if talker is not None:
            speaker = talker
            post = [a for a in post if a is not talker]
    trailing = trailing_speaker(ctx, sent, m.end(), _previous_speaker(earlier, sent, ctx))
    if trailing is not None and (speaker is None or side_of(trailing.actor) != side_of(speaker.actor)):
        if speaker is not None:  # "Israel had crossed red lines ..., he said": the party named is the one addressed
            post = [speaker, *post]
        speaker = trailing
    quoted = quoted_speaker(ctx, sent.start + m.start()) if quote_open(text, m.start()) else None
    if quoted is not None and (speaker is None or (side_of(speaker.actor) != side_of(quoted.actor)
                                                   and quote_open(text, speaker.start))):
        if speaker is not None:  # “Iran's proxies must stop ...,” Austin said: the party named inside is addressed
            post = [speaker, *post]
        speaker = quoted
    if speaker is None and pre:
        for a in reversed(pre):
            if not P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
                speaker = a
                break
        speaker = speaker or pre[0]
    if speaker is not None and speaker in inner:
        inner = []
    post = [a for a in inner if speaker is None or side_of(a.actor) != side_of(speaker.actor)] + post
    if speaker is None and P.ANAPHOR.match(text):
        speaker = antecedent(ctx, sent.index)
    if speaker is None and (_PRONOUN_SUBJECT.search(text[: m.start()]) or quote_open(text, m.start())):
        speaker = quoted_speaker(ctx, sent.start + m.start()) or _previous_speaker(earlier, sent, ctx)
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
        if a.actor.kind == "state" and belligerent(side_of(a.actor)) is None and P.ATTACK_NOUN_AFTER.match(
                text[a.end : a.end + 40]):
            continue  # "vows more attacks after Baghdad strike": where the strike was, not whom the vow is aimed at
        if a.actor.kind == "state" and belligerent(side_of(a.actor)) is None and _ACT_ON_BEFORE.search(
                text[max(0, a.start - 40) : a.start]):
            continue  # "to protest strikes on Iraq and Syria": where the strikes were, not whom the protest is aimed at
        if kind == "CONSULT" and a.start > m.end() and _CONTENT_OPENS.search(text, m.end(), a.start):
            continue  # "told his counterpart in a call that Tehran rejected any U.S. presence": what was said, not who
        if kind in ("ACCUSE", "THREATEN", "REQUEST") and _VICTIM_BEFORE.search(text[max(0, a.start - 50) : a.start]):
            continue  # "protest a strike that killed a commander of X": X was hit, the statement is not aimed at it
        if side_of(a.actor) != side_of(actor) and not out_of_scope(a.actor):
            if canon(a.actor) not in [canon(t) for t in targets]:
                targets.append(a.actor)
    if kind == "RETREAT":  # "halted its operations against U.S. forces to avoid embarrassing the government": whom
        against = {canon(a.actor) for a in post if _AGAINST_BEFORE.search(text[max(0, a.start - 30) : a.start])}
        if against:  # the halted attacks were aimed at
            targets = [t for t in targets if canon(t) in against]
    if kind in ("ACCUSE", "REQUEST"):  # "filed a complaint with the UN Security Council over Israeli strikes", "called
        # for a meeting of the Security Council on Lebanon and urged Israel and Hezbollah to ...": forum and topic are no targets
        forums = {canon(a.actor) for a in post if belligerent(side_of(a.actor)) is None
                  and (_FORUM_BEFORE.search(text[max(0, a.start - 24) : a.start])
                       or _TOPIC_BEFORE.search(text[max(0, a.start - 30) : a.start]))}
        if forums and any(canon(t) not in forums and belligerent(side_of(t)) is not None for t in targets):
            targets = [t for t in targets if canon(t) not in forums]
    if kind == "ACCUSE" and isearch(r"\battacks?\s+by\s+armed\s+groups\b|\barmed\s+groups?\b", text):
        mil = collective()  # a third party's government condemning "attacks by armed groups"
        if mil and belligerent(side_of(actor)) is None and mil.name not in [canon(t) for t in targets]:
            targets.append(mil)
    blame = _ATTRIBUTION.match(text, m.start(), min(len(text), m.end() + 60)) if kind == "ACCUSE" else None
    blamed_on = _BLAMED_ON.match(text, m.start()) if kind == "ACCUSE" else None
    if blame is None and blamed_on is not None and P.WEAPON_ACT.search(text, 0, m.start()):
        blame = blamed_on  # "an attack that Washington blamed on X": the act's attacker
    if blame is None:
        accused = None
    elif blamed_on is not None:  # blamed on whom: the party after it
        accused = next((a for a in sent.actors if a.start >= m.end()), None)
    else:
        accused = _accused(sent, m, speaker)
    if blame is not None and (accused is None or accused.actor.kind != "state"):
        return None  # GUIDE §3: "said a militia was responsible for the strike" names the attacker, no accusation
    if accused is not None and not out_of_scope(accused.actor) and side_of(accused.actor) != side_of(actor):
        # "said Iran bears responsibility for the attacks": the state blamed, not the act's attacker
        targets = [accused.actor, *[t for t in targets if canon(t) != canon(accused.actor)]]
    act = _act_object(sent, m) if kind in ("THREATEN", "ACCUSE", "REQUEST") and accused is None else None
    if act is not None:  # "condemned the attack (on X)", "will bring the perpetrators to justice": its attacker
        a0, a1, attackers = act
        named = [x.actor for x in attackers if side_of(x.actor) != side_of(actor) and not out_of_scope(x.actor)]
        ref = named[0] if named else _referenced_attacker(earlier, actor, third_party=True)
        inside = {canon(x.actor) for x in post if a0 <= x.start < a1}
        rest = [t for t in targets if canon(t) not in inside and (ref is None or canon(t) != canon(ref))]
        if ref is not None:
            targets = [ref, *rest]
            flags.append("target_of_act")
        elif inside:
            targets = rest  # the victims of the act condemned are not whom the statement is aimed at
    if not targets and kind in ("THREATEN", "ACCUSE") and P.DEFINITE_NOUN.search(text):
        ref = _referenced_attacker(earlier, actor)
        if ref is not None:
            targets = [ref]
    addressed = next((a for a in post if a.start >= m.end()), None)
    if any(t.kind == "civilians" for t in targets):  # civilians are no side a statement is aimed at
        targets = [t for t in targets if t.kind != "civilians"]
        if not targets or (kind in ("THREATEN", "REQUEST") and addressed is not None and addressed.actor.kind == "civilians"
                           and _ADDRESSEE_NEXT.fullmatch(text, m.end(), addressed.start)):
            # "urged residents to leave", "warned residents of the south to evacuate ahead of a campaign against X": a
            # warning to civilians (GUIDE §1, the profiles), whoever the campaign it announces is against
            flags.append("to_civilians")
    if not targets and kind in ("THREATEN", "ACCUSE", "REQUEST") and (
            any(out_of_scope(a.actor) for a in post if a.start >= m.start()) or _outside_party_named(text[m.end() :])):
        return None  # "cautioned Israel against spreading the war": aimed at a party outside the conflict, not the opponent
    if not targets:
        opp = opponent(actor)
        if opp is None:
            return None
        targets = [opp]
    ruled = 2 if kind == "ACCUSE" and accused is None and len(targets) > 1 and is_collective(canon(targets[1])) else 1
    date, precision, date_text = pick_date(sent, m.start(), ctx, verbal=True)
    if precision == "approximate" and date == ctx.ref_date and kind in ("THREATEN", "ACCUSE") and P.DEFINITE_NOUN.search(text):
        reacted = [e for e in earlier if e.event_type == "ASSAULT" and e.date and e.date_precision == "day"
                   and side_of(actor_lexicon().get(e.target or "")) == side_of(actor)]
        if reacted:  # a reaction to "the attack": no earlier than the attack itself
            date, date_text = reacted[-1].date, f"after the attack of {reacted[-1].date}"
    ret_text, _ = retaliation(text)
    if kind not in ("THREATEN",):
        ret_text = None
    pairs = [(actor, t, k >= ruled) for k, t in enumerate(targets)]
    both = _both_sides(text, m) if kind == "RETREAT" else None
    if both is not None:  # "both sides accepted the agreement": each halts against the other
        pairs = [(both[0], both[1], False), (both[1], both[0], False)]
    out = []
    # a sanction is decided where its maker sits; a place it names is the sanctioned party's ("a company in Baghdad")
    venue = _venue(sent, m.start()) if kind != "SANCTION" else None
    seat = _seat(sent, m.start()) if venue is None and kind != "SANCTION" else None
    abroad = _embassy_host(speaker, sent, ctx) if venue is None and seat is None else None
    for who, target, extra in pairs:
        country = represented(who).country  # GUIDE §4: a verbal act with no place is in the actor's home country
        if abroad is not None and abroad != country and who is actor:
            country = abroad  # "the embassy urged ...": an embassy speaks from the country it is in
        loc = location_in([venue], venue.place.country) if venue else Location(seat.text, seat.country) if seat \
            else Location(None, country)
        if kind == "MOBILIZE":  # GUIDE §1: a deployment is a material act, located where the forces are sent or stand
            dest = _destination(sent, m.end()) or _stationed(sent, m.start())
            if dest is not None:
                loc = location_in([dest], dest.place.country or "")
            if loc.country and ctx.scope and loc.country not in ctx.scope and not ctx.open_scope:
                flags = [*flags, "deployed_outside_scope"]
        out.append(Event(
            doc_id=ctx.doc_id, event_type=kind, date=date, date_precision=precision, actor=canon(who),
            target=canon(target), location=loc, evidence=Evidence(text, sent.start, sent.start + len(text)),
            retaliation_for=ret_text, date_text=date_text, confidence=0.5,
            flags=flags + (["extra_target"] if extra else []), trigger=(sent.start + m.start(), sent.start + m.end()),
        ))
    return out


# blame or responsibility for an attack: an attribution of the act, which names its attacker (a state's backing of
# those who made it, "Iran bears responsibility for the attacks", stays an accusation)
_ATTRIBUTION = caseless(r"(?:blam|accus|responsib|held\s|holds?\s|bears?\s)[^.;]{0,60}?\b(?:for|of|behind)\s+"
                        r"(?:carrying\s+out\s+|launching\s+)?(?:(?:the|a|an|this|that|these|those|last|its|their|both)\s+)?"
                        r"(?:[\w\-'’]+\s+){0,3}?(?:attacks?|strikes?|bombings?|assaults?|raids?|shelling|fire|barrages?)\b")


_OWN_FORCES_VISITED = caseless(r"\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?(?:[\w\-]+\s+)?(?:troops|soldiers|forces|units|"
                               r"reservists|positions|front|frontline|border|base|bases|barracks|command)\b")
_CONTENT_OPENS = caseless(r"\b(?:that|saying|stressing|adding|to\s+discuss|about|on\s+the\s+need)\b|:")
_ACT_ON_BEFORE = caseless(r"\b(?:(?:air\s*)?strikes?|attacks?|raids?|bombings?|bombardment|aggression|assaults?)\s+"
                          r"(?:on|in|against|inside)\s+(?:[\w\-]+\s*(?:,|and)\s+)?$")
_AGAINST_BEFORE = caseless(r"\b(?:against|on)\s+(?:the\s+)?(?:[\w\-]+\s+)?$")
_VICTIM_BEFORE = caseless(r"\b(?:killed|killing|kills|wounded|wounding|injured|injuring|assassinated|assassinating)\s+"
                          r"(?:(?:an?|the|two|three|four|five|several|senior|top|[\w\-]+['’]s)\s+){0,2}(?:[\w\-]+\s+){0,2}"
                          r"(?:of|from|in)\s+(?:the\s+)?$")


def _accused(sent: Sentence, m: re.Match[str], speaker: ActorMention) -> ActorMention | None:
    """Whom a blame names: the party right before the trigger after the speaker ("said X was responsible for"),
    else the first after it ("blamed X for")."""
    before = [a for a in sent.actors if speaker.end <= a.start and a.end <= m.start()]
    states = [a for a in before if a.actor.kind == "state"]  # "Iran and its proxies bear responsibility": the state
    if before:
        return states[-1] if states else before[-1]
    return next((a for a in sent.actors if a.start >= m.start() and a is not speaker), None)


def _outside_party_named(text: str) -> bool:
    """Whether `text` names, by its name or its adjective, a state the profile leaves out of the conflict."""
    pattern = _outside_states(active_profile().name)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=8)
def _outside_states(profile_name: str) -> re.Pattern[str] | None:
    """A pattern of the names and adjectives of the states out of the profile's scope ("Israel", "Israeli")."""
    from flashpoint.ontology.places import demonyms

    words: set[str] = set()
    for a in actor_lexicon().actors.values():
        if a.kind == "state" and a.country and out_of_scope(a):
            words |= {a.name, *(w.title() for w in demonyms().get(a.country, []))}
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


_BOTH_SIDES = caseless(r"\b(?:both\s+(?:sides|parties)|the\s+two\s+(?:sides|parties|countries|governments))\s+"
                       r"(?:\w+\s+){0,2}$")


def _both_sides(text: str, m: re.Match[str]) -> tuple[Actor, Actor] | None:
    """The profile's two belligerents, for an act whose subject is "both sides" / "the two sides"."""
    if not _BOTH_SIDES.search(text, max(0, m.start() - 40), m.start()):
        return None
    lex = actor_lexicon()
    reps = [lex.get(side.representative) for side in active_profile().sides.values()]
    if len(reps) != 2 or reps[0] is None or reps[1] is None:
        return None
    return reps[0], reps[1]


def fold_statements(events: list[Event]) -> list[Event]:
    """GUIDE §2, one statement typed by priority THREATEN > ACCUSE: an accusation by a party against another
    on the day it threatened that party is part of the threat (the report quoting the statement twice:
    "condemned the attack" ... "warned he would respond"); it becomes a mention of the threat."""
    threats: dict[tuple[str | None, str | None, object], Event] = {
        (e.actor, e.target, e.date): e for e in events if e.event_type == "THREATEN" and e.actor and e.target}
    out = []
    for e in events:
        threat = threats.get((e.actor, e.target, e.date)) if e.event_type == "ACCUSE" else None
        if threat is not None:
            threat.mentions.append(e.evidence)
            continue
        out.append(e)
    return out


# Flags of what speaks against a statement candidate being a new act of its own (the rules drop them,
# see VERBAL_DROP; a trained decider weighs them).
VERBAL_DROP = frozenset({"requested", "reported_reaction", "abstract_object", "history", "means_of_attack",
                         "deployed_outside_scope"})
# Flags of constructions GUIDE §1–§2 rule out as acts: no candidate is proposed for them (a trained decider
# has too few of them to learn so): a denial, a hypothetical, a type outranked in one statement, a statement
# reported as the object of another's reaction, what a request asks for, a "threat" to stability.
NOT_AN_ACT = frozenset({"denial", "hypothetical", "outranked", "reported_reaction", "requested", "abstract_object",
                        "to_civilians", "attributive"})
# "accused of" / "blamed for" right after the people they describe (no auxiliary: "were accused of" is a statement
# reported, "individuals accused of" a description)
_ATTRIBUTIVE = caseless(r"(?:accused|blamed)\s+(?:\w+ly\s+)?(?:of|for)\b")
_BLAMED_ON = caseless(r"blam(?:ed|es|ing)\s+on\b")
# a participle closing a sentence that tells an act, its blame with no object of its own: an attribution of that act
_BLAMING_CLAUSE = caseless(r"(?:blaming|accusing)\b")
_BLAME_FOR = caseless(r"[^.;,]{0,80}?\b(?:of|for)\b")
# (a pronoun right before "accused of" is the subject of a relative clause: "three men it accused of financing X")
_AUXILIARY_BEFORE = caseless(r"\b(?:is|are|was|were|be|been|being|has|have|had|who|which|that|"
                             r"and|also|publicly|repeatedly|previously|formally|officially)\s+$")
# What forces are sent to do when the sending is the means of an attack ("sent jets to strike the depots").
_TO_ATTACK = caseless(r"[^.;,]{0,50}?\bto\s+(?:(?:carry\s+out|conduct|launch)\s+(?:\w+\s+){0,2})?"
                      r"(?:attack|strike|bomb|hit|target|destroy|raid|pound|shell)\w*\b")
# A statement noun that is the object of someone else's reaction: "dismissed U.S. calls for ...", "welcomed
# the minister's condemnation", "responded to the designation".
_REACTION_TO = caseless(
    r"\b(?:dismiss\w*|reject\w*|welcom\w*|ignor\w*|respond\w*|react\w*|despite|amid|defi\w*|defy\w*|prais\w*|"
    r"rebuff\w*|brush\w*\s+(?:aside|off)|shrug\w*\s+off)\s+(?:(?:to|on|at|of)\s+)?(?:[\w\-.’']+\s+){0,4}$"
)
_STATEMENT_NOUN = caseless(r"(?:calls?|demands?|condemnation|criticism|designations?|sanctions|threats?|warnings?|"
                           r"accusations?|appeals?|requests?|protests?|ultimatum)\b")
# What a verb "threaten" has as its object when it is no threat of force by a party: "violence that
# threatens to undo progress", "militias threaten the security of the region".
_ABSTRACT_THREAT = caseless(
    r"\s+(?:to\s+(?:undo|derail|destabili[sz]e|undermine|drag|ignite|spark|plunge|unravel|disrupt|jeopardi[sz]e|ruin|"
    r"overshadow|complicate|spill|spiral|engulf|erode|upend|reverse|"
    # "the war threatens to widen" (not "threatened to widen its attacks on X": the speaker's own acts)
    r"widen(?!\s+(?:its|their|the|our)\s+(?:[\w\-]+\s+)?(?:attacks|strikes|operations|targets|campaign|retaliation|"
    r"response|fire)))|(?:the\s+|regional\s+|their\s+|its\s+)?"
    r"(?:security|stability|safety|lives|progress|peace|future|efforts?|sovereignty|economy|livelihoods?|gains)\b)"
)
# A talk named in a prepositional phrase: "in a phone call with", "during a meeting with", "following talks with".
_IN_TALKS = caseless(r"\b(?:in|during|at|after|following|on|through|via|amid)\s+(?:a|an|the|his|her|their|its)?\s*"
                     r"(?!(?:\w+day|today|yesterday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b)"  # not a day
                     r"(?:[\w\-]+\s+){0,2}$")


def _frame_subject(sent: Sentence, m: re.Match[str], subject: list[ActorMention]) -> ActorMention | None:
    """The subject of the sentence a prepositional talk belongs to: the first party of the sentence not
    inside a phrase, or (the phrase opening the sentence: "In his meeting with X, Y stressed") the first one
    after the phrase's comma."""
    text = sent.text
    for a in subject:
        if not P.PREP_BEFORE.search(text[max(0, a.start - 16) : a.start]):
            return a
    comma = text.find(",", m.end())
    if comma < 0:
        return None
    after = [a for a in sent.actors if comma < a.start <= comma + 40 and agentive(a, text)]
    return after[0] if after else None


_HYPOTHETICAL_WORD = caseless(r"\b(?:could|would|might|may|if|whether|unless|any|risks?|when\s+and\s+how|how\s+and\s+when)\b")
# "said it would suspend ...", "announced that they would halt ...": a reported intention, not a hypothetical
_REPORTED_FUTURE = caseless(
    r"\b(?:said|says|announced|announces|declared|stated|added|confirmed|warned|vowed|pledged|promised|told\s+\w+)\s+"
    r"(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they|he|she|we|the\s+(?:\w+\s+){0,2}\w+|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})\s+$"
)


def _hypothetical(kind: str, text: str, at: int) -> bool:
    """Whether the trigger at `at` stands under a modal, a condition or a question in its clause ("might prompt
    demands", "whether it would halt"); a conditional threat is a threat, a reported intention an act."""
    window = max(0, at - 60)
    for w in _HYPOTHETICAL_WORD.finditer(text, window, at):
        if re.search(r"[,;]", text[w.end() : at]):
            continue
        word = w.group(0).lower()
        if kind == "THREATEN" and word in ("if", "any", "unless"):
            continue
        if word == "would" and _REPORTED_FUTURE.search(text, max(0, w.start() - 70), w.start()):
            continue
        return True
    return False


# Where a second clause with a subject of its own begins: "X labeled it self-defense, while Y decried it".
_CLAUSE_BREAK = caseless(r";\s*|,\s+(?:while|whereas|but)\s+|\s+(?:while|whereas)\s+")
# Between a party and a statement noun it owns: "U.S. calls", "Iran's strong condemnation", "the minister’s".
_POSSESSOR = re.compile(r"(?:['’]s?)?\s+(?:[a-z][\w\-]*\s+){0,2}")
_MUST = caseless(r"\b(?:must|should|to|has\s+to|have\s+to|need\s+to|needs\s+to)\s+(?:\w+\s+)?$")


# a verb in its base form ("withdraw", "pull out", "deploy") under a conjunction of time or condition: an act to come
_BASE_FORM = caseless(r"(?:withdraw|pull\s+(?:out|back)|deploy|leave|mobili[sz]e)")
_TIME_CLAUSE_BEFORE = caseless(r"\b(?:as|when|once|after|until|before|if|unless)\s+(?:[\w\-'’.]+\s+){0,4}$")
_OLD = re.compile(r"\bin\s+((?:19|20)\d\d)\b|\b(?:years?|decades?)\s+ago\b")


def _reading_flags(kind: str, text: str, m: re.Match[str], appositions: list[tuple[int, int]],
                   ref: dt.date | None) -> list[str]:
    """Flags of constructions in which a trigger states no act of the speaker's own."""
    out = []
    before = text[max(0, m.start() - 60) : m.start()]
    if kind == "ACCUSE" and _ATTRIBUTIVE.match(text, m.start()) and not _AUXILIARY_BEFORE.search(before):
        out.append("attributive")  # "three individuals accused of financing X": a description, no one's statement
    if kind == "ACCUSE" and _BLAMING_CLAUSE.match(text, m.start()) and re.search(r",\s*$", before) \
            and P.WEAPON_ACT.search(text, 0, m.start()) and not _BLAME_FOR.match(text, m.end()):
        out.append("attributive")  # "a strike killed two, the group said, blaming X": the act's attacker named
    if kind in ("RETREAT", "MOBILIZE", "CONSULT"):
        types = event_types()
        if _MUST.search(text[max(0, m.start() - 20) : m.start()]) and any(
                x.end() <= m.start() for pat in (types.triggers["REQUEST"], types.broad["REQUEST"]) for x in pat.finditer(before)):
            out.append("requested")  # "called on the group to halt its attacks": what is asked for, not done
        elif _MUST.search(text[max(0, m.start() - 20) : m.start()]) and not isearch(r"\b(?:to|will|would)\s+$", before):
            out.append("requested")  # "the militias must stop their attacks"
    if _STATEMENT_NOUN.match(m.group(0)) or _STATEMENT_NOUN.search(m.group(0)[-14:]):
        if _REACTION_TO.search(before[-50:]):
            out.append("reported_reaction")
    if kind in ("RETREAT", "MOBILIZE") and _BASE_FORM.fullmatch(m.group(0)) and _TIME_CLAUSE_BEFORE.search(before):
        out.append("hypothetical")  # "troops would deploy as Israeli troops withdraw": a withdrawal to come
    if kind == "MOBILIZE" and _TO_ATTACK.match(text, m.end()):
        out.append("means_of_attack")  # "by sending warplanes to attack the depots": the strike, not a deployment
    if kind == "THREATEN" and imatch(r"threaten", m.group(0)) and _ABSTRACT_THREAT.match(text, m.end()):
        out.append("abstract_object")
    old = _OLD.search(text)
    if old and (old.group(1) is None or (ref is not None and int(old.group(1)) < ref.year - 1)) and not any(
            s0 < old.start() < e0 for s0, e0 in appositions):
        out.append("history")  # "was first designated ... in 2009" (not "X, which fought a war in 2006, ...")
    return out


# The object of a statement that is an act ("condemned the attack on the base", "denounced these strikes",
# "will bring the perpetrators to justice"): the statement is aimed at whoever carried it out.
_ACT_OBJECT = caseless(
    r"\s*(?:(?:it|them)\s+(?:as\s+)?(?:for|over)\s+)?(?:the|this|that|these|those|such|(?:[\w.\-]+['’]s))\s+"
    r"(?:[\w\-.]+\s+){0,3}?(?:attacks?|strikes?|air\s*strikes?|assaults?|bombings?|bombardment|raids?|incident|killings?|"
    r"assassinations?|aggression|perpetrators|attackers|assailants|culprits|those\s+responsible)\b"
)
_PERPETRATORS = caseless(r"\b(?:the\s+)?(?:perpetrators|attackers|assailants|culprits|those\s+responsible)\b")
# "the perpetrators will face the consequences": the subject of the threat is the attackers
_PERPETRATORS_SUBJECT = caseless(r"\b(?:the\s+)?(?:perpetrators|attackers|assailants|culprits|those\s+responsible)"
                                 r"\s+(?:\w+\s+){0,2}$")
_NP_END = caseless(r"[,;:“\"]|(?<![A-Z])\.|\s(?:as|and|but|while|which|who|that|calling|saying|describing|adding|amid|after|"
                   r"in\s+a\s+statement)\b")
_AGENT_IN_NP = caseless(r"\b(?:by|from)\s+(?:the\s+)?$")


def _act_object(sent: Sentence, m: re.Match[str]) -> tuple[int, int, list[ActorMention]] | None:
    """(start, end, attackers named) of the act a statement is about, when its object is one: the
    parties named before the act's noun ("the U.S. strikes") or after "by" ("the attack by X") are its
    attackers; those after "on"/"against" its victims."""
    text = sent.text
    obj = _ACT_OBJECT.match(text, m.end())
    if obj is None:
        inside = _PERPETRATORS.search(m.group(0)) or _PERPETRATORS_SUBJECT.search(text, max(0, m.start() - 40), m.start())
        return (min(m.start(), inside.start()), m.end(), []) if inside else None
    end = _NP_END.search(text, obj.end(), min(len(text), obj.end() + 120))
    a0, a1 = m.end(), (end.start() if end else min(len(text), obj.end() + 120))
    attackers = [x for x in sent.actors if a0 <= x.start < a1 and (
        x.end <= obj.end() or _AGENT_IN_NP.search(text[max(a0, x.start - 12) : x.start]))]
    return a0, a1, attackers


def _referenced_attacker(earlier: list[Event], actor: Actor, third_party: bool = False) -> Actor | None:
    """The attacker of the act reported last before a statement that refers to "the attack": one on the
    speaker's side when there is one, else (a third party speaking of an act it names as its object,
    `third_party`) the last one by another party."""
    lex = actor_lexicon()
    acts = [e for e in earlier if e.event_type == "ASSAULT" and e.actor and side_named(e.actor) != side_of(actor)]
    on_speaker = [e for e in acts if e.target and side_named(e.target) == side_of(actor)]
    pick = on_speaker or (acts if third_party and belligerent(side_of(actor)) is None else [])
    return lex.get(pick[-1].actor or "") if pick else None


_PRONOUN_SUBJECT = re.compile(r"(?:^|[\"“,;]\s*)(?:we|i|it|they|he|she|the\s+statement|the\s+spokes(?:man|woman|person))\b[^,;]{0,40}$",
                              re.I)


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


_DENIAL = caseless(r"\bdenied\b|\bdenies\b|\brejected\s+the\s+accusation")
# a coordinated clause with a subject of its own ("..., while Kata'ib Hezbollah denied ..."; not "..., while also
# targeting ...", the same subject's act)
_OTHER_SUBJECT = caseless(r";\s*(?!(?:also\s+|then\s+)?\w+ing\b)|,\s+(?:while|whereas|but)\s+(?!(?:also\s+|then\s+)?\w+ing\b)")


def _clause_around(text: str, at: int) -> str:
    """The clause of `text` holding position `at`: coordinated clauses ("..., while X denied ...") cut off."""
    start, end = 0, len(text)
    for b in _OTHER_SUBJECT.finditer(text):
        if b.end() <= at:
            start = b.end()
        elif b.start() >= at:
            end = b.start()
            break
    return text[start:end]


_ADDRESSEE_NEXT = caseless(r"\s*(?:(?:the|all|local)\s+)?")  # the verb's object right after it
_EMBASSY = caseless(r"\bembass(?:y|ies)\b")


_EMBASSY_IN = caseless(r"\bembass(?:y|ies)\s+(?:in|at)\s+(?:the\s+)?(?:[\w\-]+['’]s\s+)?$")


def _embassy_host(speaker: ActorMention | None, sent: Sentence, ctx: DocContext) -> str | None:
    """The country an embassy speaking is in: the place the report last gave it ("the U.S. embassy in Baghdad"), or
    the report's country (an embassy is abroad)."""
    if speaker is None or not _EMBASSY.search(speaker.text):
        return None
    for s in reversed(ctx.sentences[: sent.index + 1]):
        for p in reversed(s.places):
            if p.place.country and _EMBASSY_IN.search(s.text, max(0, p.start - 40), p.start):
                return p.place.country
    return ctx.main_country()


@dataclass(frozen=True)
class _Seat:
    text: str
    country: str


# "lashed out at the administration", "took aim at the Pentagon": whom a statement is aimed at, not where it was made
_AIMED_AT = caseless(r"\b(?:lash\w*\s+out|hit(?:ting|s)?\s+out|t[ao]\w*\s+aim|aim\w*|direct\w*|rail\w*|angry|anger|"
                     r"fir\w*|shout\w*|swip\w*|jab\w*|point\w*\s+(?:the\s+)?finger)\s+at\s+(?:the\s+)?$")


def _seat(sent: Sentence, trigger: int) -> _Seat | None:
    """A meeting "at the White House", "at the Pentagon": the institution's country is the venue."""
    for a in sent.actors:
        if trigger < a.start <= trigger + 90 and imatch(r".*\bat\s+(?:the\s+)?$", sent.text[max(0, a.start - 10) : a.start]) \
                and not a.adjective and a.actor.kind not in ("person", "civilians") and represented(a.actor).country \
                and not _AIMED_AT.search(sent.text, max(0, a.start - 40), a.start):
            return _Seat(a.text, represented(a.actor).country or "")
    return None


def _destination(sent: Sentence, after: int) -> PlaceMention | None:
    """Where forces are sent or stand: the first place after the trigger given with to/in/into/near
    ("deployed troops to Iraq", "on high alert in Deir ez-Zor"), within the clause."""
    for p in sent.places:
        if p.start < after or p.border or p.origin:
            continue
        if p.start - after > 90 or isearch(r"[;]|\b(?:after|because|following|which|who|while)\b", sent.text[after : p.start]):
            return None
        if imatch(r".*\b(?:to|in|into|inside|near|across|throughout)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$",
                  sent.text[max(0, p.start - 30) : p.start]):
            return p
    return None


def _stationed(sent: Sentence, trigger: int) -> PlaceMention | None:
    """Where the forces that mobilise stand, named with their subject ("militias in Deir ez-Zor were on alert")."""
    for p in reversed(sent.places):
        if p.end > trigger or p.border or p.origin:
            continue
        if trigger - p.end > 60 or isearch(r"[;,]", sent.text[p.end : trigger]):
            return None
        return p if imatch(r".*\b(?:in|inside|near|across|throughout)\s+(?:the\s+)?$", sent.text[max(0, p.start - 12) : p.start]) \
            else None
    return None


def _venue(sent: Sentence, trigger: int) -> PlaceMention | None:
    """Where a statement or meeting took place: a town or site the sentence gives with "in"/"at" after
    the verb ("met ... in Baghdad", "summoned the envoy in Amman"); countries and "the attack in X" are not venues."""
    for p in sent.places:
        if p.start < trigger or p.border or p.origin or p.place.kind in ("country", "admin1"):
            continue
        if p.start - trigger > 90 or isearch(r"[;]|\b(?:adding|saying|which|who|while|that)\b", sent.text[trigger : p.start]):
            break  # a place further on belongs to another clause ("..., adding the war on Hamas in Gaza")
        before = sent.text[max(0, p.start - 12) : p.start]
        if not imatch(r".*\b(?:in|at)\s+(?:the\s+)?$", before):
            continue
        if any(a.start < p.end and p.start < a.end for a in sent.actors):
            continue  # "at the White House": a party's seat (see _seat), not a town of that name
        if P.DEFINITE_NOUN.search(sent.text[max(0, p.start - 50) : p.start]) or isearch(
                r"\b(?:attacks?|strikes?|raids?|bombings?)\s+(?:\w+\s+){0,2}$", before):
            continue  # "condemned the strike in Jurf al-Sakhar": the place of the act condemned
        return p
    return None
