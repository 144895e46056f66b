"""Event rules: from analysed sentences to PLOVER events (GUIDE §2–§5).

Each sentence is read on its own first (trigger, roles, place, date, casualties, mode);
then document-level passes attach claims of responsibility and attributions, and merge
repeated mentions of one event (same type, day, country, actor and target).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from flashpoint.fastre import caseless, isearch
from flashpoint.nlp import patterns as P
from flashpoint.nlp.agreements import acceptance_events, replace_readings
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.dates import DateMention, ResolvedDate
from flashpoint.nlp.discourse import attach_discourse_actors
from flashpoint.nlp.event_dates import bounds_a_period, offset_date, pick_date, usable_dates
from flashpoint.nlp.event_fields import (
    act_places,
    adjective_country,
    casualty_ranges,
    clause,
    location_in,
    retaliation,
    weapon_mode,
)
from flashpoint.nlp.event_roles import assault_roles, default_target
from flashpoint.nlp.followup import attach_followup_figures
from flashpoint.nlp.merge import (
    attach_claims,
    dated_by_report,
    donate_actors,
    donate_dates,
    donate_figures,
    merge_events,
)
from flashpoint.nlp.numbers import parse_number
from flashpoint.nlp.places import PlaceMention
from flashpoint.nlp.records import Event, Evidence, Range
from flashpoint.nlp.sides import belligerent, canon, collective, out_of_scope, side_of, verbal_only
from flashpoint.nlp.verbal import VERBAL_DROP, fold_statements, is_verbal_sentence, verbal_events
from flashpoint.ontology.actors import Actor, ActorMention, actor_lexicon
from flashpoint.ontology.event_types import event_types
from flashpoint.ontology.profile import active_profile


def assault_events(sent: Sentence, ctx: DocContext, prev: Event | None = None, prev_index: int = -9,
                   anchor: Event | None = None) -> list[Event]:
    """Candidate attacks of a sentence; independent clauses joined by a semicolon are read apart
    ("Israeli strike kills three; Hezbollah fires rockets in response"). `prev` is the act a definite mention
    refers back to, `anchor` the last act told with its day (what "the next day" counts from). The act a
    retaliation clause answers is a candidate of its own (see `_answered_act`)."""
    told = _told_acts(sent, ctx, prev, prev_index, anchor)
    return told + _answered_act(sent, ctx, told, anchor)


def _answered_act(sent: Sentence, ctx: DocContext, told: list[Event], anchor: Event | None) -> list[Event]:
    """The act a retaliation clause names, when the clause tells it with a day or a toll
    ("in response to a drone attack on Monday that wounded two soldiers"): a candidate flagged `answered`
    (and `background`), for the decider to weigh; a mention of an act already reported merges with it. "The day
    before" counts from the answer's day; a target the clause leaves unnamed is the side that retaliates."""
    _, span = retaliation(sent.text)
    if span is None:
        return []
    sub = clause(sent, *span)
    if not event_types().triggers["ASSAULT"].search(sub.text):
        return []
    if not (sub.casualties or sub.names_a_day()):
        return []
    at = sent.start + span[0]  # the answer: the act told before the clause, else the first after it
    before = [e for e in told if e.actor is not None and e.trigger is not None and e.trigger[0] < at]
    answer = before[-1] if before else next((e for e in told if e.actor is not None), None)
    day = next((e for e in told if e.date and e.date_precision == "day"), anchor)
    found = _assault(sub, ctx, background=True, anchor=day)
    lex = actor_lexicon()
    for e in found:
        e.flags.append("answered")
        if answer is None:
            continue
        if e.target is None and answer.actor and side_of(lex.get(answer.actor)) != side_of(lex.get(e.actor or "")):
            e.target = answer.actor  # who retaliates was hit (whom it strikes may be the attacker's patron: no actor)
    return found


def _told_acts(sent: Sentence, ctx: DocContext, prev: Event | None, prev_index: int, anchor: Event | None) -> list[Event]:
    parts = [m.span() for m in re.finditer(r"[^;]+", sent.text)]
    if len(parts) > 1 and all(event_types().triggers["ASSAULT"].search(sent.text, s0, e0) for s0, e0 in parts):
        out: list[Event] = []
        for s0, e0 in parts:
            found = _assault_clause(clause(sent, s0, e0), ctx, prev, prev_index, anchor)
            out += found
        return out
    split, speaker = _second_act_at(sent), None
    if split is None:
        split, speaker = _added_act_at(sent)
    if split is not None:  # "Israeli strikes killed five as Hezbollah fired rockets at the north"
        first = _assault_clause(clause(sent, 0, split), ctx, prev, prev_index, anchor)
        rest = clause(sent, split, len(sent.text))
        if speaker is not None:  # "..., the army said, adding that its jets struck the launchers": the speaker's act
            rest.actors.insert(0, replace(speaker, start=0, end=0))
        second = _assault_clause(rest, ctx, prev, prev_index, anchor)
        day = next(((e.date, e.date_precision, e.date_text) for e in first if e.date and e.date_precision == "day"), None)
        for e in second:
            if day is not None and (e.date is None or dated_by_report(e)):
                e.date, e.date_precision, e.date_text = day  # told as happening alongside the first act
                e.flags = [f for f in e.flags if not f.startswith("date_")] + ["date_same_sentence"]
        return first + second
    return _assault_clause(sent, ctx, prev, prev_index, anchor)


# "X struck A, as/while Y fired at B": a second act, with its own subject, told alongside the first
_ALONGSIDE = re.compile(r"(?:,\s*|\s+)(?:as|while|whereas|even\s+as)\s+|,\s+and\s+", re.I)
_SUBJECT_WITHIN = 30  # characters from the conjunction to the second clause's subject
_VERB_WITHIN = 60  # and from its subject to its attack verb


