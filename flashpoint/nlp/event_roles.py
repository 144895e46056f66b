"""Who acted on whom: acting and target sides of an attack, speakers of statements (GUIDE §4 actor/target)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashpoint.fastre import imatch, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.parse_roles import parse_roles
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.sides import (
    PATRON_BEFORE,
    backed_collectives,
    belligerent,
    fighters_backed_by,
    out_of_scope,
    side_of,
)
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon, patron_forms
from flashpoint.ontology.profile import active_profile


@dataclass
class Roles:
    actor: Actor | None
    target: Actor | None
    actor_text: str | None = None
    target_text: str | None = None
    actor_span: tuple[int, int] | None = None  # where the sentence names the actor (a country named as the
    # attacker, "Israel struck ...", is not the place of the act)


_SPEAKS_AFTER = re.compile(r"\s+(?:(?:later|also|then|\w+ly)\s+)?(?:said|says|announced|announces|reported|confirmed|"
                           r"mourned|mourns|stated|acknowledged)\b", re.I)


def _victims(sent: Sentence, skip: tuple[int, int] | None = None) -> list[ActorMention]:
    """Parties named as the killed or wounded ("killing three U.S. soldiers", "eight KH members were killed")."""
    out = []
    cas = [c for c in sent.casualties if skip is None or not (skip[0] <= c.start < skip[1])]
    for c in cas:  # X said "four of our men were killed": the speaker's side
        if isearch(r"\bof\s+(?:our|its|their)\b", sent.text[c.start : c.end + 20]):
            before = [a for a in sent.actors if a.end <= c.start and a.actor.kind != "group"
                      and not P.ATTACK_NOUN_AFTER.match(sent.text[a.end : a.end + 40])]  # not "an Israeli strike"
            speaking = [a for a in before if _SPEAKS_AFTER.match(sent.text, a.end)]
            if before:  # "X drone struck a car, and Y announced the deaths of its commander": the announcer's side
                out.append(speaking[-1] if speaking else before[0])
    subsets = [m.span() for m in _SUBSET.finditer(sent.text)]
    for a in sent.actors:
        if a in out or (skip and skip[0] <= a.start < skip[1]):
            continue
        if a.actor.kind == "civilians" and any(s0 <= a.start < s1 for s0, s1 in subsets):
            continue  # "492 people, including 90 women and children": part of a toll, not who was hit
        if P.ATTACK_NOUN_AFTER.match(sent.text[a.end : a.end + 40]):
            continue  # "killed in an Israeli strike": the attacker, not a victim
        for c in cas:
            inside = c.start <= a.start and a.end <= c.end
            gap = sent.text[c.end : a.start] if a.start >= c.end else None
            after = gap is not None and len(gap) < 40 and not re.search(r"[,;]", gap) and len(gap.split()) <= 3
            if inside or after:
                out.append(a)
                break
        else:
            if harmed_after(sent.text, a.end) or P.hosted(sent.text, a.start, a.end):
                out.append(a)
    return out


# What is said of a party that was hit, with or without a figure (GUIDE §4: the victims are the target):
# "X were killed", "X injured in a rocket attack" (a headline's reduced passive), "X suffered minor injuries".
_HARMED_AFTER = re.compile(
    r"^\s+(?:[\w.\-]+\s+){0,6}?(?:"
    r"(?:were|was|had\s+been|have\s+been|has\s+been|are\s+being|is\s+being)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|martyred|hurt|treated)\b"
    r"|(?:killed|wounded|injured|hurt)\s+(?:in|by|during|when|after|as|while)\b"
    r"|(?:suffered|sustained|received)\s+(?:\w+\s+){0,2}(?:injuries|wounds|casualties|concussions|injury)\b)",
    re.I)


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|across|inside|throughout|within|into)\s+(?:the\s+)?(?:(?:far\s+)?(?:north|south|east|"
                              r"west)\w*\s+|central\s+|southeast\w*\s+|northeast\w*\s+)?$", re.I)


def locative_state(a: ActorMention, text: str) -> bool:
    """A state named bare after a locative preposition ("a base in northeastern Syria", "strikes across Iraq"): the
    place of the act, not a party to it."""
    return (a.actor.kind == "state" and a.text.lower() == a.actor.name.lower()
            and bool(_LOCATIVE_BEFORE.search(text[max(0, a.start - 40) : a.start])))


def harmed_after(text: str, end: int) -> bool:
    """Whether the words after a party's mention (ending at `end`) say it was killed or hurt."""
    return bool(_HARMED_AFTER.match(text[end : end + 80]))


_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+|an?\s+)?(?:[\w\-]+\s+){0,3}$", re.I)


