"""Who did it and to whom: trained role choice over the parties a sentence names.

Every actor mention of a candidate's sentence is an option for its actor and for its target; a
logistic regression scores each option for each role from where the mention stands relative to
the trigger, the words around it and its kind (never its name). The best option above the model's
threshold takes the role; otherwise the rules' own reading stands (and for a target the profile's
default-target rules). Options are described by the same masked language as the decider's
features (flashpoint.nlp.features).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from flashpoint.nlp import patterns as P
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.event_roles import cited_as_source, harmed_after, locative_state
from flashpoint.nlp.features import masked_tokens, quote_open, sentence_of
from flashpoint.nlp.records import Event
from flashpoint.nlp.sides import belligerent, canon, out_of_scope, represented, side_named, verbal_only
from flashpoint.ontology.actors import ActorMention

if TYPE_CHECKING:
    from flashpoint.nlp.decider import LinearModel

_WORD = re.compile(r"[A-Za-z][\w'’\-]*|\d+|[,;:()\"“”]")


@dataclass(frozen=True)
class Option:
    mention: ActorMention
    name: str  # canonical name (what the event would record)


def options(ev: Event, sent: Sentence) -> list[Option]:
    """The parties named in the candidate's sentence, one option per mention (out-of-scope parties left out)."""
    out = []
    for a in sent.actors:
        if out_of_scope(a.actor) or (ev.event_type == "ASSAULT" and (verbal_only(a.actor) or locative_state(a, sent.text))):
            continue
        name = canon(a.actor)
        if name:
            out.append(Option(a, name))
    return out


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


def option_features(ev: Event, sent: Sentence, opts: list[Option], k: int) -> dict[str, float]:
    """Features of option k of a candidate for the actor and the target roles."""
    o = opts[k]
    m = o.mention
    text = sent.text
    group = "A" if ev.event_type == "ASSAULT" else "V"
    f: dict[str, float] = {}

    def on(name: str) -> None:
        f[name] = 1.0
        f[f"{group}|{name}"] = 1.0

    on("bias")
    t0, t1 = (ev.trigger[0] - sent.start, ev.trigger[1] - sent.start) if ev.trigger else (0, 0)
    before = m.end <= t0
    on("pos=" + ("before" if before else "after" if m.start >= t1 else "inside"))
    between = text[m.end : t0] if before else text[t1 : m.start]
    gap = len(_words(between))
    on(f"gap={_bucket(gap, (0, 2, 5, 10))}")
    same_side = [x for x in opts if x.mention.end <= t0] if before else [x for x in opts if x.mention.start >= t1]
    ranked = sorted(same_side, key=lambda x: abs((t0 - x.mention.end) if before else (x.mention.start - t1)))
    rank = next(i for i, x in enumerate(ranked) if x is o) if o in ranked else 9
    on(f"rank={min(rank, 3)}")
    on(f"{'before' if before else 'after'}_rank={min(rank, 3)}")
    first = min(opts, key=lambda x: x.mention.start)
    if first is o:
        on("first_in_sentence")
    on(f"kind={m.actor.kind}")
    side = side_named(o.name)
    on("role=" + ("side" if belligerent(side) else "unknown" if side == "unknown" else "third"))
    if m.adjective:
        on("adjective")
    tokens = masked_tokens(sent, _WORD)
    pre = [w for s, _, w in tokens if m.start - 40 <= s and s < m.start][-2:]
    post = [w for s, e, w in tokens if m.end <= s and e <= m.end + 40][:2]
    if pre:
        on(f"p1={pre[-1]}")
    if len(pre) > 1:
        on(f"p2={pre[0]} {pre[1]}")
    if post:
        on(f"n1={post[0]}")
    if len(post) > 1:
        on(f"n2={post[0]} {post[1]}")
    for name, pat in (("agent", P.AGENT), ("object", P.OBJECT), ("passive", P.PASSIVE)):
        if pat.search(text[max(0, m.start - 40) : m.start]):
            on(f"{name}_before")
    if P.SPEAKER_AFTER.match(text[m.end : m.end + 40]):
        on("speaker_after")
    if P.ATTACK_NOUN_AFTER.match(text[m.end : m.end + 40]):
        on("attack_noun_after")
    if P.passive_trigger(text, t0, t1):
        on("passive_trigger" + ("_before" if before else "_after"))
    if quote_open(text, m.start):
        on("in_quote")
    if re.search(r",\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,4}$", text[max(0, m.start - 40) : m.start]):
        on("apposition")
    if any(c.start <= m.start <= c.end + 25 for c in sent.casualties) or harmed_after(text, m.end):
        on("victim")
    if cited_as_source(text, m.start):
        on("cited_source")
    if ev.event_type == "ASSAULT" and P.hosted(text, m.start, m.end):
        on("hosted")
    if ev.actor and canon_eq(ev.actor, o.name):
        on("rule_actor")
    if ev.target and canon_eq(ev.target, o.name):
        on("rule_target")
    if ev.actor and side_named(ev.actor) == side and not canon_eq(ev.actor, o.name):
        on("side_of_rule_actor")
    others = {side_named(x.name) for x in opts if x is not o}
    if side not in others:
        on("only_of_its_side")
    return f


