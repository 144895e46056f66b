"""Analysts' review: users and sessions, edits that survive re-extraction, and the audit log.

The reviewed event is the truth every reader sees: the events table holds reviewed values (its
columns and its JSON record), with the machine's reading of each corrected field and the review status
beside them. Every edit is checked (field type, vocabularies, a reason) before it is stored.

An edit is stored against an anchor mention of the event (its smallest member id at edit time) and
applied whenever the event is read: after a re-ingest the rebuilt event contains the same mention,
so a corrected field stays corrected. Merges and splits are applied when mentions are fused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import ConfigError, NotFoundError
from flashpoint.store import schema

ROLES = ("viewer", "analyst", "admin")
SESSION_HOURS = 12


class AuthError(ConfigError):
    """Login failed, the session is missing or expired, or the role is not allowed to do this."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored)


def add_user(engine: sa.Engine, username: str, password: str, role: str) -> None:
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}", f"use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ConfigError("password shorter than 8 characters", "choose a longer password")
    with engine.begin() as c:
        c.execute(schema.users.delete().where(schema.users.c.username == username))
        c.execute(schema.users.insert().values(username=username, role=role, password_hash=hash_password(password),
                                               created_at=_now()))


@dataclass
class Session:
    username: str
    role: str
    csrf: str
    token: str = ""

    def can_write(self) -> bool:
        return self.role in ("analyst", "admin")


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash to check unknown user names against, so that they take as long to refuse as known ones."""
    return hash_password(secrets.token_urlsafe(16))


def login(engine: sa.Engine, username: str, password: str) -> Session:
    with engine.connect() as c:
        row = c.execute(sa.select(schema.users).where(schema.users.c.username == username)).first()
    # The password is hashed whether or not the user exists: the refusal takes the same time either way.
    ok = check_password(password, row.password_hash if row is not None else _decoy_hash())
    if row is None or not ok:
        raise AuthError("wrong user name or password", "check both and try again")
    with engine.begin() as c:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        c.execute(schema.sessions.insert().values(token_hash=_token_hash(token), username=username, csrf=csrf,
                                                  expires_at=expires))
    return Session(username, row.role, csrf, token)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_for(engine: sa.Engine, token: str | None) -> Session | None:
    if not token:
        return None
    s, u = schema.sessions, schema.users
    with engine.connect() as c:
        row = c.execute(sa.select(s.c.username, s.c.csrf, s.c.expires_at, u.c.role).join(u, u.c.username == s.c.username)
                        .where(s.c.token_hash == _token_hash(token))).first()
    if row is None or row.expires_at < _now():
        return None
    return Session(row.username, row.role, row.csrf, token)


def logout(engine: sa.Engine, token: str) -> None:
    with engine.begin() as c:
        c.execute(schema.sessions.delete().where(schema.sessions.c.token_hash == _token_hash(token)))


# -- edits -------------------------------------------------------------------------------------------
class ReviewError(ConfigError):
    """A review edit that is not valid: unknown field, a value of the wrong type or outside its vocabulary."""


class ReviewConflict(ConfigError):
    """A review edit that makes no sense for the event as it stands (merge with itself, nothing to split)."""


ACTIONS = ("confirm", "reject", "correct", "merge", "split", "reopen")
DATE_PRECISIONS = ("day", "approximate", "month")
MAX_NAME = 120
MAX_TEXT = 500
MAX_FIGURE = 1_000_000
MIN_REASON, MAX_REASON = 3, 1000


def _text(field: str, value: Any, limit: int, *, allow_none: bool = True) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{field} must be text, not {type(value).__name__}", f"send a JSON string{' or null' if allow_none else ''}")
    v = " ".join(value.split())
    if not v:
        if allow_none:
            return None
        raise ReviewError(f"{field} is empty", "send some text")
    if len(v) > limit:
        raise ReviewError(f"{field} is {len(v)} characters long (at most {limit})", "shorten it")
    if any(ord(ch) < 32 for ch in value if ch not in "\n\t\r"):
        raise ReviewError(f"{field} contains control characters", "send plain text")
    return v


def _actor(field: str, value: Any) -> str | None:
    from flashpoint.vocab import known_actor

    name = _text(field, value, MAX_NAME)
    if name is None:
        return None
    if not any(ch.isalpha() for ch in name):
        raise ReviewError(f"{field} {name!r} is not a name", "give an actor's name, or null for unknown")
    return known_actor(name) or name


def _number(field: str, value: Any, lo: float, hi: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReviewError(f"{field} must be a number, not {value!r}", "send a JSON number")
    if not lo <= value <= hi:
        raise ReviewError(f"{field} {value} is outside {lo:g}..{hi:g}", f"give a {field} between {lo:g} and {hi:g}")
    return float(value)


def _count(field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value != int(value):
        raise ReviewError(f"{field} must be a whole number, not {value!r}", "send a number such as 3 (or null)")
    if not 0 <= value <= MAX_FIGURE:
        raise ReviewError(f"{field} {int(value)} is not between 0 and {MAX_FIGURE}", "a count of people is 0 or more")
    return int(value)


def _figure(field: str, value: Any) -> dict[str, int | None]:
    """A casualty figure: a number, null (not known), or {"low", "high"[, "best"]} (high null: at least low)."""
    if value is None or isinstance(value, int | float) and not isinstance(value, bool):
        n = _count(field, value)
        return {"best": n, "low": n, "high": n}
    if not isinstance(value, dict) or not set(value) <= {"best", "low", "high"} or "low" not in value:
        raise ReviewError(f"{field} must be a number, null or {{\"low\", \"high\"}}, not {value!r}",
                          "send e.g. 3, or {\"low\": 3, \"high\": 5}, or {\"low\": 3, \"high\": null} for 'at least 3'")
    low, high = _count(f"{field}.low", value.get("low")), _count(f"{field}.high", value.get("high"))
    if low is None:
        raise ReviewError(f"{field}.low is missing", "give the lowest figure")
    if high is not None and high < low:
        raise ReviewError(f"{field}: low {low} is above high {high}", "swap them")
    best = _count(f"{field}.best", value.get("best", low))
    if best is not None and (best < low or (high is not None and best > high)):
        raise ReviewError(f"{field}: best {best} is outside {low}..{high if high is not None else ''}", "give a best figure inside the range")
    return {"best": best, "low": low, "high": high}


def _date(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ReviewError(f"{field} must be a date as text (YYYY-MM-DD), not {value!r}", "send e.g. \"2024-02-02\"")
    try:
        d = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ReviewError(f"{field} {value!r} is not a date", "send YYYY-MM-DD, e.g. \"2024-02-02\"")
    if d.year < 1900 or d > dt.date.today() + dt.timedelta(days=1):
        raise ReviewError(f"{field} {d} is not a plausible event date", "give a past date")
    return d.isoformat()


def _names(field: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReviewError(f"{field} must be a list of names, not {type(value).__name__}", "send e.g. [\"Kata'ib Hezbollah\"]")
    if len(value) > 20:
        raise ReviewError(f"{field} lists {len(value)} names (at most 20)", "keep the names that apply")
    out: list[str] = []
    for v in value:
        name = _actor(field, v)
        if name and name not in out:
            out.append(name)
    return out


def _texts(field: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 10:
        raise ReviewError(f"{field} must be a list of at most 10 texts", "send e.g. [\"the strike on Tower 22\"]")
    return [t for t in (_text(field, v, MAX_TEXT) for v in value) if t]


def _vocab(check: Any) -> Any:
    def run(field: str, value: Any) -> str | None:
        from flashpoint.vocab import VocabularyError

        if value is None and field == "mode":
            return None
        if not isinstance(value, str):
            raise ReviewError(f"{field} must be text, not {value!r}", "send a JSON string")
        try:
            return check(value)  # type: ignore[no-any-return]
        except VocabularyError as exc:
            raise ReviewError(f"{field}: {exc.cause}", exc.fix)

    return run


def _precision(field: str, value: Any) -> str:
    if value not in DATE_PRECISIONS:
        raise ReviewError(f"{field} {value!r} is not one of {', '.join(DATE_PRECISIONS)}", "send day, approximate or month")
    return str(value)


def _geo_precision(field: str, value: Any) -> int | None:
    n = _count(field, value)
    if n is not None and n not in (1, 2, 3):
        raise ReviewError(f"{field} {n} is not 1, 2 or 3", "1 the place itself, 2 near it, 3 the region or country")
    return n


def _validators() -> dict[str, Any]:
    from flashpoint import vocab

    return {
        "event_type": _vocab(vocab.event_type), "mode": _vocab(vocab.mode), "country": _vocab(vocab.country),
        "date": _date, "date_precision": _precision, "actor": _actor, "target": _actor,
        "location": lambda f, v: _text(f, v, 200), "latitude": lambda f, v: _number(f, v, -90, 90),
        "longitude": lambda f, v: _number(f, v, -180, 180), "geo_precision": _geo_precision,
        "fatalities": _figure, "injured": _figure, "claimed_by": _names, "retaliation_for": _texts,
    }


CORRECTABLE = frozenset({"event_type", "date", "date_precision", "mode", "actor", "target", "location", "country",
                         "latitude", "longitude", "geo_precision", "fatalities", "injured", "claimed_by",
                         "retaliation_for"})


def normalize(field: str | None, value: Any) -> Any:
    """A corrected value checked against the field's type and vocabulary, in its stored form."""
    if field not in CORRECTABLE:
        raise ReviewError(f"field {field!r} cannot be corrected", f"use one of {', '.join(sorted(CORRECTABLE))}")
    return _validators()[field](field, value)


