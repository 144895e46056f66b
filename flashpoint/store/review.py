"""Analysts' review: users and sessions, edits that survive re-extraction, and the audit log.

An edit is stored against an anchor mention of the event (its smallest member id at edit time) and
applied whenever the event is read: after a re-ingest the rebuilt event contains the same mention,
so a corrected field stays corrected. Merges and splits are applied when mentions are fused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import ConfigError, NotFoundError
from flashpoint.store import schema

ROLES = ("viewer", "analyst", "admin")
SESSION_HOURS = 12
CORRECTABLE = {"event_type", "date", "date_precision", "mode", "actor", "target", "location", "country", "latitude",
               "longitude", "fatalities", "injured", "claimed_by", "retaliation_for"}


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


def login(engine: sa.Engine, username: str, password: str) -> Session:
    with engine.begin() as c:
        row = c.execute(sa.select(schema.users).where(schema.users.c.username == username)).first()
        if row is None or not check_password(password, row.password_hash):
            raise AuthError("wrong user name or password", "check both and try again")
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
def _anchor(engine: sa.Engine, event_id: str) -> tuple[str, list[str]]:
    em = schema.event_mentions
    with engine.connect() as c:
        ids = sorted(r.mention_id for r in c.execute(sa.select(em.c.mention_id).where(em.c.event_id == event_id)))
    if not ids:
        raise NotFoundError(f"no event {event_id!r}", "list events first")
    return ids[0], ids


def record_edit(engine: sa.Engine, session: Session, event_id: str, action: str, field: str | None = None,
                value: Any = None, before: Any = None) -> None:
    if not session.can_write():
        raise AuthError(f"{session.username} is a {session.role}", "ask an admin for the analyst role")
    if action == "correct" and field not in CORRECTABLE:
        raise ConfigError(f"field {field!r} cannot be corrected", f"use one of {', '.join(sorted(CORRECTABLE))}")
    if action not in ("confirm", "reject", "correct", "merge", "split", "reopen"):
        raise ConfigError(f"unknown review action {action!r}", "use confirm, reject, correct, merge, split or reopen")
    anchor, members = _anchor(engine, event_id)
    if action == "split" and value not in members:
        raise ConfigError(f"mention {value!r} is not part of {event_id}", "split off one of the event's mentions")
    with engine.begin() as c:
        c.execute(schema.review_edits.insert().values(anchor=anchor, action=action, field=field,
                                                      value=json.dumps(value), username=session.username, at=_now()))
        c.execute(schema.audit_log.insert().values(at=_now(), username=session.username, action=action,
                                                   event_id=event_id, field=field, before=json.dumps(before),
                                                   after=json.dumps(value)))


def edits_for(engine: sa.Engine, member_ids: list[str]) -> list[dict[str, Any]]:
    t = schema.review_edits
    with engine.connect() as c:
        rows = c.execute(sa.select(t).where(t.c.anchor.in_(member_ids)).order_by(t.c.id)).all()
    return [{"action": r.action, "field": r.field, "value": json.loads(r.value) if r.value else None,
             "username": r.username, "at": r.at} for r in rows]


def apply_edits(record: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    """The event as reviewed: corrected fields replaced (the machine reading kept under `machine`)."""
    out = dict(record)
    status = "unreviewed"
    machine: dict[str, Any] = {}
    for e in edits:
        if e["action"] == "correct":
            f = e["field"]
            machine.setdefault(f, record.get(f))
            if f in ("fatalities", "injured") and isinstance(e["value"], int | float | type(None)):
                v = e["value"]
                out[f] = {**(record.get(f) or {}), "best": v, "low": v, "high": v, "reviewed": True}
            else:
                out[f] = e["value"]
            status = "corrected"
        elif e["action"] in ("confirm", "reject"):
            status = {"confirm": "confirmed", "reject": "rejected"}[e["action"]]
        elif e["action"] == "reopen":
            status = "unreviewed"
    out["review"] = {"status": status, "machine": machine, "edits": edits}
    return out


def audit(engine: sa.Engine, event_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    t = schema.audit_log
    q = sa.select(t).order_by(t.c.id.desc()).limit(limit)
    if event_id:
        q = q.where(t.c.event_id == event_id)
    with engine.connect() as c:
        return [{"at": r.at, "username": r.username, "action": r.action, "event_id": r.event_id, "field": r.field,
                 "before": json.loads(r.before) if r.before else None, "after": json.loads(r.after) if r.after else None}
                for r in c.execute(q)]


def cluster_overrides(engine: sa.Engine) -> tuple[list[tuple[str, str]], set[str]]:
    """(pairs of anchors to merge, mention ids to split off), in the order they were made."""
    t = schema.review_edits
    merges: list[tuple[str, str]] = []
    splits: set[str] = set()
    with engine.connect() as c:
        for r in c.execute(sa.select(t).where(t.c.action.in_(("merge", "split"))).order_by(t.c.id)):
            v = json.loads(r.value) if r.value else None
            if r.action == "merge" and isinstance(v, str):
                merges.append((r.anchor, v))
            elif r.action == "split" and isinstance(v, str):
                splits.add(v)
    return merges, splits