def _second_act_at(sent: Sentence) -> int | None:
    """Where a sentence's second clause starts, when it states another act by a party named as its subject."""
    trig = event_types().triggers["ASSAULT"]
    for m in _ALONGSIDE.finditer(sent.text):
        if not trig.search(sent.text, 0, m.start()):
            continue
        subject = next((a for a in sent.actors if m.end() <= a.start <= m.end() + _SUBJECT_WITHIN), None)
        if subject is None or belligerent(side_of(subject.actor)) is None or subject.adjective:
            continue
        if not _DETERMINERS_ONLY.fullmatch(sent.text, m.end(), subject.start):
            continue  # "as a result of which", "as reported by": no clause of its own starts here
        verb = trig.search(sent.text, subject.end, min(len(sent.text), subject.end + _VERB_WITHIN))
        if verb is None:
            continue
        if ((_ACTIVE_VERB.fullmatch(verb.group(0)) and _ADVERBS_ONLY.fullmatch(sent.text, subject.end, verb.start()))
                or _ANSWERED_WITH.fullmatch(sent.text, subject.end, verb.start())):
            return m.start()
    return None


# "..., the army said, adding that its jets struck the launchers": an act of the speaker's own forces, told after
_ADDED_ACT = re.compile(r",\s+(?:adding|saying)\s+(?:that\s+)?(?=(?:its|their)\s+(?:[\w\-]+\s+)?(?:forces|troops|jets|"
                        r"warplanes|aircraft|artillery|army|fighters|drones|soldiers|units)\b)", re.I)


def _added_act_at(sent: Sentence) -> tuple[int | None, ActorMention | None]:
    """Where a clause telling the speaker's own forces' act starts, and the speaker (a side's party named before)."""
    m = _ADDED_ACT.search(sent.text)
    trig = event_types().triggers["ASSAULT"]
    if m is None or not trig.search(sent.text, 0, m.start()) or not trig.search(sent.text, m.end(), m.end() + _VERB_WITHIN):
        return None, None
    speakers = [a for a in sent.actors if a.end <= m.start() and belligerent(side_of(a.actor)) is not None]
    return (m.start(), speakers[-1]) if speakers else (None, None)


_DETERMINERS_ONLY = re.compile(r"(?:(?:the|its|their|his|pro-\w+|[\w\-]+-(?:backed|aligned|linked|allied))\s+){0,2}", re.I)
_ADVERBS_ONLY = re.compile(r"\s+(?:(?:also|then|later|again|reportedly|itself|in\s+turn|fighters|forces|troops|militants|"
                           r"jets|warplanes|drones|aircraft)\s+){0,2}", re.I)
# "Hezbollah responded with a barrage of rockets": the answer's means (a noun) tells its act
_ANSWERED_WITH = re.compile(_ADVERBS_ONLY.pattern + r"(?:responded|retaliated|replied|hit\s+back)\s+with\s+(?:[\w\-]+\s+){0,3}",
                            re.I)
_ACTIVE_VERB = re.compile(r"[A-Za-z]+(?:ed|es|s|ing)\b.*|(?:hit|shot|struck|fought|sent)\b.*", re.I | re.S)


def _assault_clause(sent: Sentence, ctx: DocContext, prev: Event | None = None, prev_index: int = -9,
                    anchor: Event | None = None) -> list[Event]:
    relative = None
    after = P.AFTER_CLAUSE.search(sent.text)
    if after is None:
        after = relative = P.RELATIVE_ACT.search(sent.text)
        if relative is not None and P.ACT_NOUN_BEFORE.search(sent.text, 0, relative.start()):
            after = relative = None  # "a drone attack that targeted the base": the clause tells that act itself
    if after and after.start() > 20:
        main = clause(sent, 0, after.start())
        sub = clause(sent, after.start(), len(sent.text))
        if relative is not None and is_verbal_sentence(sent.text) and not sub.casualties and not sub.names_a_day():
            return _assault(main, ctx, prev=prev, prev_index=prev_index, anchor=anchor)  # "condemned the strike that hit X"
        if relative is not None:
            lead = main.text[max(0, len(main.text) - 60) :]
            agent = [a for a in main.actors if _fighting_side(a.actor)]
            if not sub.actors or not _fighting_side(sub.actors[0].actor):
                if agent:
                    sub.actors.insert(0, replace(agent[-1], start=0, end=0))
                elif isearch(r"militia|militant|fighters", lead):
                    mil = collective()
                    if mil:
                        sub.actors.insert(0, ActorMention(0, 0, "militia", mil))
            return _assault(main, ctx, prev=prev, prev_index=prev_index, anchor=anchor) + _assault(sub, ctx, background=True)
        if main.casualties and not event_types().triggers["ASSAULT"].search(main.text):
            # "Eight troops are being treated for brain injuries after a drone attack on Friday": the main clause tells
            # what the act of the clause did, not an act of its own
            return _assault(sent, ctx, prev=prev, prev_index=prev_index, anchor=anchor)
        if sub.casualties or any(p.place.kind != "country" or p.place.country in ctx.scope for p in sub.places):
            told = _assault(main, ctx, prev=prev, prev_index=prev_index, anchor=anchor)
            return told + _dated_back(_assault(sub, ctx, background=True), told, main.text)
        return _assault(main, ctx, prev=prev, prev_index=prev_index, anchor=anchor)
    return _assault(sent, ctx, prev=prev, prev_index=prev_index, anchor=anchor)


def _dated_back(earlier: list[Event], told: list[Event], main_text: str) -> list[Event]:
    """Acts of an "after" clause with no day of their own, dated back from the act told before the clause by the
    distance the text gives ("fired rockets on Wednesday, a day after an Israeli strike killed ...")."""
    gap = _DISTANCE_BEFORE.search(main_text)
    day = next((e for e in told if e.date and e.date_precision == "day"), None)
    if gap is None or day is None or day.date is None:
        return earlier
    back, precision = _distance(gap)
    for e in earlier:
        if e.date is None:
            e.date, e.date_precision = day.date - back, precision
            e.date_text = f"{gap.group(0).strip()} after {day.date_text or day.date.isoformat()}"
            e.flags = [f for f in e.flags if not f.startswith("date_")] + ["date_offset"]
    return earlier


def _distance(m: re.Match[str]) -> tuple[dt.timedelta, str]:
    """The time a "two days" / "a week" match stands for, and the precision of a day counted back by it."""
    n = parse_number(m.group("n")) or 1
    week = m.group("unit").lower().startswith("week")
    return dt.timedelta(days=n * (7 if week else 1)), "approximate" if week else "day"