_BLAMED_ANTECEDENT = re.compile(r"\s*,\s*(?:which|who|whom)\s+(?:[^,;.]{0,40}?\s)?(?:blames?|blamed|holds?\s+responsible|"
                                r"held\s+responsible|accuses?|accused)\s+(?:[^,;.]{0,20}?\s)?(?:for|of)\s+"
                                r"(?:[\w\-.'’]+\s+){0,4}?", re.I)


def cited_as_source(text: str, start: int) -> bool:
    """"According to Iraqi police, ...": the party is where the report comes from, not an actor in it."""
    return bool(_ACCORDING_TO.search(text[max(0, start - 45) : start]))


def assault_roles(sent: Sentence, trig_start: int, trig_end: int, skip: tuple[int, int] | None = None,
                   parse: Any = None) -> Roles:
    text = sent.text
    scope = active_profile().scope_countries
    actor: ActorMention | None = None
    target: ActorMention | None = None
    p_actor = p_target = None
    if parse is not None:  # a dependency parse, where the pipeline has one, fills roles the rules leave open
        p_actor, p_target = parse_roles(parse, sent.start, trig_start, trig_end, sent.actors)
    victims = _victims(sent, skip)
    speakers = [a for a in sent.actors if (P.SPEAKER_AFTER.match(text[a.end : a.end + 40])
                and not P.SELF_REPORT.match(text[a.end : a.end + 60])) or (skip and skip[0] <= a.start < skip[1])
                or _names_where(a, text) or (cited_as_source(text, a.start) and belligerent(side_of(a.actor)) is None)]
    subsets = [m.span() for m in _SUBSET.finditer(text)]
    speakers += [a for a in sent.actors if a.actor.kind == "civilians" and any(s0 <= a.start < s1 for s0, s1 in subsets)]
    speakers += [a for a in sent.actors if locative_state(a, text)]  # "the base in northeastern Syria": where
    pre = [a for a in sent.actors if a.end <= trig_start and a not in victims and a not in speakers]
    post = [a for a in sent.actors if a.start >= trig_end and a not in victims and a not in speakers]
    passive = P.passive_trigger(text, trig_start, trig_end)
    subject = not passive and any(belligerent(side_of(a.actor)) is not None and not a.adjective for a in pre)
    for a in sent.actors:  # "U.S. strikes", "American drone strike", "strikes by X" name the attacker
        if skip and skip[0] <= a.start < skip[1]:
            continue  # "in retaliation for Israeli strikes": the other side's earlier act
        if subject and a.start >= trig_end:
            continue  # "X targeted Y's airpower, forcing Israeli warplanes ...": the subject acted
        if a.start >= trig_end and _OTHER_ACT_CLAUSE.search(text, trig_end, a.start):
            continue  # "The group hit the base, after U.S. strikes on Friday": the later clause's act is another
        if a not in victims and a not in speakers and P.ATTACK_NOUN_AFTER.match(text[a.end : a.end + 40]):
            actor = a
            break
    for a in sent.actors:  # "by X", "blamed on X"
        if actor is None and P.AGENT.search(text[max(0, a.start - 40) : a.start]) and a.start > trig_start - 5:
            actor = a
            break
        if actor is None and a.start > trig_start - 5:
            fighters = _agent_backed_by(text, a)  # "by militant groups supported by the IRGC": the patron's fighters
            if fighters is not None:
                actor = ActorMention(a.start, a.end, a.text, fighters)
                break
    if actor is None:  # "Kataib Hezbollah, which Washington blames for the attack": the party the relative clause is on
        actor = next((a for a in reversed(sent.actors) if a.end <= trig_start and not a.adjective
                      and _BLAMED_ANTECEDENT.fullmatch(text, a.end, trig_start)), None)
    if actor is None:  # "an Iranian-aligned attack", "an Iran-backed drone strike": the patron's fighters attacked
        fighters = _patron_modified(text, trig_start, trig_end)
        if fighters is not None:
            at = trig_start - 1
            actor = ActorMention(at, at, "", fighters)
    if passive and pre:
        target = pre[-1]
    named_victims = [v for v in victims if v.actor.kind == "person"
                     and (actor is None or side_of(v.actor) != side_of(actor.actor))]
    if target is None and named_victims:
        target = named_victims[0]  # "Al-Arouri was assassinated ... in a Hezbollah stronghold": whose man was hit
    for a in post if target is None else ():
        if a is actor or (actor is not None and side_of(a.actor) == side_of(actor.actor)):
            continue
        if a.actor.kind == "state" and a.actor.country in scope and a.text.lower() == a.actor.name.lower():
            continue  # "an air strike on Syria": where, not whom
        if out_of_scope(a.actor) and a.actor.kind == "state":
            continue  # a state outside the conflict named after the trigger is not its target
        if P.OBJECT.search(text[max(0, a.start - 40) : a.start]) or a.adjective or a.actor.kind == "person":
            target = a
            break
    if actor is None and not passive and _SUSPECTS_OF.search(text[max(0, trig_start - 50) : trig_start]):
        passive = True  # "forces arrested three men suspected of launching rockets": the arresting party did not attack
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
            if (re.search(r"\b(?:said|says|told|according|reported|reports|announced|stated|confirmed|added|noted)\b", between)
                    and not P.SELF_REPORT.match(text[a.end : a.end + 60])):
                continue  # "X reported (that) drones targeted ...": the source of the report, not the attacker
            if P.OBJECT.search(text[max(0, a.start - 40) : a.start]) and a is not pre[0]:
                continue
            if PATRON_BEFORE.search(text[max(0, a.start - 40) : a.start]):
                fighters = fighters_backed_by(a.actor)  # "factions funded by Iran attacked ...": the patron's
                if fighters is not None:  # fighters acted, not the patron
                    actor = ActorMention(a.start, a.end, a.text, fighters)
                    break
                continue
            actor = a
            break
    if actor is None and p_actor is not None and p_actor not in victims and p_actor not in speakers:
        actor = p_actor
    if target is None and p_target is not None and (actor is None or side_of(p_target.actor) != side_of(actor.actor)):
        target = p_target
    if target is None and victims:
        target = next((v for v in victims if actor is None or side_of(v.actor) != side_of(actor.actor)), None)
    if actor is not None and actor.actor.kind == "civilians":
        actor = None  # civilians are hit, they are not a party that strikes
    if actor is not None and _intercepted_by(text, actor, trig_start, trig_end):
        # "U.S. forces shot down a drone that was targeting them": the side that intercepts is the one attacked
        if target is None or side_of(target.actor) == side_of(actor.actor):
            target = actor
        actor = None
    if actor is not None and target is not None and side_of(actor.actor) == side_of(target.actor):
        # one side cannot strike itself; keep the closer reading
        if target.start > actor.start:
            target = None
    return Roles(actor.actor if actor else None, target.actor if target else None,
                 actor.text if actor else None, target.text if target else None,
                 (actor.start, actor.end) if actor else None)