def canon_eq(a: str | None, b: str | None) -> bool:
    return bool(a) and a == b


def assign_roles(candidates: list[Event], ctx: DocContext, actor_model: LinearModel | None,
                 target_model: LinearModel | None) -> None:
    """Re-read the actor and target of each candidate with the trained role models (in place)."""
    from flashpoint.nlp.event_roles import default_target
    from flashpoint.ontology.actors import actor_lexicon

    lex = actor_lexicon()
    for ev in candidates:
        sent = sentence_of(ev, ctx)
        opts = options(ev, sent)
        if not opts or "fixed_roles" in ev.flags:
            continue  # no party named; or roles the rules read from the construction ("both sides accepted")
        feats = [option_features(ev, sent, opts, k) for k in range(len(opts))]
        subjects = _passive_subjects(ev, sent, opts)
        ruled = lex.get(ev.actor or "") if ev.event_type == "MOBILIZE" else None
        home = represented(ruled).country if ruled is not None else None  # the home of the actor the rules read
        read = ev.actor
        if actor_model is not None:
            scored = sorted(((actor_model.probability(f), k) for k, f in enumerate(feats) if k not in subjects),
                            reverse=True)
            p, k = scored[0] if scored else (0.0, -1)
            if p >= actor_model.threshold and opts[k].name != ev.target:
                ev.actor = opts[k].name
        if target_model is not None and "extra_target" not in ev.flags and not _sibling_targets(ev, candidates):
            actor_side = side_named(ev.actor)
            scored = sorted(((target_model.probability(f), k) for k, f in enumerate(feats)
                             if side_named(opts[k].name) != actor_side), reverse=True)
            if scored and scored[0][0] >= target_model.threshold:
                ev.target = opts[scored[0][1]].name
            elif ev.event_type == "ASSAULT" and ev.target and side_named(ev.target) == actor_side:
                fallback = default_target(sent, lex.get(ev.actor or ""), [p for p in sent.places])
                ev.target = canon(fallback)
        if ev.actor and ev.target and side_named(ev.actor) == side_named(ev.target):
            ev.target = None
        sent_to = ev.event_type == "MOBILIZE" and ev.location.country not in (None, home)  # "sending ... to Iraq"
        if ev.event_type != "ASSAULT" and ev.location.name is None and ev.actor and ev.actor != read and not sent_to:
            speaker = lex.get(ev.actor)
            if speaker is not None:  # GUIDE §4: a statement with no place is in its (re-read) actor's home country
                ev.location = replace(ev.location, country=represented(speaker).country)
        ev.flags = [f for f in ev.flags if f != "no_roles"] + ([] if ev.actor or ev.target else ["no_roles"])


def _passive_subjects(ev: Event, sent: Sentence, opts: list[Option]) -> set[int]:
    """Options named before a passive attack ("A base housing US forces ... came under attack", "U.S. troops were
    targeted"), not after 'by': what was hit, never the attacker."""
    if ev.event_type != "ASSAULT" or ev.trigger is None:
        return set()
    t0 = ev.trigger[0] - sent.start
    if not P.passive_trigger(sent.text, t0, ev.trigger[1] - sent.start):
        return set()
    return {k for k, o in enumerate(opts) if o.mention.end <= t0
            and not P.AGENT.search(sent.text[max(0, o.mention.start - 40) : o.mention.start])}


def _sibling_targets(ev: Event, candidates: list[Event]) -> bool:
    """Whether the rules split this statement into one candidate per target (a sanction on four groups)."""
    return any(o is not ev and o.trigger == ev.trigger and o.event_type == ev.event_type and o.target != ev.target
               for o in candidates)