_DISTANCE = r"\b(?P<n>a|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>days?|weeks?)"
_DISTANCE_BEFORE = re.compile(_DISTANCE + r"\s*$", re.I)  # "..., a day" (before "after ...")
# "..., a day after / two days after a drone killed ...": the act told in the clause, dated from the main clause's day
_DAYS_AFTER = re.compile(_DISTANCE + r"\s+after\s+(?:[\w\-.'’]+\s+){0,8}$", re.I)
_RESPONSIBLE_FOR = re.compile(r"\bresponsible\s+for\s+(?:[\w\-]+\s+){0,3}$", re.I)
# "pressure Israel to stop its attacks": acts to be ended, none told
_STOP_BEFORE = re.compile(r"\b(?:stop|halt|cease|end|ending|stopping|halting|ceasing|curb|curbing)\s+(?:its|their|the|his|"
                          r"all|these|such|further)?\s*(?:[\w\-]+\s+){0,2}$", re.I)
# "Hezbollah fired rockets ... in retaliation" (after the trigger): a response to the act told before
_OPENS_WITH_PART_OF_DAY = re.compile(r"\W*(?:(?:later|earlier|then)\s+)?(?:that|the\s+same)\s+(?:night|evening|morning|"
                                     r"afternoon)\b", re.I)
_BARE_RESPONSE = re.compile(r"\bin\s+(?:retaliation|response)(?!\s+(?:to|for)\b)", re.I)
# "... the base had been targeted": a definite site or act the sentence before told, with its day
_SITE_TOLD_BEFORE = re.compile(r"\bthe\s+(?:base|site|outpost|facility|compound|garrison|camp|airport|convoy|attack|"
                               r"strike|incident|explosions?|blasts?)\s+(?:had\s+been|was|were|came\s+under)\b", re.I)
# "any Israeli attack on Beirut would ...": no act in particular
_ANY_BEFORE = re.compile(r"\bany\s+(?:[\w\-.’']+\s+){0,2}$", re.I)
# "the strikes in southern Lebanon would continue": acts to come, said of the attack noun as the subject
_GOES_ON_AFTER = re.compile(r"(?:\s+(?:in|on|against|across|near|at|of|by)\s+[^,.;]{0,50}?)?\s+(?:will|would|shall)\s+"
                            r"(?:\w+\s+)?(?:continue|resume|go\s+on|intensify|escalate|expand|persist|increase)\b", re.I)