def check_reason(reason: Any) -> str:
    if not isinstance(reason, str) or len(reason.strip()) < MIN_REASON:
        raise ReviewError("a review edit needs a reason", "say why, e.g. 'two later reports give 3 killed'")
    text = _text("reason", reason, MAX_REASON, allow_none=False)
    assert text is not None
    return text


def _anchor(engine: sa.Engine, event_id: str) -> tuple[str, list[str]]:
    em = schema.event_mentions
    with engine.connect() as c:
        ids = sorted(r.mention_id for r in c.execute(sa.select(em.c.mention_id).where(em.c.event_id == event_id)))
    if not ids:
        raise NotFoundError(f"no event {event_id!r}", "list events first")
    return ids[0], ids


def current_record(engine: sa.Engine, event_id: str, conn: sa.Connection | None = None) -> dict[str, Any]:
    """The event as stored: reviewed values, with `review` (status, machine values, edits)."""
    q = sa.select(schema.events.c.record).where(schema.events.c.id == event_id)
    if conn is not None:
        row = conn.execute(q).first()
    else:
        with engine.connect() as c:
            row = c.execute(q).first()
    if row is None:
        raise NotFoundError(f"no event {event_id!r}", "list events with `flashpoint events`")
    return json.loads(row.record)  # type: ignore[no-any-return]


