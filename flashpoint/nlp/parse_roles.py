"""Roles from a dependency parse, when the pipeline has a parser (`--spacy-model`).

The subject of the trigger verb (or the `by` agent of a passive) is the actor; a passive
subject, the direct object or the object of on/at/against/into is the target.  The rules
fall back to their own reading where the parse names no known party.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from flashpoint.ontology.actors import ActorMention

_TARGET_PREPS = {"on", "at", "against", "into", "in"}


def _subtree_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _mention(tok: Token | None, mentions: list[ActorMention], offset: int) -> ActorMention | None:
    if tok is None:
        return None
    s, e = _subtree_span(tok)
    head_s = tok.idx
    inside = [m for m in mentions if s <= m.start + offset and m.end + offset <= e]
    if not inside:
        return None
    exact = [m for m in inside if m.start + offset <= head_s < m.end + offset]
    return exact[0] if exact else inside[0]


def _verb(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    # a noun trigger ("launched strikes", "the attack on") reads through its verb where it has one
    if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and tok.head.pos_ == "VERB":
        tok = tok.head
    return tok


def parse_roles(doc: Doc, sent_start: int, trig_start: int, trig_end: int,
                mentions: list[ActorMention]) -> tuple[ActorMention | None, ActorMention | None]:
    """(actor, target) mentions for the trigger at sentence offsets [trig_start, trig_end)."""
    if not doc.has_annotation("DEP"):
        return None, None
    verb = _verb(doc, sent_start + trig_start, sent_start + trig_end)
    if verb is None:
        return None, None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        obj = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
                    for g in c.children if g.dep_ == "pobj"), None)
    actor = _mention(agent if passive is not None else subj, mentions, sent_start)
    target = _mention(passive if passive is not None else obj, mentions, sent_start)
    return actor, target