# "... if Washington kept up its raids": an act named in a condition, not one reported
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless)\s+(?:[\w\-’']+\s+){0,4}$", re.I)


def _no_act_told(text: str, t: re.Match[str]) -> bool:
    """Whether the trigger `t` names acts to come, asked for or supposed rather than one that happened: "will
    strike", "if Washington kept up its raids", "the strikes would continue", "any attack", "to stop its attacks"."""
    before = text[max(0, t.start() - 45) : t.start()]
    return bool(P.FUTURE.search(before[-40:].rstrip("'\"“‘ ") + " ") or _CONDITION_BEFORE.search(before)
                or _GOES_ON_AFTER.match(text, t.end()) or _ANY_BEFORE.search(before[-30:])
                or _STOP_BEFORE.search(before[-40:]))


def _assault(sent: Sentence, ctx: DocContext, background: bool = False, prev: Event | None = None,
             prev_index: int = -9, anchor: Event | None = None) -> list[Event]:
    """Candidate attacks stated in `sent`, each with the flags of what speaks against it being a new,
    reportable act (the rules drop flagged candidates; a trained decider weighs them instead)."""
    text = sent.text
    trig = list(event_types().triggers["ASSAULT"].finditer(text))
    if not trig:
        return []
    flags: list[str] = ["background"] if background else []
    if P.HEDGED.search(text):
        flags.append("hedged")
    if P.HISTORY.search(text) or _old_year_before(text, specific_start(trig, text), ctx.ref_date):
        flags.append("history")
    ret_text, ret_span = retaliation(text)

    def outside(x: object) -> bool:
        return ret_span is None or not (ret_span[0] <= x.start() < ret_span[1])  # type: ignore[attr-defined]

    specific = [t for t in trig if outside(t) and not _no_act_told(text, t)]
    if not specific:
        flags.append("future_or_earlier")
        specific = trig
    t0 = specific[0]
    usable = usable_dates(sent, ctx, ret_span)
    has_day = any(r.precision == "day" for _, r in usable) or _unresolved_day(sent, ctx, ret_span)
    places = [p for p in act_places(sent) if (ret_span is None or not (ret_span[0] <= p.start < ret_span[1]))
              and not _PLANNED_BEFORE.search(text[max(0, p.start - 60) : p.start])]
    rel = P.RELATIVE_BOUNDARY.search(text, t0.end())
    if rel:  # places named in a later relative clause belong to another act, when the main clause names one
        main_places = [p for p in places if p.start < rel.start()]
        if main_places:
            places = main_places
    precise_place = any(p.place.kind != "country" for p in places)
    in_date = [(m.start, m.end) for m, _ in sent.dates]  # "the February 3 strikes": a day, not a count
    generic = [g.span() for g in P.GENERIC.finditer(text) if not (P.SERIES.match(g.group(0)) and has_day)
               and not any(d0 <= g.start() < d1 for d0, d1 in in_date)]
    if generic and not has_day:
        flags.append("generic_undated")
    if P.HABITUAL.search(text) and not has_day:
        flags.append("habitual")  # "have long battled ..., launching sporadic attacks": a pattern, not an act
    if generic and (P.DEFINITE_REF.match(text) or all(any(g0 <= t.start() < g1 + 12 for g0, g1 in generic) or
                                                     P.ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)):
        flags.append("series")  # a series or a comparison with one ("the deadliest of some 90 attacks"), not one act
    elif any(all(a0 <= t.start() < a1 for t in specific) for a0, a1 in (m.span() for m in P.PARTITIVE_ACTS.finditer(text))):
        flags.append("series")  # "most of those attacks caused no injuries": a share of many acts
    big_toll = any(c.range.low is not None and c.range.low >= 100 for c in sent.casualties)
    total = P.AGGREGATE.search(text)
    if total and has_day and sent.casualties and _ONE_TOTAL.fullmatch(total.group(0)):
        total = None  # "a total of 47 were wounded in the Jan. 28 attack": one act's toll, summed
    if total or (big_toll and (not has_day or _SINCE.search(text))):
        flags.append("aggregate")  # a running count or a war's toll ("attacked ... 6,124 times", "as of July, 366 killed")
    nouns_only = all(P.ASSAULT_NOUN_ONLY.match(t.group(0)) for t in specific)
    if nouns_only and not has_day and not precise_place and not sent.casualties:
        flags.append("bare_noun")
    if not (has_day or precise_place or sent.casualties or sent.index < 3 or P.WEAPON_ACT.search(text)):
        flags.append("unanchored")
    if (P.CLAIM.search(text) or P.BLAME.search(text)) and not has_day and not sent.casualties and all(
        re.search(r"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){0,2}$", text[max(0, t.start() - 30) : t.start()])
        for t in specific
    ):
        flags.append("claim_of_reported")  # "X claimed the attack": a claim about an act already reported
    elif not has_day and _RESPONSIBLE_FOR.search(text[max(0, t0.start() - 40) : t0.start()]):
        flags.append("claim_of_reported")  # "the commander had been responsible for rocket fire on ...": past acts named
    named = [a for a in sent.actors if a.actor.kind not in ("group", "state")]
    if _TOLL_UPDATE.search(text):
        flags.append("toll_update")  # "the number of martyrs in the strike rose to 12": the act already reported
    if P.DEFINITE_REF.match(text):
        flags.append("definite")  # "The strikes ...": the act may be one already reported
    elif P.ANOTHER_ACT.search(text[: t0.start()]):
        flags.append("another_act")  # "In a separate strike ...": not the act just reported
    if P.DEFINITE_REF.match(text) and not has_day and not sent.casualties and not precise_place and not named:
        flags.append("refers_back")  # "The strike was the second on the town ...": an act already reported
    own_day = any(r.precision == "day" and not _DAY_OF_ACT_NOUN.match(text, m.end) and not _DAY_OF_SPEECH.match(text, m.end)
                  for m, r in usable)
    if (not own_day or _DAY_OF_STATEMENT.search(text[: t0.start()])) and not sent.casualties and _tells_a_statement(sent) \
            and P.DEFINITE_NOUN.search(text):
        flags.append("statement_object")  # "condemned the strike": the statement's object, reported elsewhere
    elif not sent.casualties and all(P.ASSAULT_NOUN_ONLY.match(t.group(0)) and P.STATEMENT_ABOUT.search(text[: t.start()])
                                     for t in specific):
        flags.append("statement_object")  # "met on Sunday to discuss attacks on U.S. troops": what was discussed
    roles = assault_roles(sent, t0.start(), t0.end(), ret_span, ctx.parse)
    actor, target = roles.actor, roles.target
    if roles.actor_span is not None and belligerent(side_of(actor)) is not None:
        a0, a1 = roles.actor_span  # "Israel conducted an airstrike on ...": the country named is the attacker
        places = [p for p in places if not (p.place.kind == "country" and a0 <= p.start < a1)]
    if actor is None and target is None and prev is not None and P.DEFINITE_NOUN.search(text):
        lex = actor_lexicon()  # "the raid killed four guards": the act just reported
        actor, target = lex.get(prev.actor or ""), lex.get(prev.target or "")
        flags.append("roles_from_previous")
    elif actor is None and prev is not None and prev.actor and P.DEFINITE_REF.match(text) and (
            target is None or canon(target) == prev.target):
        actor = actor_lexicon().get(prev.actor)  # "The strikes targeted the air base ...": the act just reported
        flags.append("roles_from_previous")
    for a in (actor, target):
        if out_of_scope(a) and not ctx.open_scope:
            return []
    if verbal_only(actor) and not ctx.open_scope:
        return []  # a party whose strikes are another conflict's (Iran's in israel-hezbollah)
    if verbal_only(target):
        target = None
    if target is None:
        target = default_target(sent, actor, places, ret_span)
        if target is not None:
            flags.append("default_target")
    if target is None:
        target = _forces_named_before(sent, ctx, actor)
        if target is not None:
            flags.append("target_from_previous")
    if actor is not None and target is not None and side_of(actor) == side_of(target):
        flags.append("same_side")
        target = None
    if actor is None and target is None and not ctx.open_scope:
        flags.append("no_roles")
    if ret_span is None and isearch(r"\bretaliat\w+\s+(?:strike|attack|air)", text):
        ret_text = "an earlier attack (retaliatory strike)"
    killed, injured = casualty_ranges(sent, ret_span)
    countries = []
    for p in places:
        if p.place.country in ctx.scope and p.place.country not in countries:
            countries.append(p.place.country)
    if not countries and target is not None and target.kind == "state" and target.country in ctx.scope:
        countries = [target.country]  # "a strike on Iraq"
    if not countries and not precise_place and prev is not None and (P.DEFINITE_REF.match(text) or (
            sent.index == prev_index + 1 and not _home_of(actor, prev.country))):
        countries = [prev.country] if prev.country else []
        if countries:
            flags.append("country_from_previous")
    if not countries and ctx.open_scope:
        countries = list(dict.fromkeys(p.place.country for p in places)) or [""]
    if not countries and not places and target is not None:
        held = belligerent(side_of(target))  # an unplaced act on a side's forces: in that side's territory
        territory = [c for c in (held.territory if held else ()) if c in ctx.scope]
        if len(territory) == 1:
            countries = territory
            flags.append("country_from_target")
    if not countries and not places and actor is not None:
        struck = active_profile().opponent(side_of(actor))  # an unplaced act by a side: in the territory of the
        territory = [c for c in (struck.territory if struck else ()) if c in ctx.scope]  # side it fights
        if len(territory) == 1:
            countries = territory
            flags.append("country_from_actor")
    if not countries and places and not ctx.open_scope:
        return []  # the act is placed, outside the profile's scope ("a drone strike on a naval base near Haifa")
    if not countries:
        adjective = adjective_country(text, ctx.scope)  # "at an Iraqi air base"
        if adjective is not None:
            countries = [adjective]
            flags.append("country_from_adjective")
    if not countries:
        home = ctx.main_country()
        if home is not None:
            countries = [home]
            flags.append("country_from_report")
    if not countries:
        near = _country_named_before(sent, ctx)  # the country the report was just speaking of
        if near is None:
            return []
        countries = [near]
        flags.append("country_from_context")
    date, precision, date_text = pick_date(sent, t0.start(), ctx, verbal=False, ret_span=ret_span)
    date_from = "sentence" if date is not None else ""
    before_act = _DAYS_AFTER.search(text[: t0.start()])
    if date is not None and before_act and not any(m.start >= before_act.end() for m, _ in usable):
        # "X demanded on Monday ..., a day after a U.S. drone killed ...": the act that many days before the day told
        back, counted = _distance(before_act)
        date = date - back
        date_text = f"{before_act.group(0).strip()} {date_text or ''}".strip()
        precision = "approximate" if counted == "approximate" else precision
        flags.append("days_before_told")
    if date is None:
        date, precision, date_text = offset_date(text, anchor or prev, ctx.ref_date)
        date_from = "offset" if date is not None else ""
    if date is None and prev is not None and prev.date and _CONTINUES.match(text):
        date, precision, date_text = prev.date, prev.date_precision, prev.date_text  # "It also targeted ..."
        date_from = "continues"
    same_day = P.SAME_DAY.search(text) or _OPENS_WITH_PART_OF_DAY.match(text)  # "That evening, rockets rained on ..."
    if date is None and prev is not None and same_day and "claim_of_reported" not in flags:
        day_of = prev if prev.date_precision == "day" or anchor is None else anchor  # the last act told with its day
        date, precision, date_text = day_of.date, day_of.date_precision, same_day.group(0)
        date_from = "same_day"
    if date is None and prev is not None and P.DEFINITE_REF.match(text) and countries == [prev.country]:
        date, precision, date_text = prev.date, prev.date_precision, prev.date_text
        date_from = "previous"
    if (date is None and prev is not None and prev.date and not background
            and (P.RET_WORD.search(text[: t0.start()]) or _BARE_RESPONSE.search(text, t0.end()))
            and not _NOT_ONE_DAY.intersection(flags)):
        # "Hezbollah responded by launching rockets": bounded from below by the act answered (GUIDE §4), approximately
        date, precision, date_text = prev.date, "approximate", f"in response to the act of {prev.date.isoformat()}"
        date_from = "answer_bound"
    if date is None and not background and sent.index > 0 and _SITE_TOLD_BEFORE.search(text[: t0.end() + 40]):
        told = [r for _, r in ctx.sentences[sent.index - 1].dates if r is not None and r.precision == "day"]
        if len({r.date for r in told}) == 1:  # "Explosions rocked a base on Tuesday. ... the base had been targeted"
            date, precision, date_text = told[0].date, "day", told[0].text
            date_from = "previous_sentence"
    if date is None and ctx.ref_date and sent.index < 2 and not background and not P.RET_WORD.search(text[: t0.start()]):
        date, precision, date_text = ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
        date_from = "published"
    current = prev is None or prev.date is None or abs((ctx.ref_date - prev.date).days) <= 3 if ctx.ref_date else False
    if date is None and ctx.ref_date and current and not background and _OWN_CLAIM.search(text[: t0.end() + 1]):
        date, precision, date_text = ctx.ref_date, "approximate", "claimed, reported " + ctx.ref_date.isoformat()
        date_from = "claim_published"  # "X said it fired rockets at ...": a claim reported as current news
    if precision == "day" and date_from == "sentence" and _AFTERMATH.search(text[: t0.start()]) and _visits_day(
            text, t0.end(), date_text):
        precision = "approximate"  # "survey the rubble of a U.S. air strike ..., on March 1": the visit's day
        flags.append("aftermath")
        if date is not None and ctx.ref_date is not None and (ctx.ref_date - date).days >= 2:
            flags.append("archive_picture")  # the aftermath of an act days before the report: an archive caption
    flags.append("date_" + (date_from or "none"))
    mode_text = text if ret_span is None else text[: ret_span[0]] + " " * (ret_span[1] - ret_span[0]) + text[ret_span[1] :]
    mode = weapon_mode(mode_text[max(0, t0.start() - 60) :], actor)
    days = _coordinated_days(text, usable, date) if precision == "day" else []
    dated = [(d.date, "day", d.text) for _, d in days] if len(days) > 1 else [(date, precision, date_text)]
    # "targeted X on Saturday and Y on Sunday": each day's act at the places named with it
    own_places = _places_by_day(days, places) if len(days) > 1 else [places] * len(dated)
    events = []
    split = _split_flags(countries, places, t0.start()) if len(countries) > 1 else {}
    for country in countries:
        for (day, prec, day_text), at in zip(dated, own_places, strict=True):  # one act a day (GUIDE §2)
            loc = location_in(at, country) if any(p.place.country == country for p in at) else location_in(places, country)
            ev = Event(
                doc_id=ctx.doc_id, event_type="ASSAULT", date=day, date_precision=prec,
                actor=canon(actor), target=canon(target), location=loc,
                evidence=Evidence(text, sent.start, sent.start + len(text)),
                mode=mode, fatalities=_share(killed, len(countries) * len(dated)),
                injured=_share(injured, len(countries) * len(dated)),
                retaliation_for=ret_text, date_text=day_text,
                confidence=_confidence(has_day, precise_place, actor is not None, target is not None),
                flags=list(flags) + (["several_days"] if len(dated) > 1 else []) + split.get(country, []),
                trigger=(sent.start + t0.start(), sent.start + t0.end()),
            )
            events.append(ev)
    return events


def _split_flags(countries: list[str], places: list[PlaceMention], at: int) -> dict[str, list[str]]:
    """How each country of an act read in several relates to the trigger: the first named or a later one, the one
    named nearest the trigger, the only one named by a place more precise than the country (for the decider)."""
    out: dict[str, list[str]] = {}
    dist = {c: min((abs(p.start - at) for p in places if p.place.country == c), default=10**6) for c in countries}
    nearest = min(countries, key=lambda c: dist[c])
    precise = {c for c in countries if any(p.place.country == c and p.place.kind != "country" for p in places)}
    for i, c in enumerate(countries):
        flags = ["split_first" if i == 0 else "split_later"]
        if c == nearest:
            flags.append("split_nearest")
        if c in precise and len(precise) < len(countries):
            flags.append("split_only_precise")
        out[c] = flags
    return out


def specific_start(trig: list[re.Match[str]], text: str) -> int:
    """Where the first trigger not under a future word begins."""
    return next((t.start() for t in trig if not P.FUTURE.search(text[max(0, t.start() - 30) : t.start()])), trig[0].start())


def _old_year_before(text: str, at: int, ref: dt.date | None) -> bool:
    """"the 1983 bombing", "the 2006 war": an act the report names by a year at least two before its own."""
    m = _YEAR_BEFORE.search(text[max(0, at - 30) : at])
    return bool(m and ref is not None and int(m.group(1)) <= ref.year - 2)


_YEAR_BEFORE = re.compile(r"\b(?:the|a|its|their)\s+((?:19|20)\d\d)\s+(?:[\w\-]+\s+){0,2}$", re.I)
# "planning an attack on northern Israel": the place of an act to come, not of the one reported
_PLANNED_BEFORE = re.compile(r"\b(?:plann?(?:ed|ing)|plott(?:ed|ing)|prepar(?:ed|ing)|intend(?:ed|ing))\s+(?:an?\s+|to\s+\w+\s+)?"
                             r"(?:[\w\-]+\s+){0,2}(?:attacks?|strikes?|assaults?|raids?|invasion|offensive|operations?)?\s*"
                             r"(?:on|against|in|into|inside)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$", re.I)


def _home_of(actor: object, country: str | None) -> bool:
    """Whether `country` is the territory of the actor's own side (where the profile gives one): a side does
    not strike there, so an act by it is not placed there by the act reported before it."""
    side = belligerent(side_of(actor))  # type: ignore[arg-type]
    return side is not None and country in side.territory


# What people do after an act (a caption's "inspect the site of", "attend the funeral of ... after"): the day
# stated is theirs, on or after the act's
_AFTERMATH = re.compile(
    r"\b(?:inspect\w*|survey\w*|examin\w*|clear\w*|visit\w*|walk\w*\s+(?:through|past|among)|stand\w*\s+(?:at|on|in))\s+"
    r"(?:the\s+)?(?:site|scene|rubble|wreckage|remains|damage|debris|ruins)\b"
    r"|\b(?:funerals?|burials?|mourn\w*|aftermath|wreckage|rubble|debris)\b", re.I)
# a statement verb with its day right before the act it is about: "condemned on Monday the Israeli strike"
_DAY_OF_STATEMENT = re.compile(r"\b(?:condemn|denounc|decr|criticiz|criticis|protest|reject|warn|vow)\w*\s+(?:on\s+)?"
                               r"(?:\w+day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2})\b[^.;]*$", re.I)
# "called Sunday's strikes an aggression": a day that names the act a statement is about, not one it tells
_DAY_OF_ACT_NOUN = re.compile(r"['’]s\s+(?:[\w\-]+\s+){0,2}?(?:strikes?|attacks?|raids?|bombings?|assaults?|air\s*strikes?|"
                              r"shelling|aggression)\b", re.I)
# "the spokesman on Monday called ...": the statement's own day
_DAY_OF_SPEECH = re.compile(r"\s*,?\s*(?:called|said|says|described|condemned|denounced|told|warned|vowed|stated|announced|"
                            r"accused|blamed|criticized|criticised|rejected|demanded|urged)\b", re.I)
_ONE_TOTAL = re.compile(r"a\s+total\s+of|in\s+total", re.I)


def _visits_day(text: str, trigger_end: int, date_text: str | None) -> bool:
    """Whether the day of an aftermath sentence is the visit's: told before the act, or set off from it by a comma
    ("survey the rubble of a U.S. air strike, in Hilla, on March 1"), not attached to it ("killed in a strike on
    Monday")."""
    if not date_text:
        return False
    at = text.find(date_text, trigger_end)
    return at < 0 or "," in text[trigger_end:at]


# "It also targeted ...", "The group also fired ...": the same actor's act, told on, in the same report of the day
_CONTINUES = re.compile(r"^\W*(?:it|they|the\s+(?:group|movement|militia|army|military))\s+also\s+"
                        r"(?:fired|launched|targeted|attacked|struck|hit|shelled|bombed)\b", re.I)
_OWN_CLAIM = re.compile(
    r"\b(?:said|says|announced|claimed|stated)\s+(?:in\s+a\s+statement\s+)?(?:that\s+)?(?:it|they|its\s+fighters)\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:launched|fired|targeted|attacked|struck|hit|carried\s+out|conducted|shot)\b", re.I)
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|war|conflict|january|february|march|april|may|june|"
                    r"july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|\d)",
                    re.I)  # "around 600 people had been killed since October": a toll over a period


_COORDINATION = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)?\s*(?:then\s+|again\s+|also\s+)?(?:on\s+)?$", re.I)


