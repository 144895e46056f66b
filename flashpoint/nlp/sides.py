"""Sides: canonical names, which side an actor is on, affiliations between actors."""

from __future__ import annotations

from flashpoint.nlp import patterns as P
from flashpoint.ontology.actors import Actor, actor_lexicon


def canon(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.side == "unknown":
        return a.name  # an organisation the ontology does not know keeps its own name
    lex = actor_lexicon()
    rep = lex.get(a.represents)
    return rep.name if rep else a.represents


def side_of(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.side == "unknown":
        return "unknown"
    rep = actor_lexicon().get(a.represents) or a
    return rep.side


# ---------------------------------------------------------------------------------------------
# dates


def is_member(x: str, y: str) -> bool:
    """Whether x is a member of umbrella y (Kata'ib Hezbollah of the PMF, of the Islamic Resistance in Iraq)."""
    a = actor_lexicon().get(x)
    return a is not None and y in a.member_of


def is_backed_by(x: str, y: str) -> bool:
    """Whether x is backed by y (the SDF by the United States): one attack on a shared base."""
    a = actor_lexicon().get(x)
    return a is not None and a.backed_by == y


def opponent(actor: Actor) -> Actor | None:
    lex = actor_lexicon()
    side = side_of(actor)
    if side in ("iran_axis", "iraq", "syria", "jordan"):
        return lex.get(P.US)
    if side == "us":
        return lex.get(P.MILITIAS)
    return None


# ---------------------------------------------------------------------------------------------
# document passes
