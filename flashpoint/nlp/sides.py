"""Sides: canonical names, which side an actor is on, affiliations between actors (all from the active profile)."""

from __future__ import annotations

import re

from flashpoint.ontology.actors import Actor, actor_lexicon
from flashpoint.ontology.profile import Side, active_profile


def represented(a: Actor) -> Actor:
    """The actor an event records for `a`: a person stands for their group or state."""
    return actor_lexicon().get(a.represents) or a


def canon(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.side == "unknown":
        return a.name  # an organisation the profile does not know keeps its own name
    rep = actor_lexicon().get(a.represents)
    return rep.name if rep else a.represents


def side_of(a: Actor | None) -> str | None:
    """The profile side id of an actor, 'unknown' for an organisation outside the profile, and the
    actor's own canonical name for a third party (each third party is a side of its own)."""
    if a is None:
        return None
    if a.side == "unknown":
        return "unknown"
    rep = represented(a)
    return rep.side or rep.name


def side_named(name: str | None) -> str | None:
    """side_of for a canonical name (a name outside the profile is its own side)."""
    if not name:
        return None
    a = actor_lexicon().get(name)
    return side_of(a) if a is not None else name


def belligerent(side: str | None) -> Side | None:
    """The profile side, when `side` is one of the profile's belligerent sides."""
    return active_profile().side(side)


def out_of_scope(a: Actor | None) -> bool:
    """Whether the profile leaves this actor's acts out (e.g. parties of another war)."""
    return a is not None and represented(a).acts == "none"


def verbal_only(a: Actor | None) -> bool:
    """Whether the profile counts only this actor's statements (its strikes belong to another conflict)."""
    return a is not None and represented(a).acts == "verbal"


def is_collective(name: str | None) -> bool:
    """Whether `name` is a side's generic label for unnamed fighters ("Iran-backed militias")."""
    return bool(name) and any(s.collective == name for s in active_profile().sides.values())


def collective() -> Actor | None:
    """The generic label for unnamed fighters of the profile (the first side that has one)."""
    for s in active_profile().sides.values():
        if s.collective:
            return actor_lexicon().get(s.collective)
    return None


# "financed and trained by X", "backed by X": X is the patron of the party named before, which acted
PATRON_BEFORE = re.compile(r"\b(?:backed|funded|armed|supported|sponsored|financed|trained|equipped|directed)\s+"
                           r"(?:and\s+\w+\s+)?by\s+(?:the\s+)?$", re.I)


def fighters_backed_by(patron: Actor) -> Actor | None:
    """The profile's label for unnamed fighters that `patron` backs ("Iran-backed militias"), if any."""
    return next((group for group, backer in backed_collectives() if backer.name == patron.name), None)


def backed_collectives() -> list[tuple[Actor, Actor]]:
    """(a side's generic label for unnamed fighters, the patron that label names) for each side whose label
    names one ("Iran-backed militias", Iran)."""
    out = []
    lex = actor_lexicon()
    for s in active_profile().sides.values():
        group = lex.get(s.collective or "")
        patron = lex.get(group.backed_by or "") if group is not None else None
        if group is not None and patron is not None:
            out.append((group, patron))
    return out


def strike_mode(a: Actor | None) -> str | None:
    """The mode of this actor's side's "strikes" when the text names no weapon."""
    s = belligerent(side_of(a))
    return s.strike_mode if s else None


def is_member(x: str, y: str) -> bool:
    """Whether x is a member of umbrella y (Kata'ib Hezbollah of the PMF, of the Islamic Resistance in Iraq)."""
    a = actor_lexicon().get(x)
    return a is not None and y in a.member_of


def is_backed_by(x: str, y: str) -> bool:
    """Whether x is backed by y (the SDF by the United States): one attack on a shared base."""
    a = actor_lexicon().get(x)
    return a is not None and a.backed_by == y


def opponent(actor: Actor) -> Actor | None:
    """Whom a statement by `actor` addresses when it names no one: the other side's representative,
    or a third party's counterpart."""
    lex = actor_lexicon()
    other = active_profile().opponent(side_of(actor))
    if other is not None:
        return lex.get(other.representative)
    counterpart = represented(actor).counterpart
    return lex.get(counterpart) if counterpart else None