# "... on Saturday and the Y base with rockets on Sunday": a second object of the same verb, with its own day
_COORDINATED_OBJECT = re.compile(
    r"^\s*,?\s*and\s+(?:then\s+|again\s+|also\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?![^,;.]*\b(?:after|before|following|since|when|while|which|that|who|whose|response|retaliat\w*|said|says|"
    r"was|were|had|has|have)\b)[^,;.]{1,60}?\s+(?:early\s+|late\s+)?on\s+$", re.I)


def _coordinated_days(text: str, usable: list[tuple[DateMention, ResolvedDate]],
                      picked: dt.date | None) -> list[tuple[DateMention, ResolvedDate]]:
    """The days coordinated with the one picked ("on May 4 and 5, and again on June 9", "X on May 4 and Y on
    May 5"): the run of day dates, joined by commas and 'and' (or a second object), that holds it."""
    days = sorted(((m, r) for m, r in usable if r.precision == "day"), key=lambda x: x[0].start)
    run: list[tuple[DateMention, ResolvedDate]] = []
    for m, r in days:
        between = text[run[-1][0].end : m.start] if run else ""
        if run and not (_COORDINATION.match(between) or _COORDINATED_OBJECT.match(between)):
            if any(x[1].date == picked for x in run):
                break
            run = []
        run.append((m, r))
    if not any(r.date == picked for _, r in run):
        return []
    out: list[tuple[DateMention, ResolvedDate]] = []
    for m, r in run:
        if r.date not in [o.date for _, o in out]:
            out.append((m, r))
    return out