def record_edit(engine: sa.Engine, session: Session, event_id: str, action: str, field: str | None = None,
                value: Any = None, reason: Any = None, *, other_event: str | None = None,
                also: Any = None) -> dict[str, Any]:
    """Check one review edit against the event as it stands and store it with its audit entry.

    Returns the audit entry (its `before` is the reviewed value the edit replaces). Merges name the
    other event in `other_event`; splits name a member mention in `value`. The caller refreshes the
    stored event (see `flashpoint.store.events.review_event`).
    """
    if not session.can_write():
        raise AuthError(f"{session.username} is a {session.role}", "ask an admin for the analyst role")
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}", f"use one of {', '.join(ACTIONS)}")
    why = check_reason(reason)
    anchor, members = _anchor(engine, event_id)
    rec = current_record(engine, event_id)
    status = (rec.get("review") or {}).get("status", "unreviewed")
    before: Any = status
    after: Any = None
    stored: Any = None
    if action == "correct":
        after = stored = normalize(field, value)
        before = rec.get(field or "")
        if field in ("fatalities", "injured"):
            before = {k: (before or {}).get(k) for k in ("best", "low", "high")}
        if before == after:
            raise ReviewConflict(f"{field} is already {json.dumps(after)}", "send a different value")
    elif action in ("confirm", "reject", "reopen"):
        if field is not None or value is not None:
            raise ReviewError(f"{action} takes no field or value", "send only the action and a reason")
        after = {"confirm": "confirmed", "reject": "rejected", "reopen": "reopened"}[action]
        if (action, status) in (("confirm", "confirmed"), ("reject", "rejected")):
            raise ReviewConflict(f"event {event_id} is already {status}", "nothing to do")
        if action == "reopen" and status not in ("confirmed", "rejected"):
            raise ReviewConflict(f"event {event_id} is {status}: there is no decision to reopen", "confirm or reject it")
    elif action == "merge":
        if not other_event:
            raise ReviewError("merge needs the other event's id as its value", "send {\"action\": \"merge\", \"value\": \"ev-...\"}")
        if other_event == event_id:
            raise ReviewConflict(f"cannot merge event {event_id} with itself", "name a different event")
        other_anchor, _ = _anchor(engine, other_event)
        stored, before, after = other_anchor, other_event, event_id
    elif action == "split":
        if value not in members:
            raise ReviewConflict(f"mention {value!r} is not part of {event_id}", "split off one of the event's mentions")
        if len(members) < 2:
            raise ReviewConflict(f"event {event_id} has one mention: nothing to split", "reject it instead")
        stored, before, after = value, event_id, value
    entry = {"action": action, "field": field, "before": before, "after": after, "reason": why, "anchor": anchor}
    with engine.begin() as c:
        c.execute(schema.review_edits.insert().values(anchor=anchor, action=action, field=field, value=json.dumps(stored),
                                                      username=session.username, at=_now(), reason=why))
        c.execute(schema.audit_log.insert().values(at=_now(), username=session.username, action=action,
                                                   event_id=event_id, field=field, before=json.dumps(before),
                                                   after=json.dumps(after), reason=why))
        if also is not None:  # e.g. the idempotency key of the request, written with the edit or not at all
            also(c, entry)
    return entry