def _patron_modified(text: str, trig_start: int, trig_end: int) -> Actor | None:
    """The profile's label for unnamed fighters whose patron's modifier stands right before an attack noun
    ("an Iranian-aligned attack", "Iran-backed drone strikes"), if any."""
    if not _ATTACK_NOUN.fullmatch(text, trig_start, trig_end):
        return None  # "Iran-backed Houthis launched": the modifier is another party's
    before = text[max(0, trig_start - 40) : trig_start]
    for group, modifiers in _patron_modifiers(active_profile().name):
        if modifiers.search(before):
            return actor_lexicon().get(group)
    return None


_ATTACK_NOUN = re.compile(r"(?:[a-z][\w\-]*\s+)?(?:attacks?|strikes?|assaults?|raids?|bombings?|barrages?|shelling)", re.I)


@lru_cache(maxsize=8)
def _patron_modifiers(profile_name: str) -> list[tuple[str, re.Pattern[str]]]:
    """(collective, a pattern of its patron's modifiers ending a text, a modifier word between) per side."""
    out = []
    for group, patron in backed_collectives():
        if patron.country:
            forms = "|".join(re.escape(f) for f in patron_forms(patron.name, patron.country))
            out.append((group.name, re.compile(rf"\b(?:{forms})\s+(?:[a-z][\w\-]*\s+)?$", re.I)))
    return out


# a subordinate clause telling another act after the trigger ("..., after/following U.S. strikes")
_OTHER_ACT_CLAUSE = re.compile(r"\b(?:after|following|before|since|in\s+the\s+wake\s+of)\b", re.I)


# the act of people described as suspects or convicts: whoever arrested or charged them did not make it
_SUSPECTS_OF = re.compile(r"\b(?:suspected|accused|charged|convicted|arrested|detained|wanted)\s+(?:\w+\s+){0,2}"
                          r"(?:of|with|for|over)\s+(?:\w+\s+){0,2}$", re.I)


# an attack intercepted: the party that shoots it down or intercepts it is the one attacked (GUIDE §3: still ASSAULT)
_INTERCEPT = re.compile(r"\b(?:shot\s+down|shoots?\s+down|shooting\s+down|intercept(?:ed|s|ing)?|downed|thwarted|foiled|"
                        r"repelled|repulsed)\b", re.I)