def _places_by_day(days: list[tuple[DateMention, ResolvedDate]], places: list[PlaceMention]) -> list[list[PlaceMention]]:
    """For each of several coordinated days, the places named after the day before it and up to it."""
    out = []
    start = 0
    for m, _ in days:
        out.append([p for p in places if start <= p.start < m.start])
        start = m.end
    return out


def _unresolved_day(sent: Sentence, ctx: DocContext, ret_span: tuple[int, int] | None) -> bool:
    """A report with no publication date that names the day of an act ("Israeli airstrike 11 June killed ..."):
    the day cannot be resolved to a date (no year, GUIDE §4), but the act is still one dated act, not a series."""
    if ctx.ref_date is not None:
        return False
    return any(r is None and m.kind == "month_day" and not (ret_span and ret_span[0] <= m.start < ret_span[1])
               and not bounds_a_period(sent.text, m.start) for m, r in sent.dates)


def _date_current_news(events: list[Event], ctx: DocContext, lead_sentences: int = 5) -> None:
    """GUIDE §4: an act the report presents as current news with no day of its own is dated by the
    publication, approximately. An undated attack stated in the report's lead, in a sentence with no
    background cue ("after", "previously", "last month", a relative clause), is read so; one further down,
    on or after the act told last before it (approximately its day); one cited as background keeps no date."""
    if ctx.ref_date is None or not ctx.sentences:
        return
    lead_end = ctx.sentences[min(lead_sentences, len(ctx.sentences)) - 1].end
    told = sorted((e for e in events if e.date is not None and e.event_type == "ASSAULT"), key=lambda e: e.evidence.start)
    for e in events:
        if e.date is not None or e.event_type != "ASSAULT" or _BACKGROUND.search(e.evidence.text) or "background" in e.flags:
            continue
        if e.evidence.start < lead_end:
            e.date, e.date_precision, e.date_text = ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()
            continue
        # an act told later without a day, not as background: on or after the act the report told last before it
        # (GUIDE §4: bounded from below), or the publication day where none was
        before = [b for b in told if b.evidence.start < e.evidence.start]
        if before:
            e.date, e.date_precision = before[-1].date, "approximate"
            e.date_text = f"told after the act of {before[-1].date.isoformat()}"  # type: ignore[union-attr]
        else:
            e.date, e.date_precision, e.date_text = ctx.ref_date, "approximate", "reported " + ctx.ref_date.isoformat()