def edits_for(engine: sa.Engine | sa.Connection, member_ids: list[str]) -> list[dict[str, Any]]:
    return edits_by_anchor(engine, member_ids).get("*", [])


def edits_by_anchor(conn: sa.Engine | sa.Connection, member_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The confirm/reject/correct/reopen edits whose anchor is one of `member_ids`: per anchor, and all of
    them in the order made under "*"."""
    t = schema.review_edits
    out: dict[str, list[dict[str, Any]]] = {"*": []}
    if not member_ids:
        return out
    kinds = ("confirm", "reject", "correct", "reopen")
    rows: list[Any] = []
    ids = sorted(set(member_ids))
    for i in range(0, len(ids), 500):
        q = sa.select(t).where(t.c.anchor.in_(ids[i:i + 500]), t.c.action.in_(kinds))
        if isinstance(conn, sa.Engine):
            with conn.connect() as c:
                rows += c.execute(q).all()
        else:
            rows += conn.execute(q).all()
    for r in sorted(rows, key=lambda r: r.id):
        e = {"id": r.id, "action": r.action, "field": r.field, "value": json.loads(r.value) if r.value else None,
             "username": r.username, "at": r.at, "reason": r.reason}
        out.setdefault(r.anchor, []).append(e)
        out["*"].append(e)
    return out


def date_span(date: str | None, precision: str | None) -> tuple[str | None, str | None]:
    if not date:
        return None, None
    d = dt.date.fromisoformat(date)
    if precision == "month":
        first = d.replace(day=1)
        nxt = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
        return first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()
    if precision == "approximate":
        return (d - dt.timedelta(days=3)).isoformat(), (d + dt.timedelta(days=3)).isoformat()
    return d.isoformat(), d.isoformat()


def machine_record(record: dict[str, Any]) -> dict[str, Any]:
    """The machine's reading of a stored (reviewed) record: every corrected field put back."""
    review = record.get("review") or {}
    out = {k: v for k, v in record.items() if k != "review"}
    out.update(review.get("machine") or {})
    return out


def apply_edits(record: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    """The event as reviewed: corrected fields replaced, the machine reading of every replaced key kept
    under review.machine, corrected fields no longer flagged as disputed, and the review status:
    rejected (the last decision was a rejection), corrected (a field was corrected), confirmed, or
    unreviewed. `record` is the machine's reading (see `machine_record`)."""
    out = dict(record)
    machine: dict[str, Any] = {}
    corrected: list[str] = []
    decision: str | None = None

    def put(key: str, value: Any) -> None:
        machine.setdefault(key, record.get(key))
        out[key] = value

    for e in edits:
        f, v = e.get("field"), e.get("value")
        if e["action"] == "correct" and f in CORRECTABLE:
            if f in ("fatalities", "injured"):
                fig = v if isinstance(v, dict) else {"best": v, "low": v, "high": v}
                put(f, {**(record.get(f) or {"sources": []}), **{k: fig.get(k) for k in ("best", "low", "high")},
                        "disputed": False, "reviewed": True})
            else:
                put(f, v)
            if f not in corrected:
                corrected.append(f)
        elif e["action"] in ("confirm", "reject"):
            decision = e["action"]
        elif e["action"] == "reopen":
            decision = None
    if "date" in corrected or "date_precision" in corrected:
        low, high = date_span(out.get("date"), out.get("date_precision"))
        put("date_low", low)
        put("date_high", high)
    disputed = record.get("disputed") or {}
    if any(f in disputed for f in corrected):
        put("disputed", {k: v for k, v in disputed.items() if k not in corrected})
    status = ("rejected" if decision == "reject" else "corrected" if corrected else
              "confirmed" if decision == "confirm" else "unreviewed")
    out["review"] = {"status": status, "corrected": corrected, "machine": machine, "edits": edits}
    return out


def audit(engine: sa.Engine, event_id: str | None = None, limit: int = 200,
          conn: sa.Connection | None = None) -> list[dict[str, Any]]:
    """Audit entries, newest first: who did what to which event, the value before and after, and why."""
    t = schema.audit_log
    q = sa.select(t).order_by(t.c.id.desc()).limit(limit)
    if event_id:
        q = q.where(t.c.event_id == event_id)
    if conn is None:
        with engine.connect() as c:
            return audit(engine, event_id, limit, c)
    return [{"at": r.at, "username": r.username, "action": r.action, "event_id": r.event_id, "field": r.field,
             "before": json.loads(r.before) if r.before else None, "after": json.loads(r.after) if r.after else None,
             "reason": r.reason}
            for r in conn.execute(q)]
