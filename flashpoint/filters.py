"""Event filters from user input, checked against the vocabularies (the CLI and the API share this).

A value outside its vocabulary is an error that names the closest valid values, never a silent empty
result: `--type ATTACK`, `--country Iraqi`, `--side Iran-alinged` all say what they should be.
A side filter covers its members: a side label ("Iran-aligned") every actor on that side, a front its
member groups, a collective term ("Iran-backed militias") the armed groups of its side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from flashpoint import vocab
from flashpoint.store.events import REVIEW_STATUSES, EventQuery

STATUS_CHOICES = ("all", "reviewed", *REVIEW_STATUSES)


def side_names(value: str, engine: sa.Engine | None = None) -> frozenset[str]:
    """The actor names a side filter covers; a name outside the ontology must occur in the store."""
    from flashpoint.analysis.event_table import covered_names, side_labels

    covered = covered_names(value)
    if covered is not None:
        return frozenset(covered)
    if engine is not None:
        from flashpoint.store import schema

        t = schema.events
        with engine.connect() as c:
            row = c.execute(sa.select(t.c.actor, t.c.target).where(
                sa.or_(sa.func.lower(t.c.actor) == value.strip().lower(),
                       sa.func.lower(t.c.target) == value.strip().lower())).limit(1)).first()
        if row is not None:
            name = row.actor if (row.actor or "").lower() == value.strip().lower() else row.target
            return frozenset({name})
    choices = [*side_labels().values(), *vocab.actor_names()]
    near = vocab.suggest(value, choices)
    raise vocab.VocabularyError(
        f"unknown side or actor {value!r}",
        (f"did you mean {' or '.join(near)}? " if near else "")
        + f"sides: {', '.join(side_labels().values())}; or an actor name (see `flashpoint events`)",
    )


def event_query(*, since: dt.date | None = None, until: dt.date | None = None, country: str | None = None,
                side: str | None = None, event_type: str | None = None, mode: str | None = None,
                min_sources: int | None = None, text: str | None = None, status: str | None = None,
                limit: int | None = None, offset: int = 0, engine: sa.Engine | None = None) -> EventQuery:
    """A checked EventQuery; raises VocabularyError (a ConfigError) naming the bad value and the fix."""
    if since and until and since > until:
        raise vocab.VocabularyError(f"--since {since} is after --until {until}", "swap the two dates")
    if status is not None and status not in STATUS_CHOICES:
        near = vocab.suggest(status, list(STATUS_CHOICES))
        raise vocab.VocabularyError(f"unknown review status {status!r}",
                                    (f"did you mean {' or '.join(near)}? " if near else "") + f"valid: {', '.join(STATUS_CHOICES)}")
    if min_sources is not None and min_sources < 1:
        raise vocab.VocabularyError(f"min sources {min_sources} is below 1", "give 1 or more")
    if limit is not None and limit < 1:
        raise vocab.VocabularyError(f"limit {limit} is below 1", "give 1 or more")
    return EventQuery(
        since=since, until=until, country=vocab.country(country) if country else None,
        sides=side_names(side, engine) if side else None,
        event_type=vocab.event_type(event_type) if event_type else None, mode=vocab.mode(mode) if mode else None,
        min_sources=min_sources, text=text or None, status=status, limit=limit, offset=offset,
    )


def describe(q: EventQuery, side: str | None = None) -> dict[str, Any]:
    """The filters a result was made with, for the output's header."""
    out: dict[str, Any] = {}
    for key in ("since", "until", "country", "event_type", "mode", "min_sources", "text", "status"):
        v = getattr(q, key)
        if v is not None:
            out[key] = v.isoformat() if isinstance(v, dt.date) else v
    if side:
        out["side"] = side
    return out