_BACKGROUND = re.compile(r"\b(?:after|following|since|previous(?:ly)?|earlier|last\s+(?:week|month|year)|recent|"
                         r"(?:another|similar)\s+(?:[\w\-]+\s+){0,2}(?:attacks?|strikes?|assaults?|raids?|bombings?|incidents?)|"
                         r"had\s+(?:been\s+)?\w+ed|which|that\s+(?:killed|wounded|injured)|in\s+the\s+past)\b", re.I)


def _country_named_before(sent: Sentence, ctx: DocContext, back: int = 2) -> str | None:
    """The one scope country named in the `back` sentences before `sent` (the latest that names any)."""
    for prev in reversed(ctx.sentences[max(0, sent.index - back) : sent.index]):
        named = {p.place.country for p in prev.places if p.place.country in ctx.scope}
        if len(named) == 1:
            return named.pop()
        if named:
            return None
    return None


# victims named by a bare noun for forces ("three soldiers died"), and that noun after a party's name before
_BARE_FORCES = caseless(r"\b(?:soldiers|troops|service\s*members|servicemen|personnel|sailors|marines)\b")
_FORCES_AFTER = caseless(r"\s+(?:[\w\-]+\s+)?(?:soldiers|troops|service\s*members|servicemen|personnel|sailors|marines|forces)\b")


def _tells_a_statement(sent: Sentence) -> bool:
    """Whether a sentence reports a statement: a statement trigger, or a speech verb with an accusation ("called
    Sunday's strikes an aggression"), not a party's report of its own act ("said it launched rockets")."""
    text = sent.text
    return is_verbal_sentence(text) or bool(
        P.SPEECH.search(text) and event_types().broad["ACCUSE"].search(text)
        and not any(P.SELF_REPORT.match(text[a.end : a.end + 60]) for a in sent.actors))


def _forces_named_before(sent: Sentence, ctx: DocContext, actor: Actor | None) -> Actor | None:
    """The party whose forces the sentence before named, when this one's victims are forces of no named party
    ("U.S. service members had been killed ... Three soldiers died when a drone hit their quarters")."""
    if not sent.casualties or not _BARE_FORCES.search(sent.text) or not 0 < sent.index <= len(ctx.sentences):
        return None
    prev = ctx.sentences[sent.index - 1]
    named = [a.actor for a in prev.actors if (_BARE_FORCES.search(a.text) or a.adjective and _FORCES_AFTER.match(prev.text, a.end))
             and belligerent(side_of(a.actor)) is not None and side_of(a.actor) != side_of(actor)]
    return named[-1] if named else None


def _fighting_side(a: object) -> bool:
    """Whether an actor belongs to a side of the profile that is not a state's (the agent of
    "the militia that fired ...")"""
    side = belligerent(side_of(a))  # type: ignore[arg-type]
    rep = actor_lexicon().get(side.representative) if side else None
    return rep is not None and rep.kind != "state"


def _share(figure: Range | None, n_countries: int) -> Range | None:
    """A figure for an act in several countries cannot be split between them, unless it is zero."""
    if n_countries == 1 or (figure is not None and figure.low == 0 and figure.high == 0):
        return figure
    return None


def _confidence(day: bool, place: bool, actor: bool, target: bool) -> float:
    return round(0.35 + 0.15 * day + 0.15 * place + 0.2 * actor + 0.15 * target, 2)


_TOLL_UPDATE = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|killed|martyrs|victims|casualties|wounded|injured))\s+"
    r"(?:[\w\-’']+\s+){0,14}?(?:rose|rises|has\s+risen|had\s+risen|climbed|increased|reached|jumped)\b", re.I)

_NOT_ONE_ACT = frozenset({"aggregate", "series", "generic_undated", "history"})
# readings that tell no one act on a day: a response among them is not dated from the act answered
_NOT_ONE_DAY = frozenset({"aggregate", "series", "generic_undated", "bare_noun", "habitual"})