def _intercepted_by(text: str, actor: ActorMention, trig_start: int, trig_end: int) -> bool:
    """Whether `actor` is who intercepted the attack: the subject of an interception verb before the trigger
    ("U.S. forces shot down a drone that targeted ..."), or its agent ("drones were intercepted by U.S. forces")."""
    for m in _INTERCEPT.finditer(text):
        if actor.end <= m.start() <= max(trig_start, trig_end - 1) and not re.search(r"[.;]", text[actor.end : m.start()]) \
                and len(text[actor.end : m.start()]) <= 60:
            return True
        if m.end() <= actor.start and re.fullmatch(r"\s+(?:\w+ly\s+)?by\s+(?:the\s+)?", text[m.end() : actor.start]) \
                and re.search(r"\b(?:was|were|been|being|be)\s+(?:\w+ly\s+)?$", text[max(0, m.start() - 20) : m.start()]):
            return True
    return False


# the agent of a passive told by a common noun for fighters ("by militant groups", "by a local faction")
_AGENT_NOUN_BEFORE = re.compile(r"\bby\s+(?:an?\s+|the\s+|some\s+)?(?:[a-z][\w\-]*\s+){0,2}"
                                r"(?:groups?|militias?|militants?|fighters?|factions?|proxies|proxy|forces|gunmen|"
                                r"insurgents?|cells?|networks?|organi[sz]ations?)\s+$", re.I)


def _agent_backed_by(text: str, a: ActorMention) -> Actor | None:
    """"... launched by militant groups supported by the IRGC": the agent is the unnamed fighters, so the profile's
    label for those the patron `a` backs; None when `a` is not a patron named after such an agent."""
    before = text[max(0, a.start - 40) : a.start]
    patron = PATRON_BEFORE.search(before)
    if patron is None:
        return None
    head = max(0, a.start - 40) + patron.start()
    if not _AGENT_NOUN_BEFORE.search(text[max(0, head - 60) : head]):
        return None
    return fighters_backed_by(a.actor)


# "including more than 90 women and children": a part of the people counted before it
_SUBSET = re.compile(r"\bincluding\s+[^,;.()]{1,60}", re.I)


def _names_where(a: ActorMention, text: str) -> bool:
    """"The Jordan attack", "the Syria strike": a state outside the two sides named bare between a determiner and
    an attack noun says where the attack was, not who made it."""
    return (a.actor.kind == "state" and a.text.lower() == a.actor.name.lower() and belligerent(side_of(a.actor)) is None
            and bool(_DETERMINER_BEFORE.search(text[max(0, a.start - 6) : a.start]))
            and bool(P.ATTACK_NOUN_AFTER.match(text[a.end : a.end + 40])))


_DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that|last|a)\s+$", re.I)


def default_target(sent: Sentence, actor: Actor | None, places: list[PlaceMention],
                   skip: tuple[int, int] | None = None) -> Actor | None:
    """The target of an attack that names none (GUIDE §4 target): a named party of the other side, else
    the profile's default-target rules (words, the kind of site hit, the country), else a generic
    party of the other side."""
    lex = actor_lexicon()
    prof = active_profile()
    side = side_of(actor)
    other = prof.opponent(side)
    mentions = sent.actors  # a party of the other side named in a retaliation clause is a fair guess ...
    # ... but the words of the default rules there describe the earlier act ("for the strike on a family car")
    text = sent.text if skip is None else sent.text[: skip[0]] + " " * (skip[1] - skip[0]) + sent.text[skip[1] :]
    text = _SUBSET.sub(lambda m: " " * len(m.group(0)), text)  # nor do the words of a part of a toll
    if other is not None:
        named = [a.actor for a in mentions if side_of(a.actor) == other.id and a.actor.kind != "group"]
        if named:
            return named[0]
    by = side if prof.side(side) else "unknown" if side in ("unknown", None) else None
    if by is None:
        return None  # a third party's act: no default
    rules = [r for r in prof.default_targets if by in r.by]
    hits = []
    for r in rules:
        m = r.words.search(text) if r.words else None
        if m:
            hits.append((m.start(), r.target))
    sites = {p.place.kind for p in places}
    countries = {p.place.country for p in places}
    site_rule = next((r.target for r in rules if sites & set(r.site_kinds) or countries & set(r.countries)), None)
    if other is not None:
        if hits:
            return lex.get(min(hits)[1])
        generic = [a.actor for a in mentions if side_of(a.actor) == other.id]
        if generic:
            return generic[0]
        return lex.get(site_rule) if site_rule else None
    if site_rule:
        return lex.get(site_rule)
    return lex.get(min(hits)[1]) if hits else None


def agentive(a: ActorMention, text: str) -> bool:
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


def antecedent(ctx: DocContext, index: int) -> ActorMention | None:
    """The last named armed group before sentence `index` ("The group threatened ...")."""
    for sent in reversed(ctx.sentences[max(0, index - 3) : index]):
        named = [a for a in sent.actors if a.actor.kind in ("militia", "umbrella", "state_forces")]
        if named:
            return named[-1]
    return None