# Flags the rules treat as disqualifying: a candidate with any of them is not reported (in rules mode).
RULE_DROP = frozenset({
    "hedged", "history", "future_or_earlier", "generic_undated", "habitual", "series", "bare_noun", "unanchored",
    "claim_of_reported", "refers_back", "statement_object", "same_side", "no_roles",
    "denial", "outranked", "posture", "no_speaker_verb", "hypothetical", "generic_speaker", "broad_trigger",
    "extra_target", "later_trigger", "aggregate", "answered",
}) | VERBAL_DROP


# Flags that disqualify a candidate whatever a trained model says: GUIDE §1–§2 exclude these readings
# (unconfirmed, history, the future, a generic series, a count), and the annotated reports hold (almost) no
# act read so. Only the other flags are weighed by the decider.
HARD_DROP = frozenset({
    "hedged", "history", "future_or_earlier", "series", "bare_noun", "unanchored", "statement_object",
    "denial", "outranked", "hypothetical", "aggregate", "archive_picture",
})


def hard_drop(ev: Event) -> bool:
    return any(f in HARD_DROP for f in ev.flags)


def rule_drop(ev: Event) -> bool:
    return any(f in RULE_DROP for f in ev.flags)


def propose(ctx: DocContext) -> list[Event]:
    """Every candidate event of a document, in text order, flagged (see RULE_DROP)."""
    events: list[Event] = []
    kept: list[Event] = []
    told: list[tuple[Event, int]] = []  # attacks passing the rules, with their sentence's index
    anchor: Event | None = None  # the last act kept with its day: what offsets ("the day before") count from
    for sent in ctx.sentences:
        last, last_index = _antecedent(sent, told)
        found = assault_events(sent, ctx, last, last_index, anchor)
        passing = [e for e in found if not rule_drop(e)]
        if passing:
            told.append((passing[-1], sent.index))
        events.extend(found)
        kept.extend(passing)
        accepted = acceptance_events(sent, ctx)
        verbal = replace_readings(verbal_events(sent, ctx, kept), accepted) + accepted
        events.extend(verbal)
        said = [e for e in verbal if not rule_drop(e)]
        kept.extend(said)
        anchor = next((e for e in reversed(passing + said) if e.date and e.date_precision == "day"), anchor)
    return events


_ANTECEDENT_REACH = 6  # attacks told before, looked back over for the one a definite mention names


def _antecedent(sent: Sentence, told: list[tuple[Event, int]]) -> tuple[Event | None, int]:
    """The act a sentence's definite mention refers back to: the last one told, unless the mention names a weapon
    ("the rocket attack") another recent act was told with and the last one was not."""
    if not told:
        return None, -9
    last = told[-1]
    ref = P.DEFINITE_NOUN.search(sent.text)
    mode = event_types().first_mode(ref.group(0)) if ref else None
    if mode is None or last[0].mode in (None, mode[0]):
        return last
    return next((t for t in reversed(told[-_ANTECEDENT_REACH:]) if t[0].mode == mode[0]), last)


def finish(events: list[Event], ctx: DocContext, unreported: list[Event] | None = None) -> list[Event]:
    """The document-level passes over the candidates kept: follow-up figures, claims, scope, merging; the
    figures of `unreported` candidates (dropped as events of their own) go to the events they are readings of."""
    events = attach_followup_figures(events, ctx)
    attach_claims(events, ctx)
    attach_discourse_actors(events, ctx)
    events = [e for e in events if _in_scope(e, ctx)]
    # a mention of a reported act (a headline, "the attack ..."), not a series, a count or history
    donors = [e for e in unreported or [] if _in_scope(e, ctx) and not (set(e.flags) & HARD_DROP - {"bare_noun", "statement_object"})
              and not set(e.flags) & _NOT_ONE_ACT]
    donate_dates(events, donors)
    merged = fold_statements(merge_events(events))
    _date_current_news(merged, ctx)
    donate_figures(merged, donors)
    donate_actors(merged, donors)
    return [e for e in merged if ctx.open_scope or not _third_party_hit_by_no_side(e)]


def _third_party_hit_by_no_side(e: Event) -> bool:
    """GUIDE §1: an attack belongs to the conflict when a side made it or was hit; a third party's state forces
    (an army, a police) hit by no known side do not ("an army checkpoint came under fire"). Civilians hit by an
    unnamed attacker stay: reports leave the attacker of fire on civilians unnamed where it is plain ("a rocket
    fired from Lebanon struck a football pitch")."""
    if e.event_type != "ASSAULT" or e.actor is not None or e.target is None:
        return False
    target = actor_lexicon().get(e.target)
    return target is not None and target.kind in ("state", "state_forces") and belligerent(side_of(target)) is None


def extract_events(ctx: DocContext, keep: Callable[[list[Event], DocContext], list[Event]] | None = None) -> list[Event]:
    """Events of a document: candidates proposed, then kept by `keep` (default: the rules' own flags)."""
    candidates = propose(ctx)
    open_ = [e for e in candidates if not hard_drop(e)]
    kept = keep(open_, ctx) if keep is not None else [e for e in open_ if not rule_drop(e)]
    chosen = {id(e) for e in kept}
    return finish(kept, ctx, [e for e in candidates if id(e) not in chosen])


def _civilians(name: str | None) -> bool:
    a = actor_lexicon().get(name or "")
    return a is not None and a.kind == "civilians"


def _in_scope(e: Event, ctx: DocContext) -> bool:
    if ctx.open_scope:
        return True
    if e.country is None:
        return False
    if e.event_type == "ASSAULT" and e.country not in ctx.scope:
        return False
    if (e.event_type == "ASSAULT" and e.country in active_profile().party_targets_only
            and belligerent(side_of(actor_lexicon().get(e.target or ""))) is None):
        return False  # a country where only attacks on the sides' parties belong to the conflict
    if e.event_type != "ASSAULT" and _civilians(e.target):
        return False  # warnings and evacuation orders addressed to civilians are not acts against a side
    if e.date and ctx.ref_date and e.date < ctx.ref_date - dt.timedelta(days=365):
        return False  # history the report only cites
    return True
